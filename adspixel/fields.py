"""The ``fields=`` query language: parse, render and check Graph's field expansion syntax.

``id,name,owner_business{id,name},stats.limit(10).since(1709659361){count,value},name.as(n)``

:func:`parse` turns an expression into a small tree of :class:`FieldNode`
(raising :class:`FieldsSyntaxError`, Graph's #2500, with the character
position), :func:`render` turns a tree back into the canonical string, and
:func:`check` reports every name that is not a field or an edge of the node
type at its level, and every modifier used where it means nothing.  Node
types, their fields and edges, and the modifiers come from the spec through
generated/operations.json.

The parser is iterative, so no input, however deeply nested, can exhaust
the stack; nesting deeper than :data:`MAX_DEPTH` is a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote

from adspixel import _table
from adspixel.errors import ErrorDetail, ValidationError, ValidationResult

MAX_DEPTH = 32
_NAME = re.compile(r"[A-Za-z0-9_]+")
_NAME_AT = re.compile(r"\s*([A-Za-z0-9_]+)\s*")  # a name with the spaces around it
_SPACE = re.compile(r"\s*")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_LOC = ("fields",)


@dataclass(frozen=True)
class Modifier:
    """``.name(argument)`` after a field or an edge."""

    name: str
    argument: str


class FieldNode:
    """One selected name, its modifiers, and its nested selection (None when it has none).

    Equal when name, modifiers and children are; ``position`` (where the name
    starts in the parsed text) is only for error messages.  A plain slotted
    class rather than a frozen dataclass: the parser makes one per name, and
    this is several times cheaper to build.
    """

    __slots__ = ("children", "modifiers", "name", "position")

    def __init__(
        self,
        name: str,
        modifiers: tuple[Modifier, ...] = (),
        children: tuple[FieldNode, ...] | None = None,
        position: int = 0,
    ) -> None:
        self.name = name
        self.modifiers = modifiers
        self.children = children
        self.position = position

    @property
    def alias(self) -> str:
        """The key this field has in the answer (its ``.as()`` name, or its own)."""
        for modifier in self.modifiers:
            if modifier.name == "as":
                return modifier.argument
        return self.name

    def _key(self) -> tuple[str, tuple[Modifier, ...], tuple[FieldNode, ...] | None]:
        return (self.name, self.modifiers, self.children)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldNode):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"FieldNode({self.name!r}, {self.modifiers!r}, {self.children!r})"


class FieldsSyntaxError(ValidationError):
    """A ``fields=`` expression that does not parse: Graph's #2500, with a position."""

    def __init__(self, text: str, position: int, expected: str) -> None:
        found = f'"{text[position]}"' if position < len(text) else "end of string"
        where = f"at character {position}: {_excerpt(text, position)}"
        detail = f'Syntax error "Expected {expected} instead of {found}." {where}'
        self.position = position
        self.expected = expected
        self.error = ErrorDetail(
            _LOC,
            "fields_syntax",
            {"position": position, "expected": expected},
            text,
            detail=detail,
            graph_code=2500,
        )
        super().__init__((self.error,))


def _excerpt(text: str, position: int, width: int = 60) -> str:
    """The expression as Graph echoes it, cut around the error when it is long."""
    if len(text) <= 2 * width:
        return text
    start = max(0, position - width)
    return (
        ("..." if start else "")
        + text[start : position + width]
        + ("..." if position + width < len(text) else "")
    )


_Pending = tuple[str, tuple["Modifier", ...], int]  # a field whose braces are open


