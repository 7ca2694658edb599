"""A service's Graph client for pixels: builds wire requests and reads answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

GRAPH = "https://graph.facebook.com/v22.0"


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    body: str | None = None
    content_type: str | None = None


def _wire(params: dict[str, Any]) -> str:
    # As the official SDK does: lists, dicts and bools JSON-encoded, strings as they are.
    return urlencode(
        {
            k: json.dumps(v, separators=(",", ":")) if isinstance(v, list | dict | bool) else v
            for k, v in params.items()
        }
    )


def create_pixel(ad_account_id: str, name: str, token: str) -> Request:
    return Request(
        "POST",
        f"{GRAPH}/act_{ad_account_id}/adspixels?access_token={token}",
        _wire({"name": name}),
        "application/x-www-form-urlencoded",
    )


def enable_matching(pixel_id: str, fields: list[str], token: str) -> Request:
    params = {"automatic_matching_fields": fields, "enable_automatic_matching": True}
    return Request(
        "POST",
        f"{GRAPH}/{pixel_id}/?access_token={token}",
        _wire(params),
        "application/x-www-form-urlencoded",
    )


def read_pixel(pixel_id: str, token: str) -> Request:
    query = _wire(
        {"fields": "id,name,owner_business{id,name},last_fired_time", "access_token": token}
    )
    return Request("GET", f"{GRAPH}/{pixel_id}/?{query}")


def pixel_summary(answer: dict[str, Any]) -> str:
    """A line for a dashboard, from a read answer."""
    owner = (answer.get("owner_business") or {}).get("name", "unclaimed")
    return f"{answer.get('name', answer['id'])} ({owner}), last fired {answer.get('last_fired_time', 'never')}"
