"""Run the generator on a spec given as text, the way the tests need it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.checks import check_spec
from generator.config import load_config
from generator.load import load_spec
from generator.problems import SpecError, SpecProblem

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "golden" / "minimal" / "spec.yaml"


def config_for(spec: Path, output: Path):
    return replace(load_config(ROOT), spec=spec, output=output)


def problems_of(tmp_path: Path, text: str) -> list[SpecProblem]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    try:
        check_spec(load_spec(spec))
    except SpecError as exc:
        return exc.problems
    return []


def minimal_text() -> str:
    return MINIMAL.read_text()


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")
