"""Where the mock keeps its pixels: in memory, or in SQLite so that they survive a restart.

Each store serialises its writes with a lock, so concurrent requests never
lose an update; a create checks and inserts in one step, so two creates on
one ad account cannot both succeed.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Protocol

FIRST_ID = 1_000_000_000_001


class Store(Protocol):
    def create(self, ad_account_id: str, make: Any) -> dict[str, Any] | None:
        """Insert ``make(new_id)`` unless the account has a pixel; None when it has."""

    def get(self, pixel_id: str) -> dict[str, Any] | None: ...

    def update(self, pixel_id: str, changes: dict[str, Any]) -> dict[str, Any] | None: ...

    def close(self) -> None: ...


def _copy(value: dict[str, Any]) -> dict[str, Any]:
    """A deep copy through JSON: what a caller gets can never change the stored pixel."""
    copied: dict[str, Any] = json.loads(json.dumps(value))
    return copied


class MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pixels: dict[str, dict[str, Any]] = {}
        self._accounts: dict[str, str] = {}
        self._next = FIRST_ID

    def create(self, ad_account_id: str, make: Any) -> dict[str, Any] | None:
        with self._lock:
            if ad_account_id in self._accounts:
                return None
            pixel_id = str(self._next)
            self._next += 1
            pixel: dict[str, Any] = make(pixel_id)
            self._pixels[pixel_id] = pixel
            self._accounts[ad_account_id] = pixel_id
            return _copy(pixel)

    def get(self, pixel_id: str) -> dict[str, Any] | None:
        with self._lock:
            pixel = self._pixels.get(pixel_id)
            return _copy(pixel) if pixel is not None else None

    def update(self, pixel_id: str, changes: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            pixel = self._pixels.get(pixel_id)
            if pixel is None:
                return None
            pixel.update(_copy(changes))
            return _copy(pixel)

    def close(self) -> None:
        pass


class SqliteStore:
    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pixels "
            "(id TEXT PRIMARY KEY, ad_account_id TEXT UNIQUE, data TEXT NOT NULL)"
        )

    def create(self, ad_account_id: str, make: Any) -> dict[str, Any] | None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self._db.execute(
                    "SELECT 1 FROM pixels WHERE ad_account_id = ?", (ad_account_id,)
                ).fetchone():
                    self._db.execute("ROLLBACK")
                    return None
                row = self._db.execute("SELECT MAX(CAST(id AS INTEGER)) FROM pixels").fetchone()
                pixel_id = str(max(FIRST_ID, (row[0] or 0) + 1))
                pixel: dict[str, Any] = make(pixel_id)
                self._db.execute(
                    "INSERT INTO pixels (id, ad_account_id, data) VALUES (?, ?, ?)",
                    (pixel_id, ad_account_id, json.dumps(pixel)),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return pixel

    def get(self, pixel_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM pixels WHERE id = ?", (pixel_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def update(self, pixel_id: str, changes: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT data FROM pixels WHERE id = ?", (pixel_id,)
                ).fetchone()
                if row is None:
                    self._db.execute("ROLLBACK")
                    return None
                pixel = {**json.loads(row[0]), **changes}
                self._db.execute(
                    "UPDATE pixels SET data = ? WHERE id = ?", (json.dumps(pixel), pixel_id)
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            result: dict[str, Any] = pixel
            return result

    def close(self) -> None:
        with self._lock:
            self._db.close()
