"""Generator settings, read from ``[tool.adspixel-generator]`` in pyproject.toml.

Kept in pyproject so that the spec location, the output directory and the
datamodel-code-generator options live beside the pinned tool versions they go
with, not in the Makefile or in code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class GeneratorConfig:
    root: Path
    spec: Path
    output: Path
    target_python_version: str = "3.11"
    strict_types: tuple[str, ...] = ("str", "int", "float", "bool")


def find_project_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate
    return here


def load_config(root: Path | None = None) -> GeneratorConfig:
    root = find_project_root(root)
    table: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        with pyproject.open("rb") as fh:
            table = tomllib.load(fh).get("tool", {}).get("adspixel-generator", {})
    return GeneratorConfig(
        root=root,
        spec=root / table.get("spec", "spec/adspixel.yaml"),
        output=root / table.get("output", "generated"),
        target_python_version=str(table.get("target-python-version", "3.11")),
        strict_types=tuple(table.get("strict-types", ("str", "int", "float", "bool"))),
    )
