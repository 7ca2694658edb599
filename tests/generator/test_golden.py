"""Golden files: what the generator writes for a small spec, byte for byte.

Set UPDATE_GOLDEN=1 to rewrite tests/golden/*/expected after an intended
change of the generator, then review that diff like any other.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.pipeline import render
from generator.write import write_atomically
from tests.generator.helpers import ROOT, config_for

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file())


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("case", CASES)
def test_generator_output_matches_golden_files(case: str) -> None:
    expected_dir = GOLDEN / case / "expected"
    files = render(config_for(GOLDEN / case / "spec.yaml", expected_dir))
    if os.environ.get("UPDATE_GOLDEN"):
        write_atomically(files, expected_dir)
    expected = _tree(expected_dir)
    assert sorted(files) == sorted(expected)
    for name, data in files.items():
        assert data.decode() == expected[name].decode(), (
            f"{case}/{name} differs from its golden file"
        )


def test_golden_cases_exist() -> None:
    assert "minimal" in CASES
