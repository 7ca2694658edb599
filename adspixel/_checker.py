"""Compiles a generated JSON Schema into a Python function that lists every error.

jsonschema-rs answers "is this valid?" faster than anything written in Python,
and that is the hot path.  When the answer is no, this module says exactly
what is wrong: each error as an :class:`~adspixel.errors.ErrorDetail` with the
rule, the expected values and the place, built directly (no message parsing),
cheaply enough that listing every error costs a few microseconds.

Only the keywords the generated schemas use are supported; any other keyword
is refused when the schema is compiled, so a spec that grows a new keyword
fails loudly in the tests instead of being half-checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from adspixel.errors import ErrorDetail

Loc = tuple[str | int, ...]
Errors = list[ErrorDetail]
Check = Callable[[Any, Loc, Errors], None]

_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "examples",
        "example",
        "$comment",
        "default",
        "format",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$schema",
        "$id",
        "$defs",
    }
)


def _is_integer(v: Any) -> bool:
    t = type(v)
    return t is int or (t is float and math.isfinite(v) and v.is_integer())


def _is_number(v: Any) -> bool:
    t = type(v)
    return t is int or (t is float and math.isfinite(v))


TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: type(v) is str,
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "array": lambda v: type(v) is list or type(v) is tuple,
    "object": lambda v: type(v) is dict,
}


def json_type_name(value: Any) -> str | None:
    """The JSON type of a Python value, or None when it is not a JSON value."""
    for name in ("boolean", "integer", "number", "string", "null", "array", "object"):
        if TYPE_TESTS[name](value):
            return name
    return None


def python_pattern(pattern: str) -> re.Pattern[str]:
    """ECMA-262 / Rust ``$`` matches only at the very end; Python's also before a final newline."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def describe_schema(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> str:
    """A short phrase for what a schema accepts, used as the expected value of anyOf."""
    from adspixel._messages import types_phrase

    ref = schema.get("$ref")
    if isinstance(ref, str) and depth < 5:
        return describe_schema(defs[ref.rsplit("/", 1)[1]], defs, depth + 1)
    if "enum" in schema:
        return "one of {" + ", ".join(str(v) for v in schema["enum"]) + "}"
    declared = schema.get("type")
    types = (declared,) if isinstance(declared, str) else tuple(declared or ())
    phrase = types_phrase(types) if types else "a value"
    if "pattern" in schema:
        phrase += f" matching {schema['pattern']}"
    if "minimum" in schema:
        phrase += f" >= {schema['minimum']}"
    if "maximum" in schema:
        phrase += f" <= {schema['maximum']}"
    return phrase


