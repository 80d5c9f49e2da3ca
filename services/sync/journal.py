"""The local journal: everything typed and not yet safely in the shared database, in a file on this machine.

Notes, wrap-up, ticket replies and record edits are written here *as they are typed* (debounced by the
caller), so that neither a database outage nor a crash of the desktop loses them:

* a small SQLite file in the data folder (``journal.db``), WAL with ``synchronous=FULL`` — every
  :meth:`Journal.put` is on disk (fsync) when it returns;
* one entry per ``(kind, key)`` — a newer put of the same draft replaces the older one and bumps its
  revision, so that replay never deletes text typed while it ran (:meth:`Journal.discard` with ``rev``);
* entries whose kind has a replay handler are *queued saves* (:func:`~.replay.replay` writes them when the
  database is back); the others are *drafts* the screens restore from :meth:`Journal.pending`.

Customer data is kept on this machine only as long as, and only as far as, the replay needs it:

* the file and its folder are private to the OS account (POSIX: ``0600`` / ``0700``,
  :mod:`services.private_files`);
* a record edit keeps only the fields the person changed (mine and the original of each), not a copy of
  the whole record (:func:`minimal_payload`);
* a saved or discarded entry is deleted, not marked: SQLite's ``secure_delete`` overwrites its bytes in
  the file, and the write-ahead log, which still holds them, is emptied (``wal_checkpoint(TRUNCATE)``).

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

from services.private_files import create_private, private_dir

JOURNAL_FILE = "journal.db"
STATES = ("pending", "conflict", "refused")
RECORD_EDIT = "record_edit"  # the kind services.sync.replay replays through RecordEditor.save
BUSY_TIMEOUT_MS = 5000

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


def minimal_payload(kind: str, payload: Any) -> Any:
    """What the journal keeps of ``payload``: a record edit loses the fields the person did not change.

    ``RecordEditor.save`` writes, and compares three ways, only the fields in which ``mine`` differs from
    ``original``; the unchanged ones (a customer's name, say, while the occupation is corrected) are a
    copy of the record that replay never reads.  Other kinds are kept as given.
    """
    if kind != RECORD_EDIT or not isinstance(payload, dict):
        return payload
    mine, original = payload.get("mine"), payload.get("original")
    if not isinstance(mine, dict) or not isinstance(original, dict):
        return payload
    missing = object()
    changed = [n for n in dict.fromkeys([*original, *mine]) if mine.get(n, missing) != original.get(n, missing)]
    return {
        **payload,
        "original": {n: original[n] for n in changed if n in original},
        "mine": {n: mine[n] for n in changed if n in mine},
    }


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
        private_dir(path.parent)
        create_private(path)  # SQLite gives its -wal and -shm files the database file's mode
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
        self._db.execute("PRAGMA secure_delete=ON")  # deleted entries are overwritten, not just unlinked
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # every commit is fsynced
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(self, kind: str, key: str | int, payload: Any) -> int:
        """Keep ``payload`` (its :func:`minimal_payload`) as the latest of ``(kind, key)``, durably; returns
        its revision."""
        text = dumps(minimal_payload(kind, payload))
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
        """Forget an entry (it is saved, or thrown away); with ``rev``, only if not replaced meanwhile.

        The entry is deleted and its bytes overwritten, in the file and (emptied) in its write-ahead log.
        """
        sql = "DELETE FROM entry WHERE kind = ? AND key = ?" + (" AND rev = ?" if rev is not None else "")
        args: tuple[Any, ...] = (kind, str(key)) if rev is None else (kind, str(key), rev)
        with self._lock:
            deleted = self._db.execute(sql, args).rowcount > 0
            if deleted:
                # Copies every page into the file (where secure_delete zeroed the entry) and truncates the
                # log that still held it.  Should another connection be reading the file, it gives up at
                # once (no busy wait: this runs as people work) and the next discard does it.
                self._db.execute("PRAGMA busy_timeout=0")
                try:
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                finally:
                    self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            return deleted

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
