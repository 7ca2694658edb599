"""`make bench`: adspixel against its peers, on the same payloads, in one run.

Prints the median time per call of each validator and its ratio to
jsonschema-rs (compiled once) measured in the same run, then checks the
targets of the validation library as ratios, never as absolute times: the
machines are shared and noisy.  Not a test: it prints, and exits 0.

    python bench/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import adspixel  # noqa: E402
from adspixel import _table  # noqa: E402

PROOF = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
UPDATE_OK = {
    "name": "My WCA Pixel",
    "automatic_matching_fields": ["em", "ph"],
    "enable_automatic_matching": True,
    "data_use_setting": "ADVERTISING_AND_ANALYTICS",
    "first_party_cookie_status": "FIRST_PARTY_COOKIE_ENABLED",
    "server_events_business_ids": ["200000000000002"],
}
UPDATE_BAD = {
    "name": 5,
    "automatic_matching_fields": ["em", "zz"],
    "enable_automatic_matching": "yes",
    "data_use_setting": "EVERYTHING",
    "first_party_cookie_status": "ON",
    "server_events_business_ids": ["12a"],
    "nmae": "typo",
}


def read_response() -> dict[str, Any]:
    import yaml

    spec = yaml.safe_load((ROOT / "spec" / "adspixel.yaml").read_text())
    get = spec["paths"]["/{ads_pixel_id}"]["get"]
    value: dict[str, Any] = get["responses"]["200"]["content"]["application/json"]["examples"][
        "all_fields"
    ]["value"]
    assert len(value) == 31
    return value


def sdk_form(params: dict[str, Any]) -> str:
    return urlencode(
        {
            k: json.dumps(v, separators=(",", ":")) if isinstance(v, list | dict | bool) else v
            for k, v in params.items()
        }
    )


def median_us(fn: Callable[[], Any], quick: bool) -> float:
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, number // (10 if quick else 2))
    runs = timer.repeat(repeat=5 if quick else 11, number=number)
    return statistics.median(runs) / number * 1e6


class Table:
    def __init__(self, title: str, baseline: str) -> None:
        self.title = title
        self.baseline = baseline
        self.rows: dict[str, float] = {}

    def add(self, name: str, value: float) -> None:
        self.rows[name] = value

    def show(self) -> None:
        base = self.rows[self.baseline]
        print(f"\n{self.title}")
        print(f"  {'validator':<52} {'median us':>11} {'x ' + self.baseline[:14]:>18}")
        for name, value in self.rows.items():
            print(f"  {name:<52} {value:>11.2f} {value / base:>18.2f}")


def bench_update(quick: bool) -> tuple[Table, Table]:
    import fastjsonschema
    import jsonschema
    import jsonschema_rs
    from facebook_business.adobjects.adspixel import AdsPixel
    from facebook_business.typechecker import TypeChecker

    from adspixel._generated.models import UpdateRequest

    schema = _table.schema(_table.operation("update")["request_schema"])
    rs = jsonschema_rs.validator_for(schema)
    compiled_js = jsonschema.Draft202012Validator(schema)
    fast = fastjsonschema.compile({k: v for k, v in schema.items() if k != "$schema"})
    checker = TypeChecker(
        {
            "automatic_matching_fields": "list<automatic_matching_fields_enum>",
            "data_use_setting": "data_use_setting_enum",
            "enable_automatic_matching": "bool",
            "first_party_cookie_status": "first_party_cookie_status_enum",
            "name": "string",
            "server_events_business_ids": "list<string>",
        },
        {
            "automatic_matching_fields_enum": AdsPixel.AutomaticMatchingFields.__dict__.values(),
            "data_use_setting_enum": AdsPixel.DataUseSetting.__dict__.values(),
            "first_party_cookie_status_enum": AdsPixel.FirstPartyCookieStatus.__dict__.values(),
        },
    )

    def type_checker(params: dict[str, Any]) -> bool:
        return all(checker.is_valid_pair(k, v) for k, v in params.items())

    def fast_valid(params: dict[str, Any]) -> bool:
        try:
            fast(params)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    def pydantic_valid(params: dict[str, Any]) -> bool:
        try:
            UpdateRequest.model_validate(params)
            return True
        except Exception:
            return False

    assert adspixel.validate_request("update", UPDATE_OK).ok and rs.is_valid(UPDATE_OK)
    assert fast_valid(UPDATE_OK) and compiled_js.is_valid(UPDATE_OK) and pydantic_valid(UPDATE_OK)
    assert type_checker(UPDATE_OK)

    valid = Table("valid update payload (6 parameters)", "jsonschema-rs is_valid (compiled)")
    valid.add("jsonschema-rs is_valid (compiled)", median_us(lambda: rs.is_valid(UPDATE_OK), quick))
    valid.add(
        "adspixel.validate_request",
        median_us(lambda: adspixel.validate_request("update", UPDATE_OK), quick),
    )
    valid.add(
        "pydantic UpdateRequest.model_validate", median_us(lambda: pydantic_valid(UPDATE_OK), quick)
    )
    valid.add("fastjsonschema (compiled)", median_us(lambda: fast_valid(UPDATE_OK), quick))
    valid.add(
        "facebook_business TypeChecker.is_valid_pair",
        median_us(lambda: type_checker(UPDATE_OK), quick),
    )
    valid.add(
        "jsonschema Draft202012Validator (compiled)",
        median_us(lambda: compiled_js.is_valid(UPDATE_OK), quick),
    )
    valid.add(
        "jsonschema.validate() per call",
        median_us(lambda: jsonschema.validate(UPDATE_OK, schema), True),
    )

    result = adspixel.validate_request("update", UPDATE_BAD)
    assert len(result.errors) == 7, result.errors
    invalid = Table(
        f"invalid update payload, all {len(result.errors)} errors listed",
        "jsonschema-rs iter_errors",
    )
    invalid.add(
        "jsonschema-rs iter_errors", median_us(lambda: list(rs.iter_errors(UPDATE_BAD)), quick)
    )
    invalid.add(
        "adspixel.validate_request",
        median_us(lambda: adspixel.validate_request("update", UPDATE_BAD), quick),
    )
    invalid.add(
        "pydantic model_validate (errors())", median_us(lambda: pydantic_valid(UPDATE_BAD), quick)
    )
    invalid.add(
        "jsonschema iter_errors (compiled)",
        median_us(lambda: list(compiled_js.iter_errors(UPDATE_BAD)), quick),
    )
    invalid.add("adspixel.validate_request, valid payload", valid.rows["adspixel.validate_request"])
    return valid, invalid


def bench_read(quick: bool) -> Table:
    import fastjsonschema
    import jsonschema
    import jsonschema_rs

    from adspixel._generated.models import AdsPixel

    body = read_response()
    schema = _table.schema(_table.operation("read")["responses"]["200"]["schema"])
    rs = jsonschema_rs.validator_for(schema)
    compiled_js = jsonschema.Draft202012Validator(schema)
    fast = fastjsonschema.compile({k: v for k, v in schema.items() if k != "$schema"})
    assert adspixel.validate_response("read", body).ok and rs.is_valid(body)
    table = Table("full 31-field read response", "jsonschema-rs is_valid (compiled)")
    table.add("jsonschema-rs is_valid (compiled)", median_us(lambda: rs.is_valid(body), quick))
    table.add(
        "adspixel.validate_response",
        median_us(lambda: adspixel.validate_response("read", body), quick),
    )
    table.add(
        "adspixel.validate_response strict=True",
        median_us(lambda: adspixel.validate_response("read", body, strict=True), quick),
    )
    table.add(
        "pydantic AdsPixel.model_validate",
        median_us(lambda: AdsPixel.model_validate(body), quick),
    )
    table.add("fastjsonschema (compiled)", median_us(lambda: fast(body), quick))
    table.add(
        "jsonschema Draft202012Validator (compiled)",
        median_us(lambda: compiled_js.is_valid(body), quick),
    )
    return table


def bench_http(quick: bool) -> Table:
    import yaml
    from openapi_core import OpenAPI
    from openapi_core.testing import MockRequest

    url = f"https://graph.facebook.com/v22.0/1234567890/?access_token=EAAB&appsecret_proof={PROOF}"
    body = sdk_form({k: v for k, v in UPDATE_OK.items()})
    content_type = "application/x-www-form-urlencoded"
    assert adspixel.validate_http_request("POST", url, body, content_type).ok

    spec = yaml.safe_load((ROOT / "spec" / "adspixel.yaml").read_text())
    openapi = OpenAPI.from_dict(spec)
    plain = sdk_form({"name": "My WCA Pixel", "data_use_setting": "ANALYTICS_ONLY"})

    def openapi_core_call() -> None:
        request = MockRequest(
            "https://graph.facebook.com",
            "post",
            "/v22.0/1234567890",
            args={"access_token": "EAAB", "appsecret_proof": PROOF},
            data=plain.encode(),
            content_type=content_type,
        )
        openapi.validate_request(request)

    openapi_core_call()
    table = Table("validate_http_request, SDK form body", "openapi-core validate_request")
    table.add("openapi-core validate_request", median_us(openapi_core_call, True))
    table.add(
        "adspixel.validate_http_request",
        median_us(lambda: adspixel.validate_http_request("POST", url, body, content_type), quick),
    )
    return table


TYPICAL_FIELDS = (
    "id,name,code,creation_time,data_use_setting,enable_automatic_matching,"
    "last_fired_time,match_rate_approx,is_unavailable,owner_business{id,name}"
)


def bench_fields(quick: bool) -> Table:
    from adspixel.fields import check, parse, validate_fields

    assert check(parse(TYPICAL_FIELDS)) == ()
    table = Table("fields=: 10 fields with one nested selection", "parse + check, uncached")
    table.add("parse + check, uncached", median_us(lambda: check(parse(TYPICAL_FIELDS)), quick))
    table.add("parse only", median_us(lambda: parse(TYPICAL_FIELDS), quick))
    table.add(
        "validate_fields (cached per expression)",
        median_us(lambda: validate_fields(TYPICAL_FIELDS), quick),
    )
    return table


def bench_import(quick: bool) -> tuple[float, float, float]:
    # Peak RSS from VmHWM: ru_maxrss of a child can still count the parent's
    # memory from before exec, VmHWM belongs to the new address space only.
    hwm = "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
    code = (
        "import time; t = time.perf_counter(); import adspixel; d = time.perf_counter() - t; "
        f"print(d, {hwm})"
    )
    base_code = f"print(0, {hwm})"
    runs, rss, base_rss = [], [], []
    for _ in range(5 if quick else 15):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        seconds, kib = out.stdout.split()
        runs.append(float(seconds))
        rss.append(int(kib))
        out = subprocess.run(
            [sys.executable, "-c", base_code], capture_output=True, text=True, check=True
        )
        base_rss.append(int(out.stdout.split()[1]))
    return (
        statistics.median(runs),
        statistics.median(rss) / 1024,
        statistics.median(base_rss) / 1024,
    )


def bench_cli(quick: bool) -> float:
    body = read_response()
    count = 50_000 if quick else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "read.jsonl"
        with path.open("w") as fh:
            for i in range(count):
                record = copy.copy(body)
                record["id"] = str(1_000_000 + i)
                fh.write(json.dumps(record) + "\n")
        rates = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "adspixel.cli",
                    "validate",
                    str(path),
                    "--kind",
                    "response",
                    "--operation",
                    "read",
                ],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a smoke run)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; medians of repeated runs")

    valid, invalid = bench_update(args.quick)
    read = bench_read(args.quick)
    http = bench_http(args.quick)
    fields = bench_fields(args.quick)
    for table in (valid, invalid, read, http, fields):
        table.show()
    import_s, import_mib, python_mib = bench_import(args.quick)
    print(
        f"\nimport adspixel in a fresh process: {import_s * 1000:.0f} ms, "
        f"peak RSS {import_mib:.1f} MiB (bare python: {python_mib:.1f} MiB)"
    )
    rate = bench_cli(args.quick)
    print(f"adspixel validate, JSONL read responses, one process: {rate:,.0f} records/s")

    ours = valid.rows["adspixel.validate_request"]
    rs = valid.rows["jsonschema-rs is_valid (compiled)"]
    print("\ntargets (ratios within this run)")
    checks = [
        ("valid update <= 2x jsonschema-rs", ours / rs, ours / rs <= 2),
        (
            "valid update >= 25x faster than compiled jsonschema",
            valid.rows["jsonschema Draft202012Validator (compiled)"] / ours,
            valid.rows["jsonschema Draft202012Validator (compiled)"] / ours >= 25,
        ),
        (
            "read response <= 2x jsonschema-rs",
            read.rows["adspixel.validate_response"]
            / read.rows["jsonschema-rs is_valid (compiled)"],
            read.rows["adspixel.validate_response"] / read.rows["jsonschema-rs is_valid (compiled)"]
            <= 2,
        ),
        (
            "invalid (all errors) <= 10x the valid case",
            invalid.rows["adspixel.validate_request"] / ours,
            invalid.rows["adspixel.validate_request"] / ours <= 10,
        ),
        (
            "http request >= 100x faster than openapi-core",
            http.rows["openapi-core validate_request"]
            / http.rows["adspixel.validate_http_request"],
            http.rows["openapi-core validate_request"] / http.rows["adspixel.validate_http_request"]
            >= 100,
        ),
        (
            "fields= parse + check <= 20 us",
            fields.rows["parse + check, uncached"],
            fields.rows["parse + check, uncached"] <= 20,
        ),
        ("import <= 0.15 s", import_s, import_s <= 0.15),
        ("import peak RSS <= 40 MiB", import_mib, import_mib <= 40),
        ("CLI >= 100,000 records/s", rate, rate >= 100_000),
    ]
    for name, value, ok in checks:
        print(f"  {name:<56} {value:>12.2f}  {verdict(ok)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
