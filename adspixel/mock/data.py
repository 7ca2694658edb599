"""What the mock answers with: new pixels, edge objects, pages, and fields= selections.

A new pixel gets every field of the AdsPixel schema, each with a plain value
of its type read from the generated schema (so a field added to the spec is
served without touching this file), then the few values that mean something
(id, name, code, times, creator).  Edge objects are made the same way from
their node types, a handful per pixel, deterministic for a given pixel id.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import json
import time
from functools import cache
from typing import Any
from urllib.parse import urlencode

from adspixel import _table
from adspixel.fields import FieldNode

DEFAULT_LIMIT = 25
_EDGE_SIZES = {
    "assigned_users": 1,
    "da_checks": 3,
    "offline_event_uploads": 4,
    "openbridge_configurations": 0,
    "shared_agencies": 2,
    "stats": 30,
}


def graph_time(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(seconds))


@cache
def _defs() -> dict[str, Any]:
    """Every named schema, from the generated response schemas."""
    found: dict[str, Any] = {}
    for entry in _table.table()["operations"].values():
        for response in entry["responses"].values():
            found.update(_table.schema(response["schema"]).get("$defs", {}))
    return found


def plain_value(schema: dict[str, Any], seed: int = 0, depth: int = 0) -> Any:
    """A simple valid value of a schema (the first enum value, 0, "", False, [])."""
    defs = _defs()
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    if "enum" in schema:
        return schema["enum"][seed % len(schema["enum"])]
    if "anyOf" in schema:
        return plain_value(schema["anyOf"][0], seed, depth)
    kind = schema.get("type")
    if kind == "string":
        if "pattern" in schema:
            return str(schema.get("examples", ["0"])[0])
        return ""
    if kind == "integer":
        return max(schema.get("minimum", 0), 0) + seed % 50
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object" and depth < 3:
        props = schema.get("properties", {})
        return {
            name: plain_value(props[name], seed, depth + 1)
            for name in schema.get("required", props)
        }
    return None


def new_pixel(pixel_id: str, name: str | None, creator_id: str, now: float) -> dict[str, Any]:
    schema = _defs()["AdsPixel"]
    pixel = {field: plain_value(sub) for field, sub in schema["properties"].items()}
    created = graph_time(now)
    pixel.update(
        id=pixel_id,
        name=name if name is not None else f"Pixel {pixel_id}",
        code=f"<!-- Meta Pixel Code --><script>fbq('init', '{pixel_id}');</script>",
        creation_time=created,
        last_fired_time=created,
        creator={"id": creator_id, "name": "Mock Graph User"},
        owner_business=None,
    )
    return pixel


def edge_items(pixel: dict[str, Any], edge: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The objects of an edge of a pixel: deterministic for the pixel id."""
    node_type = _table.table()["nodes"]["AdsPixel"]["edges"][edge]
    schema = _defs()[node_type]
    seed = int(hashlib.sha256(pixel["id"].encode()).hexdigest()[:8], 16)
    items = []
    for i in range(_EDGE_SIZES.get(edge, 2)):
        item = {field: plain_value(sub, seed + i) for field, sub in schema["properties"].items()}
        items.append(item)
    created = _seconds(pixel.get("creation_time"))
    for i, item in enumerate(items):
        if "id" in item:
            item["id"] = str(2_000_000_000_000 + seed % 1_000_000 * 100 + i)
        if edge == "stats":
            item["aggregation"] = params.get("aggregation", "event")
            item["start_time"] = graph_time(created - 3600 * (i + 1))
            item["data"] = [
                {"value": "PageView", "count": 100 + (seed + i) % 900},
                {"value": "Purchase", "count": (seed + i) % 40},
            ]
        elif edge == "assigned_users":
            item.update(
                name="Mock Graph User",
                user_type="BUSINESS_USER",
                business={"id": str(params.get("business", "1")), "name": "Mock Business"},
            )
        elif edge == "shared_agencies":
            item["name"] = f"Mock Agency {i + 1}"
        elif edge == "da_checks":
            item.update(key=f"check_{i + 1}", title=f"Check {i + 1}", result="passed")
    return items


def _seconds(graph_datetime: Any) -> float:
    try:
        return float(calendar.timegm(time.strptime(str(graph_datetime)[:19], "%Y-%m-%dT%H:%M:%S")))
    except ValueError:
        return time.time()


def cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i{index}".encode()).decode().rstrip("=")


def cursor_index(text: str) -> int | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(raw[1:]) if raw.startswith("i") and raw[1:].isdigit() else None


def page(
    items: list[dict[str, Any]],
    params: dict[str, Any],
    link: str | None,
    limit: int | None = None,
    summary: bool = False,
) -> dict[str, Any]:
    """A page of an edge with cursors, next/previous links and the summary when asked."""
    size = limit if limit is not None else params.get("limit", DEFAULT_LIMIT)
    size = (
        max(int(size), 0) if isinstance(size, int) and not isinstance(size, bool) else DEFAULT_LIMIT
    )
    start = 0
    if (
        isinstance(params.get("after"), str)
        and (after := cursor_index(params["after"])) is not None
    ):
        start = after + 1
    elif (
        isinstance(params.get("before"), str)
        and (before := cursor_index(params["before"])) is not None
    ):
        start = max(before - size, 0)
    chunk = items[start : start + size]
    result: dict[str, Any] = {"data": chunk}
    if chunk:
        paging: dict[str, Any] = {
            "cursors": {"before": cursor(start), "after": cursor(start + len(chunk) - 1)}
        }
        if link is not None:
            base = {k: _wire(v) for k, v in params.items() if k not in ("after", "before")}
            if start + len(chunk) < len(items):
                last = cursor(start + len(chunk) - 1)
                paging["next"] = f"{link}?{urlencode({**base, 'limit': size, 'after': last})}"
            if start > 0:
                paging["previous"] = (
                    f"{link}?{urlencode({**base, 'limit': size, 'before': cursor(start)})}"
                )
        result["paging"] = paging
    if summary or params.get("summary") is True or params.get("summary") == "total_count":
        result["summary"] = {"total_count": len(items)}
    return result


def _wire(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def select(
    value: dict[str, Any], tree: tuple[FieldNode, ...], node_type: str, edge: Any
) -> dict[str, Any]:
    """The fields a ``fields=`` tree asks for (``id`` comes along); ``edge`` answers the edges."""
    info = _table.table()["nodes"].get(node_type, {"fields": {}, "edges": {}})
    result: dict[str, Any] = {}
    if "id" in value:
        result["id"] = value["id"]
    for node in tree:
        key = node.alias
        if node.name in info["edges"]:
            result[key] = edge(node)
            continue
        if node.name not in value:
            continue
        member = value[node.name]
        target = info["fields"].get(node.name)
        if node.children is not None and target:
            if isinstance(member, dict):
                member = select(member, node.children, target, edge)
            elif isinstance(member, list):
                member = [
                    select(m, node.children, target, edge) if isinstance(m, dict) else m
                    for m in member
                ]
        result[key] = member
    return result