class SchemaCompiler:
    """Turns one self-contained schema document into a :data:`Check`.

    ``unknown_rule`` names the error for a member that ``additionalProperties:
    false`` refuses (``unknown_parameter`` for requests); ``close_objects``
    treats every object schema as closed (strict response checks).
    """

    def __init__(
        self, document: dict[str, Any], *, unknown_rule: str, close_objects: bool = False
    ) -> None:
        self.defs: dict[str, Any] = document.get("$defs", {})
        self.unknown_rule = unknown_rule
        self.close_objects = close_objects
        self._defs_compiled: dict[str, Check] = {}
        self.root = self.compile(document, "#")

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        name = ref[len("#/$defs/") :]
        if name not in self._defs_compiled:
            slot: list[Check] = []
            # Indirection first, so that a recursive schema compiles.
            self._defs_compiled[name] = lambda v, loc, errs: slot[0](v, loc, errs)
            slot.append(self.compile(self.defs[name], f"#/$defs/{name}"))
            self._defs_compiled[name] = slot[0]
        return self._defs_compiled[name]

    def compile(self, schema: dict[str, Any], path: str) -> Check:
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise ValueError(f"{path}: unsupported keyword(s) {sorted(unknown)}")
        checks: list[Check] = []

        if "$ref" in schema:
            checks.append(self._ref(schema["$ref"]))

        declared = schema.get("type")
        type_test: Callable[[Any], bool] | None = None
        expected_types: tuple[str, ...] = ()
        if declared is not None:
            types = (declared,) if isinstance(declared, str) else tuple(declared)
            tests = [TYPE_TESTS[t] for t in types]
            type_test = tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))
            expected_types = types

        if "enum" in schema:
            checks.append(_enum_check(schema["enum"], f"{path}/enum"))
        if "const" in schema:
            checks.append(_enum_check([schema["const"]], f"{path}/const", rule="const"))
        string_checks = _string_checks(schema, path)
        if declared == "string" and string_checks and set(schema) <= _STRING_ONLY:
            return _typed_string(schema, path)
        checks.extend(string_checks)
        checks.extend(_number_checks(schema, path))
        if "items" in schema or "minItems" in schema or "maxItems" in schema:
            checks.append(self._array_check(schema, path))
        if {"properties", "required", "additionalProperties"} & set(schema) or (
            self.close_objects and declared == "object"
        ):
            checks.append(self._object_check(schema, path))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                checks.append(self._alternatives(schema[key], f"{path}/{key}", key))
        if "allOf" in schema:
            checks.extend(
                self.compile(s, f"{path}/allOf/{i}") for i, s in enumerate(schema["allOf"])
            )

        if type_test is None:
            return _sequence(checks)
        type_path = f"{path}/type"
        if (
            len(checks) == 1
            and "enum" in schema
            and all(TYPE_TESTS[t](v) for t in expected_types for v in schema["enum"])
        ):
            # Type and enum in one look-up: the shape of every enum of the spec.
            enum_check = checks[0]
            allowed = _enum_pairs(schema["enum"])

            def typed_enum(value: Any, loc: Loc, errors: Errors) -> None:
                try:
                    if (type(value), value) in allowed:
                        return
                except TypeError:
                    pass
                if type_test(value):
                    enum_check(value, loc, errors)
                else:
                    errors.append(_type_error(value, loc, expected_types, type_path))

            return typed_enum
        if not checks:

            def only_type(value: Any, loc: Loc, errors: Errors) -> None:
                if not type_test(value):
                    errors.append(_type_error(value, loc, expected_types, type_path))

            return only_type
        body = _sequence(checks)

        def check(value: Any, loc: Loc, errors: Errors) -> None:
            if type_test(value):
                body(value, loc, errors)
            else:
                errors.append(_type_error(value, loc, expected_types, type_path))

        return check

    def _array_check(self, schema: dict[str, Any], path: str) -> Check:
        item_check = self.compile(schema["items"], f"{path}/items") if "items" in schema else None
        min_items = schema.get("minItems")
        max_items = schema.get("maxItems")

        def check(value: Any, loc: Loc, errors: Errors) -> None:
            if type(value) is not list and type(value) is not tuple:
                return
            if min_items is not None and len(value) < min_items:
                errors.append(ErrorDetail(loc, "minItems", min_items, value, f"{path}/minItems"))
            if max_items is not None and len(value) > max_items:
                errors.append(ErrorDetail(loc, "maxItems", max_items, value, f"{path}/maxItems"))
            if item_check is not None:
                for i, item in enumerate(value):
                    item_check(item, (*loc, i), errors)

        return check

    def _object_check(self, schema: dict[str, Any], path: str) -> Check:
        props = {
            name: self.compile(sub, f"{path}/properties/{name}")
            for name, sub in schema.get("properties", {}).items()
        }
        required = tuple(schema.get("required", ()))
        additional = schema.get("additionalProperties", not self.close_objects)
        closed = additional is False
        extra_check = (
            self.compile(additional, f"{path}/additionalProperties")
            if isinstance(additional, dict)
            else None
        )
        known = tuple(props)
        unknown_rule = (
            self.unknown_rule if schema.get("additionalProperties") is False else "unknown_field"
        )

        def check(value: Any, loc: Loc, errors: Errors) -> None:
            if type(value) is not dict:
                return
            for name in required:
                if name not in value:
                    errors.append(
                        ErrorDetail((*loc, name), "required", name, None, f"{path}/required")
                    )
            for name, member in value.items():
                sub = props.get(name)
                if sub is not None:
                    sub(member, (*loc, name), errors)
                elif type(name) is not str:
                    errors.append(ErrorDetail(loc, "not_json", "string keys", name, path))
                elif closed:
                    errors.append(
                        ErrorDetail(
                            (*loc, name),
                            unknown_rule,
                            known,
                            member,
                            f"{path}/additionalProperties",
                        )
                    )
                elif extra_check is not None:
                    extra_check(member, (*loc, name), errors)

        return check

    def _alternatives(self, branches: list[dict[str, Any]], path: str, key: str) -> Check:
        compiled = [self.compile(b, f"{path}/{i}") for i, b in enumerate(branches)]
        expected = tuple(describe_schema(b, self.defs) for b in branches)

        def check(value: Any, loc: Loc, errors: Errors) -> None:
            passed = 0
            for branch in compiled:
                trial: Errors = []
                branch(value, loc, trial)
                if not trial:
                    passed += 1
                    if key == "anyOf":
                        return
            if passed == 0 or (key == "oneOf" and passed > 1):
                errors.append(ErrorDetail(loc, key, expected, value, path))

        return check


