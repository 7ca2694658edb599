"""The operation table: what the run-time library reads instead of the spec.

One JSON document with every operation (method, path template, parameters,
bodies, responses, error codes), the error catalog, and the node types with
their fields and edges for the ``fields=`` language.  The library never parses
YAML or walks OpenAPI at run time; it looks things up here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.model import COMPONENT_PREFIX, Api, Operation
from generator.schemas import embedded, request_root

_NODE_PATH = re.compile(r"^/\{[a-z_]+\}$")
_EDGE_PATH = re.compile(r"^/\{[a-z_]+\}/([a-z_0-9]+)$")


def schema_file(op: Operation, kind: str) -> str:
    return f"schemas/{op.operation_id}.{kind}.json"


def build_table(api: Api, header: str) -> dict[str, Any]:
    return {
        "$comment": header,
        "api": {"title": api.title, "version": api.version, "base_url": api.base_url},
        "operations": {op.operation_id: _operation(api, op) for op in api.operations},
        "errors": {
            str(e.code): {
                "meaning": e.meaning,
                "type": e.type,
                "http_status": e.http_status,
                "retryable": e.retryable,
                "action": e.action,
            }
            for e in api.errors
        },
        "field_modifiers": {
            m.name: {
                "applies_to": list(m.applies_to),
                "description": m.description,
                "type": _json_type(api, m.argument),
                "argument": embedded(m.argument, api),
            }
            for m in api.field_modifiers
        },
        "common_parameters": sorted(
            {p.name for op in api.operations for p in op.parameters if p.common}
        ),
        "secret_parameters": sorted(
            {p.name for op in api.operations for p in op.parameters if p.secret}
        ),
        "nodes": _nodes(api),
    }


def _operation(api: Api, op: Operation) -> dict[str, Any]:
    request = request_root(api, op)
    body_names = set(api.schemas[op.body.schema_name].get("properties", {})) if op.body else set()
    parameters = {}
    for name, schema in request["properties"].items():
        param = next((p for p in op.parameters if p.name == name and p.location != "path"), None)
        parameters[name] = {
            "in": "body" if name in body_names else "query",
            "required": name in request.get("required", ()),
            "common": bool(param and param.common),
            "secret": bool(param and param.secret),
            "type": _json_type(api, schema),
        }
    return {
        "method": op.method,
        "path": op.path,
        "summary": op.summary,
        "description": op.description,
        "tags": list(op.tags),
        "path_parameters": {
            p.name: {
                "description": p.description,
                "schema": _inline(api, p.schema),
            }
            for p in op.parameters
            if p.location == "path"
        },
        "parameters": parameters,
        "request_schema": schema_file(op, "request"),
        "request_model": request["title"],
        "body": (
            {"content_types": list(op.body.content_types), "schema": op.body.schema_name}
            if op.body
            else None
        ),
        "responses": {
            r.status: {
                "description": r.description,
                "content_types": list(r.content_types),
                "schema": schema_file(op, f"response.{r.status}"),
                "model": _component_ref_name(r.schema),
            }
            for r in op.responses
        },
        "error_codes": list(op.error_codes),
        "fields_node": _fields_node(api, op),
    }


def _fields_node(api: Api, op: Operation) -> str | None:
    """The node type ``fields=`` selects from: the node of a read, the item type of an edge."""
    ok = next((r for r in op.responses if r.status == "200"), None)
    if op.method != "GET" or ok is None:
        return None
    if _NODE_PATH.match(op.path):
        return _component_ref_name(ok.schema)
    if _EDGE_PATH.match(op.path):
        return _node_type(api, _resolve(api, ok.schema).get("properties", {}).get("data", {}))
    return None


def _component_ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref", "")
    return ref[len(COMPONENT_PREFIX) :] if ref.startswith(COMPONENT_PREFIX) else None


def _resolve(api: Api, schema: dict[str, Any]) -> dict[str, Any]:
    name = _component_ref_name(schema)
    return _resolve(api, api.schemas[name]) if name else schema


def _inline(api: Api, schema: dict[str, Any]) -> dict[str, Any]:
    """A path parameter's schema with its reference followed, ready to check on its own."""
    resolved = _resolve(api, schema)
    if "$ref" in json.dumps(resolved):
        raise ValueError("a path parameter's type must not refer to other schemas")
    return {key: value for key, value in resolved.items() if key != "examples"}


def _json_type(api: Api, schema: dict[str, Any]) -> list[str]:
    """The JSON types a parameter may take: how the wire decoder reads its string."""
    schema = _resolve(api, schema)
    if "anyOf" in schema or "oneOf" in schema:
        types: list[str] = []
        for sub in schema.get("anyOf", schema.get("oneOf", [])):
            types.extend(t for t in _json_type(api, sub) if t not in types)
        return types
    declared = schema.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _node_type(api: Api, schema: dict[str, Any]) -> str | None:
    """The object component a field holds (through ``anyOf: [X, null]`` and arrays)."""
    name = _component_ref_name(schema)
    if name is not None:
        return name if api.schemas[name].get("type") == "object" else None
    for sub in schema.get("anyOf", []):
        found = _node_type(api, sub)
        if found:
            return found
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return _node_type(api, schema["items"])
    return None


def _nodes(api: Api) -> dict[str, Any]:
    roots: dict[str, dict[str, str]] = {}
    for op in api.operations:
        if op.method != "GET":
            continue
        ok = next((r for r in op.responses if r.status == "200"), None)
        if ok is None:
            continue
        if _NODE_PATH.match(op.path):
            name = _component_ref_name(ok.schema)
            if name:
                roots.setdefault(name, {})
        elif match := _EDGE_PATH.match(op.path):
            page = _resolve(api, ok.schema)
            item_type = _node_type(api, page.get("properties", {}).get("data", {}))
            node_op = next(
                (
                    o
                    for o in api.operations
                    if o.method == "GET" and o.path == op.path.rsplit("/", 1)[0]
                ),
                None,
            )
            owner = (
                next((r for r in node_op.responses if r.status == "200"), None) if node_op else None
            )
            owner_name = _component_ref_name(owner.schema) if owner else None
            if item_type and owner_name:
                roots.setdefault(owner_name, {})[match.group(1)] = item_type
    nodes: dict[str, Any] = {}
    pending = [*roots, *(t for edges in roots.values() for t in edges.values())]
    while pending:
        name = pending.pop(0)
        if name in nodes:
            continue
        fields: dict[str, str | None] = {}
        for field, schema in api.schemas[name].get("properties", {}).items():
            fields[field] = _node_type(api, schema)
            if fields[field]:
                pending.append(str(fields[field]))
        nodes[name] = {"fields": fields, "edges": dict(roots.get(name, {}))}
    return dict(sorted(nodes.items()))
