"""Property tests: every enum and type rule of the spec is enforced, by the library and its peers.

- valid is accepted: every value drawn from the spec's strategies passes;
- each single-rule mutation is rejected with exactly one error, at the mutated
  place, naming the broken rule;
- differential: the library, jsonschema (Draft 2020-12) on the generated JSON
  Schemas, and the generated pydantic models agree on accept/reject for valid,
  mutated and arbitrary JSON values;
- wire round trip: parameters encoded as the SDK, curl or a JSON client would
  send them decode to the same parameters.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pydantic
import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from jsonschema import validators

import adspixel
from adspixel import _table, strategies
from adspixel._checker import python_pattern
from adspixel._generated import models
from adspixel.validation import compiled

OPERATIONS = list(_table.table()["operations"])
RESPONSES = [(op, status) for op in OPERATIONS for status in _table.operation(op)["responses"]]


# ---- valid is accepted -----------------------------------------------------------------


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_valid_requests_are_accepted(operation_id) -> None:
    @given(strategies.requests(operation_id))
    def run(params):
        result = adspixel.validate_request(operation_id, params)
        assert result.ok, result.errors

    run()


@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_valid_responses_are_accepted(operation_id, status) -> None:
    code = 200 if status == "200" else 400

    @given(strategies.responses(operation_id, status))
    def run(body):
        result = adspixel.validate_response(operation_id, body, code)
        assert result.ok, result.errors

    run()


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_error_envelopes_are_accepted_and_explained(operation_id) -> None:
    @given(strategies.error_envelopes(operation_id))
    def run(body):
        assert adspixel.validate_response(operation_id, body, 400).ok
        error = adspixel.GraphError.from_response(body)
        assert error.known and error.meaning

    run()


# ---- one rule broken ------------------------------------------------------------------------


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_each_request_mutation_is_rejected_at_its_place(operation_id) -> None:
    @given(strategies.invalid_requests(operation_id))
    def run(invalid):
        result = adspixel.validate_request(operation_id, invalid.value)
        assert [(e.pointer, e.rule) for e in result.errors] == [(invalid.pointer, invalid.rule)]

    run()


@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_each_response_mutation_is_rejected_at_its_place(operation_id, status) -> None:
    code = 200 if status == "200" else 400

    @given(strategies.invalid_responses(operation_id, status))
    def run(invalid):
        result = adspixel.validate_response(operation_id, invalid.value, code)
        assert [(e.pointer, e.rule) for e in result.errors] == [(invalid.pointer, invalid.rule)]

    run()


def test_mutations_cover_every_rule_kind() -> None:
    kinds: set[str] = set()
    for operation_id in OPERATIONS:
        schema = _table.schema(_table.operation(operation_id)["request_schema"])
        params = {
            "update": {
                "data_use_setting": "EMPTY",
                "automatic_matching_fields": ["em"],
                "server_events_business_ids": ["1"],
            },
            "list_assigned_users": {"business": "1", "limit": 5},
        }.get(operation_id, {"locale": "en_US"})
        kinds |= {m.rule for m in strategies.mutations(params, schema)}
    assert {"type", "enum", "pattern", "required", "unknown_parameter", "minimum"} <= kinds


# ---- differential ---------------------------------------------------------------------------


def _ecma_pattern(validator, pattern, instance, schema):
    """jsonschema reads patterns as Python regexes, where $ also matches before a final newline."""
    if validator.is_type(instance, "string") and not python_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = validators.extend(jsonschema.Draft202012Validator, {"pattern": _ecma_pattern})


def _jsonschema(relative: str) -> Any:
    return EcmaValidator(_table.schema(relative))


def _model_accepts(model_name: str, value: Any) -> bool:
    try:
        getattr(models, model_name).model_validate(value)
    except pydantic.ValidationError:
        return False
    return True


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _near(operation_id: str, which: str) -> st.SearchStrategy[Any]:
    """Arbitrary JSON, and objects that use the schema's own member names."""
    entry = _table.operation(operation_id)
    relative = (
        entry["request_schema"] if which == "request" else entry["responses"][which]["schema"]
    )
    schema = _table.schema(relative)
    root = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
    names = sorted(root.get("properties", {})) or ["id"]
    known = st.dictionaries(st.sampled_from(names), JSON, max_size=5)
    return JSON | known


def _agree(operation_id: str, which: str, value: Any) -> None:
    entry = _table.operation(operation_id)
    if which == "request":
        library = not compiled(operation_id, "request").errors(value)
        relative, model = entry["request_schema"], entry["request_model"]
    else:
        library = not compiled(operation_id, which).errors(value)
        relative, model = entry["responses"][which]["schema"], entry["responses"][which]["model"]
    schema = _jsonschema(relative).is_valid(value)
    pydantic_ok = _model_accepts(model, value)
    # The error lister alone (no jsonschema-rs fast path in front of it).
    lister = not compiled(operation_id, which).explain(value)
    note(f"library={library} jsonschema={schema} pydantic={pydantic_ok} lister={lister}")
    assert library == schema == pydantic_ok == lister, value


SITES = [(op, "request") for op in OPERATIONS] + RESPONSES


@pytest.mark.parametrize(("operation_id", "which"), SITES)
def test_differential_on_valid_and_mutated_values(operation_id, which) -> None:
    if which == "request":
        valid, invalid = (
            strategies.requests(operation_id),
            strategies.invalid_requests(operation_id),
        )
    else:
        valid = strategies.responses(operation_id, which)
        invalid = strategies.invalid_responses(operation_id, which)

    @given(valid | invalid.map(lambda i: i.value))
    def run(value):
        _agree(operation_id, which, value)

    run()


@pytest.mark.parametrize(("operation_id", "which"), SITES)
def test_differential_on_arbitrary_json(operation_id, which) -> None:
    @given(_near(operation_id, which))
    def run(value):
        _agree(operation_id, which, value)

    run()


# ---- the wire -------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["sdk", "curl", "json"])
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_wire_round_trip(operation_id, style) -> None:
    @given(strategies.http_requests(operation_id, style))
    def run(request):
        result = adspixel.validate_http_request(
            request.method, request.url, request.body, request.content_type
        )
        assert result.ok, result.errors
        assert result.operation_id == operation_id
        assert result.params == request.params

    run()


def test_sdk_encoding_matches_the_facts_file() -> None:
    assert strategies.encode_value(["em", "ph"], ["array"], "sdk") == '["em","ph"]'
    assert strategies.encode_value(True, ["boolean"], "sdk") == "true"
    assert strategies.encode_value("My WCA Pixel", ["string"], "sdk") == "My WCA Pixel"
    assert strategies.encode_value("My WCA Pixel", ["string"], "curl") == '"My WCA Pixel"'
    assert strategies.encode_value("true", ["boolean", "string"], "sdk") == '"true"'
    assert re.fullmatch(r"\d+", strategies.encode_value(25, ["integer"], "sdk"))
