"""Self-contained JSON Schemas (Draft 2020-12), one per operation request and response.

For services in other languages and for the run-time validators: each file
carries the ``$defs`` it needs and nothing else, so it can be loaded alone.

A request schema is the operation's whole parameter set as Graph sees it
after decoding the wire: query and body parameters together, Graph's common
parameters included, closed with ``additionalProperties: false`` because Graph
answers an unknown parameter with #100.  Path parameters are part of the URL
and are described in the operation table instead.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.model import COMPONENT_PREFIX, Api, Operation, Response
from generator.walk import iter_refs

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFS_PREFIX = "#/$defs/"


def request_root(api: Api, op: Operation) -> dict[str, Any]:
    """The request schema of ``op`` with ``#/components/schemas`` references."""
    own: dict[str, Any] = {}
    common: dict[str, Any] = {}
    required: list[str] = []
    if op.body is not None:
        body = api.schemas[op.body.schema_name]
        own.update(copy.deepcopy(body.get("properties", {})))
        required.extend(body.get("required", ()))
    for param in op.parameters:
        if param.location == "path":
            continue
        target = common if param.common else own
        target[param.name] = {**copy.deepcopy(param.schema), "description": param.description}
        if param.required:
            required.append(param.name)
    root: dict[str, Any] = {
        "title": f"{op.class_name}Request",
        "description": f"Parameters of {op.method} {op.path} ({op.operation_id}), "
        "query and body together, as Graph reads them after decoding the wire.",
        "type": "object",
        "additionalProperties": False,
        "properties": {**own, **common},
    }
    if required:
        root["required"] = required
    return root


def response_root(op: Operation, response: Response) -> dict[str, Any]:
    root = copy.deepcopy(response.schema)
    root.setdefault("title", f"{op.class_name}Response{response.status.capitalize()}")
    return root


def self_contained(root: dict[str, Any], api: Api, header: str, schema_id: str) -> dict[str, Any]:
    """A schema file: ``root`` plus the ``$defs`` it reaches, under a header."""
    return {"$schema": DIALECT, "$id": schema_id, "$comment": header, **embedded(root, api)}


def embedded(root: dict[str, Any], api: Api) -> dict[str, Any]:
    """``root`` plus the ``$defs`` it reaches, with references rewritten to them."""
    needed = _reachable(root, api)
    document: dict[str, Any] = _rewrite(root)
    if needed:
        document["$defs"] = {name: _rewrite(api.schemas[name]) for name in sorted(needed)}
    return document


def _reachable(root: dict[str, Any], api: Api) -> set[str]:
    needed: set[str] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        for _holder, ref in iter_refs(node):
            if ref.startswith(COMPONENT_PREFIX):
                name = ref[len(COMPONENT_PREFIX) :]
                if name not in needed:
                    needed.add(name)
                    pending.append(api.schemas[name])
    return needed


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        result = {key: _rewrite(value) for key, value in node.items()}
        ref = result.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            result["$ref"] = DEFS_PREFIX + ref[len(COMPONENT_PREFIX) :]
        return result
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


def models_document(api: Api) -> dict[str, Any]:
    """One JSON Schema holding every component and every request, for datamodel-code-generator.

    Properties that may be null are marked ``x-nullable`` and secrets
    ``x-secret`` (instead of ``format: password``, which would become a
    SecretStr without its pattern): the models' base class reads both marks.
    """
    defs = {name: _rewrite(schema) for name, schema in api.schemas.items()}
    for op in api.operations:
        root = request_root(api, op)
        defs[root["title"]] = _rewrite(root)
    for definition in defs.values():
        for prop in definition.get("properties", {}).values():
            _mark(prop, defs)
    return {"$schema": DIALECT, "$defs": defs}


def _mark(prop: dict[str, Any], defs: dict[str, Any]) -> None:
    branches = prop.get("anyOf", [prop])
    if any(b.get("type") == "null" for b in branches):
        prop["x-nullable"] = True
    target = prop
    ref = prop.get("$ref")
    if isinstance(ref, str) and ref.startswith(DEFS_PREFIX):
        target = defs[ref[len(DEFS_PREFIX) :]]
    if target.get("format") == "password":
        prop["x-secret"] = True
        if target is prop:
            del prop["format"]
