"""Everything the facts file lists is in the spec: fields, enums, edges, parameters, error codes.

The facts file (tests/reference/adspixel-facts.md, a copy of the project's
ground truth) is parsed here, not retyped, so a field, enum value, edge,
parameter or error code that goes missing from the spec fails a test.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.load import load_spec
from generator.model import Api, parse_api

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "tests" / "reference" / "adspixel-facts.md"


@cache
def facts() -> str:
    return FACTS.read_text()


@cache
def api() -> Api:
    return parse_api(load_spec(ROOT / "spec" / "adspixel.yaml"))


def section(title: str) -> str:
    text = facts()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def table_rows(text: str, first_header: str) -> list[list[str]]:
    """The body rows of the markdown table whose first header cell is ``first_header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def ticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    return resolve(api().schemas[ref.rsplit("/", 1)[1]]) if ref else schema


def ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[1] if ref else None


def operation(operation_id: str):
    return next(op for op in api().operations if op.operation_id == operation_id)


def edge_operation(edge: str):
    return next(
        op for op in api().operations if op.method == "GET" and op.path.endswith(f"/{edge}")
    )


def param_schema(op, name: str) -> dict[str, Any]:
    for param in op.parameters:
        if param.name == name:
            return param.schema
    if op.body is not None:
        props = api().schemas[op.body.schema_name]["properties"]
        if name in props:
            return props[name]
    raise AssertionError(f"{op.operation_id} has no parameter {name!r}")


# ---- node fields -------------------------------------------------------------

NODE_FIELDS = table_rows(section("Node fields"), "field")


def test_facts_list_31_fields() -> None:
    assert len(NODE_FIELDS) == 31


def _matches_type(schema: dict[str, Any], fact: str) -> bool:
    simple = {"string": "string", "bool": "boolean", "integer": "integer"}
    if fact in simple:
        return resolve(schema).get("type") == simple[fact]
    if fact == "numeric string":
        return ref_name(schema) == "NumericString"
    if fact == "datetime":
        return ref_name(schema) == "GraphDateTime"
    if fact == "int32":
        target = resolve(schema)
        return target.get("type") == "integer" and (target["minimum"], target["maximum"]) == (
            -(2**31),
            2**31 - 1,
        )
    if m := re.fullmatch(r"list<enum (\w+)>", fact):
        return schema.get("type") == "array" and ref_name(schema["items"]) == m.group(1)
    if m := re.fullmatch(r"enum (\w+)", fact):
        return ref_name(schema) == m.group(1)
    if re.fullmatch(r"[A-Z]\w+", fact):
        options = [schema, *schema.get("anyOf", [])]
        return any(ref_name(o) == fact for o in options)
    raise AssertionError(f"unknown type in facts: {fact}")


@pytest.mark.parametrize(
    ("field", "fact_type", "description"), NODE_FIELDS, ids=[r[0] for r in NODE_FIELDS]
)
def test_every_node_field_is_in_the_spec_with_its_type(field, fact_type, description) -> None:
    props = api().schemas["AdsPixel"]["properties"]
    assert field in props, f"AdsPixel.{field} missing from the spec"
    assert _matches_type(props[field], fact_type), (
        f"AdsPixel.{field} is not {fact_type}: {props[field]}"
    )
    assert props[field].get("description")


def test_owner_business_is_nullable() -> None:
    options = api().schemas["AdsPixel"]["properties"]["owner_business"]["anyOf"]
    assert {"type": "null"} in options


def test_later_version_fields_are_not_in_v22() -> None:
    props = api().schemas["AdsPixel"]["properties"]
    for later in ("description", "owner_ad_account", "user_access_expire_time"):
        assert later not in props


@pytest.mark.parametrize("shape", ["User", "Business", "OfflineConversionDataSetUsage"])
def test_nested_node_shapes(shape) -> None:
    line = next(line for line in facts().splitlines() if line.startswith(f"- {shape}:"))
    expected = [name for name in ticked(line) if re.fullmatch(r"[a-z_]+", name)]
    assert set(expected) <= set(api().schemas[shape]["properties"])
    if "id" in expected:
        assert "id" in api().schemas[shape].get("required", [])


# ---- enums -------------------------------------------------------------------

ENUM_LINES = [line for line in section("Enums").splitlines() if line.startswith("- ")]


def _values(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    "name", ["AutomaticMatchingField", "DataUseSetting", "FirstPartyCookieStatus"]
)
def test_named_enums(name) -> None:
    line = next(line for line in ENUM_LINES if line.startswith(f"- {name}:"))
    assert api().schemas[name]["enum"] == _values(ticked(line)[0])


EDGE_ENUMS = []
for _line in ENUM_LINES:
    if (m := re.match(r"- (\w+) `", _line)) and m.group(1)[0].islower():
        for _param, _values_text in re.findall(r"`(\w+)`: `([^`]+)`", _line):
            EDGE_ENUMS.append((m.group(1), _param, _values_text))


def test_edge_enums_were_parsed() -> None:
    assert {(e, p) for e, p, _ in EDGE_ENUMS} == {
        ("stats", "aggregation"),
        ("da_checks", "connection_method"),
        ("offline_event_uploads", "order"),
        ("offline_event_uploads", "sort_by"),
    }


@pytest.mark.parametrize(
    ("edge", "param", "values"), EDGE_ENUMS, ids=[f"{e}.{p}" for e, p, _ in EDGE_ENUMS]
)
def test_edge_parameter_enums(edge, param, values) -> None:
    schema = param_schema(edge_operation(edge), param)
    assert ref_name(schema), f"{edge}.{param} must be a named enum component"
    assert resolve(schema)["enum"] == _values(values)


