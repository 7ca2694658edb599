"""validate_response and parse_response: open by default, strict on request, error envelopes."""

from __future__ import annotations

import json

import pytest

import adspixel
from adspixel import _table
from tests.test_generated_models import EXAMPLES

RESPONSE_EXAMPLES = [
    (label, value) for label, _model, value in EXAMPLES if " 200 " in label or " default " in label
]


@pytest.mark.parametrize(
    ("label", "value"), RESPONSE_EXAMPLES, ids=[e[0] for e in RESPONSE_EXAMPLES]
)
def test_every_response_example_of_the_spec_is_valid(label, value) -> None:
    operation_id, status = label.split()[:2]
    code = 200 if status == "200" else 400
    assert adspixel.validate_response(operation_id, value, code).ok
    assert adspixel.validate_response(operation_id, value, code, strict=True).ok


def test_unknown_fields_pass_by_default_and_fail_when_strict() -> None:
    body = {"id": "1", "description": "added in v23", "creator": {"id": "2", "new": 1}}
    assert adspixel.validate_response("read", body).ok
    strict = adspixel.validate_response("read", body, strict=True)
    assert {(e.pointer, e.rule) for e in strict.errors} == {
        ("/description", "unknown_field"),
        ("/creator/new", "unknown_field"),
    }


def test_known_fields_are_typed_strictly() -> None:
    body = {
        "id": 1234,
        "creation_time": "2024-03-05T17:22:41Z",
        "match_rate_approx": 2**31,
        "data_use_setting": "SOMETHING",
        "owner_business": "200",
        "automatic_matching_fields": ["em", "EM"],
        "creator": {"name": "no id"},
    }
    result = adspixel.validate_response("read", body)
    assert {(e.pointer, e.rule) for e in result.errors} == {
        ("/id", "type"),
        ("/creation_time", "pattern"),
        ("/match_rate_approx", "maximum"),
        ("/data_use_setting", "enum"),
        ("/owner_business", "anyOf"),
        ("/automatic_matching_fields/1", "enum"),
        ("/creator/id", "required"),
    }


def test_id_is_always_present_in_a_read() -> None:
    result = adspixel.validate_response("read", {"name": "x"})
    assert [(e.pointer, e.rule) for e in result.errors] == [("/id", "required")]


def test_owner_business_may_be_null() -> None:
    assert adspixel.validate_response("read", {"id": "1", "owner_business": None}).ok


def test_edge_page_shapes() -> None:
    page = {
        "data": [{"aggregation": "event", "data": [{"value": "PageView", "count": "12"}]}],
        "paging": {"next": 5},
    }
    result = adspixel.validate_response("list_stats", page)
    assert {(e.pointer, e.rule) for e in result.errors} == {
        ("/data/0/data/0/count", "type"),
        ("/paging/next", "type"),
    }
    assert [e.rule for e in adspixel.validate_response("list_stats", {}).errors] == ["required"]


ENVELOPE = {
    "error": {"message": "(#100) x", "type": "OAuthException", "code": 100, "fbtrace_id": "Ab"}
}


def test_error_statuses_check_the_envelope() -> None:
    assert adspixel.validate_response("read", ENVELOPE, 400).ok
    assert adspixel.validate_response("update", ENVELOPE, 500).ok
    bad = adspixel.validate_response("read", {"error": {"message": "x"}}, 400)
    assert {e.pointer for e in bad.errors} == {"/error/type", "/error/code", "/error/fbtrace_id"}


def test_suppress_http_code_sends_errors_with_200() -> None:
    assert adspixel.validate_response("read", ENVELOPE, 200).ok


def test_undeclared_status_is_reported() -> None:
    result = adspixel.validate_response("read", {"id": "1"}, 302)
    assert result.errors[0].rule == "status"


def test_body_may_be_json_text() -> None:
    assert adspixel.validate_response("create", '{"id": "1"}').ok
    assert adspixel.validate_response("create", b'{"id": 1}').errors[0].rule == "type"
    assert adspixel.validate_response("create", b"{nope").errors[0].rule == "bad_encoding"


def test_parse_response_gives_the_generated_model() -> None:
    pixel = adspixel.parse_response(
        "read", {"id": "1", "name": "My WCA Pixel", "data_use_setting": "ANALYTICS_ONLY"}
    )
    assert type(pixel).__name__ == "AdsPixel"
    assert pixel.name == "My WCA Pixel"
    assert pixel.data_use_setting.value == "ANALYTICS_ONLY"
    assert type(adspixel.parse_response("update", '{"success": true}')).__name__ == "SuccessResult"
    assert type(adspixel.parse_response("read", ENVELOPE, 400)).__name__ == "ErrorEnvelope"
    assert adspixel.models.AdsPixel is type(pixel)


def test_parse_response_raises_the_library_error() -> None:
    with pytest.raises(adspixel.ValidationError) as info:
        adspixel.parse_response("read", {"id": "x"})
    assert info.value.errors[0].pointer == "/id"


def test_graph_error_from_response_reads_the_catalog() -> None:
    catalog = _table.table()["errors"]
    for code, entry in catalog.items():
        body = {
            "error": {
                "message": f"(#{code}) m",
                "type": "OAuthException",
                "code": int(code),
                "error_subcode": 7,
                "fbtrace_id": "Ab",
                "error_user_msg": "u",
            }
        }
        error = adspixel.GraphError.from_response(json.dumps(body), http_status=400)
        assert (error.meaning, error.retryable, error.action) == (
            entry["meaning"],
            entry["retryable"],
            entry["action"],
        )
        assert (error.code, error.subcode, error.fbtrace_id, error.user_message) == (
            int(code),
            7,
            "Ab",
            "u",
        )
        assert error.known and isinstance(error, Exception)
    assert adspixel.GraphError.from_response(
        {"error": {**ENVELOPE["error"], "code": 80004}}
    ).retryable


def test_graph_error_for_an_unknown_code() -> None:
    body = {
        "error": {
            "message": "new",
            "type": "OAuthException",
            "code": 99999,
            "fbtrace_id": "A",
            "is_transient": True,
        }
    }
    error = adspixel.GraphError.from_response(body)
    assert not error.known and error.meaning is None and error.retryable is True


@pytest.mark.parametrize("body", [{"data": []}, "not json", {"error": "x"}, None])
def test_graph_error_from_a_non_error_body(body) -> None:
    with pytest.raises(adspixel.ValidationError):
        adspixel.GraphError.from_response(body)
