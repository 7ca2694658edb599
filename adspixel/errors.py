"""What the library reports: one error record, the result of a check, and Graph's own errors.

An :class:`ErrorDetail` is machine-readable first (pointer, rule, expected,
value) and prose second (``message``), like pydantic's error list and
python-jsonschema's errors.  It can also render the envelope Graph itself
would answer, for services that proxy or mock Graph.  Secret parameters are
redacted when the record is made, so no message, repr or log line built from
it can carry a token.
"""

from __future__ import annotations

import reprlib
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from adspixel import _table

REDACTED = "[redacted]"
VALUE_LIMIT = 100

# Which rule wins when one error must be shown first (lower is more fundamental).
_RULE_RANK = {
    "unknown_path": 0,
    "unsupported_method": 1,
    "unsupported_version": 1,
    "bad_encoding": 2,
    "not_json": 3,
    "max_depth": 3,
    "unknown_parameter": 4,
    "required": 5,
    "type": 6,
    "fields_syntax": 7,
    "unknown_field": 7,
}

_repr = reprlib.Repr()
_repr.maxstring = VALUE_LIMIT
_repr.maxother = VALUE_LIMIT
_repr.maxlevel = 3
_repr.maxdict = _repr.maxlist = _repr.maxtuple = _repr.maxset = 6


def shorten(value: Any) -> str:
    """A repr of ``value`` of about 100 characters, cheap even for huge input."""
    text = _repr.repr(value)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."


