"""Access to generated/: the operation table and the JSON Schemas.

Loaded once, on first use, from the files `make generate` wrote; never parsed
from the spec at run time.  The generated package sits at adspixel/_generated
in the wheel and is a symlink to ../generated in a checkout.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

GENERATED = Path(__file__).resolve().parent / "_generated"
_lock = threading.Lock()


@cache
def table() -> dict[str, Any]:
    """The whole operation table (generated/operations.json)."""
    with _lock, (GENERATED / "operations.json").open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result


def operation(operation_id: str) -> dict[str, Any]:
    """One operation's entry; ``KeyError`` names the known ones."""
    operations = table()["operations"]
    try:
        entry: dict[str, Any] = operations[operation_id]
    except KeyError:
        known = ", ".join(operations)
        raise KeyError(f"unknown operation {operation_id!r}; known: {known}") from None
    return entry


@cache
def schema(relative_path: str) -> dict[str, Any]:
    """A generated JSON Schema, by its path relative to generated/."""
    with (GENERATED / relative_path).open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result


@cache
def secret_parameters() -> frozenset[str]:
    return frozenset(table()["secret_parameters"])


def error_entry(code: int) -> dict[str, Any] | None:
    entry: dict[str, Any] | None = table()["errors"].get(str(code))
    return entry
