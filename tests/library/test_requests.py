"""validate_request: every rule kind, Graph-exact errors, common parameters, bad input."""

from __future__ import annotations

import threading

import pytest

import adspixel
from adspixel import _table

OPERATIONS = list(_table.table()["operations"])


def rules(result):
    return {(e.pointer, e.rule) for e in result.errors}


def test_valid_sdk_update_passes() -> None:
    params = {
        "name": "My WCA Pixel",
        "automatic_matching_fields": ["em", "ph"],
        "enable_automatic_matching": True,
    }
    result = adspixel.validate_request("update", params)
    assert result.ok and bool(result) and len(result) == 0
    result.raise_for_errors()


@pytest.mark.parametrize("operation_id", OPERATIONS)
@pytest.mark.parametrize("name", _table.table()["common_parameters"])
def test_common_parameters_accepted_everywhere(operation_id, name) -> None:
    good = {
        "access_token": "EAAB",
        "appsecret_proof": "a" * 64,
        "fields": next(
            iter(
                _table.table()["nodes"][
                    _table.operation(operation_id)["fields_node"] or "AdsPixel"
                ]["fields"]
            )
        ),
        "limit": 25,
        "after": "QVFI",
        "before": "QVFI",
        "summary": True,
        "pretty": False,
        "locale": "en_US",
        "suppress_http_code": True,
        "method": "GET",
    }[name]
    params = {name: good}
    if operation_id == "list_assigned_users":
        params["business"] = "123"
    assert adspixel.validate_request(operation_id, params).ok


@pytest.mark.parametrize(
    ("operation_id", "params", "pointer", "rule", "expected"),
    [
        ("update", {"name": 5}, "/name", "type", ("string",)),
        (
            "update",
            {"enable_automatic_matching": "yes"},
            "/enable_automatic_matching",
            "type",
            ("boolean",),
        ),
        (
            "update",
            {"automatic_matching_fields": "em"},
            "/automatic_matching_fields",
            "type",
            ("array",),
        ),
        (
            "update",
            {"data_use_setting": "BOGUS"},
            "/data_use_setting",
            "enum",
            ("EMPTY", "ADVERTISING_AND_ANALYTICS", "ANALYTICS_ONLY"),
        ),
        (
            "update",
            {"automatic_matching_fields": ["em", "xx"]},
            "/automatic_matching_fields/1",
            "enum",
            None,
        ),
        (
            "update",
            {"server_events_business_ids": ["12a"]},
            "/server_events_business_ids/0",
            "pattern",
            "^[0-9]+$",
        ),
        ("update", {"nmae": "x"}, "/nmae", "unknown_parameter", None),
        ("list_assigned_users", {}, "/business", "required", "business"),
        ("read", {"limit": -1}, "/limit", "minimum", 0),
        ("read", {"access_token": ""}, "/access_token", "minLength", 1),
        ("read", {"locale": "english"}, "/locale", "pattern", "^[a-z]{2}_[A-Z]{2}$"),
        ("read", {"summary": 5}, "/summary", "anyOf", ("a boolean", "a string")),
        (
            "read",
            {"method": "PATCH"},
            "/method",
            "enum",
            ("GET", "POST", "DELETE", "get", "post", "delete"),
        ),
        ("list_stats", {"start_time": "yesterday"}, "/start_time", "anyOf", None),
        ("list_stats", {"aggregation": "events"}, "/aggregation", "enum", None),
        (
            "list_da_checks",
            {"connection_method": "WEB"},
            "/connection_method",
            "enum",
            ("ALL", "APP", "BROWSER", "SERVER"),
        ),
        ("list_offline_event_uploads", {"sort_by": "NAME"}, "/sort_by", "enum", None),
        ("list_offline_event_uploads", {"end_time": -5}, "/end_time", "anyOf", None),
    ],
)
def test_each_rule_is_reported_with_place_and_expectation(
    operation_id, params, pointer, rule, expected
) -> None:
    result = adspixel.validate_request(operation_id, params)
    assert not result.ok
    (error,) = result.errors
    assert (error.pointer, error.rule) == (pointer, rule)
    if expected is not None:
        assert error.expected == expected
    assert error.message.startswith(pointer)
    assert error.schema_path.startswith("#/")


def test_every_error_is_listed_not_only_the_first() -> None:
    params = {
        "data_use_setting": "BOGUS",
        "name": 5,
        "foo": 1,
        "automatic_matching_fields": ["em", "xx"],
        "enable_automatic_matching": "yes",
    }
    result = adspixel.validate_request("update", params)
    assert rules(result) == {
        ("/foo", "unknown_parameter"),
        ("/name", "type"),
        ("/enable_automatic_matching", "type"),
        ("/data_use_setting", "enum"),
        ("/automatic_matching_fields/1", "enum"),
    }
    assert result.best_match().rule == "unknown_parameter"
    assert adspixel.best_match(list(result.errors)).rule == "unknown_parameter"


