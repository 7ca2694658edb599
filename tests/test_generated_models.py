"""The generated pydantic models accept every example of the spec and reject wrong-typed copies.

Examples are collected from the spec itself (media types, parameters, schema
``examples``); each is checked against the model the operation table names for
it.  Then every leaf of every example is replaced, one at a time, by a value of
another JSON type, and the model must refuse that copy.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

import adspixel._generated.models as models
from generator.load import load_spec
from generator.walk import deref, iter_operations

ROOT = Path(__file__).resolve().parent.parent
SPEC = load_spec(ROOT / "spec" / "adspixel.yaml").document
TABLE = json.loads((ROOT / "generated" / "operations.json").read_text())


def _examples(holder: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in holder:
        yield "example", holder["example"]
    for name, example in (holder.get("examples") or {}).items():
        yield name, example["value"]


def collect() -> list[tuple[str, str, Any]]:
    found: list[tuple[str, str, Any]] = []
    for _ptr, path, _method, op in iter_operations(SPEC):
        entry = TABLE["operations"][op["operationId"]]
        request_model = entry["request_model"]
        if "requestBody" in op:
            for media, obj in deref(SPEC, op["requestBody"])["content"].items():
                for name, value in _examples(obj):
                    found.append((f"{op['operationId']} body {media} {name}", request_model, value))
        params = [
            deref(SPEC, p)
            for p in [*SPEC["paths"][path].get("parameters", []), *op.get("parameters", [])]
        ]
        # A parameter's example is checked inside a request that also carries
        # the operation's required parameters (their first examples).
        required = {
            p["name"]: next(_examples(p))[1]
            for p in params
            if p.get("required") and p["in"] != "path"
        }
        for param in params:
            for name, value in _examples(param):
                label = f"{op['operationId']} param {param['name']} {name}"
                if param["in"] == "path":
                    found.append((label, param["schema"]["$ref"].rsplit("/", 1)[1], value))
                else:
                    found.append((label, request_model, {**required, param["name"]: value}))
        for status, response in op["responses"].items():
            model = entry["responses"][status]["model"]
            for media, obj in deref(SPEC, response).get("content", {}).items():
                for name, value in _examples(obj):
                    found.append((f"{op['operationId']} {status} {media} {name}", model, value))
    for name, schema in SPEC["components"]["schemas"].items():
        for i, value in enumerate(schema.get("examples", [])):
            found.append((f"schema {name} example {i}", name, value))
    return found


EXAMPLES = collect()


def test_every_operation_has_request_and_response_examples() -> None:
    labels = " ".join(label for label, _, _ in EXAMPLES)
    for operation_id in TABLE["operations"]:
        assert f"{operation_id} 200 " in labels
        assert f"{operation_id} default " in labels
        assert f"{operation_id} param " in labels or f"{operation_id} body " in labels


@pytest.mark.parametrize(("label", "model", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_model_accepts_example(label, model, value) -> None:
    getattr(models, model).model_validate(value)


def _wrong(value: Any) -> Any:
    """A value of another JSON type that no branch of the field's type accepts."""
    if isinstance(value, bool):
        return 12345
    if isinstance(value, str):
        return True
    if isinstance(value, int | float):
        return "12345"
    if isinstance(value, list):
        return "not-a-list"
    if isinstance(value, dict):
        return "not-an-object"
    return 12345  # None


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict) and value:
        for key, sub in value.items():
            yield from _leaf_paths(sub, (*path, key))
    elif isinstance(value, list) and value:
        for i, sub in enumerate(value):
            yield from _leaf_paths(sub, (*path, i))
    else:
        yield path


def _replace(value: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return _wrong(value)
    result = copy.deepcopy(value)
    holder = result
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = _wrong(holder[path[-1]])
    return result


MUTATIONS = [
    (f"{label} @ /{'/'.join(map(str, path))}", model, _replace(value, path))
    for label, model, value in EXAMPLES
    for path in _leaf_paths(value)
]


@pytest.mark.parametrize(("label", "model", "value"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_model_rejects_wrong_typed_copy(label, model, value) -> None:
    with pytest.raises(pydantic.ValidationError):
        getattr(models, model).model_validate(value)


# ---- JSON's rules where pydantic's differ (adspixel._model_base.GraphModel) ---------------


@pytest.mark.parametrize(
    ("model", "value", "accepted"),
    [
        ("AdsPixel", {"id": "1", "can_proxy": None}, False),
        ("AdsPixel", {"id": "1", "name": None}, False),
        ("AdsPixel", {"id": "1", "owner_business": None}, True),
        ("AdsPixel", {"id": "1", "duplicate_entries": 3.0, "match_rate_approx": 5.0}, True),
        ("AdsPixel", {"id": "1", "duplicate_entries": 3.5}, False),
        ("AdsPixel", {"id": "1", "duplicate_entries": True}, False),
        ("AdsPixel", {"id": "1", "duplicate_entries": "3"}, False),
        ("ListStatsRequest", {"start_time": 1709659361.0}, True),
        ("AdsPixelStatsResult", {"data": [{"count": 2.0}]}, True),
        ("ReadRequest", {"appsecret_proof": "not-hex"}, False),
        ("ReadRequest", {"appsecret_proof": "a" * 64}, True),
    ],
)
def test_models_follow_the_json_schema_rules(model, value, accepted) -> None:
    import jsonschema

    from adspixel import _table

    if accepted:
        getattr(models, model).model_validate(value)
    else:
        with pytest.raises(pydantic.ValidationError):
            getattr(models, model).model_validate(value)
    # ... and agree with the generated JSON Schemas on the same value.
    for name in _table.table()["operations"]:
        document = _table.schema(f"schemas/{name}.request.json")
        if model in document.get("$defs", {}) or document.get("title") == model:
            root = (
                document
                if document.get("title") == model
                else {**document, "$ref": f"#/$defs/{model}"}
            )
            assert jsonschema.Draft202012Validator(root).is_valid(value) == accepted
            break


def test_secrets_stay_out_of_model_reprs() -> None:
    request = models.ReadRequest.model_validate(
        {"access_token": "EAABsecret", "appsecret_proof": "a" * 64}
    )
    assert "EAABsecret" not in repr(request) and "a" * 64 not in repr(request)
    assert request.access_token == "EAABsecret"