# ---- operations --------------------------------------------------------------

OPERATIONS = table_rows(section("Operations"), "operation")
EDGES = table_rows(section("Operations"), "edge")


@pytest.mark.parametrize("row", OPERATIONS, ids=[r[0] for r in OPERATIONS])
def test_node_operations(row) -> None:
    name, request, params, _returns, codes = row
    method, path = request.split(" ", 1)
    op = operation(name)
    assert op.method == method
    assert op.path == re.sub(
        r"\{([a-z-]+)\}", lambda m: "{" + m.group(1).replace("-", "_") + "}", path
    )
    assert op.description
    # The reference page's codes, plus #2 (transient faults, HTTP 5xx), which every call can meet.
    assert set(op.error_codes) == {int(c) for c in re.findall(r"\d+", codes)} | {2}
    for param_name, param_type in re.findall(r"`(\w+)` ([\w<> ]+?)(?:,|\(|$)", params):
        schema = param_schema(op, param_name)
        param_type = param_type.strip()
        if param_type.startswith("list<"):
            inner = param_type[5:-1]
            assert schema["type"] == "array"
            assert ref_name(schema["items"]) == (
                "NumericString" if inner == "numeric string" else inner
            )
        elif param_type in ("string", "bool"):
            assert resolve(schema)["type"] == {"string": "string", "bool": "boolean"}[param_type]
        else:
            assert ref_name(schema) == param_type


def test_edges_were_parsed() -> None:
    assert [r[0] for r in EDGES] == [
        "assigned_users",
        "da_checks",
        "offline_event_uploads",
        "openbridge_configurations",
        "shared_agencies",
        "stats",
    ]


@pytest.mark.parametrize("row", EDGES, ids=[r[0] for r in EDGES])
def test_edges(row) -> None:
    edge, node, params = row
    op = edge_operation(edge)
    assert op.path == f"/{{ads_pixel_id}}/{edge}"
    assert op.description
    page = resolve(next(r for r in op.responses if r.status == "200").schema)
    item_type = ref_name(page["properties"]["data"]["items"])
    node_type = node.split(":")[0].strip()
    assert item_type == node_type
    item_props = api().schemas[item_type]["properties"]
    # Names inside {...} belong to a nested type (checked on their own below).
    own_fields = re.sub(r"\{[^}]*\}", "", node.split(":", 1)[1]) if ":" in node else ""
    for field in ticked(own_fields):
        assert field in item_props, f"{item_type}.{field} missing"
    own = {p.name: p for p in op.parameters if not p.common and p.location == "query"}
    expected = [] if params == "none" else ticked(params)
    assert set(expected) == set(own), f"{edge}: {sorted(own)}"
    for name, trailing in re.findall(r"`(\w+)`([^`]*)", params):
        assert own[name].required == ("**required**" in trailing), f"{edge}.{name} required flag"


def test_stats_result_nests_stats() -> None:
    data = api().schemas["AdsPixelStatsResult"]["properties"]["data"]
    assert ref_name(data["items"]) == "AdsPixelStats"
    assert {"value", "count", "event", "diagnostics_hourly_last_timestamp"} <= set(
        api().schemas["AdsPixelStats"]["properties"]
    )


# ---- common parameters and errors ---------------------------------------------

COMMON_LINE = next(
    line for line in facts().splitlines() if "Parameters that every Graph call may carry" in line
)
COMMON = ticked(COMMON_LINE.split(":", 1)[1].split(".")[0])


def test_common_parameters_were_parsed() -> None:
    assert "access_token" in COMMON and "method" in COMMON and len(COMMON) == 11


@pytest.mark.parametrize("name", COMMON)
def test_common_parameter_accepted_by_every_operation(name) -> None:
    for op in api().operations:
        param = next((p for p in op.parameters if p.name == name), None)
        assert param is not None and param.common, (
            f"{op.operation_id} lacks common parameter {name}"
        )


def test_secrets_are_marked() -> None:
    secrets = {p.name for op in api().operations for p in op.parameters if p.secret}
    assert secrets == {"access_token", "appsecret_proof"}


ERRORS = table_rows(section("Errors"), "code")


@pytest.mark.parametrize("row", ERRORS, ids=[r[0] for r in ERRORS])
def test_error_catalog(row) -> None:
    code, meaning, action = row
    entry = next((e for e in api().errors if e.code == int(code)), None)
    assert entry is not None, f"error {code} missing from x-graph-errors"
    assert meaning.lower().rstrip(".") in entry.meaning.lower()
    assert entry.action
    assert entry.retryable == ("retry later" in action)


# ---- the fields= examples of the wire format section -------------------------------------

FIELDS_LINE = next(
    line for line in facts().splitlines() if line.startswith("- `fields` is a comma list")
)


def test_fields_examples_parse() -> None:
    from adspixel.fields import check, parse, render

    examples = ticked(FIELDS_LINE)[1:]
    assert len(examples) == 2
    for text in examples:
        assert render(parse(text)) == text
    # name.as(pixel_name) is clean; in the other, count and value live under the
    # stats edge's data (AdsPixelStatsResult.data is a list of AdsPixelStats),
    # so selecting them on the edge itself is an error, as Graph answers it.
    assert check(examples[1]) == ()
    assert {e.value for e in check(examples[0])} == {"'count'", "'value'"}
