"""Errors Graph answered, explained from the spec's error catalog.

``GraphError.from_response(body)`` reads Graph's envelope and adds what the
spec says about the code (meaning, whether a retry can help, what to do);
the catalog lives in the spec alone and reaches us through generated/.
"""

from __future__ import annotations

from typing import Any

from adspixel import _table
from adspixel.errors import ValidationError


class GraphError(Exception):
    """An error answered by Graph (or by a mock of it)."""

    def __init__(
        self,
        code: int,
        message: str,
        *,
        type: str = "OAuthException",
        subcode: int | None = None,
        fbtrace_id: str | None = None,
        user_title: str | None = None,
        user_message: str | None = None,
        is_transient: bool | None = None,
        http_status: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.type = type
        self.subcode = subcode
        self.fbtrace_id = fbtrace_id
        self.user_title = user_title
        self.user_message = user_message
        self.is_transient = is_transient
        self.http_status = http_status
        entry = _table.error_entry(code)
        self.known = entry is not None
        self.meaning: str | None = entry["meaning"] if entry else None
        self.action: str | None = entry["action"] if entry else None
        # A code the catalog does not know: trust Graph's own is_transient flag.
        self.retryable: bool = bool(entry["retryable"]) if entry else bool(is_transient)
        super().__init__(f"Graph error {code}: {message}")

    @classmethod
    def from_response(cls, body: Any, http_status: int | None = None) -> GraphError:
        """Read Graph's error envelope (a dict, or its JSON text)."""
        from adspixel.validation import compiled, json_body

        body, undecodable = json_body(body)
        if undecodable is not None:
            raise ValidationError((undecodable,))
        operation_id = next(iter(_table.table()["operations"]))
        errors = compiled(operation_id, "default").errors(body)
        if errors:
            raise ValidationError(errors)
        error = body["error"]
        return cls(
            code=error["code"],
            message=error["message"],
            type=error["type"],
            subcode=error.get("error_subcode"),
            fbtrace_id=error.get("fbtrace_id"),
            user_title=error.get("error_user_title"),
            user_message=error.get("error_user_msg"),
            is_transient=error.get("is_transient"),
            http_status=http_status,
        )

    def __repr__(self) -> str:
        return (
            f"GraphError(code={self.code}, subcode={self.subcode}, message={self.message!r}, "
            f"retryable={self.retryable}, fbtrace_id={self.fbtrace_id!r})"
        )
