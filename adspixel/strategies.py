"""Hypothesis strategies for AdsPixel traffic, derived from the spec (through generated/).

Valid request parameters, responses and wire requests for each operation, and
``invalid_*`` strategies that break exactly one rule and carry the error it
must produce.  Nothing here lists a field, an enum value or a pattern: a new
enum value in the spec reaches these strategies with ``make generate`` alone.

    from hypothesis import given
    from adspixel import strategies

    @given(strategies.requests("update"))
    def test_my_client_accepts(params): ...

Needs hypothesis (``pip install adspixel-toolkit[testing]``).
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import strategies as st

from adspixel import _table
from adspixel._checker import python_pattern
from adspixel.fields import FieldNode, Modifier, render

BASE_URL = "https://graph.facebook.com/v22.0"
Loc = tuple[str | int, ...]

__all__ = [
    "Invalid",
    "WireRequest",
    "error_envelopes",
    "fields_expressions",
    "fields_trees",
    "from_schema",
    "http_requests",
    "invalid_requests",
    "invalid_responses",
    "requests",
    "responses",
]


# ---- schemas ------------------------------------------------------------------------


def from_schema(
    schema: dict[str, Any], defs: dict[str, Any] | None = None, *, open_objects: bool = False
) -> st.SearchStrategy[Any]:
    """Values valid under a generated schema.

    ``open_objects`` adds members the schema does not name to objects that allow them.
    """
    defs = schema.get("$defs", defs or {})
    return _strategy(schema, defs, open_objects, 0)


_SIMPLE = {
    "boolean": st.booleans(),
    "null": st.none(),
    "number": st.floats(allow_nan=False, allow_infinity=False, width=64),
}


def _strategy(
    schema: dict[str, Any], defs: dict[str, Any], open_objects: bool, depth: int
) -> st.SearchStrategy[Any]:
    if "$ref" in schema:
        return _strategy(defs[schema["$ref"].rsplit("/", 1)[1]], defs, open_objects, depth)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return st.one_of([_strategy(s, defs, open_objects, depth) for s in schema[key]])
    declared = schema.get("type")
    if isinstance(declared, list):
        return st.one_of(
            [_strategy({**schema, "type": t}, defs, open_objects, depth) for t in declared]
        )
    if declared == "string":
        return _strings(schema)
    if declared == "integer":
        low = schema.get("minimum", -(2**53))
        high = schema.get("maximum", 2**53)
        return st.integers(min_value=low, max_value=high)
    if declared in _SIMPLE:
        return _SIMPLE[declared]
    if declared == "array":
        items = _strategy(schema.get("items", {}), defs, open_objects, depth + 1)
        return st.lists(
            items, min_size=schema.get("minItems", 0), max_size=min(schema.get("maxItems", 4), 4)
        )
    if declared == "object" or "properties" in schema:
        return _objects(schema, defs, open_objects, depth)
    return st.none() | st.booleans() | st.integers() | st.text(max_size=10)


def _strings(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if "pattern" in schema:
        text = st.from_regex(python_pattern(schema["pattern"]), fullmatch=True)
        return text.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))
    return st.text(min_size=low, max_size=min(high or 20, 20))


def _objects(
    schema: dict[str, Any], defs: dict[str, Any], open_objects: bool, depth: int
) -> st.SearchStrategy[Any]:
    props = schema.get("properties", {})
    required = set(schema.get("required", ()))
    fixed = {
        name: _strategy(props[name], defs, open_objects, depth + 1)
        for name in props
        if name in required
    }
    optional = {
        name: _strategy(props[name], defs, open_objects, depth + 1)
        for name in props
        if name not in required
    }
    base = st.fixed_dictionaries(fixed, optional=optional)
    if not open_objects or schema.get("additionalProperties") is False or depth > 2:
        return base
    extra_names = st.text(alphabet=string.ascii_lowercase + "_", min_size=3, max_size=12).filter(
        lambda n: n not in props
    )
    extra = st.dictionaries(
        extra_names, st.integers() | st.text(max_size=8) | st.booleans(), max_size=2
    )
    return st.builds(lambda known, unknown: {**unknown, **known}, base, extra)


# ---- fields= --------------------------------------------------------------------------


@cache
def _modifier_arguments() -> dict[str, tuple[frozenset[str], st.SearchStrategy[str]]]:
    result = {}
    for name, entry in _table.table()["field_modifiers"].items():
        values = from_schema(entry["argument"]).map(_argument_text).filter(_usable_argument)
        result[name] = (frozenset(entry["applies_to"]), values)
    return result


def _argument_text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _usable_argument(text: str) -> bool:
    return bool(text.strip()) and text == text.strip() and not set(text) & set("(),{}%")


def _modifiers(kind: str) -> st.SearchStrategy[tuple[Modifier, ...]]:
    choices = [(n, values) for n, (where, values) in _modifier_arguments().items() if kind in where]

    def modifier(choice: tuple[str, st.SearchStrategy[str]]) -> st.SearchStrategy[Modifier]:
        name, values = choice
        return values.map(lambda argument: Modifier(name, argument))

    one = st.sampled_from(choices).flatmap(modifier)
    return st.lists(one, max_size=2, unique_by=lambda m: m.name).map(tuple)


def fields_trees(
    node_type: str = "AdsPixel", max_depth: int = 3
) -> st.SearchStrategy[tuple[FieldNode, ...]]:
    """Valid ``fields=`` trees over the fields and edges of a node type (and those below it)."""
    nodes = _table.table()["nodes"]

    def level(type_name: str, depth: int) -> st.SearchStrategy[tuple[FieldNode, ...]]:
        info = nodes[type_name]
        choices = [(n, "field", t) for n, t in info["fields"].items()]
        choices += [(n, "edge", t) for n, t in info["edges"].items()]

        def node(choice: tuple[str, str, str | None]) -> st.SearchStrategy[FieldNode]:
            name, kind, target = choice
            children: st.SearchStrategy[Any] = st.none()
            if target is not None and depth < max_depth:
                children = st.none() | level(target, depth + 1)
            return st.builds(FieldNode, st.just(name), _modifiers(kind), children)

        return st.lists(st.sampled_from(choices).flatmap(node), min_size=1, max_size=6).map(tuple)

    return level(node_type, 1)


def fields_expressions(node_type: str = "AdsPixel") -> st.SearchStrategy[str]:
    """Valid ``fields=`` expressions for a node type."""
    return fields_trees(node_type).map(render)


# ---- operations ---------------------------------------------------------------------------


def requests(operation_id: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid decoded parameters (query and body together) of an operation."""
    entry = _table.operation(operation_id)
    schema = _table.schema(entry["request_schema"])
    params = from_schema(schema)
    node = entry["fields_node"]
    if node is None:
        return params
    return st.builds(
        lambda p, f: {**p, "fields": f} if "fields" in p else p, params, fields_expressions(node)
    )


