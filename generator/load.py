"""Load the YAML spec into plain JSON values, remembering each node's line.

PyYAML's data loader forgets positions, and silently keeps the last of two
duplicate keys.  We compose the node tree instead and build the values from it,
so every problem found later can name ``file:line``, and a duplicate key, a
non-string key or a YAML-only type (timestamps, binary, sets) is reported
instead of being turned into something the spec author did not write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import SpecError, SpecProblem, escape_token

try:  # the C composer is ~10x faster; both build the same node tree
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


@dataclass
class SpecSource:
    """The spec as JSON values plus a map from JSON pointer to line number."""

    path: Path
    document: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def line_of(self, pointer: str) -> int | None:
        """The line of the node at ``pointer``, or of its nearest ancestor."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]

    def problem(self, pointer: str, rule: str, message: str) -> SpecProblem:
        return SpecProblem(self.name, self.line_of(pointer), pointer, rule, message)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_spec(path: Path) -> SpecSource:
    """Read and compose ``path``; raise :class:`SpecError` naming the place."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(
            [SpecProblem(name, None, "", "read", f"cannot read the spec: {exc}")]
        ) from exc
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SpecError([SpecProblem(name, line, "", "yaml", f"not valid YAML: {reason}")]) from exc
    except yaml.YAMLError as exc:
        raise SpecError([SpecProblem(name, None, "", "yaml", f"not valid YAML: {exc}")]) from exc
    if root is None:
        raise SpecError([SpecProblem(name, 1, "", "yaml", "the spec is empty")])
    builder = _Builder(name)
    document = builder.build(root, "")
    if builder.problems:
        raise SpecError(builder.problems)
    if not isinstance(document, dict):
        raise SpecError([SpecProblem(name, 1, "", "yaml", "the spec must be a mapping")])
    return SpecSource(path, document, builder.lines)


class _Builder:
    """Turns a composed YAML node tree into JSON values, recording lines."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[str, int] = {}
        self.problems: list[SpecProblem] = []
        self._scalar_loader = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, pointer: str, message: str) -> None:
        self.problems.append(
            SpecProblem(self.name, node.start_mark.line + 1, pointer, "yaml", message)
        )

    def build(self, node: yaml.Node, pointer: str) -> Any:
        # An explicit stack would avoid deep recursion, but a spec nested
        # deeper than Python's limit is not a spec anyone maintains by hand.
        self.lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._fail(key_node, pointer, "YAML merge keys (<<) are not supported")
                    continue
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                    key = getattr(key_node, "value", "?")
                    self._fail(key_node, pointer, f"key {key!r} is not a string; quote it")
                    continue
                key = key_node.value
                child = f"{pointer}/{escape_token(key)}"
                if key in result:
                    self._fail(key_node, child, f"duplicate key {key!r}")
                    continue
                result[key] = self.build(value_node, child)
                # A nested mapping starts on the line after its key; the key's
                # line is where a person looks for it.
                self.lines[child] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, f"{pointer}/{i}") for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == _STR:
            return node.value
        if node.tag in (_INT, _FLOAT, _BOOL, _NULL):
            value = self._scalar_loader.construct_object(node)
            if isinstance(value, float) and not math.isfinite(value):
                self._fail(node, pointer, f"{node.value!r} is not a JSON number")
            return value
        # Timestamps, binary and custom tags have no JSON equivalent.
        self._fail(node, pointer, f"{node.value!r} has YAML type {node.tag}; quote it as a string")
        return node.value
