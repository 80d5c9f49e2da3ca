"""The local journal: everything typed and not yet safely in the shared database, in a file on this machine.

Notes, wrap-up, ticket replies and record edits are written here *as they are typed* (debounced by the
caller), so that neither a database outage nor a crash of the desktop loses them:

* a small SQLite file in the data folder (``journal.db``), WAL with ``synchronous=FULL`` — every
  :meth:`Journal.put` is on disk (fsync) when it returns;
* one entry per ``(kind, key)`` — a newer put of the same draft replaces the older one and bumps its
  revision, so that replay never deletes text typed while it ran (:meth:`Journal.discard` with ``rev``);
* entries whose kind has a replay handler are *queued saves* (:func:`~.replay.replay` writes them when the
  database is back); the others are *drafts* the screens restore from :meth:`Journal.pending`.

Values may be str, numbers, bools, None, lists, dicts, dates, datetimes and Decimals.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

JOURNAL_FILE = "journal.db"
STATES = ("pending", "conflict", "refused")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    payload TEXT NOT NULL,
    rev INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    UNIQUE (kind, key)
)
"""


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(f"cannot keep a {type(value).__name__} in the journal")


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        ((tag, text),) = obj.items()
        if tag == "$datetime":
            return dt.datetime.fromisoformat(text)
        if tag == "$date":
            return dt.date.fromisoformat(text)
        if tag == "$decimal":
            return Decimal(text)
    return obj


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, default=_encode, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text, object_hook=_decode)


@dataclass(frozen=True)
class Entry:
    """One journalled edit or draft."""

    kind: str
    key: str
    payload: Any
    rev: int
    state: str  # pending | conflict (waits for the person) | refused (the database said no; see last_error)
    attempts: int
    last_error: str | None
    created_at: float
    updated_at: float


class Journal:
    """The journal file (thread-safe; cheap enough to call on the GUI thread as people type).

    Args:
        path: the file (``data_dir / JOURNAL_FILE``); created when missing.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # every commit is fsynced
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, kind: str, key: str | int, payload: Any) -> int:
        """Keep ``payload`` as the latest of ``(kind, key)``, durably; returns its revision."""
        text = dumps(payload)
        now = time.time()
        with self._lock:
            row = self._db.execute(
                "INSERT INTO entry (kind, key, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload, rev = rev + 1, "
                "state = 'pending', last_error = NULL, updated_at = excluded.updated_at RETURNING rev",
                (kind, str(key), text, now, now),
            ).fetchone()
        return int(row[0])

    def get(self, kind: str, key: str | int) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM entry WHERE kind = ? AND key = ?", (kind, str(key))
            ).fetchone()
        return _entry(row) if row else None

    def pending(self, kind: str | None = None) -> list[Entry]:
        """Every entry not yet safely saved (oldest first), optionally of one kind."""
        query = f"SELECT {_COLUMNS} FROM entry" + (" WHERE kind = ?" if kind else "") + " ORDER BY seq"
        with self._lock:
            rows = self._db.execute(query, (kind,) if kind else ()).fetchall()
        return [_entry(r) for r in rows]

    def discard(self, kind: str, key: str | int, rev: int | None = None) -> bool:
        """Forget an entry (it is saved, or thrown away); with ``rev``, only if not replaced meanwhile."""
        sql = "DELETE FROM entry WHERE kind = ? AND key = ?" + (" AND rev = ?" if rev is not None else "")
        args: tuple[Any, ...] = (kind, str(key)) if rev is None else (kind, str(key), rev)
        with self._lock:
            return self._db.execute(sql, args).rowcount > 0

    def mark(self, kind: str, key: str | int, state: str, error: str | None = None, *, rev: int | None = None) -> None:
        """Record a replay attempt's result (``state``: pending, conflict or refused)."""
        if state not in STATES:
            raise ValueError(state)
        sql = "UPDATE entry SET state = ?, attempts = attempts + 1, last_error = ? WHERE kind = ? AND key = ?"
        args: tuple[Any, ...] = (state, error, kind, str(key))
        if rev is not None:
            sql += " AND rev = ?"
            args += (rev,)
        with self._lock:
            self._db.execute(sql, args)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM entry").fetchone()[0])


_COLUMNS = "kind, key, payload, rev, state, attempts, last_error, created_at, updated_at"


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(row[0], row[1], loads(row[2]), row[3], row[4], row[5], row[6], row[7], row[8])
