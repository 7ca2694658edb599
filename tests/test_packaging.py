"""The wheel carries the library and the generated code, with its entry points."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contents(tmp_path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("adspixel_toolkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        entry_text = archive.read(entry_points).decode()
    generated = {
        p.relative_to(ROOT / "generated").as_posix()
        for p in (ROOT / "generated").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {f"adspixel/_generated/{name}" for name in generated} <= names
    assert {
        "adspixel/__init__.py",
        "adspixel/py.typed",
        "adspixel/mock/app.py",
        "adspixel/pytest_plugin.py",
    } <= names
    assert not any(n.startswith(("generator/", "tests/", "spec/")) for n in names)
    assert "adspixel = adspixel.cli:main" in entry_text
    assert "[pytest11]" in entry_text and "adspixel = adspixel.pytest_plugin" in entry_text
