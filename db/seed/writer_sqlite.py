"""Bulk writing into SQLite: one transaction, large ``executemany`` batches, indexes built after the load."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from db.engine import sqlite_path

from .columns import Batch

log = logging.getLogger(__name__)
SEED_CACHE_KIB = 262_144


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteWriter:
    """Writes batches through the engine's own DBAPI connection (so in-memory databases work too).

    A fresh database switches from WAL to an in-memory rollback journal with ``synchronous=OFF`` for the
    load: new pages need no journal and nothing is written twice.  A database being re-seeded over
    (``--force``) keeps a crash-safe rollback journal on disk.  Non-unique indexes of the loaded tables
    are dropped inside the transaction and rebuilt before it commits.
    """

    backend = "sqlite"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._raw: Any = None
        self._conn: Any = None
        self._indexes: list[tuple[str, str]] = []
        self._isolation: Any = None

    def open(self, plan: Any, *, fresh: bool) -> None:
        """Start the load: pragmas, transaction, wipe (foreign keys are off), drop secondary indexes."""
        wipe, loaded = plan.wipe, plan.loaded
        if sqlite_path(self.engine.url) is not None:
            self.engine.dispose()  # idle pooled connections would pin WAL mode (in memory: would drop the data)
        self._raw = self.engine.raw_connection()
        conn = self._conn = self._raw.driver_connection
        self._isolation = conn.isolation_level
        conn.isolation_level = None  # explicit BEGIN/COMMIT below
        conn.execute("PRAGMA foreign_keys=OFF")  # rows are consistent by construction
        mode = conn.execute(f"PRAGMA journal_mode={'MEMORY' if fresh else 'TRUNCATE'}").fetchone()[0]
        conn.execute(f"PRAGMA synchronous={'OFF' if fresh else 'NORMAL'}")
        conn.execute(f"PRAGMA cache_size=-{SEED_CACHE_KIB}")
        log.debug("seeding SQLite with journal_mode=%s", mode)
        conn.execute("BEGIN IMMEDIATE")
        for table in reversed(wipe):
            conn.execute(f"DELETE FROM {_quote(table)}")
        marks = ",".join("?" * len(loaded))
        self._indexes = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND upper(sql) NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({marks}) ORDER BY name",
            loaded,
        ).fetchall()
        for name, _sql in self._indexes:
            conn.execute(f"DROP INDEX {_quote(name)}")

    @staticmethod
    def prepare(batch: Batch) -> tuple[str, list[tuple[Any, ...]]]:
        """(statement, rows) for one batch; runs on the generating thread."""
        cols = ", ".join(_quote(c) for c in batch.columns)
        marks = ", ".join("?" * len(batch.columns))
        verb = "INSERT OR IGNORE" if batch.if_missing else "INSERT"
        return f"{verb} INTO {_quote(batch.table)} ({cols}) VALUES ({marks})", batch.sql_rows()

    def write(self, payload: tuple[str, list[tuple[Any, ...]]]) -> None:
        sql, rows = payload
        if rows:
            self._conn.executemany(sql, rows)

    def finish(self, on_phase: Any = None) -> None:
        """Rebuild indexes, commit, ANALYZE, restore the connection's settings."""
        conn = self._conn
        if on_phase:
            on_phase("indexes")
        for _name, sql in self._indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        if on_phase:
            on_phase("analyze")
        conn.execute("PRAGMA analysis_limit=1000")
        conn.execute("ANALYZE")
        self._restore()

    def abort(self) -> None:
        try:
            if self._conn is not None and self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        finally:
            self._restore()

    def _restore(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA cache_size=-65536")
        finally:
            conn.isolation_level = self._isolation
            self._conn = None
            self._raw.close()
            self._raw = None
