"""Verifying the audit chain: every row re-hashed, every link and every id checked.

The database only formats each row's payload (the serialisation documented in
:mod:`services.audit`); the hashing and every comparison happen here, in Python.
Rows are read in keyset batches (``id > last ORDER BY id LIMIT batch``) by a helper thread while the
previous batch is hashed, and a batch that is intact is checked with list operations that run in C;
only a batch with a fault is walked row by row to name the first broken row.

An intact chain proves that no row was changed after it was written, not that the row was true when it
was written: :func:`services.audit_actors.check_actors` asks whether each row's actor could have done it.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from operator import itemgetter, methodcaller
from typing import Any

from sqlalchemy import Engine

GENESIS_HASH = "0" * 64
SEP = "\x1f"
NULL = "\x19"

# id, payload, prev_hash, row_hash — the payload built exactly as audit.row_payload builds it.
_POSTGRES_SQL = r"""
SELECT id,
       concat_ws(E'\x1f', prev_hash, id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
                 coalesce(user_id::text, E'\x19'), username, workstation, action,
                 coalesce(entity, E'\x19'), coalesce(entity_id, E'\x19'), coalesce(detail, E'\x19')),
       prev_hash, row_hash
FROM audit_log WHERE id > %s ORDER BY id LIMIT %s
"""
# SQLite already holds the timestamp as SQLAlchemy's "YYYY-MM-DD HH:MM:SS.ffffff" text (UTC); printf()
# builds the payload in one pass (faster than a chain of ||).
_SQLITE_SQL = (
    "SELECT id, printf('"
    + SEP.join(["%s"] * 10)
    + "', prev_hash, id, at, coalesce(user_id, char(25)), username, workstation, action, "
    "coalesce(entity, char(25)), coalesce(entity_id, char(25)), coalesce(detail, char(25))), prev_hash, row_hash "
    "FROM audit_log WHERE id > ? ORDER BY id LIMIT ?"
)

_ids, _payloads, _prevs, _hashes = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
_hexdigest = methodcaller("hexdigest")


@dataclass(frozen=True)
class VerifyReport:
    """Outcome of a verification.

    Attributes:
        rows: rows checked (including the first broken one).
        first_broken_id: id of the first row that fails, or None when the chain is intact.
        reason: why that row fails, or None.
        seconds: time taken.
        head_id, head_hash: the last intact row — note them to detect later truncation.
    """

    rows: int
    first_broken_id: int | None
    reason: str | None
    seconds: float
    head_id: int | None = None
    head_hash: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float(self.rows)


def _digest(payload: str | None) -> str | None:
    return None if payload is None else hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _first_fault(rows: list[Any], prev_id: int, prev_hash: str) -> tuple[int, int, str] | None:
    """(position, id, reason) of the first faulty row of a batch, or None."""
    for pos, (row_id, payload, prev, stored) in enumerate(rows):
        if row_id != prev_id + 1:
            return pos, row_id, f"rows {prev_id + 1}..{row_id - 1} are missing (deleted)"
        if prev != prev_hash:
            return (
                pos,
                row_id,
                (
                    f"prev_hash does not match the hash of row {prev_id} "
                    f"(row {prev_id} was rewritten, or this row's link was changed)"
                ),
            )
        if _digest(payload) != stored:
            return pos, row_id, "the row's content does not match its hash (the row was changed)"
        prev_id, prev_hash = row_id, stored
    return None


def _batch_intact(rows: list[Any], prev_id: int, prev_hash: str) -> bool:
    ids = list(map(_ids, rows))
    if ids[0] != prev_id + 1 or ids[-1] - ids[0] != len(ids) - 1:  # ordered and unique: contiguous
        return False
    hashes = list(map(_hashes, rows))
    prevs = list(map(_prevs, rows))
    if prevs[0] != prev_hash or prevs[1:] != hashes[:-1]:
        return False
    try:
        computed = list(map(_hexdigest, map(hashlib.sha256, map(str.encode, map(_payloads, rows)))))
    except TypeError:  # a NULL payload
        return False
    return computed == hashes


def _prefetch(dbapi_connection: Any, sql: str, batch: int) -> Generator[list[Any], None, None]:
    """Yield batches while a helper thread already reads the next one."""
    out: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        last = 0
        try:
            cursor = dbapi_connection.cursor()
            try:
                while not stop.is_set():
                    cursor.execute(sql, (last, batch))
                    rows = cursor.fetchall()
                    if rows:
                        out.put(rows)
                    if len(rows) < batch:
                        break
                    last = rows[-1][0]
            finally:
                cursor.close()
            out.put(None)
        except BaseException as exc:  # handed to the consumer
            out.put(exc)

    worker = threading.Thread(target=produce, name="audit-verify-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = out.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            with suppress(queue.Empty):
                out.get(timeout=0.05)
        worker.join()


def verify_chain(engine: Engine, batch: int = 50_000, *, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Check every row of ``audit_log``: contiguous ids, each link, each hash.

    Args:
        engine: the database.
        batch: rows per read.
        progress: called with the number of rows checked so far after every batch.

    Returns:
        A report naming the first broken row and why, or an intact chain with its head.
    """
    started = time.perf_counter()
    with engine.connect() as conn:
        sql = _POSTGRES_SQL if conn.dialect.name == "postgresql" else _SQLITE_SQL
        batches = _prefetch(conn.connection.dbapi_connection, sql, batch)
        with closing(batches):  # stop the reader thread before the connection goes back to the pool
            return _walk(batches, started, progress)


def _walk(batches: Iterator[list[Any]], started: float, progress: Callable[[int], None] | None) -> VerifyReport:
    prev_id, prev_hash, checked = 0, GENESIS_HASH, 0
    for rows in batches:
        if not _batch_intact(rows, prev_id, prev_hash):
            fault = _first_fault(rows, prev_id, prev_hash)
            if fault is not None:
                pos, row_id, reason = fault
                if pos:
                    prev_id, prev_hash = rows[pos - 1][0], rows[pos - 1][3]
                return VerifyReport(
                    checked + pos + 1,
                    row_id,
                    reason,
                    time.perf_counter() - started,
                    prev_id or None,
                    prev_hash if prev_id else None,
                )
        checked += len(rows)
        prev_id, prev_hash = rows[-1][0], rows[-1][3]
        if progress is not None:
            progress(checked)
    return VerifyReport(
        checked, None, None, time.perf_counter() - started, prev_id or None, prev_hash if prev_id else None
    )
