"""The ``adspixel`` command: ``adspixel validate`` checks requests, responses or raw HTTP requests.

Input is one JSON document (a ``.json`` file) or a JSONL stream (one record
per line; ``.jsonl``, ``.ndjson`` or ``-`` for standard input).  Every error is
printed as ``FILE:LINE: POINTER: message [rule]``; ``--format json`` prints one
JSON object per invalid record instead.  Exit codes: 0 all valid, 1 some
invalid, 2 unusable input (a file that cannot be read, a line that is not JSON,
an unknown operation).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adspixel.errors import ValidationResult

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2
CHUNK = 2000  # records per task with --jobs
PROGRESS_MIN_BYTES = 1 << 20


def _json_loader() -> Callable[[bytes], Any]:
    """orjson parses a record ~3x faster than the json module: it carries the 100k records/s."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency; a broken install still works
        return json.loads
    loads: Callable[[bytes], Any] = orjson.loads
    return loads


_loads = _json_loader()


@dataclass(frozen=True)
class Options:
    kind: str
    operation: str | None
    status: int
    strict: bool
    output: str


@dataclass
class Tally:
    records: int = 0
    invalid: int = 0
    unusable: int = 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="adspixel", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check requests, responses or raw HTTP requests")
    validate.add_argument("files", nargs="+", help="JSON or JSONL files; - for standard input")
    validate.add_argument("--kind", choices=("request", "response", "http"), default="request")
    validate.add_argument(
        "--operation", help="operation id (read, create, update, list_stats, ...)"
    )
    validate.add_argument(
        "--status", type=int, default=200, help="HTTP status of responses (default 200)"
    )
    validate.add_argument(
        "--strict", action="store_true", help="report unknown response fields too"
    )
    validate.add_argument("--format", choices=("text", "json"), default="text", dest="output")
    validate.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    mock = sub.add_parser("mock", help="serve a spec-driven mock of Graph's AdsPixel endpoints")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8080)
    mock.add_argument("--state", help="keep the state in this SQLite file (default: in memory)")
    mock.add_argument(
        "--token",
        action="append",
        metavar="TOKEN[=USER_ID]",
        help="a valid access token (repeatable; default: mock-token)",
    )
    mock.add_argument(
        "--fault",
        action="append",
        metavar="KIND=SHARE",
        help="inject rate-limit, abusive or transient faults into a share of requests "
        "(e.g. transient=0.05)",
    )
    mock.add_argument("--seed", type=int, help="seed of the fault injection")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `adspixel validate ... | head`: the reader left, so do we
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "mock":
        return _serve_mock(args)
    from adspixel import operations

    if args.kind != "http":
        if not args.operation:
            print(
                "adspixel validate: --operation is required for --kind request and response",
                file=sys.stderr,
            )
            return EXIT_UNUSABLE
        if args.operation not in operations():
            known = ", ".join(operations())
            print(
                f"adspixel validate: unknown operation {args.operation!r}; known: {known}",
                file=sys.stderr,
            )
            return EXIT_UNUSABLE
    options = Options(args.kind, args.operation, args.status, args.strict, args.output)
    tally = Tally()
    out = sys.stdout
    for name in args.files:
        try:
            stream, size = _open(name)
        except OSError as exc:
            print(f"{name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            tally.unusable += 1
            continue
        with stream:
            progress = _Progress(name, size) if sys.stderr.isatty() else None
            if args.jobs > 1:
                results: Iterable[tuple[list[str], Tally]] = _parallel(
                    name, stream, options, args.jobs
                )
            else:
                results = (
                    check_records(name, chunk, options) for chunk in _chunks(_records(name, stream))
                )
            for lines, part in results:
                for line in lines:
                    out.write(line)
                tally.records += part.records
                tally.invalid += part.invalid
                tally.unusable += part.unusable
                if progress:
                    progress.update(tally.records)
            if progress:
                progress.done(tally.records)
    out.flush()
    noun = "record" if tally.records == 1 else "records"
    print(
        f"{tally.records} {noun}: {tally.invalid} invalid, {tally.unusable} unusable",
        file=sys.stderr,
    )
    if tally.unusable:
        return EXIT_UNUSABLE
    return EXIT_INVALID if tally.invalid else EXIT_OK


def _serve_mock(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from adspixel.mock import MockConfig, SqliteStore, create_app
        from adspixel.mock.app import FAULTS
        from adspixel.mock.store import MemoryStore, Store
    except ImportError as exc:
        print(
            f"adspixel mock needs the mock extra: pip install 'adspixel-toolkit[mock]' ({exc})",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    config = MockConfig(seed=args.seed)
    if args.token:
        config.tokens = {}
        for number, item in enumerate(args.token):
            token, _, user = item.partition("=")
            config.tokens[token] = user or str(100000000000001 + number)
    for item in args.fault or ():
        kind, _, share = item.partition("=")
        try:
            value = float(share)
        except ValueError:
            value = -1.0
        if kind not in FAULTS or not 0 <= value <= 1:
            print(
                f"--fault {item!r}: expected KIND=SHARE, KIND one of {', '.join(FAULTS)}, "
                "0 <= SHARE <= 1",
                file=sys.stderr,
            )
            return EXIT_UNUSABLE
        config.faults[kind] = value
    try:
        store: Store = SqliteStore(args.state) if args.state else MemoryStore()
    except Exception as exc:
        print(f"--state {args.state}: cannot open: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(
        f"adspixel mock: http://{args.host}:{args.port}/v22.0 (state: {args.state or 'memory'})",
        file=sys.stderr,
    )
    # No access log: Graph URLs carry access tokens in their query strings.
    uvicorn.run(
        create_app(config, store),
        host=args.host,
        port=args.port,
        access_log=False,
        log_level="warning",
    )
    return EXIT_OK


def _open(name: str) -> tuple[IO[bytes], int | None]:
    if name == "-":
        return sys.stdin.buffer, None
    stream = open(name, "rb")  # noqa: SIM115 - closed by the caller
    return stream, os.fstat(stream.fileno()).st_size


def _records(name: str, stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(line number, JSON text) of each record: the whole file for .json, else each line."""
    if name.endswith(".json"):
        yield 1, stream.read()
        return
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def _chunks(records: Iterator[tuple[int, bytes]]) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    name: str, stream: IO[bytes], options: Options, jobs: int
) -> Iterator[tuple[list[str], Tally]]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunks = _chunks(_records(name, stream))
        yield from pool.map(check_records, _repeat(name), chunks, _repeat(options), chunksize=1)


def _repeat(value: Any) -> Iterator[Any]:
    while True:
        yield value


def check_records(
    name: str, records: list[tuple[int, bytes]], options: Options
) -> tuple[list[str], Tally]:
    """Check one chunk of records; returns the output lines and the counts."""
    from adspixel.errors import ErrorDetail, ValidationResult
    from adspixel.validation import validate_request, validate_response

    lines: list[str] = []
    tally = Tally()
    for number, text in records:
        tally.records += 1
        try:
            value = _loads(text)
        except ValueError as exc:
            tally.unusable += 1
            detail = f"not JSON: {exc}"
            result = ValidationResult(
                options.operation, (ErrorDetail((), "bad_encoding", "JSON", None, detail=detail),)
            )
            lines.extend(_format(name, number, result, options))
            continue
        if options.kind == "request":
            if not isinstance(value, dict):
                result = ValidationResult(
                    options.operation, (ErrorDetail((), "type", ("object",), value),)
                )
            else:
                assert options.operation is not None
                result = validate_request(options.operation, value)
        elif options.kind == "response":
            assert options.operation is not None
            result = validate_response(
                options.operation, value, options.status, strict=options.strict
            )
        else:
            result = _http(value)
        if not result.ok:
            tally.invalid += 1
            lines.extend(_format(name, number, result, options))
    return lines, tally


def _http(value: Any) -> ValidationResult:
    """Check one record of ``--kind http``: {"method", "url", "body", "content_type"}."""
    from adspixel.errors import ErrorDetail, ValidationResult
    from adspixel.wire import validate_http_request

    if (
        not isinstance(value, dict)
        or not isinstance(value.get("method"), str)
        or not isinstance(value.get("url"), str)
    ):
        detail = 'an http record is {"method": ..., "url": ..., "body": ..., "content_type": ...}'
        return ValidationResult(None, (ErrorDetail((), "type", ("object",), value, detail=detail),))
    body = value.get("body")
    content_type = value.get("content_type")
    if body is not None and not isinstance(body, str):
        body = json.dumps(body)
        content_type = content_type or "application/json"
    return validate_http_request(
        value["method"], value["url"], body, content_type if isinstance(content_type, str) else None
    )


def _format(name: str, number: int, result: Any, options: Options) -> list[str]:
    if options.output == "json":
        record = {"file": name, "line": number, **result.to_dict()}
        return [json.dumps(record, ensure_ascii=False, default=str) + "\n"]
    return [f"{name}:{number}: {e.message} [{e.rule}]\n" for e in result.errors]


class _Progress:
    """A one-line progress report on stderr, for large inputs on a terminal."""

    def __init__(self, name: str, size: int | None) -> None:
        self.name = name
        self.enabled = size is None or size >= PROGRESS_MIN_BYTES
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, records: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.2:
            self.last = now
            rate = records / max(now - self.started, 1e-9)
            sys.stderr.write(f"\r{self.name}: {records:,} records ({rate:,.0f}/s)")
            sys.stderr.flush()

    def done(self, records: int) -> None:
        if self.enabled and self.last:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