def test_graph_error_envelope_is_exact() -> None:
    result = adspixel.validate_request("update", {"data_use_setting": "BOGUS"})
    assert result.to_graph_error(fbtrace_id="AbCdEfGh123") == {
        "error": {
            "message": "(#100) Param data_use_setting must be one of {EMPTY, ADVERTISING_AND_ANALYTICS, ANALYTICS_ONLY}",
            "type": "OAuthException",
            "code": 100,
            "fbtrace_id": "AbCdEfGh123",
        }
    }
    envelope = result.to_graph_error()
    assert envelope is not None and envelope["error"]["fbtrace_id"]
    assert result.errors[0].http_status == 400


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"name": 5}, "(#100) Param name must be a string"),
        (
            {"server_events_business_ids": ["1", "x"]},
            "(#100) Param server_events_business_ids[1] must match the pattern ^[0-9]+$",
        ),
        ({"nmae": "x"}, "(#100) Param nmae is not a valid parameter"),
    ],
)
def test_graph_messages(params, message) -> None:
    assert adspixel.validate_request("update", params).errors[0].graph_message() == message


def test_required_graph_message() -> None:
    error = adspixel.validate_request("list_assigned_users", {}).errors[0]
    assert error.graph_message() == "(#100) The parameter business is required"


def test_raise_for_errors_raises_the_one_exception_type() -> None:
    result = adspixel.validate_request("update", {"name": 5, "foo": 1})
    with pytest.raises(adspixel.ValidationError) as info:
        result.raise_for_errors()
    assert isinstance(info.value, ValueError)
    assert info.value.errors == result.errors
    assert "2 validation errors" in str(info.value) and "/name" in str(info.value)
    assert info.value.to_graph_error("t")["error"]["code"] == 100


def test_error_to_dict_is_machine_readable() -> None:
    error = adspixel.validate_request("update", {"data_use_setting": "BOGUS"}).errors[0]
    assert error.to_dict() == {
        "loc": ["data_use_setting"],
        "pointer": "/data_use_setting",
        "rule": "enum",
        "expected": ("EMPTY", "ADVERTISING_AND_ANALYTICS", "ANALYTICS_ONLY"),
        "value": "'BOGUS'",
        "message": "/data_use_setting: must be one of {EMPTY, ADVERTISING_AND_ANALYTICS, ANALYTICS_ONLY} (got 'BOGUS')",
        "schema_path": "#/$defs/DataUseSetting/enum",
    }


def test_long_values_are_shortened() -> None:
    error = adspixel.validate_request("update", {"data_use_setting": "X" * 100_000}).errors[0]
    assert 90 <= len(error.value) <= 105
    assert len(error.message) < 300


def test_unknown_operation_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: read"):
        adspixel.validate_request("delete", {})


@pytest.mark.parametrize(
    "params",
    [
        None,
        [],
        "name=x",
        42,
        {"name": {1, 2}},
        {"name": b"bytes"},
        {"name": float("nan")},
        {"limit": float("inf")},
        {1: "x"},
        {"name": object()},
        {"limit": -(10**400)},
        {"automatic_matching_fields": ["em"] * 100_000 + [5]},
        {"x" * 1_000_000: 1},
    ],
    ids=lambda v: type(v).__name__,
)
def test_strange_input_gives_errors_never_a_crash(params) -> None:
    result = adspixel.validate_request("update", params)
    assert not result.ok
    for error in result.errors:
        assert error.message and error.rule and len(error.value) <= 105


def test_deep_nesting_gives_an_error_not_a_recursion_error() -> None:
    deep: list = []
    node = deep
    for _ in range(100_000):
        node.append([])
        node = node[0]
    for params in ({"name": deep}, {"automatic_matching_fields": deep}, {"unknown": deep}):
        result = adspixel.validate_request("update", params)
        assert not result.ok
        assert result.errors[0].message


def test_deep_nesting_in_an_open_response_is_reported_not_recursed() -> None:
    deep: dict = {}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    result = adspixel.validate_response(
        "read", {"id": "1", "creator": {"id": "2", "extra": deep}, "name": 5}
    )
    assert not result.ok


def test_validators_are_shared_and_thread_safe() -> None:
    bad = {"name": 5, "data_use_setting": "BOGUS"}
    expected = rules(adspixel.validate_request("update", bad))
    failures = []

    def work() -> None:
        for i in range(300):
            operation = OPERATIONS[i % len(OPERATIONS)]
            adspixel.validate_request(operation, {"limit": i})
            if rules(adspixel.validate_request("update", bad)) != expected:
                failures.append(i)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    from adspixel.validation import compiled

    assert compiled("update", "request") is compiled("update", "request")