def pointer_of(loc: tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def param_label(loc: tuple[str | int, ...]) -> str:
    """How Graph names a (nested) parameter: ``ids[0]``, ``a[b]``."""
    if not loc:
        return "(root)"
    head, *rest = loc
    return str(head) + "".join(f"[{p}]" for p in rest)


class ErrorDetail:
    """One broken rule at one place of the checked value.

    ``loc`` is the path as a tuple, ``pointer`` the same as a JSON pointer;
    ``rule`` names the broken rule (type, enum, pattern, required,
    unknown_parameter, minimum, ...); ``expected`` is what the rule wanted
    (allowed values, a pattern, type names, a bound); ``value`` is the offending
    value shortened to about 100 characters (or ``[redacted]`` for secrets).
    """

    __slots__ = (
        "_message",
        "_raw",
        "_value",
        "detail",
        "expected",
        "graph_code",
        "loc",
        "rule",
        "schema_path",
    )

    def __init__(
        self,
        loc: tuple[str | int, ...],
        rule: str,
        expected: Any,
        raw_value: Any,
        schema_path: str = "",
        *,
        detail: str | None = None,
        graph_code: int = 100,
    ) -> None:
        self.loc = loc
        self.rule = rule
        self.expected = expected
        self.schema_path = schema_path
        self.graph_code = graph_code
        # Free text for errors no schema rule describes (an unknown path, a
        # body that is not JSON): it is both the message and Graph's text.
        self.detail = detail
        self._message: str | None = None
        # Redact now, so that no later rendering can reach a secret.
        secret = bool(loc) and loc[0] in (_SECRETS or _load_secrets())
        self._raw = None if secret else raw_value
        self._value: str | None = REDACTED if secret else None

    @property
    def pointer(self) -> str:
        return pointer_of(self.loc)

    @property
    def value(self) -> str:
        if self._value is None:
            self._value = shorten(self._raw)
        return self._value

    @property
    def message(self) -> str:
        if self._message is None:
            from adspixel._messages import describe_error

            self._message = describe_error(self)
        return self._message

    def to_dict(self) -> dict[str, Any]:
        return {
            "loc": list(self.loc),
            "pointer": self.pointer,
            "rule": self.rule,
            "expected": self.expected,
            "value": self.value,
            "message": self.message,
            "schema_path": self.schema_path,
        }

    def graph_message(self) -> str:
        from adspixel._messages import graph_message

        return graph_message(self)

    def to_graph_error(self, fbtrace_id: str | None = None) -> dict[str, Any]:
        """The envelope Graph answers for this error."""
        entry = _table.error_entry(self.graph_code) or {}
        return {
            "error": {
                "message": self.graph_message(),
                "type": entry.get("type", "OAuthException"),
                "code": self.graph_code,
                "fbtrace_id": fbtrace_id or new_fbtrace_id(),
            }
        }

    @property
    def http_status(self) -> int:
        entry = _table.error_entry(self.graph_code) or {}
        status: int = entry.get("http_status", 400)
        return status

    def __repr__(self) -> str:
        return (
            f"ErrorDetail(pointer={self.pointer!r}, rule={self.rule!r}, message={self.message!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ErrorDetail):
            return NotImplemented
        return (self.loc, self.rule, self.expected) == (other.loc, other.rule, other.expected)

    def __hash__(self) -> int:
        return hash((self.loc, self.rule))


_SECRETS: frozenset[str | int] = frozenset()


def _load_secrets() -> frozenset[str | int]:
    global _SECRETS
    _SECRETS = frozenset(_table.secret_parameters())
    return _SECRETS


def new_fbtrace_id() -> str:
    return "A" + secrets.token_urlsafe(16)[:21]


def rank(error: ErrorDetail) -> int:
    """Sort key: the most fundamental rule first (sorts are stable, so document order follows)."""
    return _RULE_RANK.get(error.rule, 8)


def best_match(errors: tuple[ErrorDetail, ...] | list[ErrorDetail]) -> ErrorDetail | None:
    """The error worth showing first: the most fundamental rule, nearest the root."""
    return min(errors, key=rank) if errors else None


class ValidationError(ValueError):
    """The one exception for invalid input; ``errors`` lists every problem."""

    def __init__(self, errors: tuple[ErrorDetail, ...], operation_id: str | None = None) -> None:
        self.errors = errors
        self.operation_id = operation_id
        where = f"{operation_id}: " if operation_id else ""
        count = len(errors)
        lines = "\n".join(f"  {e.message} [{e.rule}]" for e in errors[:20])
        more = f"\n  ... and {count - 20} more" if count > 20 else ""
        noun = "error" if count == 1 else "errors"
        super().__init__(f"{where}{count} validation {noun}\n{lines}{more}")

    def to_graph_error(self, fbtrace_id: str | None = None) -> dict[str, Any]:
        return self.errors[0].to_graph_error(fbtrace_id)


class ValidationResult:
    """Every error found in one value; ``ok`` when there are none."""

    __slots__ = ("_params", "errors", "operation_id", "path_params")

    def __init__(
        self,
        operation_id: str | None,
        errors: tuple[ErrorDetail, ...] = (),
        params: Mapping[str, Any] | None = None,
        path_params: Mapping[str, str] | None = None,
    ) -> None:
        self.operation_id = operation_id
        self.errors = errors  # most important first: producers order them (see rank)
        self._params = params
        # The parameters of the URL path of a wire request (ads_pixel_id, ad_account_id).
        self.path_params = path_params or {}

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:
        return not self.errors

    def __iter__(self) -> Iterator[ErrorDetail]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    @property
    def params(self) -> Mapping[str, Any] | None:
        """The decoded parameters (for wire checks); secrets included, so never log them."""
        return self._params

    def best_match(self) -> ErrorDetail | None:
        return self.errors[0] if self.errors else None

    def raise_for_errors(self) -> None:
        if self.errors:
            raise ValidationError(self.errors, self.operation_id)

    def to_graph_error(self, fbtrace_id: str | None = None) -> dict[str, Any] | None:
        """Graph's envelope for the first error (Graph reports one at a time)."""
        return self.errors[0].to_graph_error(fbtrace_id) if self.errors else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation_id": self.operation_id,
            "ok": self.ok,
            "errors": [e.to_dict() for e in self.errors],
        }

    def __repr__(self) -> str:
        if self.ok:
            return f"ValidationResult({self.operation_id!r}, ok=True)"
        return f"ValidationResult({self.operation_id!r}, ok=False, errors={list(self.errors)!r})"
