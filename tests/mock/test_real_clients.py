"""The mock against real clients: the official Python SDK, curl-style multipart, and schemathesis."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest
from facebook_business.adobjects.adaccount import AdAccount
from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.api import FacebookAdsApi, FacebookSession
from facebook_business.exceptions import FacebookRequestError

import adspixel

from .conftest import ROOT, running_mock


def sdk(url: str) -> FacebookAdsApi:
    session = FacebookSession(access_token="mock-token")
    session.GRAPH = url  # the SDK's base URL, pointed at the mock
    return FacebookAdsApi(session, api_version="v22.0")


def test_official_sdk_create_update_read_stats(mock_url) -> None:
    api = sdk(mock_url)
    created = AdAccount("act_111222333", api=api).create_ads_pixel(params={"name": "My WCA Pixel"})
    pixel_id = created["id"]
    assert adspixel.validate_response("create", {"id": pixel_id}).ok

    pixel = AdsPixel(pixel_id, api=api)
    pixel.api_update(
        params={
            "automatic_matching_fields": ["em", "ph"],
            "enable_automatic_matching": True,
            "data_use_setting": "ANALYTICS_ONLY",
        }
    )
    read = AdsPixel(pixel_id, api=api).api_get(
        fields=[
            "name",
            "automatic_matching_fields",
            "enable_automatic_matching",
            "data_use_setting",
            "creation_time",
        ]
    )
    assert read["name"] == "My WCA Pixel"
    assert read["automatic_matching_fields"] == ["em", "ph"]
    assert read["enable_automatic_matching"] is True
    assert read["data_use_setting"] == "ANALYTICS_ONLY"

    stats = list(AdsPixel(pixel_id, api=api).get_stats(params={"aggregation": "event", "limit": 8}))
    assert len(stats) == 30  # the SDK's cursor followed paging.next across 4 pages
    assert all(s["aggregation"] == "event" for s in stats)


def test_official_sdk_raises_its_own_error_with_code_100(mock_url) -> None:
    api = sdk(mock_url)
    pixel_id = AdAccount("act_999", api=api).create_ads_pixel(params={"name": "x"})["id"]
    with pytest.raises(FacebookRequestError) as info:
        AdsPixel(pixel_id, api=api).api_update(params={"data_use_setting": "BOGUS"})
    assert info.value.api_error_code() == 100
    assert info.value.http_status() == 400
    assert "data_use_setting must be one of" in info.value.api_error_message()
    with pytest.raises(FacebookRequestError) as again:
        AdAccount("act_999", api=api).create_ads_pixel(params={"name": "x"})
    assert again.value.api_error_code() == 6200


def test_curl_multipart_create(mock_url) -> None:
    boundary = "------------------------d74496d66958873e"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n"My WCA Pixel"\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="access_token"\r\n\r\nmock-token\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        f"{mock_url}/v22.0/act_777/adspixels",
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request) as response:
        pixel_id = json.loads(response.read())["id"]
    with urllib.request.urlopen(
        f"{mock_url}/v22.0/{pixel_id}?fields=name&access_token=mock-token"
    ) as response:
        assert json.loads(response.read())["name"] == "My WCA Pixel"


def test_state_file_survives_a_restart(tmp_path) -> None:
    state = tmp_path / "mock.sqlite"
    with running_mock("--state", str(state)) as url:
        pixel_id = AdAccount("act_1", api=sdk(url)).create_ads_pixel(params={"name": "kept"})["id"]
    with running_mock("--state", str(state)) as url:
        assert AdsPixel(pixel_id, api=sdk(url)).api_get(fields=["name"])["name"] == "kept"


def test_schemathesis_finds_no_failure(mock_url, tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            str(ROOT / "spec" / "adspixel.yaml"),
            "--url",
            f"{mock_url}/v22.0",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples",
            "15",
            "--generation-deterministic",
            "--workers",
            "1",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
