"""A spec-driven mock of Graph's AdsPixel endpoints, for other services' CI (``adspixel mock``).

Every request goes through the library's wire validation and is answered with
Graph's own error envelope when it is invalid; valid ones act on a small
state (in memory, or SQLite with ``--state``) and are answered in the shapes
the spec gives, which the mock checks before sending.

Needs the ``mock`` extra (starlette, uvicorn).
"""

from adspixel.mock.app import MockConfig, create_app
from adspixel.mock.store import MemoryStore, SqliteStore, Store

__all__ = ["MemoryStore", "MockConfig", "SqliteStore", "Store", "create_app"]
