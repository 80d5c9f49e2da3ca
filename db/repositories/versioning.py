"""Optimistic concurrency for statements that bypass the ORM's ``version_id_col``.

Every editable record carries ``version`` (:class:`db.models.base.Versioned`).  The ORM checks
and bumps it on its own UPDATEs; Core ``update()`` statements do not, so they go through these helpers:

* :func:`guarded_update` — a person's save: only if the row is still at the version they loaded; bumps it.
* :func:`bumped` — a system or bulk change that must not be refused but must still tell every desktop
  holding the old version that the row moved on (adds ``version = version + 1`` to the values).

``tests/sync/test_version_audit.py`` scans the code for Core updates of versioned tables that do neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.orm import DeclarativeBase

from db.pg_security import RAW_COLUMNS


class StaleVersion(Exception):
    """The row is no longer at the expected version (someone else saved), or it is gone.

    Attributes:
        table: the table's name.
        row_id: the primary key.
        expected: the version the writer loaded.
        current: the row as it is now (column -> value), or None when it was deleted.
    """

    def __init__(self, table: str, row_id: Any, expected: int, current: dict[str, Any] | None) -> None:
        now = current.get("version") if current else None
        super().__init__(f"{table} {row_id}: expected version {expected}, found {now if current else 'no row'}")
        self.table = table
        self.row_id = row_id
        self.expected = expected
        self.current = current


def table_of(target: Table | type[DeclarativeBase] | Any) -> Table:
    """The Core table of a model class or a table."""
    if isinstance(target, Table):
        return target
    table = target.__table__
    assert isinstance(table, Table)
    return table


def bumped(target: Table | type[DeclarativeBase] | Any, **values: Any) -> dict[str, Any]:
    """``values`` plus ``version = version + 1`` for a bulk or system UPDATE of a versioned table."""
    table = table_of(target)
    return {**values, "version": table.c.version + 1}


def load_row(conn: Connection, target: Table | type[DeclarativeBase] | Any, row_id: Any) -> dict[str, Any] | None:
    """The row with primary key ``row_id`` as a plain dict, or None.

    Raw identifiers are left out: a desktop's login may not read them (:data:`db.pg_security.RAW_COLUMNS`).
    """
    table = table_of(target)
    raw = RAW_COLUMNS.get(table.name, ())
    columns = [c for c in table.c if c.name not in raw]
    row = conn.execute(select(*columns).where(table.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def guarded_update(
    conn: Connection,
    target: Table | type[DeclarativeBase] | Any,
    row_id: Any,
    expected_version: int,
    values: Mapping[str, Any],
) -> int:
    """Write ``values`` only if row ``row_id`` is still at ``expected_version``; returns the new version.

    Raises:
        StaleVersion: someone saved in between (or deleted the row); nothing was written.
    """
    table = table_of(target)
    if "version" in values:
        raise ValueError("the version is set by guarded_update, not by the caller")
    result = conn.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise StaleVersion(table.name, row_id, expected_version, load_row(conn, table, row_id))
    return expected_version + 1