def parse(text: str) -> tuple[FieldNode, ...]:
    """Parse an expression (URL-encoded or not); raise :class:`FieldsSyntaxError`."""
    if "%" in text and _PERCENT.search(text):
        text = unquote(text)
    if not text.strip():
        return ()
    # Each level: the fields finished so far, and the field whose braces hold them.
    levels: list[tuple[list[FieldNode], _Pending | None]] = [([], None)]
    done = levels[0][0]
    name_at = _NAME_AT.match
    space_at = _SPACE.match
    i, end = 0, len(text)
    while True:
        match = name_at(text, i)
        if match is None:
            i = space_at(text, i).end()  # type: ignore[union-attr]
            raise FieldsSyntaxError(text, i, "a field name")
        name, position, i = match.group(1), match.start(1), match.end()
        modifiers: tuple[Modifier, ...] = ()
        if i < end and text[i] == ".":
            found: list[Modifier] = []
            while i < end and text[i] == ".":
                i = _modifier(text, i + 1, found)
            modifiers = tuple(found)
        if i < end and text[i] == "{":
            if len(levels) > MAX_DEPTH:
                raise FieldsSyntaxError(text, i, f"at most {MAX_DEPTH} nested selections")
            levels.append(([], (name, modifiers, position)))
            done = levels[-1][0]
            i += 1
            continue
        done.append(FieldNode(name, modifiers, None, position))
        while True:  # after a field: a comma, a closing brace, or the end
            if i < end and text[i] == ",":
                i += 1
                break
            if i < end and text[i] == "}" and len(levels) > 1:
                children, owner = levels.pop()
                assert owner is not None
                done = levels[-1][0]
                done.append(FieldNode(owner[0], owner[1], tuple(children), owner[2]))
                i = space_at(text, i + 1).end()  # type: ignore[union-attr]
                continue
            if i >= end:
                if len(levels) > 1:
                    raise FieldsSyntaxError(text, i, '"," or "}"')
                return tuple(done)
            raise FieldsSyntaxError(
                text, i, '"," or "}"' if len(levels) > 1 else '"," or end of string'
            )


def _modifier(text: str, i: int, found: list[Modifier]) -> int:
    """Read ``name(argument)`` after a dot; returns the position after it and any spaces."""
    match = _NAME.match(text, i)
    if match is None:
        raise FieldsSyntaxError(text, i, "a modifier name")
    i = match.end()
    if i >= len(text) or text[i] != "(":
        raise FieldsSyntaxError(text, i, '"("')
    close = text.find(")", i + 1)
    opening = text.find("(", i + 1)
    if close == -1:
        raise FieldsSyntaxError(text, len(text), '")"')
    if opening != -1 and opening < close:
        raise FieldsSyntaxError(text, opening, '")"')
    argument = text[i + 1 : close].strip()
    if not argument:
        raise FieldsSyntaxError(text, i + 1, "an argument")
    found.append(Modifier(match.group(), argument))
    return _SPACE.match(text, close + 1).end()  # type: ignore[union-attr]


def render(tree: tuple[FieldNode, ...]) -> str:
    """The canonical text of a tree: no spaces, modifiers in their order."""
    parts = []
    for node in tree:
        text = node.name + "".join(f".{m.name}({m.argument})" for m in node.modifiers)
        if node.children is not None:
            text += "{" + render(node.children) + "}"
        parts.append(text)
    return ",".join(parts)


# ---- checking against the spec ---------------------------------------------------


@cache
def _nodes() -> dict[str, Any]:
    nodes: dict[str, Any] = _table.table()["nodes"]
    return nodes


@cache
def _modifier_checks() -> dict[str, tuple[frozenset[str], list[str], Any]]:
    """name -> (where it applies, the JSON types of its argument, the argument's check)."""
    from adspixel._checker import SchemaCompiler

    result = {}
    for name, entry in _table.table()["field_modifiers"].items():
        argument = entry["argument"]
        check = SchemaCompiler(argument, unknown_rule="unknown_parameter").root
        result[name] = (frozenset(entry["applies_to"]), entry["type"], check)
    return result


def node_types() -> list[str]:
    """The node types whose fields ``fields=`` can name."""
    return list(_nodes())


def check(
    tree: tuple[FieldNode, ...] | str, node_type: str = "AdsPixel"
) -> tuple[ErrorDetail, ...]:
    """Every error of a tree (or an expression) read at ``node_type``."""
    if isinstance(tree, str):
        return _check_text(tree, node_type)
    if node_type not in _nodes():
        raise KeyError(f"unknown node type {node_type!r}; known: {', '.join(_nodes())}")
    from adspixel.wire import decode_value

    errors: list[ErrorDetail] = []
    modifiers = _modifier_checks()
    pending: list[tuple[tuple[FieldNode, ...], str]] = [(tree, node_type)]
    while pending:
        level, type_name = pending.pop()
        info = _nodes()[type_name]
        for node in level:
            if node.name in info["fields"]:
                kind, target = "field", info["fields"][node.name]
            elif node.name in info["edges"]:
                kind, target = "edge", info["edges"][node.name]
            else:
                known = (*info["fields"], *info["edges"])
                detail = (
                    f"Tried accessing nonexisting field ({node.name}) on node type ({type_name})"
                )
                errors.append(ErrorDetail(_LOC, "unknown_field", known, node.name, detail=detail))
                continue
            for modifier in node.modifiers:
                errors.extend(
                    _modifier_errors(node, kind, type_name, modifier, modifiers, decode_value)
                )
            if node.children is not None:
                if target is None:
                    detail = (
                        f"Field ({node.name}) on node type ({type_name}) is not a node: "
                        "it has no fields to select"
                    )
                    errors.append(ErrorDetail(_LOC, "not_a_node", None, node.name, detail=detail))
                else:
                    pending.append((node.children, target))
    return tuple(errors)


