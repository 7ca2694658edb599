"""What users meet first: the import is light, the README examples run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_import_does_not_load_pydantic_or_compile_schemas() -> None:
    code = (
        "import sys, adspixel\n"
        "from adspixel import validation\n"
        "print('pydantic' in sys.modules, len(validation._compiled))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0"]


README_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(README_BLOCKS) >= 3


@pytest.mark.parametrize("index", range(len(README_BLOCKS)))
def test_readme_example_runs(index) -> None:
    namespace: dict = {}
    exec(compile(README_BLOCKS[index], f"README.md python block {index + 1}", "exec"), namespace)


def test_readme_ci_section_works_as_written(tmp_path) -> None:
    """The "Use in your CI" fixture and test, run as a user would run them."""
    section = (ROOT / "README.md").read_text().split("## Use in your CI", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    (tmp_path / "test_from_readme.py").write_text(block)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "1 passed" in out.stdout
