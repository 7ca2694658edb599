"""access_token and appsecret_proof values never appear in errors, reprs, envelopes or CLI output."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlencode

import pytest

import adspixel

TOKEN = "EAABsecretTOKEN0123456789"
PROOF_BAD = "zzsecretPROOFzz"


def everything_said(result) -> str:
    parts = [repr(result), json.dumps(result.to_dict(), default=str)]
    for error in result.errors:
        parts += [
            repr(error),
            error.message,
            error.value,
            str(error.expected),
            error.graph_message(),
        ]
        parts.append(json.dumps(error.to_graph_error("t")))
    if not result.ok:
        try:
            result.raise_for_errors()
        except adspixel.ValidationError as exc:
            parts += [str(exc), repr(exc)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "params",
    [
        {"access_token": TOKEN, "name": 5},
        {"access_token": [TOKEN], "appsecret_proof": PROOF_BAD},
        {"access_token": {"nested": TOKEN}},
        {"appsecret_proof": PROOF_BAD * 20},
        {"access_token": 12345, "appsecret_proof": [PROOF_BAD]},
    ],
)
def test_secrets_are_never_echoed(params) -> None:
    result = adspixel.validate_request("update", params)
    assert not result.ok
    said = everything_said(result)
    assert TOKEN not in said and PROOF_BAD not in said and "12345" not in said


def test_secrets_on_the_wire_are_not_echoed() -> None:
    body = urlencode({"access_token": TOKEN, "appsecret_proof": PROOF_BAD, "name": "x", "bogus": 1})
    result = adspixel.validate_http_request(
        "POST", f"/v22.0/123?access_token={TOKEN}x", body, "application/x-www-form-urlencoded"
    )
    said = everything_said(result)
    assert not result.ok
    assert TOKEN not in said and PROOF_BAD not in said


def test_cli_does_not_print_secrets(tmp_path) -> None:
    record = {"access_token": [TOKEN], "appsecret_proof": PROOF_BAD}
    path = tmp_path / "requests.jsonl"
    path.write_text(json.dumps(record) + "\n")
    for fmt in ("text", "json"):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "adspixel.cli",
                "validate",
                str(path),
                "--operation",
                "read",
                "--format",
                fmt,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.returncode == 1
        assert "access_token" in out.stdout
        assert TOKEN not in out.stdout + out.stderr and PROOF_BAD not in out.stdout + out.stderr
