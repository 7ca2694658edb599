"""The spec parsed into a small typed model: what the renderers work from.

The renderers never walk raw OpenAPI: they read operations, parameters and
schemas from here, with ``$ref`` chains of parameters, bodies and responses
already followed.  Schemas stay JSON values with their ``$ref`` to
``#/components/schemas/...``: that is the shape every output needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.checks import ERROR_CATALOG_KEY, ERROR_CODES_KEY
from generator.load import SpecSource
from generator.problems import SpecError
from generator.walk import FIELD_MODIFIERS_KEY, deref, iter_operations

COMPONENT_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" or "query"
    required: bool
    description: str
    schema: dict[str, Any]
    common: bool  # one of Graph's common parameters (a components/parameters entry named Common*)
    secret: bool  # format: password


@dataclass(frozen=True)
class Body:
    content_types: tuple[str, ...]
    schema_name: str  # the components/schemas entry every content type shares
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    content_types: tuple[str, ...]
    schema: dict[str, Any]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    error_codes: tuple[int, ...]

    @property
    def class_name(self) -> str:
        """PascalCase of the operationId, the stem of its model names."""
        return "".join(
            part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", self.operation_id) if part
        )


@dataclass(frozen=True)
class ErrorCode:
    code: int
    meaning: str
    type: str
    http_status: int
    retryable: bool
    action: str


@dataclass(frozen=True)
class FieldModifier:
    name: str
    applies_to: tuple[str, ...]  # "field", "edge"
    description: str
    argument: dict[str, Any]


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    base_url: str
    operations: tuple[Operation, ...]
    schemas: dict[str, dict[str, Any]]
    errors: tuple[ErrorCode, ...]
    field_modifiers: tuple[FieldModifier, ...]
    source_name: str


def parse_api(source: SpecSource) -> Api:
    """Build the model of a spec that has passed :func:`generator.checks.check_spec`."""
    doc = source.document
    component_params = {
        id(p): name for name, p in (doc.get("components", {}).get("parameters") or {}).items()
    }
    operations = []
    for ptr, path, method, op in iter_operations(doc):
        item = doc["paths"][path]
        params: dict[tuple[str, str], Parameter] = {}
        for raw in [*(item.get("parameters") or ()), *(op.get("parameters") or ())]:
            param = deref(doc, raw)
            component = component_params.get(id(param), "")
            schema = param.get("schema", {})
            params[(param["name"], param["in"])] = Parameter(
                name=param["name"],
                location=param["in"],
                required=bool(param.get("required", False)),
                description=param.get("description", ""),
                schema=schema,
                common=component.startswith("Common"),
                secret=_is_secret(doc, schema),
            )
        body = None
        if "requestBody" in op:
            raw_body = deref(doc, op["requestBody"])
            content = raw_body.get("content", {})
            names = {_component_name(media.get("schema", {})) for media in content.values()}
            if len(names) != 1 or None in names:
                problem = source.problem(
                    f"{ptr}/requestBody",
                    "request-body",
                    "every content type of a request body must $ref the same named object schema",
                )
                raise SpecError([problem])
            body = Body(tuple(content), str(names.pop()), raw_body.get("description", ""))
        responses = []
        for status, raw_resp in (op.get("responses") or {}).items():
            resp = deref(doc, raw_resp)
            content = resp.get("content", {})
            first_media: dict[str, Any] = next(iter(content.values()), {})
            schema = first_media.get("schema", {})
            responses.append(
                Response(str(status), resp.get("description", ""), tuple(content), schema)
            )
        operations.append(
            Operation(
                operation_id=op["operationId"],
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", "").strip(),
                tags=tuple(op.get("tags", ())),
                parameters=tuple(params.values()),
                body=body,
                responses=tuple(responses),
                error_codes=tuple(op.get(ERROR_CODES_KEY, ())),
            )
        )
    errors = tuple(
        ErrorCode(
            code=int(code),
            meaning=entry["meaning"],
            type=entry["type"],
            http_status=entry["http_status"],
            retryable=entry["retryable"],
            action=entry["action"],
        )
        for code, entry in sorted(doc.get(ERROR_CATALOG_KEY, {}).items(), key=lambda kv: int(kv[0]))
    )
    servers = doc.get("servers") or [{}]
    return Api(
        title=doc["info"]["title"],
        version=str(doc["info"]["version"]),
        base_url=servers[0].get("url", ""),
        operations=tuple(operations),
        schemas=dict(doc.get("components", {}).get("schemas") or {}),
        errors=errors,
        field_modifiers=tuple(
            FieldModifier(name, tuple(m["applies_to"]), m["description"], m["argument"])
            for name, m in (doc.get(FIELD_MODIFIERS_KEY) or {}).items()
        ),
        source_name=source.name,
    )


def _component_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref", "")
    return ref[len(COMPONENT_PREFIX) :] if ref.startswith(COMPONENT_PREFIX) else None


def _is_secret(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    name = _component_name(schema)
    if name is not None:
        schema = doc["components"]["schemas"][name]
    return schema.get("format") == "password"
