"""Where the schemas, parameters and media types of an OpenAPI 3.1 document are.

The lint rules and the renderers need the same answer to "which nodes are
schemas?"; keeping the walk in one place means a new keyword is added once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.problems import escape_token

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keywords whose value is a schema, a list of schemas, or a map of schemas.
_SCHEMA_VALUED = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "if",
    "then",
    "else",
    "contentSchema",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")


def iter_subschemas(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(pointer, schema)`` for ``schema`` and every schema inside it."""
    stack = [(pointer, schema)]
    while stack:
        here, node = stack.pop()
        if not isinstance(node, dict):
            continue
        yield here, node
        for key in _SCHEMA_VALUED:
            if key in node:
                stack.append((f"{here}/{key}", node[key]))
        for key in _SCHEMA_LISTS:
            for i, sub in enumerate(node.get(key) or ()):
                stack.append((f"{here}/{key}/{i}", sub))
        for key in _SCHEMA_MAPS:
            mapping = node.get(key)
            if isinstance(mapping, dict):
                for name, sub in mapping.items():
                    stack.append((f"{here}/{key}/{escape_token(name)}", sub))


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Yield ``(pointer, path, method, operation)`` in document order."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield f"/paths/{escape_token(path)}/{method}", path, method, op


def iter_parameter_objects(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every parameter object written in place (not a ``$ref``)."""
    for name, param in ((doc.get("components") or {}).get("parameters") or {}).items():
        if isinstance(param, dict):
            yield f"/components/parameters/{escape_token(name)}", param
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        base = f"/paths/{escape_token(path)}"
        owners = [(base, item)] + [
            (f"{base}/{m}", item[m]) for m in HTTP_METHODS if isinstance(item.get(m), dict)
        ]
        for owner_ptr, owner in owners:
            for i, param in enumerate(owner.get("parameters") or ()):
                if isinstance(param, dict) and "$ref" not in param:
                    yield f"{owner_ptr}/parameters/{i}", param


def iter_media_types(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every media type object of a request body or a response."""
    holders: list[tuple[str, Any]] = []
    components = doc.get("components") or {}
    for kind in ("requestBodies", "responses"):
        for name, obj in (components.get(kind) or {}).items():
            holders.append((f"/components/{kind}/{escape_token(name)}", obj))
    for op_ptr, _path, _method, op in iter_operations(doc):
        holders.append((f"{op_ptr}/requestBody", op.get("requestBody")))
        for status, resp in (op.get("responses") or {}).items():
            holders.append((f"{op_ptr}/responses/{escape_token(status)}", resp))
    for ptr, holder in holders:
        if not isinstance(holder, dict) or "$ref" in holder:
            continue
        for media, obj in (holder.get("content") or {}).items():
            if isinstance(obj, dict):
                yield f"{ptr}/content/{escape_token(media)}", obj


FIELD_MODIFIERS_KEY = "x-graph-field-modifiers"


def iter_schema_roots(doc: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every place of the document that holds a schema (not those inside it)."""
    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        yield f"/components/schemas/{escape_token(name)}", schema
    modifiers = doc.get(FIELD_MODIFIERS_KEY)
    if isinstance(modifiers, dict):
        for name, modifier in modifiers.items():
            if isinstance(modifier, dict) and "argument" in modifier:
                yield f"/{FIELD_MODIFIERS_KEY}/{escape_token(name)}/argument", modifier["argument"]
    for ptr, param in iter_parameter_objects(doc):
        if "schema" in param:
            yield f"{ptr}/schema", param["schema"]
    for ptr, media in iter_media_types(doc):
        if "schema" in media:
            yield f"{ptr}/schema", media["schema"]


def iter_all_schemas(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for ptr, root in iter_schema_roots(doc):
        yield from iter_subschemas(root, ptr)


def iter_refs(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Every ``$ref`` string in the document, with the pointer of its holder."""
    stack = [(pointer, node)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield here, ref
            for key, sub in value.items():
                stack.append((f"{here}/{escape_token(key)}", sub))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                stack.append((f"{here}/{i}", sub))


def resolve_pointer(doc: Any, pointer: str) -> Any:
    """Resolve a local JSON pointer; raise KeyError when it leads nowhere."""
    node = doc
    for token in pointer.lstrip("/").split("/") if pointer else ():
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def deref(doc: dict[str, Any], node: Any) -> Any:
    """Follow ``$ref`` chains of a non-schema object (parameter, body, response)."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen or not ref.startswith("#"):
            raise KeyError(ref)
        seen.add(ref)
        node = resolve_pointer(doc, ref[1:])
    return node
