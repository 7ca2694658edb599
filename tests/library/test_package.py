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
