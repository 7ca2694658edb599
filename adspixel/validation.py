"""Checks decoded requests and parsed responses against the generated schemas.

Each schema is compiled twice, once, on first use: by jsonschema-rs, which
answers "valid?" in well under a microsecond (the hot path), and by
:mod:`adspixel._checker`, which lists every error when the answer is no.
Both are kept in a registry guarded by a lock, so concurrent callers share
them and nothing is compiled per call.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs

from adspixel import _table
from adspixel._checker import SchemaCompiler, json_type_name
from adspixel.errors import ErrorDetail, ValidationError, ValidationResult, rank

MAX_DEPTH = 200  # deeper input than this is reported, never recursed into

_lock = threading.Lock()


class CompiledSchema:
    """One generated schema, ready to answer quickly and to explain slowly."""

    __slots__ = ("_check", "fields_node", "is_valid", "ok", "operation_id")

    def __init__(
        self,
        document: dict[str, Any],
        operation_id: str,
        *,
        unknown_rule: str,
        strict: bool,
        fields_node: str | None = None,
    ) -> None:
        self.operation_id = operation_id
        # The node type a request's fields= selects from (reads and edges only).
        self.fields_node = fields_node
        self.is_valid: Callable[[Any], bool] = jsonschema_rs.validator_for(document).is_valid
        self._check = SchemaCompiler(document, unknown_rule=unknown_rule, close_objects=strict).root
        self.ok = ValidationResult(operation_id)

    def errors(self, value: Any) -> tuple[ErrorDetail, ...]:
        """Every error of ``value``; empty when it is valid."""
        try:
            if self.is_valid(value):
                return ()
        except (ValueError, TypeError, OverflowError, RecursionError):
            pass  # not plain JSON somewhere: the checker below says where
        return self.invalid(value)

    def invalid(self, value: Any) -> tuple[ErrorDetail, ...]:
        """The errors of a value jsonschema-rs has already found invalid, most important first."""
        found: list[ErrorDetail] = []
        self._check(value, (), found)
        if not found:
            found.extend(_non_json(value))
        if len(found) > 1:
            found.sort(key=rank)
        return tuple(found)

    def explain(self, value: Any) -> list[ErrorDetail]:
        """The error lister's verdict alone, without the jsonschema-rs fast path.

        The two must agree; the property tests compare this with jsonschema,
        since the fast path would hide a lister that reports too much.
        """
        found: list[ErrorDetail] = []
        self._check(value, (), found)
        return found

    def result(self, value: Any, params: Mapping[str, Any] | None = None) -> ValidationResult:
        try:
            if self.is_valid(value):
                return (
                    self.ok if params is None else ValidationResult(self.operation_id, (), params)
                )
        except (ValueError, TypeError, OverflowError, RecursionError):
            pass
        return ValidationResult(self.operation_id, self.invalid(value), params)


_compiled: dict[tuple[str, str, bool], CompiledSchema] = {}
_by_status: dict[tuple[str, int, bool], CompiledSchema] = {}


def compiled(operation_id: str, which: str, strict: bool = False) -> CompiledSchema:
    """The compiled request (``which="request"``) or response (``"200"``, ``"default"``) schema."""
    key = (operation_id, which, strict)
    found = _compiled.get(key)
    if found is not None:
        return found
    with _lock:
        found = _compiled.get(key)
        if found is None:
            entry = _table.operation(operation_id)
            fields_node = None
            if which == "request":
                document = _table.schema(entry["request_schema"])
                rule = "unknown_parameter"
                fields_node = entry["fields_node"]
            else:
                document = _table.schema(entry["responses"][which]["schema"])
                rule = "unknown_field"
            found = CompiledSchema(
                close_objects(document) if strict else document,
                operation_id,
                unknown_rule=rule,
                strict=strict,
                fields_node=fields_node,
            )
            _compiled[key] = found
    return found


def close_objects(document: dict[str, Any]) -> dict[str, Any]:
    """A copy in which every object schema without ``additionalProperties`` is closed."""
    result = copy.deepcopy(document)
    stack: list[Any] = [result]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") == "object" and "additionalProperties" not in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return result


def validate_request(operation_id: str, params: Mapping[str, Any]) -> ValidationResult:
    """Check already-decoded parameters (query and body together) of one operation.

    Unknown parameters are errors, as Graph answers them with #100, except
    Graph's common parameters (access_token, fields, limit, ...), which every
    operation accepts.
    """
    found = _compiled.get((operation_id, "request", False)) or compiled(operation_id, "request")
    try:
        if found.is_valid(params):
            if found.fields_node is None or "fields" not in params:
                return found.ok
            return ValidationResult(operation_id, fields_errors(found, params))
    except (ValueError, TypeError, OverflowError, RecursionError):
        pass
    errors = found.invalid(params)
    if found.fields_node is not None:
        errors += fields_errors(found, params)
    return ValidationResult(operation_id, errors)


def fields_errors(found: CompiledSchema, params: Any) -> tuple[ErrorDetail, ...]:
    """Errors of the ``fields=`` expression of a read or edge request (cached per expression)."""
    if found.fields_node is None or type(params) is not dict:
        return ()
    text = params.get("fields")
    if type(text) is not str:
        return ()
    from adspixel.fields import check

    return check(text, found.fields_node)


def json_body(body: Any) -> tuple[Any, ErrorDetail | None]:
    """A body given as JSON text (str or bytes) parsed, or the error saying why it is not JSON."""
    if not isinstance(body, str | bytes | bytearray):
        return body, None
    try:
        return json.loads(body), None
    except ValueError as exc:
        detail = f"the body is not JSON: {exc}"
        return None, ErrorDetail((), "bad_encoding", "JSON", None, detail=detail)


def response_key(operation_id: str, body: Any, status: int) -> str | None:
    """Which declared response describes ``status`` (and an error envelope sent with 200)."""
    responses = _table.operation(operation_id)["responses"]
    if str(status) in responses and not (status == 200 and _is_error_envelope(body)):
        return str(status)
    if "default" in responses and (status >= 400 or _is_error_envelope(body)):
        return "default"
    return None


def _is_error_envelope(body: Any) -> bool:
    return type(body) is dict and "error" in body and len(body) == 1


def validate_response(
    operation_id: str,
    body: Any,
    status: int = 200,
    *,
    strict: bool = False,
    fields: str | None = None,
) -> ValidationResult:
    """Check a parsed response body.

    Unknown fields pass (Graph adds fields over time) unless ``strict``; the
    fields the spec knows are typed strictly either way.  A 4xx/5xx status,
    or a 200 carrying ``{"error": ...}`` (``suppress_http_code``), is checked
    against the error envelope.  With ``fields`` (the request's ``fields=``),
    fields of the answer that were not asked for (besides ``id``) are reported.
    """
    if fields is not None:
        return _with_fields(operation_id, body, status, strict, fields)
    found = _by_status.get((operation_id, status, strict))
    if found is not None and type(body) is dict and "error" not in body:
        try:
            if found.is_valid(body):
                return found.ok
        except (ValueError, TypeError, OverflowError, RecursionError):
            pass
        return ValidationResult(operation_id, found.invalid(body))
    if type(status) is not int:
        raise TypeError(f"status must be an int, not {type(status).__name__}")
    body, undecodable = json_body(body)
    if undecodable is not None:
        return ValidationResult(operation_id, (undecodable,))
    which = response_key(operation_id, body, status)
    if which is None:
        declared = sorted(_table.operation(operation_id)["responses"])
        detail = (
            f"status {status} is not a declared response of {operation_id} ({', '.join(declared)})"
        )
        return ValidationResult(
            operation_id, (ErrorDetail((), "status", declared, status, detail=detail),)
        )
    found = _compiled.get((operation_id, which, strict)) or compiled(operation_id, which, strict)
    if which == str(status):  # the status's own schema: remember it for the fast path above
        _by_status[(operation_id, status, strict)] = found
    return found.result(body)


def _with_fields(
    operation_id: str, body: Any, status: int, strict: bool, text: str
) -> ValidationResult:
    """The answer checked, plus what ``fields=`` says: embedded edges, fields not asked for."""
    from adspixel.fields import FieldsSyntaxError, parse

    errors = list(validate_response(operation_id, body, status, strict=strict).errors)
    node_type = _table.operation(operation_id)["fields_node"]
    if node_type is None or type(body) is not dict or "error" in body:
        return ValidationResult(operation_id, tuple(errors))
    try:
        tree = parse(text)
    except FieldsSyntaxError as exc:
        return ValidationResult(operation_id, (*errors, exc.error))
    edges = {
        node.alias: node.name
        for node in tree
        if node.name in _table.table()["nodes"][node_type]["edges"]
    }
    if edges:
        # An edge asked for in fields= comes embedded as the edge's own page:
        # not an unknown field, and checked against the edge operation's answer.
        errors = [
            e for e in errors if not (e.rule == "unknown_field" and e.loc[:1] and e.loc[0] in edges)
        ]
        for alias, edge in edges.items():
            if alias in body:
                page = compiled(_edge_operation(edge), "200", strict).errors(body[alias])
                errors.extend(_prefixed(error, alias) for error in page)
    errors.extend(_unrequested(body, tree, node_type, operation_id))
    return ValidationResult(operation_id, tuple(errors))


def _edge_operation(edge: str) -> str:
    for operation_id, entry in _table.table()["operations"].items():
        if entry["method"] == "GET" and entry["path"].endswith("/" + edge) and entry["fields_node"]:
            return str(operation_id)
    raise KeyError(edge)


def _prefixed(error: ErrorDetail, key: str) -> ErrorDetail:
    return ErrorDetail(
        (key, *error.loc),
        error.rule,
        error.expected,
        error._raw,
        error.schema_path,
        detail=error.detail,
        graph_code=error.graph_code,
    )


def _unrequested(
    body: Any, tree: Any, node_type: str, operation_id: str
) -> tuple[ErrorDetail, ...]:
    from adspixel.fields import unrequested

    if node_type == _table.operation(operation_id)["responses"]["200"]["model"]:
        return tuple(unrequested(body, tree, node_type))
    items = body.get("data")  # an edge's page: each object holds the fields asked for
    errors: list[ErrorDetail] = []
    for i, item in enumerate(items if type(items) is list else ()):
        errors.extend(unrequested(item, tree, node_type, ("data", i)))
    return tuple(errors)


def parse_response(operation_id: str, body: Any, status: int = 200) -> Any:
    """The response as the generated pydantic model; :class:`ValidationError` when it is invalid."""
    body, undecodable = json_body(body)
    if undecodable is not None:
        raise ValidationError((undecodable,), operation_id)
    validate_response(operation_id, body, status).raise_for_errors()
    which = response_key(operation_id, body, status)
    assert which is not None
    model_name = _table.operation(operation_id)["responses"][which]["model"]
    import pydantic

    from adspixel import models  # pydantic is imported only by those who ask for models

    try:
        return getattr(models, model_name).model_validate(body)
    except pydantic.ValidationError as exc:
        errors = tuple(
            ErrorDetail(
                tuple(e["loc"]),
                str(e["type"]),
                e.get("ctx"),
                e.get("input"),
                "",
                detail=str(e["msg"]),
            )
            for e in exc.errors()
        )
        raise ValidationError(errors, operation_id) from None


def _non_json(value: Any) -> list[ErrorDetail]:
    """Places where ``value`` is not plain JSON or nests deeper than :data:`MAX_DEPTH`."""
    errors: list[ErrorDetail] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack and len(errors) < 20:
        node, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            errors.append(ErrorDetail(loc[:MAX_DEPTH], "max_depth", MAX_DEPTH, None))
            continue
        if type(node) is dict:
            for key, sub in node.items():
                if type(key) is not str:
                    errors.append(ErrorDetail(loc, "not_json", "string keys", key))
                else:
                    stack.append((sub, (*loc, key)))
        elif type(node) is list or type(node) is tuple:
            stack.extend((sub, (*loc, i)) for i, sub in enumerate(node))
        elif json_type_name(node) is None:
            errors.append(ErrorDetail(loc, "not_json", "a JSON value", node))
    if not errors:
        errors.append(
            ErrorDetail((), "invalid", None, None, detail="the value does not match its schema")
        )
    return errors
