"""Problems found in a spec, reported as ``file:line: pointer: reason``.

One type for every check so that the CLI, the drift check and the tests all
print and compare problems the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SpecProblem:
    """One broken rule at one place of the spec."""

    file: str
    line: int | None
    pointer: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        pointer = self.pointer or "/"
        return f"{where}: {pointer}: {self.message} [{self.rule}]"


class SpecError(Exception):
    """The spec cannot be generated from; carries every problem found."""

    def __init__(self, problems: list[SpecProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.pointer, p.rule))
        super().__init__("\n".join(str(p) for p in self.problems))


def escape_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(parts: tuple[str | int, ...] | list[str | int]) -> str:
    return "".join("/" + escape_token(p) for p in parts)
