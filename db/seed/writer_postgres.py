"""Bulk writing into PostgreSQL with ``COPY ... FROM STDIN (FREEZE)`` inside one transaction.

Everything happens in a single transaction, DDL included, so a failed seed leaves the database as it was:

1. the seeded tables are emptied (they are empty, or ``--force`` asked for it): TRUNCATE where no
   kept table refers to them, which also allows ``COPY FREEZE`` (rows are written frozen and pages
   all-visible, so index-only scans work without a VACUUM); DELETE for the few small ones the
   append-only audit log refers to (staff, teams, branches) — with foreign keys still checked, so a
   database whose audit trail refers to its staff cannot be wiped;
2. non-unique secondary indexes of the loaded tables are dropped (their definitions are read from the
   catalog, so they come back exactly as the migrations made them) — except those leading with
   ``customer_id``/``ticket_id``: rows arrive in that order, so those grow at their right edge, which
   is cheaper than sorting millions of entries afterwards — and so is the primary key of
   ``search_token``: its rows arrive in customer order, not key order, and inserting millions of them
   one by one into a B-tree larger than the buffer cache costs several times a sorted rebuild, which
   also re-checks uniqueness;
3. foreign-key checks are skipped: a superuser sets ``session_replication_role = replica`` for the
   transaction; anyone else drops the foreign keys and adds them back (validated) after the load;
4. COPY of pre-formatted text per batch; then indexes and constraints come back, sequences are moved
   past the largest id, the transaction commits and the tables are ANALYZEd.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from db.pii import PEPPERED_KEYS, peppered

from .columns import Batch, Text

log = logging.getLogger(__name__)

INDEXES_SQL = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
WHERE n.nspname = current_schema() AND t.relname = ANY(%s)
  AND NOT i.indisunique AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
  AND coalesce(a.attname, '') <> ALL(%s)
ORDER BY c.relname
"""
# Rows arrive ordered by these columns, so indexes leading with them grow at their right edge, which
# costs less during the load than a sort afterwards: they are kept.
LOAD_ORDER_COLUMNS = ["customer_id", "ticket_id"]
FOREIGN_KEYS_SQL = """
SELECT t.relname, k.conname, pg_get_constraintdef(k.oid)
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE k.contype = 'f' AND n.nspname = current_schema() AND t.relname = ANY(%s)
ORDER BY t.relname, k.conname
"""
PRIMARY_KEY_SQL = """
SELECT k.conname, pg_get_constraintdef(k.oid)
FROM pg_constraint k
JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE k.contype = 'p' AND n.nspname = current_schema() AND t.relname = %s
"""
# Tables loaded out of key order whose primary key is rebuilt after the load.
REBUILT_PRIMARY_KEYS = ("search_token",)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresWriter:
    """Writes batches over one psycopg 3 connection taken from the engine's pool."""

    backend = "postgresql"

    def __init__(self, engine: Engine, *, replica_role: bool | None = None) -> None:
        """
        Args:
            engine: the target database.
            replica_role: skip foreign-key checks with ``session_replication_role`` (needs a superuser);
                None decides by the connected role.
        """
        self.engine = engine
        self.replica_role = replica_role
        self._raw: Any = None
        self._conn: Any = None
        self._indexes: list[tuple[str, str]] = []
        self._foreign_keys: list[tuple[str, str, str]] = []
        self._primary_keys: list[tuple[str, str, str]] = []
        self._loaded: list[str] = []
        self._pepper: str | None = None
        self._untriggered: list[str] = []

    def open(self, plan: Any, *, fresh: bool) -> None:
        """Start the transaction, empty the tables, drop what is rebuilt after the load."""
        wipe, truncate, loaded = plan.wipe, plan.truncate, plan.loaded
        self._raw = self.engine.raw_connection()
        conn = self._conn = self._raw.driver_connection
        conn.autocommit = False
        self._loaded = loaded
        with conn.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            cur.execute("SET LOCAL TIME ZONE 'UTC'")
            cur.execute("SET LOCAL maintenance_work_mem = '1GB'")  # index builds sort in memory
            cur.execute("SET LOCAL work_mem = '128MB'")
            if self.replica_role is None:
                cur.execute("SELECT current_setting('is_superuser')")
                self.replica_role = cur.fetchone()[0] == "on"
            if truncate:
                cur.execute(f"TRUNCATE {', '.join(_quote(t) for t in truncate)} RESTART IDENTITY")
            for table, column in plan.detach:  # e.g. team.supervisor_id <-> app_user.team_id
                cur.execute(f"UPDATE {_quote(table)} SET {_quote(column)} = NULL WHERE {_quote(column)} IS NOT NULL")
            for table in reversed([t for t in wipe if t not in truncate]):
                cur.execute(f"DELETE FROM {_quote(table)}")
            cur.execute(INDEXES_SQL, (loaded, LOAD_ORDER_COLUMNS))
            self._indexes = [(r[0], r[1]) for r in cur.fetchall()]
            for name, _sql in self._indexes:
                cur.execute(f"DROP INDEX {_quote(name)}")
            self._primary_keys = []
            for table in REBUILT_PRIMARY_KEYS:
                cur.execute(PRIMARY_KEY_SQL, (table,))
                row = cur.fetchone()
                if row and table in truncate:
                    self._primary_keys.append((table, row[0], row[1]))
                    cur.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(row[0])}")
            self._take_over_keys(cur, loaded)
            if self.replica_role:
                cur.execute("SET LOCAL session_replication_role = replica")
            else:
                cur.execute(FOREIGN_KEYS_SQL, (loaded,))
                self._foreign_keys = [(r[0], r[1], r[2]) for r in cur.fetchall()]
                for table, name, _definition in self._foreign_keys:
                    cur.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
        self._frozen = set(truncate)

    def _take_over_keys(self, cur: Any, loaded: list[str]) -> None:
        """Pepper the search keys here instead of row by row in the server's trigger (db.pg_security).

        The generators write pre-keys (db.pii.pii_key); the server stores them peppered with a secret that the
        owner — who seeds — may read.  For the load the key triggers are off (in this transaction only) and
        :meth:`prepare` applies the same hash, so the stored keys are exactly what the trigger would store.
        """
        cur.execute("SELECT to_regclass('pii_pepper') IS NOT NULL")
        if not cur.fetchone()[0]:
            return
        cur.execute("SELECT pepper FROM pii_pepper")
        row = cur.fetchone()
        self._pepper = row[0] if row else None
        cur.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'cd_pepper_key' AND c.relname = ANY(%s) "
            "AND c.relnamespace = current_schema()::regnamespace",
            (loaded,),
        )
        self._untriggered = [r[0] for r in cur.fetchall()]
        for table in self._untriggered:
            cur.execute(f"ALTER TABLE {_quote(table)} DISABLE TRIGGER cd_pepper_key")

    def _peppered(self, batch: Batch) -> Batch:
        column = PEPPERED_KEYS.get(batch.table)
        pepper = self._pepper
        if pepper is None or column is None or column not in batch.columns:
            return batch
        keys = batch.columns[column]
        if not isinstance(keys, Text):
            raise TypeError(f"{batch.table}.{column}: pre-keys must be a Text column")
        values = keys.sql(batch.size)
        columns = dict(batch.columns)
        columns[column] = Text([peppered(pepper, v) if v else v for v in values])
        return Batch(batch.table, columns, batch.size, batch.if_missing)

    def prepare(self, batch: Batch) -> tuple[str, Any]:
        """(statement, data) for one batch; runs on the generating thread."""
        batch = self._peppered(batch)
        cols = ", ".join(_quote(c) for c in batch.columns)
        table = _quote(batch.table)
        if batch.if_missing:
            marks = ", ".join(["%s"] * len(batch.columns))
            sql = f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING"
            return sql, batch.sql_rows()
        freeze = " (FREEZE)" if batch.table in self._frozen else ""
        return f"COPY {table} ({cols}) FROM STDIN{freeze}", batch.copy_bytes()

    def write(self, payload: tuple[str, Any]) -> None:
        sql, data = payload
        with self._conn.cursor() as cur:
            if sql.startswith("INSERT"):
                cur.executemany(sql, data)
                return
            with cur.copy(sql) as copy:
                copy.write(data)

    def finish(self, on_phase: Any = None) -> None:
        conn = self._conn
        with conn.cursor() as cur:
            if on_phase:
                on_phase("indexes")
            for table, name, definition in self._primary_keys:
                cur.execute(f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}")
            for _name, sql in self._indexes:
                cur.execute(sql)
            if self._foreign_keys and on_phase:
                on_phase("foreign keys")
            for table, name, definition in self._foreign_keys:
                cur.execute(f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}")
            if on_phase:
                on_phase("sequences")
            for table in self._loaded:
                cur.execute(
                    "SELECT pg_get_serial_sequence(%s, 'id') FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = %s AND column_name = 'id'",
                    (_quote(table), table),
                )
                row = cur.fetchone()
                if row and row[0]:
                    cur.execute(
                        f"SELECT setval(%s, COALESCE((SELECT MAX(id) FROM {_quote(table)}), 0) + 1, false)", (row[0],)
                    )
            for table in self._untriggered:
                cur.execute(f"ALTER TABLE {_quote(table)} ENABLE TRIGGER cd_pepper_key")
            self._sync_logins(cur, on_phase)
        conn.commit()
        if on_phase:
            on_phase("analyze")
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(f"ANALYZE {', '.join(_quote(t) for t in self._loaded)}")
        finally:
            conn.autocommit = False
        self._close()

    def _sync_logins(self, cur: Any, on_phase: Any) -> None:
        """Every seeded user gets their own database login (db.pg_security), as users made in the application do.

        Without a password: the sign-in service issues one.  Skipped for a schema without the security
        migration (0011).
        """
        if "app_user" not in self._loaded:
            return
        cur.execute("SELECT to_regprocedure('cd_sync_login(bigint)') IS NOT NULL")
        if not cur.fetchone()[0]:
            return
        if on_phase:
            on_phase("logins")
        cur.execute("SELECT count(cd_sync_login(id)) FROM (SELECT id FROM app_user ORDER BY id) AS u")

    def abort(self) -> None:
        try:
            if self._conn is not None and not self._conn.closed:
                self._conn.rollback()
        finally:
            self._close()

    def _close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        self._raw = self._conn = None