def _modifier_errors(
    node: FieldNode,
    kind: str,
    type_name: str,
    modifier: Modifier,
    modifiers: dict[str, Any],
    decode: Any,
) -> list[ErrorDetail]:
    entry = modifiers.get(modifier.name)
    if entry is None:
        detail = (
            f"Unknown modifier ({modifier.name}) on ({node.name}); known: {', '.join(modifiers)}"
        )
        return [
            ErrorDetail(_LOC, "unknown_modifier", tuple(modifiers), modifier.name, detail=detail)
        ]
    applies_to, types, argument_check = entry
    if kind not in applies_to:
        where = " and ".join(f"{k}s" for k in sorted(applies_to))
        detail = (
            f"Modifier ({modifier.name}) applies to {where}; "
            f"({node.name}) is a {kind} of ({type_name})"
        )
        return [
            ErrorDetail(
                _LOC,
                "modifier_not_allowed",
                tuple(sorted(applies_to)),
                modifier.name,
                detail=detail,
            )
        ]
    found: list[ErrorDetail] = []
    argument_check(decode(modifier.argument, types), _LOC, found)
    if not found:
        return []
    reason = found[0].message.split(": ", 1)[1]
    detail = (
        f"Invalid argument ({modifier.argument}) of modifier ({modifier.name}) "
        f"on ({node.name}): {reason}"
    )
    return [
        ErrorDetail(_LOC, "modifier_argument", found[0].expected, modifier.argument, detail=detail)
    ]


@lru_cache(maxsize=4096)
def _check_text(text: str, node_type: str) -> tuple[ErrorDetail, ...]:
    """Parse and check, cached: real traffic repeats the same few expressions."""
    try:
        tree = parse(text)
    except FieldsSyntaxError as exc:
        return (exc.error,)
    return check(tree, node_type)


def validate_fields(text: str, node_type: str = "AdsPixel") -> ValidationResult:
    """Check one ``fields=`` expression against a node type of the spec."""
    return ValidationResult(None, _check_text(text, node_type))


def unrequested(
    body: Any, tree: tuple[FieldNode, ...], node_type: str, loc: tuple[str | int, ...] = ()
) -> list[ErrorDetail]:
    """Fields of a node in an answer that the expression did not ask for (``id`` may always be)."""
    errors: list[ErrorDetail] = []
    pending: list[tuple[Any, tuple[FieldNode, ...], str, tuple[str | int, ...]]] = [
        (body, tree, node_type, loc)
    ]
    while pending:
        value, level, type_name, loc = pending.pop()
        if type(value) is not dict:
            continue
        info = _nodes().get(type_name, {"edges": {}, "fields": {}})
        asked = {node.alias: node for node in level}
        for key, member in value.items():
            node = asked.get(key)
            if node is None:
                if key != "id":
                    detail = f"{key!r} was not asked for in fields="
                    errors.append(
                        ErrorDetail(
                            (*loc, key), "unrequested_field", tuple(asked), None, detail=detail
                        )
                    )
                continue
            if node.children is None:
                continue
            if node.name in info["edges"]:
                items = member.get("data") if type(member) is dict else None
                target = info["edges"][node.name]
                for i, item in enumerate(items if type(items) is list else ()):
                    pending.append((item, node.children, target, (*loc, key, "data", i)))
            elif info["fields"].get(node.name):
                target = info["fields"][node.name]
                items = member if type(member) is list else [member]
                for i, item in enumerate(items):
                    where = (*loc, key, i) if type(member) is list else (*loc, key)
                    pending.append((item, node.children, target, where))
    return errors