@pytest.mark.parametrize(
    ("operation_id", "params", "graph", "message"),
    [
        (
            "read",
            {"limit": -1},
            "(#100) Param limit must be at least 0",
            "/limit: must be at least 0 (got -1)",
        ),
        (
            "read",
            {"access_token": ""},
            "(#100) Param access_token must be at least 1 character long",
            "/access_token: must be at least 1 character long (got [redacted])",
        ),
        (
            "read",
            {"locale": "english"},
            "(#100) Param locale must match the pattern ^[a-z]{2}_[A-Z]{2}$",
            "/locale: must match the pattern ^[a-z]{2}_[A-Z]{2}$ (got 'english')",
        ),
        (
            "read",
            {"summary": 5},
            "(#100) Param summary must be a boolean or a string",
            "/summary: must be a boolean or a string (got 5)",
        ),
        (
            "read",
            {"pretty": "yes"},
            "(#100) Param pretty must be a boolean",
            "/pretty: must be a boolean (got 'yes')",
        ),
        (
            "update",
            {"automatic_matching_fields": {"a": 1}},
            "(#100) Param automatic_matching_fields must be an array",
            "/automatic_matching_fields: must be an array (got {'a': 1})",
        ),
        (
            "update",
            {"name": {1}},
            "(#100) Param name must be a JSON value (string, number, boolean, null, array or object with string keys)",
            "/name: must be a JSON value (string, number, boolean, null, array or object with string keys) (got {1})",
        ),
        (
            "list_stats",
            {"start_time": "soon"},
            "(#100) Param start_time must be a string matching ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}$"
            " or a string matching ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$"
            " or an integer >= 0",
            None,
        ),
    ],
)
def test_messages_for_every_rule(operation_id, params, graph, message) -> None:
    (error,) = adspixel.validate_request(operation_id, params).errors
    assert error.graph_message() == graph
    if message is not None:
        assert error.message == message


def test_bounds_are_inclusive() -> None:
    from adspixel.validation import compiled

    read = compiled("read", "request")
    for params in (
        {"limit": 0},
        {"access_token": "a"},
        {"limit": 0, "access_token": "a", "nmae": 1},
    ):
        assert [e.rule for e in read.explain(params)] == (
            ["unknown_parameter"] if "nmae" in params else []
        )
    pixel = compiled("read", "200")
    for rate in (-(2**31), 2**31 - 1):
        assert pixel.explain({"id": "1", "match_rate_approx": rate}) == []
    for rate in (-(2**31) - 1, 2**31):
        assert [e.rule for e in pixel.explain({"id": "1", "match_rate_approx": rate})] in (
            ["minimum"],
            ["maximum"],
        )


def test_checker_keywords_the_spec_does_not_use_yet() -> None:
    """const, minItems, maxItems and exclusive bounds: supported, so that a spec that adds them is checked."""
    from adspixel._checker import SchemaCompiler

    schema = {
        "type": "object",
        "properties": {
            "c": {"const": "x"},
            "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}},
            "n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
            "m": {"type": "integer", "maximum": 5},
            "s": {"type": "string", "maxLength": 2},
        },
    }
    check = SchemaCompiler(schema, unknown_rule="unknown_parameter").root
    cases = [
        ({"c": "y"}, "const", "must be 'x'"),
        ({"tags": []}, "minItems", "must have at least 1 item"),
        ({"tags": ["a", "b", "c"]}, "maxItems", "must have at most 2 items"),
        ({"n": 0}, "exclusiveMinimum", "must be greater than 0"),
        ({"n": 10}, "exclusiveMaximum", "must be less than 10"),
        ({"m": 6}, "maximum", "must be at most 5"),
        ({"s": "abc"}, "maxLength", "must be at most 2 characters long"),
    ]
    for value, rule, text in cases:
        errors: list = []
        check(value, (), errors)
        assert [e.rule for e in errors] == [rule], value
        assert text in errors[0].message, errors[0].message
    for good in ({"c": "x"}, {"tags": ["a"]}, {"n": 5}, {"m": 5}, {"s": "ab"}):
        errors = []
        check(good, (), errors)
        assert errors == [], good


def test_exception_message_lists_twenty_errors_then_counts() -> None:
    from adspixel.errors import ErrorDetail

    errors = tuple(ErrorDetail((f"p{i}",), "type", ("string",), i) for i in range(25))
    text = str(adspixel.ValidationError(errors, "update"))
    assert text.startswith("update: 25 validation errors")
    assert "/p19:" in text and "/p20:" not in text and "... and 5 more" in text
    exactly = str(adspixel.ValidationError(errors[:20], "update"))
    assert "more" not in exactly
    assert str(adspixel.ValidationError(errors[:21], "update")).endswith("... and 1 more")


def test_unsupported_method_names_the_object_of_an_edge_path() -> None:
    error = adspixel.validate_http_request("DELETE", "/v22.0/123/stats").errors[0]
    assert "Object with ID '123'" in error.graph_message()
