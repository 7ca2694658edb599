"""pytest plugin (entry point ``pytest11``): contract assertions for services that talk to Graph.

Installed with adspixel-toolkit, it gives any test suite:

- the ``adspixel_contract`` fixture, whose ``assert_valid_request``,
  ``assert_valid_response`` and ``assert_valid_http_request`` fail with every
  error listed (pointer, rule, message), and whose ``strategies`` attribute is
  :mod:`adspixel.strategies`;
- the same three assertions as plain functions, importable from this module;
- ``--adspixel-strict``: ``assert_valid_response`` then also fails on fields the
  spec does not know.

Nothing heavy is imported when pytest loads the plugin: hypothesis and the
validators are loaded by the first assertion or strategy used.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest


def _failure(kind: str, operation: str | None, result: Any) -> str:
    where = f" ({operation})" if operation else ""
    lines = [f"invalid {kind}{where}: {len(result.errors)} error(s)"]
    lines += [f"  {e.pointer or '/'}  [{e.rule}]  {e.message}" for e in result.errors]
    envelope = result.to_graph_error("pytest")
    if envelope:
        lines.append(f"  Graph would answer: {envelope['error']['message']}")
    return "\n".join(lines)


def assert_valid_request(operation_id: str, params: dict[str, Any]) -> None:
    """Fail with every error when ``params`` is not a valid request of the operation."""
    __tracebackhide__ = True
    from adspixel import validate_request

    result = validate_request(operation_id, params)
    if not result.ok:
        pytest.fail(_failure("request", operation_id, result), pytrace=False)


def assert_valid_response(
    operation_id: str,
    body: Any,
    status: int = 200,
    *,
    strict: bool = False,
    fields: str | None = None,
) -> None:
    """Fail with every error when ``body`` is not a valid answer of the operation."""
    __tracebackhide__ = True
    from adspixel import validate_response

    result = validate_response(operation_id, body, status, strict=strict, fields=fields)
    if not result.ok:
        pytest.fail(_failure("response", operation_id, result), pytrace=False)


def assert_valid_http_request(
    method: str, url: str, body: bytes | str | None = None, content_type: str | None = None
) -> str:
    """Fail with every error when the raw request is not valid; returns its operation id."""
    __tracebackhide__ = True
    from adspixel import validate_http_request

    result = validate_http_request(method, url, body, content_type)
    if not result.ok or result.operation_id is None:
        pytest.fail(
            _failure("HTTP request", result.operation_id or f"{method} {url}", result),
            pytrace=False,
        )
    return str(result.operation_id)


class Contract:
    """What the ``adspixel_contract`` fixture gives a test."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict

    def assert_valid_request(self, operation_id: str, params: dict[str, Any]) -> None:
        __tracebackhide__ = True
        assert_valid_request(operation_id, params)

    def assert_valid_response(
        self,
        operation_id: str,
        body: Any,
        status: int = 200,
        *,
        strict: bool | None = None,
        fields: str | None = None,
    ) -> None:
        __tracebackhide__ = True
        assert_valid_response(
            operation_id,
            body,
            status,
            strict=self.strict if strict is None else strict,
            fields=fields,
        )

    def assert_valid_http_request(
        self,
        method: str,
        url: str,
        body: bytes | str | None = None,
        content_type: str | None = None,
    ) -> str:
        __tracebackhide__ = True
        return assert_valid_http_request(method, url, body, content_type)

    @property
    def strategies(self) -> ModuleType:
        from adspixel import strategies

        return strategies


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("adspixel", "AdsPixel contract checks")
    group.addoption(
        "--adspixel-strict",
        action="store_true",
        default=False,
        help="assert_valid_response also fails on fields the AdsPixel spec does not know",
    )


@pytest.fixture
def adspixel_contract(request: pytest.FixtureRequest) -> Contract:
    """Contract assertions and strategies for AdsPixel traffic."""
    return Contract(strict=bool(request.config.getoption("--adspixel-strict")))
