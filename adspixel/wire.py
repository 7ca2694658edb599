"""Raw Graph traffic: resolve the operation from method and URL, decode it as Graph does, check it.

Real clients put parameters on the wire as strings: the official Python SDK
JSON-encodes every list, dict and bool (``automatic_matching_fields=["em"]``,
``enable_automatic_matching=true``) and sends plain strings as they are; a curl
user writes ``-F 'name="My WCA Pixel"'``, a JSON string literal that Graph reads
as ``My WCA Pixel``.  Each value is decoded by the JSON types its parameter
allows (from the operation table), so the checks that follow see what Graph sees.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from adspixel import _table
from adspixel._checker import json_type_name
from adspixel.errors import ErrorDetail, ValidationResult
from adspixel.validation import compiled, fields_errors

_VERSION = re.compile(r"^v[0-9]+\.[0-9]+$")
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_JSON = "application/json"


@cache
def _routes() -> tuple[tuple[re.Pattern[str], str, dict[str, str]], ...]:
    """(regex, template, {method: operation_id}) per path template, most literal first."""
    by_template: dict[str, dict[str, str]] = {}
    for operation_id, entry in _table.table()["operations"].items():
        by_template.setdefault(entry["path"], {})[entry["method"]] = operation_id
    routes = []
    for template, methods in by_template.items():
        parts = re.split(r"(\{[a-z_]+\})", template)
        regex = "".join(
            f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts
        )
        routes.append((re.compile(f"^{regex}$"), template, methods))
    return tuple(sorted(routes, key=lambda route: -len(re.sub(r"\{[a-z_]+\}", "", route[1]))))


@cache
def _version() -> str:
    return "v" + str(_table.table()["api"]["version"])


def resolve(method: str, path: str) -> tuple[str | None, dict[str, str], ErrorDetail | None]:
    """(operation_id, path parameters, error) for a method and a URL path."""
    segments = path.split("/")
    if len(segments) > 1 and _VERSION.match(segments[1]):
        if segments[1] != _version():
            detail = (
                f"API version {segments[1]} is not {_version()}, the version these checks describe"
            )
            return (
                None,
                {},
                ErrorDetail((), "unsupported_version", _version(), segments[1], detail=detail),
            )
        path = "/" + "/".join(segments[2:])
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    for regex, _template, methods in _routes():
        match = regex.match(path)
        if match is None:
            continue
        operation_id = methods.get(method)
        if operation_id is None:
            node = unquote(path.rsplit("/", 1)[-1] if path.count("/") == 1 else path.split("/")[1])
            detail = (
                f"Unsupported {method.lower()} request. Object with ID '{node}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support this operation"
            )
            return (
                None,
                {},
                ErrorDetail((), "unsupported_method", sorted(methods), method, detail=detail),
            )
        return operation_id, {k: unquote(v) for k, v in match.groupdict().items()}, None
    detail = f"Unknown path components: {path}"
    templates = [t for _, t, _ in _routes()]
    return (
        None,
        {},
        ErrorDetail((), "unknown_path", templates, path, detail=detail, graph_code=2500),
    )


def decode_value(raw: str, types: list[str]) -> Any:
    """A form or query string value as Graph reads it, given the JSON types its parameter allows."""
    if types == ["string"] and not raw.startswith('"'):
        return raw  # the common case: a plain string, no JSON decoding needed
    decoded: Any
    try:
        decoded = json.loads(raw)
    except ValueError:
        decoded = _NOT_JSON
    if decoded is not _NOT_JSON:
        kind = json_type_name(decoded)
        if kind in types or (kind == "integer" and "number" in types):
            return decoded
    if "boolean" in types and raw in ("1", "0"):
        return raw == "1"
    return raw


_NOT_JSON = object()


@cache
def _parameter_types(operation_id: str) -> dict[str, list[str]]:
    return {name: p["type"] for name, p in _table.operation(operation_id)["parameters"].items()}


def decode_body(
    body: bytes | str | None, content_type: str | None
) -> tuple[dict[str, Any], bool, ErrorDetail | None]:
    """(fields, already_typed, error) of a request body."""
    if body is None or body in (b"", ""):
        return {}, False, None
    media = (content_type or _FORM).split(";", 1)[0].strip().lower()
    if media == _JSON:
        try:
            value = json.loads(body)
        except ValueError as exc:
            return {}, True, _bad_body(f"the JSON body is not valid JSON: {exc}")
        if type(value) is not dict:
            return {}, True, _bad_body("a JSON body must be an object of parameters")
        return value, True, None
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    if media == _FORM:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return {}, False, _bad_body("the form body is not UTF-8")
        return dict(parse_qsl(text, keep_blank_values=True)), False, None
    if media == _MULTIPART:
        return _decode_multipart(raw, content_type or "")
    detail = f"unsupported content type {media!r}; Graph reads {_FORM}, {_MULTIPART} and {_JSON}"
    return (
        {},
        False,
        ErrorDetail((), "unsupported_media_type", [_FORM, _MULTIPART, _JSON], media, detail=detail),
    )


def _decode_multipart(
    raw: bytes, content_type: str
) -> tuple[dict[str, Any], bool, ErrorDetail | None]:
    if "boundary=" not in content_type:
        return {}, False, _bad_body("multipart body without a boundary in its content type")
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", errors="replace")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        return {}, False, _bad_body("the multipart body has no parts")
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            return {}, False, _bad_body("a multipart part has no form-data name")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        try:
            fields[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            return {}, False, _bad_body(f"multipart field {name!r} is not UTF-8")
    if message.defects or any(p.defects for p in message.iter_parts()):
        return {}, False, _bad_body("the multipart body is malformed")
    return fields, False, None


def _bad_body(detail: str) -> ErrorDetail:
    return ErrorDetail((), "bad_encoding", None, None, detail=detail)


def validate_http_request(
    method: str,
    url: str,
    body: bytes | str | None = None,
    content_type: str | None = None,
) -> ValidationResult:
    """Check a request as it crosses the wire to Graph.

    ``url`` is absolute (``https://graph.facebook.com/v22.0/123/?fields=id``) or
    a path with its query string.  The result's ``params`` hold the decoded
    parameters, query and body together.
    """
    texts = [_text(method), _text(url), _text(content_type) if content_type is not None else ""]
    if None in texts or not (
        body is None or isinstance(body, str | bytes | bytearray | memoryview)
    ):
        detail = (
            "method, url and content_type must be strings (or bytes), body a string, bytes or None"
        )
        return _failed(ErrorDetail((), "bad_encoding", None, None, detail=detail))
    method, url = str(texts[0]).upper(), str(texts[1])
    content_type = texts[2] or None
    if isinstance(body, memoryview):
        body = body.tobytes()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return _failed(ErrorDetail((), "bad_encoding", None, None, detail=f"not a URL: {exc}"))
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    form, typed, body_error = decode_body(body, content_type)
    if body_error is not None:
        return _failed(body_error)
    # `method=` is one of Graph's common parameters and is checked as one; it does
    # not turn the request into another operation (the spec gives each method
    # and path one operation, and one answer).
    operation_id, path_params, route_error = resolve(method, parts.path or "/")
    if route_error is not None or operation_id is None:
        return _failed(route_error or _bad_body("no operation"))

    types = _parameter_types(operation_id)
    params: dict[str, Any] = {}
    for name, raw in query.items():
        params[name] = decode_value(raw, types.get(name, ["string"]))
    for name, raw in form.items():
        params[name] = (
            raw
            if typed or not isinstance(raw, str)
            else decode_value(raw, types.get(name, ["string"]))
        )

    request = compiled(operation_id, "request")
    errors = _path_errors(operation_id, path_params)
    if not _quick_ok(request.is_valid, params):
        errors.extend(request.invalid(params))
    errors.extend(fields_errors(request, params))
    return ValidationResult(operation_id, tuple(errors), params, path_params)


def _quick_ok(is_valid: Any, params: dict[str, Any]) -> bool:
    try:
        return bool(is_valid(params))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


@cache
def _path_checkers(operation_id: str) -> dict[str, Any]:
    from adspixel._checker import SchemaCompiler

    parameters = _table.operation(operation_id)["path_parameters"]
    return {
        name: SchemaCompiler(info["schema"], unknown_rule="unknown_parameter").root
        for name, info in parameters.items()
    }


def _path_errors(operation_id: str, path_params: dict[str, str]) -> list[ErrorDetail]:
    errors: list[ErrorDetail] = []
    for name, check in _path_checkers(operation_id).items():
        check(path_params.get(name, ""), (name,), errors)
    return errors


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")
    return None


def _failed(error: ErrorDetail) -> ValidationResult:
    return ValidationResult(None, (error,))
