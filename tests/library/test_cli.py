"""adspixel validate: file:line and pointers, exit codes 0/1/2, JSON output, jobs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from adspixel import cli


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adspixel.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def write_jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_valid_file_exits_0(tmp_path) -> None:
    path = tmp_path / "ok.jsonl"
    write_jsonl(path, [{"id": "1"}, {"id": "2", "name": "x"}])
    out = run("validate", str(path), "--kind", "response", "--operation", "read")
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    assert "2 records: 0 invalid, 0 unusable" in out.stderr


def test_errors_name_file_line_and_pointer(tmp_path) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, [{"name": "x"}, {"name": 5, "data_use_setting": "BOGUS"}, {}])
    out = run("validate", str(path), "--operation", "update")
    assert out.returncode == 1
    lines = out.stdout.splitlines()
    assert f"{path}:2: /name: must be a string (got 5) [type]" in lines
    assert any(line.startswith(f"{path}:2: /data_use_setting: must be one of") for line in lines)
    assert len(lines) == 2


def test_json_format_for_machines(tmp_path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"data": [{"key": 5}]}, indent=2))
    out = run(
        "validate",
        str(path),
        "--kind",
        "response",
        "--operation",
        "list_da_checks",
        "--format",
        "json",
    )
    assert out.returncode == 1
    (record,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert record["file"] == str(path) and record["line"] == 1 and record["ok"] is False
    assert record["errors"][0]["pointer"] == "/data/0/key" and record["errors"][0]["rule"] == "type"


def test_http_records_from_stdin() -> None:
    records = [
        {"method": "GET", "url": "https://graph.facebook.com/v22.0/123/?fields=id"},
        {
            "method": "POST",
            "url": "/v22.0/123",
            "body": "data_use_setting=X",
            "content_type": "application/x-www-form-urlencoded",
        },
        {"method": "POST", "url": "/v22.0/123", "body": {"name": 5}},
    ]
    out = run(
        "validate", "-", "--kind", "http", stdin="".join(json.dumps(r) + "\n" for r in records)
    )
    assert out.returncode == 1
    assert "-:2: /data_use_setting" in out.stdout and "-:3: /name" in out.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (("validate", "/nonexistent.jsonl", "--operation", "read"), None, "cannot read"),
        (("validate", "-", "--operation", "nope"), "{}", "unknown operation 'nope'"),
        (("validate", "-", "--kind", "response"), "{}", "--operation is required"),
        (("validate", "-", "--operation", "read"), "{not json\n", "not JSON"),
    ],
)
def test_unusable_input_exits_2(args, stdin, needle) -> None:
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    assert needle in out.stdout + out.stderr
    assert "Traceback" not in out.stderr


def test_jobs_give_the_same_output_in_order(tmp_path, capsys) -> None:
    path = tmp_path / "many.jsonl"
    write_jsonl(path, [{"id": str(i)} if i % 997 else {"id": i} for i in range(1, 9000)])
    serial = run("validate", str(path), "--kind", "response", "--operation", "read")
    parallel = run(
        "validate", str(path), "--kind", "response", "--operation", "read", "--jobs", "2"
    )
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert len(serial.stdout.splitlines()) == 9
    assert cli.main(["validate", str(path), "--kind", "response", "--operation", "read"]) == 1
    capsys.readouterr()


def test_progress_is_only_for_terminals(tmp_path) -> None:
    path = tmp_path / "big.jsonl"
    write_jsonl(path, [{"id": "1"}] * 1000)
    out = run("validate", str(path), "--kind", "response", "--operation", "read")
    assert "\r" not in out.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("mock", "--fault", "meteor=0.5"), "expected KIND=SHARE"),
        (("mock", "--fault", "transient=2"), "expected KIND=SHARE"),
        (("mock", "--state", "/nonexistent/dir/state.sqlite"), "cannot open"),
    ],
)
def test_mock_refuses_bad_options_before_serving(args, needle) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr and "Traceback" not in out.stderr