_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "items",
        "minItems",
        "maxItems",
        "properties",
        "required",
        "additionalProperties",
        "anyOf",
        "oneOf",
        "allOf",
    }
)


_JSON_PYTHON_TYPES = frozenset({str, int, float, bool, type(None), list, tuple, dict})


def _type_error(value: Any, loc: Loc, expected: tuple[str, ...], path: str) -> ErrorDetail:
    if type(value) in _JSON_PYTHON_TYPES and not (
        type(value) is float and not math.isfinite(value)
    ):
        return ErrorDetail(loc, "type", expected, value, path)
    return ErrorDetail(loc, "not_json", "a JSON value", value, path)


def _enum_pairs(values: list[Any]) -> frozenset[tuple[type, Any]]:
    # (type, value) pairs: in Python True == 1, in JSON they differ.
    return frozenset((type(v), v) for v in values if not isinstance(v, dict | list))


def _sequence(checks: list[Check]) -> Check:
    if not checks:
        return lambda value, loc, errors: None
    if len(checks) == 1:
        return checks[0]

    def check(value: Any, loc: Loc, errors: Errors) -> None:
        for sub in checks:
            sub(value, loc, errors)

    return check


def _enum_check(values: list[Any], path: str, rule: str = "enum") -> Check:
    allowed = _enum_pairs(values)
    expected = tuple(values)

    def check(value: Any, loc: Loc, errors: Errors) -> None:
        try:
            if (type(value), value) in allowed:
                return
        except TypeError:  # unhashable: a list or dict is never one of our enum values
            pass
        errors.append(
            ErrorDetail(loc, rule, expected if rule == "enum" else values[0], value, path)
        )

    return check


_STRING_ONLY = _ANNOTATIONS | {"type", "pattern", "minLength", "maxLength"}


def _typed_string(schema: dict[str, Any], path: str) -> Check:
    """A string schema with pattern and length bounds, checked in one call (ids, datetimes)."""
    source = schema.get("pattern")
    search = python_pattern(source).search if source is not None else None
    low = schema.get("minLength", 0)
    high = schema.get("maxLength")
    expected = ("string",)

    def check(value: Any, loc: Loc, errors: Errors) -> None:
        if type(value) is not str:
            errors.append(_type_error(value, loc, expected, f"{path}/type"))
            return
        if search is not None and search(value) is None:
            errors.append(ErrorDetail(loc, "pattern", source, value, f"{path}/pattern"))
        if len(value) < low:
            errors.append(ErrorDetail(loc, "minLength", low, value, f"{path}/minLength"))
        if high is not None and len(value) > high:
            errors.append(ErrorDetail(loc, "maxLength", high, value, f"{path}/maxLength"))

    return check


def _string_checks(schema: dict[str, Any], path: str) -> list[Check]:
    checks: list[Check] = []
    if "pattern" in schema:
        source = schema["pattern"]
        search = python_pattern(source).search

        def pattern_check(value: Any, loc: Loc, errors: Errors) -> None:
            if type(value) is str and search(value) is None:
                errors.append(ErrorDetail(loc, "pattern", source, value, f"{path}/pattern"))

        checks.append(pattern_check)
    for key, too_short in (("minLength", True), ("maxLength", False)):
        if key in schema:
            checks.append(_length_check(schema[key], too_short, key, f"{path}/{key}"))
    return checks


def _length_check(bound: int, lower: bool, rule: str, path: str) -> Check:
    def check(value: Any, loc: Loc, errors: Errors) -> None:
        if type(value) is str and (len(value) < bound if lower else len(value) > bound):
            errors.append(ErrorDetail(loc, rule, bound, value, path))

    return check


def _number_checks(schema: dict[str, Any], path: str) -> list[Check]:
    checks: list[Check] = []
    comparisons: dict[str, Callable[[Any, Any], bool]] = {
        "minimum": lambda v, b: v >= b,
        "maximum": lambda v, b: v <= b,
        "exclusiveMinimum": lambda v, b: v > b,
        "exclusiveMaximum": lambda v, b: v < b,
    }
    for key, ok in comparisons.items():
        if key in schema:
            checks.append(_bound_check(schema[key], ok, key, f"{path}/{key}"))
    return checks


def _bound_check(bound: Any, ok: Callable[[Any, Any], bool], rule: str, path: str) -> Check:
    def check(value: Any, loc: Loc, errors: Errors) -> None:
        if _is_number(value) and not ok(value, bound):
            errors.append(ErrorDetail(loc, rule, bound, value, path))

    return check
