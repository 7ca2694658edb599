"""adspixel: schema, models and validation for the AdsPixel node of Graph API v22.0.

Everything here is generated from, or checked against, one OpenAPI spec.
``import adspixel`` is kept light (no pydantic, no schema compiled): models are
imported and validators compiled on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adspixel import fields
from adspixel.errors import ErrorDetail, ValidationError, ValidationResult, best_match
from adspixel.fields import FieldsSyntaxError, validate_fields
from adspixel.graph_error import GraphError
from adspixel.validation import parse_response, validate_request, validate_response
from adspixel.wire import validate_http_request

if TYPE_CHECKING:
    from adspixel import models as models

__version__ = "0.1.0"

__all__ = [
    "ErrorDetail",
    "FieldsSyntaxError",
    "GraphError",
    "ValidationError",
    "ValidationResult",
    "best_match",
    "fields",
    "models",
    "operations",
    "parse_response",
    "validate_fields",
    "validate_http_request",
    "validate_request",
    "validate_response",
]


def operations() -> list[str]:
    """The operation ids the spec defines (read, create, update, list_stats, ...)."""
    from adspixel import _table

    return list(_table.table()["operations"])


def __getattr__(name: str) -> Any:
    if name == "models":
        import importlib

        return importlib.import_module("adspixel.models")
    raise AttributeError(f"module 'adspixel' has no attribute {name!r}")
