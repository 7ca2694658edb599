"""Checks a spec must pass before anything is generated from it.

First the OpenAPI 3.1 rules (openapi-spec-validator), then this project's own
lint: the rules that keep the spec the single, complete source of truth
(every operation and property described, enums named, examples that hold,
nothing unused, every error code in the catalog).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.load import SpecSource
from generator.problems import SpecError, SpecProblem, escape_token, pointer_of
from generator.walk import (
    FIELD_MODIFIERS_KEY,
    iter_all_schemas,
    iter_media_types,
    iter_operations,
    iter_parameter_objects,
    iter_refs,
    resolve_pointer,
)

ERROR_CATALOG_KEY = "x-graph-errors"
ERROR_CODES_KEY = "x-graph-error-codes"
_SPEC_URI = "urn:adspixel:spec"

# The shape of one entry of the error catalog.
_CATALOG_ENTRY = {
    "type": "object",
    "required": ["meaning", "type", "http_status", "retryable", "action"],
    "additionalProperties": False,
    "properties": {
        "meaning": {"type": "string", "minLength": 1},
        "type": {"type": "string", "minLength": 1},
        "http_status": {"type": "integer", "minimum": 200, "maximum": 599},
        "retryable": {"type": "boolean"},
        "action": {"type": "string", "minLength": 1},
    },
}


def check_spec(source: SpecSource) -> None:
    """Raise :class:`SpecError` listing every problem of ``source``."""
    problems = list(openapi_problems(source))
    if not problems:  # the lint assumes a structurally valid document
        problems = list(lint_problems(source))
    if problems:
        raise SpecError(problems)


def openapi_problems(source: SpecSource) -> Iterator[SpecProblem]:
    doc = source.document
    if doc.get("openapi") != "3.1.0":
        yield source.problem("/openapi", "openapi", "this toolkit reads OpenAPI 3.1.0 documents")
        return
    validator = OpenAPIV31SpecValidator(doc)
    structural = sorted(validator.schema_validator.iter_errors(doc), key=_error_sort_key)
    for error in _most_specific(structural):
        pointer = pointer_of(list(error.absolute_path))
        yield source.problem(pointer, "openapi", _short(error.message))
    if structural:
        return
    try:
        for error in validator.root_validator(validator.schema_path):
            pointer = pointer_of(list(getattr(error, "absolute_path", ()) or ()))
            yield source.problem(pointer, "openapi", _short(str(error.message)))
    except Exception as exc:
        yield source.problem("", "openapi", f"openapi-spec-validator failed: {exc!r}")


def _error_sort_key(error: ValidationError) -> tuple[str, str]:
    return pointer_of(list(error.absolute_path)), error.message


def _most_specific(errors: list[ValidationError]) -> list[ValidationError]:
    """Drop an error when a deeper one explains the same place (anyOf noise)."""
    result = []
    for error in errors:
        if error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            result.append(deepest)
        else:
            result.append(error)
    seen: set[tuple[str, str]] = set()
    unique = []
    for error in result:
        key = _error_sort_key(error)
        if key not in seen:
            seen.add(key)
            unique.append(error)
    return unique


def _short(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


_MODIFIER_ENTRY = {
    "type": "object",
    "required": ["applies_to", "description", "argument"],
    "additionalProperties": False,
    "properties": {
        "applies_to": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": ["field", "edge"]},
        },
        "description": {"type": "string", "minLength": 1},
        "argument": {"type": "object"},
    },
}


def lint_problems(source: SpecSource) -> Iterator[SpecProblem]:
    yield from _lint_field_modifiers(source)
    yield from _lint_operations(source)
    yield from _lint_descriptions(source)
    yield from _lint_inline_enums(source)
    yield from _lint_refs(source)
    yield from _lint_examples(source)
    yield from _lint_error_catalog(source)


def _lint_field_modifiers(source: SpecSource) -> Iterator[SpecProblem]:
    modifiers = source.document.get(FIELD_MODIFIERS_KEY, {})
    if not isinstance(modifiers, dict):
        yield source.problem(f"/{FIELD_MODIFIERS_KEY}", "field-modifiers", "must be a mapping")
        return
    validator = Draft202012Validator(_MODIFIER_ENTRY)
    for name, entry in modifiers.items():
        ptr = f"/{FIELD_MODIFIERS_KEY}/{escape_token(name)}"
        for error in validator.iter_errors(entry):
            where = pointer_of(list(error.absolute_path))
            yield source.problem(ptr + where, "field-modifiers", _short(error.message))


def _lint_operations(source: SpecSource) -> Iterator[SpecProblem]:
    for ptr, _path, _method, op in iter_operations(source.document):
        if not op.get("operationId"):
            yield source.problem(ptr, "operation-id", "operation has no operationId")
        if not str(op.get("description") or "").strip():
            yield source.problem(ptr, "operation-description", "operation has no description")


def _lint_descriptions(source: SpecSource) -> Iterator[SpecProblem]:
    doc = source.document
    for ptr, param in iter_parameter_objects(doc):
        if not str(param.get("description") or "").strip():
            name = param.get("name", "?")
            yield source.problem(
                ptr, "parameter-description", f"parameter {name!r} has no description"
            )
    for ptr, schema in iter_all_schemas(doc):
        for name, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict) and not str(prop.get("description") or "").strip():
                yield source.problem(
                    f"{ptr}/properties/{escape_token(name)}",
                    "property-description",
                    f"property {name!r} has no description",
                )


def _lint_inline_enums(source: SpecSource) -> Iterator[SpecProblem]:
    for ptr, schema in iter_all_schemas(source.document):
        if "enum" in schema and not _is_named_component(ptr):
            yield source.problem(
                f"{ptr}/enum",
                "inline-enum",
                "enum written in place; make it a named schema in components/schemas and $ref it",
            )


def _is_named_component(pointer: str) -> bool:
    parts = pointer.split("/")
    return len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas"


def _lint_refs(source: SpecSource) -> Iterator[SpecProblem]:
    doc = source.document
    used: set[str] = set()
    for holder, ref in iter_refs(doc):
        if not ref.startswith("#/"):
            yield source.problem(holder, "ref", f"$ref {ref!r} is not local; the spec is one file")
            continue
        try:
            resolve_pointer(doc, ref[1:])
        except KeyError:
            yield source.problem(holder, "ref", f"$ref {ref!r} points nowhere")
            continue
        parts = ref[2:].split("/")
        if len(parts) >= 3 and parts[0] == "components":
            used.add("/".join(parts[:3]))
    for kind, entries in (doc.get("components") or {}).items():
        if kind.startswith("x-") or not isinstance(entries, dict):
            continue
        for name in entries:
            key = f"components/{kind}/{escape_token(name)}"
            if key not in used:
                yield source.problem(
                    "/" + key, "unused-component", f"{kind} {name!r} is never referenced"
                )


def _lint_examples(source: SpecSource) -> Iterator[SpecProblem]:
    doc = source.document
    registry: Registry[Any] = Registry().with_resource(
        _SPEC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
    )

    def check(schema_ptr: str, example_ptr: str, value: Any) -> Iterator[SpecProblem]:
        validator = Draft202012Validator({"$ref": f"{_SPEC_URI}#{schema_ptr}"}, registry=registry)
        error = next(iter(sorted(validator.iter_errors(value), key=lambda e: e.path)), None)
        if error is not None:
            where = pointer_of(list(error.absolute_path)) or "/"
            yield source.problem(
                example_ptr,
                "example",
                f"example does not match its schema at {where}: {_short(error.message)}",
            )

    for ptr, media in iter_media_types(doc):
        if "schema" not in media:
            continue
        examples = list(_examples_of(media, ptr))
        if not examples:
            yield source.problem(ptr, "example-missing", "media type has no example")
        for example_ptr, value in examples:
            yield from check(f"{ptr}/schema", example_ptr, value)
    for ptr, param in iter_parameter_objects(doc):
        if "schema" not in param:
            continue
        examples = list(_examples_of(param, ptr))
        if not examples:
            yield source.problem(
                ptr, "example-missing", f"parameter {param.get('name')!r} has no example"
            )
        for example_ptr, value in examples:
            yield from check(f"{ptr}/schema", example_ptr, value)
    for ptr, schema in iter_all_schemas(doc):
        for i, value in enumerate(schema.get("examples") or ()):
            yield from check(ptr, f"{ptr}/examples/{i}", value)


def _examples_of(holder: dict[str, Any], ptr: str) -> Iterator[tuple[str, Any]]:
    if "example" in holder:
        yield f"{ptr}/example", holder["example"]
    for name, example in (holder.get("examples") or {}).items():
        if isinstance(example, dict) and "value" in example:
            yield f"{ptr}/examples/{escape_token(name)}/value", example["value"]


def _lint_error_catalog(source: SpecSource) -> Iterator[SpecProblem]:
    doc = source.document
    catalog = doc.get(ERROR_CATALOG_KEY)
    if not isinstance(catalog, dict) or not catalog:
        yield source.problem("", "error-catalog", f"the spec has no {ERROR_CATALOG_KEY} catalog")
        return
    entry_validator = Draft202012Validator(_CATALOG_ENTRY)
    for code, entry in catalog.items():
        ptr = f"/{ERROR_CATALOG_KEY}/{escape_token(code)}"
        if not code.isdigit():
            yield source.problem(ptr, "error-catalog", f"error code {code!r} is not a number")
        for error in entry_validator.iter_errors(entry):
            where = pointer_of(list(error.absolute_path))
            yield source.problem(ptr + where, "error-catalog", _short(error.message))
    used: set[str] = set()
    for ptr, _path, _method, op in iter_operations(doc):
        codes = op.get(ERROR_CODES_KEY)
        if not isinstance(codes, list) or not codes:
            yield source.problem(ptr, "error-codes", f"operation has no {ERROR_CODES_KEY} list")
            continue
        for i, code in enumerate(codes):
            if not isinstance(code, int) or isinstance(code, bool) or str(code) not in catalog:
                yield source.problem(
                    f"{ptr}/{ERROR_CODES_KEY}/{i}",
                    "error-codes",
                    f"error code {code!r} is not in the {ERROR_CATALOG_KEY} catalog",
                )
            else:
                used.add(str(code))
        if "default" not in (op.get("responses") or {}):
            yield source.problem(
                f"{ptr}/responses", "error-response", "operation has no default (error) response"
            )
    for code in catalog:
        if code not in used:
            yield source.problem(
                f"/{ERROR_CATALOG_KEY}/{escape_token(code)}",
                "unused-component",
                f"error code {code} is never used",
            )
