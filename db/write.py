"""Small database helpers shared by the telephony modules: write transactions, upserts, time."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, bindparam, text
from sqlalchemy.dialects import postgresql, sqlite

from db.engine import sqlite_path
from db.models.base import as_utc

T = TypeVar("T")
log = logging.getLogger(__name__)

if sys.platform != "win32":
    import fcntl


def utcnow() -> dt.datetime:
    """Aware UTC now."""
    return dt.datetime.now(dt.UTC)


aware = as_utc  # naive SQLite reads and aware PostgreSQL reads alike become aware UTC


class _WriterLock:
    """Serialises SQLite writers of this machine's gateway processes and threads without SQLite's busy loop.

    SQLite makes a blocked writer poll with growing sleeps (1, 2, 5, 10, 15, 20, 25 ms, ...), which puts
    tens of milliseconds on the slowest webhooks when several gateway processes write.  A thread lock plus an
    exclusive ``flock`` on a file beside the database hands the turn over as soon as it is free.  POSIX only
    (elsewhere SQLite's own locking is used as it is).
    """

    def __init__(self, path: Path) -> None:
        self._thread_lock = threading.RLock()  # re-entrant: a nested write_txn fails in SQLite, never hangs here
        self._depth = 0
        self._fd: int | None = None
        self._path = path

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            if self._depth == 0:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)


_writer_locks: dict[str, _WriterLock] = {}
_writer_locks_guard = threading.Lock()


def _writer_lock(engine: Engine) -> _WriterLock | None:
    found = _by_engine.get(id(engine), _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    lock = None
    path = sqlite_path(engine.url) if engine.dialect.name == "sqlite" and sys.platform != "win32" else None
    if path is not None:
        key = str(path.resolve())
        with _writer_locks_guard:
            lock = _writer_locks.get(key)
            if lock is None:
                lock = _writer_locks[key] = _WriterLock(path.with_name(path.name + ".writer-lock"))
    _by_engine[id(engine)] = lock
    weakref.finalize(engine, _by_engine.pop, id(engine), None)
    return lock


_MISSING = object()
_by_engine: dict[int, _WriterLock | None] = {}


@contextmanager
def write_txn(engine: Engine) -> Iterator[Connection]:
    """A short write transaction.

    SQLite: ``BEGIN IMMEDIATE`` takes the single writer lock up front, so a read-then-write never fails half
    way with a stale snapshot and routing runs in one writer at a time (gateway processes on one machine
    queue for it through :class:`_WriterLock`).  PostgreSQL: an ordinary transaction; the callers lock the
    rows they change (``FOR UPDATE [SKIP LOCKED]``).
    """
    with engine.connect() as conn, write_txn_on(conn):
        yield conn


@contextmanager
def write_txn_on(conn: Connection) -> Iterator[Connection]:
    """:func:`write_txn` on a connection the caller keeps (the gateway's per-thread connections)."""
    lock = _writer_lock(conn.engine)
    with lock.hold() if lock is not None else nullcontext():
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.info.pop(_AFTER_ROLLBACK, None)
            conn.commit()
        except BaseException:
            conn.rollback()
            _after_rollback(conn)
            raise


_AFTER_ROLLBACK = "contactdesk.after_rollback"


def after_rollback(conn: Connection, write: Callable[[Connection], Any]) -> None:
    """Run ``write(conn)`` in a transaction of its own if the write transaction ``conn`` is in rolls back.

    For what must be kept whatever becomes of the work around it (an audited refusal): written in the
    transaction too, so that a commit keeps it, and again, alone, after a rollback threw it away.
    """
    conn.info.setdefault(_AFTER_ROLLBACK, []).append(write)


def _after_rollback(conn: Connection) -> None:
    for write in conn.info.pop(_AFTER_ROLLBACK, []):
        try:
            with write_txn_on(conn):
                write(conn)
        except Exception:
            log.exception("a write kept for after a rollback failed")


def statement_connection(engine: Engine) -> Connection:
    """A connection for writes made of one statement (see :func:`write_one_statement`).

    PostgreSQL: in autocommit, so that the statement is its own transaction and costs one round trip, with
    no BEGIN and COMMIT around it.  SQLite: an ordinary connection.
    """
    conn = engine.connect()
    return conn.execution_options(isolation_level="AUTOCOMMIT") if conn.dialect.name == "postgresql" else conn


def write_one_statement(conn: Connection, apply: Callable[..., T], *args: Any) -> T:
    """``apply(conn, *args)`` on a :func:`statement_connection`.

    On PostgreSQL ``apply`` must write with exactly one statement (an autocommit statement is atomic on its
    own; a second one would commit separately).  On SQLite it runs in :func:`write_txn_on`.
    """
    if conn.dialect.name == "postgresql":
        return apply(conn, *args)
    with write_txn_on(conn):
        return apply(conn, *args)


@lru_cache(maxsize=64)
def _insert_ignore_stmt(table: Table, columns: tuple[str, ...], key: tuple[str, ...], returning: str = "") -> Any:
    # "INSERT ... ON CONFLICT (key) DO NOTHING" reads the same on SQLite and PostgreSQL.  Written as text() with
    # typed parameters because SQLAlchemy cannot cache the dialect-specific on_conflict constructs, and this
    # runs for every incoming call.
    names = ", ".join(columns)
    binds = ", ".join(f":{c}" for c in columns)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({binds}) ON CONFLICT ({', '.join(key)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {returning}"
    return text(sql).bindparams(*(bindparam(c, type_=table.c[c].type) for c in columns))


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> bool:
    """INSERT unless a row with the same ``key`` exists; True when a row was inserted."""
    stmt = _insert_ignore_stmt(table, tuple(values), tuple(key))
    return bool(conn.execute(stmt, values).rowcount)


def insert_ignore_returning(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> int | None:
    """:func:`insert_ignore` that returns the new row's ``id`` (None when the key existed)."""
    stmt = _insert_ignore_stmt(table, tuple(values), tuple(key), "id")
    found = conn.execute(stmt, values).scalar()
    return None if found is None else int(found)


def upsert(conn: Connection, table: Table, values: dict[str, Any], key: list[str]) -> None:
    """INSERT, or UPDATE the non-key columns of the row with the same ``key``."""
    changes = {k: v for k, v in values.items() if k not in key}
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(table).values(**values)
    else:
        stmt = sqlite.insert(table).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=key, set_=changes))
