"""validate_http_request: raw traffic as the official SDK and curl send it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

import adspixel
from adspixel.wire import decode_value

BASE = "https://graph.facebook.com/v22.0"
FORM = "application/x-www-form-urlencoded"
PROOF = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def sdk_encode(params: dict) -> str:
    """What facebook-business does: JSON-encode lists, dicts and bools; strings as they are."""
    return urlencode(
        {
            k: json.dumps(v, separators=(",", ":")) if isinstance(v, list | dict | bool) else v
            for k, v in params.items()
        }
    )


def multipart(
    fields: dict[str, str], boundary: str = "------------------------abc123"
) -> tuple[bytes, str]:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return (
        "".join(parts) + f"--{boundary}--\r\n"
    ).encode(), f"multipart/form-data; boundary={boundary}"


def test_sdk_update_with_trailing_slash_and_auth_in_the_query() -> None:
    params = {
        "name": "My WCA Pixel",
        "automatic_matching_fields": ["em", "ph"],
        "enable_automatic_matching": True,
    }
    url = f"{BASE}/1234567890/?access_token=EAAB&appsecret_proof={PROOF}"
    result = adspixel.validate_http_request("POST", url, sdk_encode(params), FORM)
    assert result.ok, result.errors
    assert result.operation_id == "update"
    assert result.params == {**params, "access_token": "EAAB", "appsecret_proof": PROOF}


def test_sdk_edge_read_with_summary_true() -> None:
    query = sdk_encode(
        {"aggregation": "event", "summary": True, "limit": 10, "start_time": 1709659361}
    )
    result = adspixel.validate_http_request(
        "GET", f"{BASE}/1234567890/stats/?{query}&access_token=t"
    )
    assert result.ok, result.errors
    assert result.operation_id == "list_stats"
    assert result.params["summary"] is True and result.params["start_time"] == 1709659361


def test_curl_create_with_json_string_literal_in_multipart() -> None:
    body, content_type = multipart({"name": '"My WCA Pixel"', "access_token": "EAAB"})
    result = adspixel.validate_http_request(
        "POST", f"{BASE}/act_111222333/adspixels", body, content_type
    )
    assert result.ok, result.errors
    assert result.operation_id == "create"
    assert result.params == {"name": "My WCA Pixel", "access_token": "EAAB"}


def test_curl_update_with_bad_enum_in_multipart() -> None:
    body, content_type = multipart(
        {"data_use_setting": "EVERYTHING", "enable_automatic_matching": "maybe"}
    )
    result = adspixel.validate_http_request("POST", f"{BASE}/123", body, content_type)
    assert {(e.pointer, e.rule) for e in result.errors} == {
        ("/data_use_setting", "enum"),
        ("/enable_automatic_matching", "type"),
    }


def test_json_body_is_taken_as_typed() -> None:
    body = json.dumps({"automatic_matching_fields": ["em"], "enable_automatic_matching": "true"})
    result = adspixel.validate_http_request(
        "POST", f"{BASE}/123", body, "application/json; charset=utf-8"
    )
    assert [(e.pointer, e.rule) for e in result.errors] == [("/enable_automatic_matching", "type")]


def test_common_parameters_in_the_body_as_curl_sends_them() -> None:
    body = urlencode({"name": "x", "access_token": "EAAB", "appsecret_proof": PROOF, "pretty": "1"})
    result = adspixel.validate_http_request("POST", f"{BASE}/act_1/adspixels", body, FORM)
    assert result.ok, result.errors
    assert result.params["pretty"] is True


def test_unknown_parameter_on_the_wire() -> None:
    result = adspixel.validate_http_request("POST", f"{BASE}/123", sdk_encode({"nmae": "x"}), FORM)
    assert (
        result.to_graph_error("t")["error"]["message"]
        == "(#100) Param nmae is not a valid parameter"
    )


@pytest.mark.parametrize(
    ("url", "operation_id"),
    [
        ("/v22.0/123", "read"),
        ("/v22.0/123/", "read"),
        ("/123", "read"),
        (f"{BASE}/123/assigned_users?business=9", "list_assigned_users"),
        (f"{BASE}/123/da_checks/", "list_da_checks"),
        (f"{BASE}/123/offline_event_uploads", "list_offline_event_uploads"),
        (f"{BASE}/123/openbridge_configurations", "list_openbridge_configurations"),
        (f"{BASE}/123/shared_agencies", "list_shared_agencies"),
        (f"{BASE}/123/stats", "list_stats"),
        ("http://127.0.0.1:8080/v22.0/123?fields=id", "read"),
    ],
)
def test_operation_resolution(url, operation_id) -> None:
    result = adspixel.validate_http_request("get", url)
    assert result.operation_id == operation_id
    assert result.ok, result.errors


def test_post_to_act_prefix_resolves_create() -> None:
    assert (
        adspixel.validate_http_request("POST", "/v22.0/act_42/adspixels/").operation_id == "create"
    )


def test_bad_path_parameter() -> None:
    result = adspixel.validate_http_request("GET", f"{BASE}/my-pixel/stats?aggregation=nope")
    assert [(e.pointer, e.rule) for e in result.errors] == [
        ("/ads_pixel_id", "pattern"),
        ("/aggregation", "enum"),
    ]


@pytest.mark.parametrize(
    ("method", "url", "rule", "code", "text"),
    [
        (
            "GET",
            f"{BASE}/123/nope",
            "unknown_path",
            2500,
            "(#2500) Unknown path components: /123/nope",
        ),
        ("DELETE", f"{BASE}/123", "unsupported_method", 100, "(#100) Unsupported delete request."),
        ("GET", "/v21.0/123", "unsupported_version", 100, "(#100) API version v21.0"),
        (
            "GET",
            f"{BASE}/act_1/adspixels",
            "unsupported_method",
            100,
            "(#100) Unsupported get request.",
        ),
    ],
)
def test_unresolvable_requests(method, url, rule, code, text) -> None:
    result = adspixel.validate_http_request(method, url)
    assert result.operation_id is None
    (error,) = result.errors
    assert error.rule == rule
    envelope = result.to_graph_error("t")["error"]
    assert envelope["code"] == code and envelope["message"].startswith(text)


def test_method_parameter_is_checked_but_keeps_the_operation() -> None:
    result = adspixel.validate_http_request("GET", f"{BASE}/123?method=post")
    assert result.operation_id == "read" and result.ok
    assert result.path_params == {"ads_pixel_id": "123"}
    bad = adspixel.validate_http_request("GET", f"{BASE}/123?method=patch")
    assert [e.rule for e in bad.errors] == ["enum"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        (b"name=\xff\xfe", FORM),
        (b"whatever", "multipart/form-data"),
        (
            b"--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--\r\n",
            "multipart/form-data; boundary=x",
        ),
    ],
)
def test_undecodable_bodies(body, content_type) -> None:
    result = adspixel.validate_http_request("POST", f"{BASE}/123", body, content_type)
    assert [e.rule for e in result.errors] == ["bad_encoding"]


def test_unsupported_content_type() -> None:
    result = adspixel.validate_http_request("POST", f"{BASE}/123", "<xml/>", "text/xml")
    assert result.errors[0].rule == "unsupported_media_type"


@pytest.mark.parametrize(
    ("raw", "types", "decoded"),
    [
        ("My WCA Pixel", ["string"], "My WCA Pixel"),
        ('"My WCA Pixel"', ["string"], "My WCA Pixel"),
        ("123", ["string"], "123"),
        ("true", ["string"], "true"),
        ("true", ["boolean"], True),
        ("1", ["boolean"], True),
        ("0", ["boolean"], False),
        ("yes", ["boolean"], "yes"),
        ('["em","ph"]', ["array"], ["em", "ph"]),
        ("em,ph", ["array"], "em,ph"),
        ("25", ["integer"], 25),
        ("2.5", ["integer"], "2.5"),
        ("1709659361", ["string", "integer"], 1709659361),
        ("2024-03-05T17:22:41+0000", ["string", "integer"], "2024-03-05T17:22:41+0000"),
        ("true", ["boolean", "string"], True),
        ("total_count", ["boolean", "string"], "total_count"),
    ],
)
def test_decode_value(raw, types, decoded) -> None:
    assert decode_value(raw, types) == decoded


def test_query_string_encodings() -> None:
    result = adspixel.validate_http_request(
        "GET", f"{BASE}/123?fields=id%2Cname&locale=en_US&pretty=0"
    )
    assert result.ok
    assert result.params == {"fields": "id,name", "locale": "en_US", "pretty": False}


@pytest.mark.parametrize(
    ("method", "url", "body", "content_type"),
    [
        ("GET", "", None, None),
        ("GET", "http://[::1", None, None),
        ("GET", "/v22.0/123?%ZZ=%", None, None),
        ("POST", "/v22.0/123", "\x00" * 10_000, FORM),
        ("POST", "/v22.0/123", "a=" + "[" * 100_000, FORM),
        ("PUT", "/" * 10_000, None, None),
        ("POST", "/v22.0/123", b"\x89PNG", "image/png"),
    ],
)
def test_arbitrary_traffic_gives_errors_never_a_crash(method, url, body, content_type) -> None:
    result = adspixel.validate_http_request(method, url, body, content_type)
    assert all(e.message for e in result.errors)
