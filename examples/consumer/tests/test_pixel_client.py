"""The service's client checked against the AdsPixel contract with the adspixel plugin."""

from __future__ import annotations

import pixel_client
from hypothesis import given

from adspixel import strategies
from adspixel.pytest_plugin import assert_valid_http_request


def test_create_request_is_valid(adspixel_contract) -> None:
    request = pixel_client.create_pixel("111222333", "My WCA Pixel", "EAAB")
    operation = adspixel_contract.assert_valid_http_request(
        request.method, request.url, request.body, request.content_type
    )
    assert operation == "create"


def test_enable_matching_request_is_valid(adspixel_contract) -> None:
    request = pixel_client.enable_matching("1234567890", ["em", "ph"], "EAAB")
    assert (
        adspixel_contract.assert_valid_http_request(
            request.method, request.url, request.body, request.content_type
        )
        == "update"
    )


def test_read_request_is_valid() -> None:
    request = pixel_client.read_pixel("1234567890", "EAAB")
    assert assert_valid_http_request(request.method, request.url) == "read"


def test_known_answer_is_valid(adspixel_contract) -> None:
    answer = {"id": "1234567890", "name": "My WCA Pixel", "owner_business": None}
    adspixel_contract.assert_valid_response(
        "read", answer, fields="id,name,owner_business{id,name}"
    )
    assert pixel_client.pixel_summary(answer) == "My WCA Pixel (unclaimed), last fired never"


@given(strategies.responses("read"))
def test_summary_handles_every_valid_answer(answer) -> None:
    assert pixel_client.pixel_summary(answer)


@given(strategies.requests("update").filter(lambda p: "automatic_matching_fields" in p))
def test_matching_requests_the_client_can_build_are_valid(params) -> None:
    request = pixel_client.enable_matching(
        "1234567890", params["automatic_matching_fields"], "EAAB"
    )
    assert_valid_http_request(request.method, request.url, request.body, request.content_type)