def responses(
    operation_id: str, status: str = "200", *, open_objects: bool = True
) -> st.SearchStrategy[Any]:
    """Valid answers of an operation: the node, an edge's page, or (``"default"``) an error.

    ``open_objects`` adds members the spec does not know, as later API versions do.
    """
    schema = _table.schema(_table.operation(operation_id)["responses"][status]["schema"])
    return from_schema(schema, open_objects=open_objects)


def error_envelopes(operation_id: str = "read") -> st.SearchStrategy[Any]:
    """Graph error envelopes with the codes the operation can answer."""
    codes = _table.operation(operation_id)["error_codes"]
    return st.builds(
        lambda body, code: {"error": {**body["error"], "code": code}},
        responses(operation_id, "default", open_objects=False),
        st.sampled_from(codes),
    )


@dataclass(frozen=True)
class WireRequest:
    """A request as it crosses the wire, and the parameters it carries."""

    method: str
    url: str
    body: bytes | str | None
    content_type: str | None
    params: dict[str, Any]
    operation_id: str


def http_requests(operation_id: str, style: str | None = None) -> st.SearchStrategy[WireRequest]:
    """Valid requests as the official SDK (``sdk``), curl (``curl``) or a JSON client sends them."""
    entry = _table.operation(operation_id)
    styles = st.sampled_from(["sdk", "curl", "json"]) if style is None else st.just(style)
    path_values = st.fixed_dictionaries(
        {name: _strings(info["schema"]) for name, info in entry["path_parameters"].items()}
    )
    params = requests(operation_id)
    return st.builds(_encode, st.just(operation_id), params, path_values, styles, st.booleans())


def _encode(
    operation_id: str, params: dict[str, Any], path: dict[str, str], style: str, slash: bool
) -> WireRequest:
    entry = _table.operation(operation_id)
    types = {name: p["type"] for name, p in entry["parameters"].items()}
    url_path = entry["path"]
    for name, value in path.items():
        url_path = url_path.replace("{" + name + "}", quote(value, safe=""))
    url = BASE_URL + url_path + ("/" if slash else "")
    method = entry["method"]
    if method == "GET" or not params:
        query = urlencode(
            {k: encode_value(v, types.get(k, ["string"]), style) for k, v in params.items()}
        )
        return WireRequest(
            method, url + ("?" + query if query else ""), None, None, params, operation_id
        )
    if style == "json":
        return WireRequest(
            method, url, json.dumps(params), "application/json", params, operation_id
        )
    encoded = {k: encode_value(v, types.get(k, ["string"]), style) for k, v in params.items()}
    if style == "sdk":
        return WireRequest(
            method,
            url,
            urlencode(encoded),
            "application/x-www-form-urlencoded",
            params,
            operation_id,
        )
    boundary = "------------------------adspixel0strategy"
    parts = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in encoded.items()
    )
    return WireRequest(
        method,
        url,
        (parts + f"--{boundary}--\r\n").encode(),
        f"multipart/form-data; boundary={boundary}",
        params,
        operation_id,
    )


def encode_value(value: Any, types: list[str], style: str) -> str:
    """One parameter as a client puts it on the wire.

    The SDK JSON-encodes lists, dicts and bools and sends strings as they are;
    a curl user writes every value as JSON (a string as a JSON string literal).
    A plain string that Graph would read as another type (``true`` for a
    parameter that may be a boolean) is sent as a JSON string literal by both.
    """
    from adspixel.wire import decode_value

    if isinstance(value, str):
        if style == "curl" or decode_value(value, types) != value:
            return json.dumps(value)
        return value
    return json.dumps(value, separators=(",", ":"))


# ---- one rule broken ---------------------------------------------------------------------


@dataclass(frozen=True)
class Invalid:
    """A value that breaks exactly one rule, and the error it must produce."""

    value: Any
    pointer: str
    rule: str


def invalid_requests(operation_id: str) -> st.SearchStrategy[Invalid]:
    """Request parameters with one rule broken: a wrong type, an unknown enum value, a
    pattern miss, a missing required or an unknown parameter, an integer out of range."""
    schema = _table.schema(_table.operation(operation_id)["request_schema"])
    return requests(operation_id).flatmap(lambda value: _one_mutation(value, schema))


def invalid_responses(operation_id: str, status: str = "200") -> st.SearchStrategy[Invalid]:
    """Answers with one rule broken (unknown members are allowed in answers, so never that)."""
    schema = _table.schema(_table.operation(operation_id)["responses"][status]["schema"])
    return responses(operation_id, status, open_objects=False).flatmap(
        lambda value: _one_mutation(value, schema)
    )


def _one_mutation(value: Any, schema: dict[str, Any]) -> st.SearchStrategy[Invalid]:
    found = mutations(value, schema)
    if not found:
        return st.nothing()
    return st.sampled_from(found)


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 20:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
        seen += 1
    return schema


def _json_types(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    schema = _resolve(schema, defs)
    if "anyOf" in schema or "oneOf" in schema:
        return set().union(
            *(_json_types(s, defs) for s in schema.get("anyOf", schema.get("oneOf", [])))
        )
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    if "integer" in types:
        types.add("number_integral")
    return types


_WRONG = [
    ("boolean", True),
    ("integer", 12345),
    ("string", "zz"),
    ("array", ["zz"]),
    ("object", {"zz": 1}),
    ("null", None),
]


def mutations(value: Any, schema: dict[str, Any]) -> list[Invalid]:
    """Every single-rule mutation of ``value`` found by walking it along ``schema``."""
    defs = schema.get("$defs", {})
    found: list[Invalid] = []
    _mutate_object(value, schema, defs, (), found, value, 0)
    return found


def _pointer(loc: Loc) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def _replace(root: Any, loc: Loc, new: Any, *, delete: bool = False) -> Any:
    copy = json.loads(json.dumps(root))
    holder = copy
    for key in loc[:-1]:
        holder = holder[key]
    if delete:
        del holder[loc[-1]]
    else:
        holder[loc[-1]] = new
    return copy


def _mutate_object(
    value: Any,
    schema: dict[str, Any],
    defs: dict[str, Any],
    loc: Loc,
    out: list[Invalid],
    root: Any,
    depth: int,
) -> None:
    schema = _resolve(schema, defs)
    if type(value) is not dict or depth > 3:
        return
    props = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name in value:
            out.append(
                Invalid(
                    _replace(root, (*loc, name), None, delete=True),
                    _pointer((*loc, name)),
                    "required",
                )
            )
    if schema.get("additionalProperties") is False:
        out.append(
            Invalid(
                _replace(root, (*loc, "zz_unknown"), 1),
                _pointer((*loc, "zz_unknown")),
                "unknown_parameter",
            )
        )
    for name, member in value.items():
        if name in props:
            _mutate_value(member, props[name], defs, (*loc, name), out, root, depth)


def _mutate_value(
    value: Any,
    schema: dict[str, Any],
    defs: dict[str, Any],
    loc: Loc,
    out: list[Invalid],
    root: Any,
    depth: int,
) -> None:
    resolved = _resolve(schema, defs)
    alternatives = "anyOf" in resolved or "oneOf" in resolved
    types = _json_types(resolved, defs)
    pointer = _pointer(loc)
    for kind, wrong in _WRONG:
        if kind not in types:
            out.append(
                Invalid(_replace(root, loc, wrong), pointer, "anyOf" if alternatives else "type")
            )
            break
    if alternatives:
        return
    if "enum" in resolved:
        out.append(Invalid(_replace(root, loc, "zz_not_in_enum"), pointer, "enum"))
    if "pattern" in resolved and type(value) is str:
        miss = "!"
        if python_pattern(resolved["pattern"]).search(miss) is None:
            out.append(Invalid(_replace(root, loc, miss), pointer, "pattern"))
    if type(value) is int and not isinstance(value, bool):
        if "minimum" in resolved:
            out.append(Invalid(_replace(root, loc, resolved["minimum"] - 1), pointer, "minimum"))
        if "maximum" in resolved:
            out.append(Invalid(_replace(root, loc, resolved["maximum"] + 1), pointer, "maximum"))
    if type(value) is list and value and "items" in resolved:
        _mutate_value(value[0], resolved["items"], defs, (*loc, 0), out, root, depth + 1)
    if type(value) is dict:
        _mutate_object(value, resolved, defs, loc, out, root, depth + 1)
