"""The change feed: appended in the writer's transaction, read without ever skipping a late commit.

Sequence values are handed out when a row is inserted, not when its transaction commits, so on
PostgreSQL a row with a lower id can become visible after rows with higher ids; a reader that only
remembered "the highest id seen" would skip it for ever.

On PostgreSQL every feed row carries the id of the transaction that wrote it (``txid``).  Before each
read the reader takes ``xmin`` of a fresh snapshot: every transaction older than ``xmin`` has ended,
so all of its rows are visible to the read that follows.  The reader asks for rows with
``txid >= horizon`` (the ``xmin`` of its previous read), delivers those it has not delivered yet,
and moves the horizon to the new ``xmin``.  A transaction still running at a read has a txid at or
above that read's ``xmin`` and is therefore asked for again next time: nothing is skipped, and the
ids remembered as delivered are only those at or above the horizon.

SQLite has one writer at a time and assigns ids under its write lock, so ids become visible in
order and an id cursor is exact there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, Text, cast, func, insert, literal, literal_column, null, select, text

from .models import ChangeFeed
from .models.base import utcnow

_feed: Table = ChangeFeed.__table__  # type: ignore[assignment]


def append(
    conn: Connection,
    entity: str,
    entity_id: int | str,
    action: str,
    *,
    actor_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Record a change in the caller's transaction (so it commits or rolls back with the write)."""
    values: dict[str, Any] = {
        "entity": entity,
        "entity_id": str(entity_id),
        "action": action,
        "actor_id": actor_id,
        "at": utcnow(),
        "payload": payload,
    }
    conn.execute(_INSERT_PG if conn.dialect.name == "postgresql" else _INSERT, values)


def append_from(
    source: Any,
    entity: str,
    entity_id: Any,
    action: str,
    *,
    actor_id: Any = None,
    at: Any = None,
    payload: dict[str, Any] | None = None,
) -> Any:
    """PostgreSQL: an ``INSERT ... SELECT`` of one feed row per row of ``source`` (a CTE of a data-modifying
    statement), for a write made of one statement.  ``entity_id``, ``actor_id``, ``at`` (default: now) and the
    values of ``payload`` may be SQL expressions (columns of ``source``, bound parameters of a statement built
    once); the row carries the writing transaction's id as :func:`append`'s do."""
    parts: list[Any] = []
    for key, value in (payload or {}).items():
        typed = value if hasattr(value, "type") else literal(value) if value is not None else cast(null(), Text)
        parts += [literal(key), typed]
    body = cast(func.json_build_object(*parts), _feed.c.payload.type) if payload is not None else null()
    rows = select(
        literal(entity),
        cast(entity_id, Text) if hasattr(entity_id, "type") else literal(str(entity_id)),
        literal(action),
        actor_id if hasattr(actor_id, "type") else literal(actor_id, _feed.c.actor_id.type),
        at if hasattr(at, "type") else literal(at or utcnow(), _feed.c.at.type),
        literal_column("pg_current_xact_id()::text::bigint"),
        body,
    ).select_from(source)
    return insert(_feed).from_select(["entity", "entity_id", "action", "actor_id", "at", "txid", "payload"], rows)


# Built once: every write in the application appends through these.
_INSERT = insert(_feed)
_INSERT_PG = insert(_feed).values(txid=literal_column("pg_current_xact_id()::text::bigint"))


@dataclass(frozen=True)
class ChangeEvent:
    """One change as delivered to listeners."""

    id: int
    entity: str
    entity_id: str
    action: str
    actor_id: int | None
    at: dt.datetime
    payload: dict[str, Any] | None


@dataclass
class FeedPosition:
    """Where a reader stands; serialisable so a desktop can resume after a restart or an outage.

    ``horizon``: PostgreSQL — every row of a transaction older than this has been delivered;
    SQLite — every row with an id up to this has been delivered.  ``delivered``: ids delivered
    whose transaction is at or above the horizon (PostgreSQL only).
    """

    horizon: int = 0
    delivered: set[int] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        return {"horizon": self.horizon, "delivered": sorted(self.delivered)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedPosition:
        return cls(int(data.get("horizon", 0)), {int(i) for i in data.get("delivered", [])})


def _xmin(conn: Connection) -> int:
    return int(conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one())


def head(engine: Engine) -> FeedPosition:
    """A position at the current end of the feed: a desktop takes it *before* loading its data."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            xmin = _xmin(conn)
            seen = conn.execute(select(_feed.c.id).where(_feed.c.txid >= xmin)).scalars()
            return FeedPosition(xmin, set(seen))
        return FeedPosition(int(conn.execute(select(func.coalesce(func.max(_feed.c.id), 0))).scalar_one()))


class FeedReader:
    """Reads new feed rows; never skips a committed row, never delivers one twice."""

    def __init__(self, engine: Engine, position: FeedPosition | None = None, *, batch: int = 2000) -> None:
        self._engine = engine
        self.position = position if position is not None else FeedPosition()
        self._batch = batch

    def poll(self) -> list[ChangeEvent]:
        """Events committed since the last poll, in id order within the batch."""
        return [_event(r) for r in self._poll(_feed.c)]

    def poll_encoded(self) -> tuple[list[int], str]:
        """Like :meth:`poll`, for sending on: the ids and the events as one JSON array of
        ``[id, entity, entity id, action, actor id, payload]``, encoded by the database.

        A desktop catching up after a long absence may need tens of thousands of events; the database writes
        their JSON far faster than building and encoding them one by one here would.
        """
        rows = self._poll([_feed.c.id, _feed.c.txid, _encoded(self._engine.dialect.name).label("doc")])
        return [int(r.id) for r in rows], "[" + ",".join(r.doc for r in rows) + "]"

    def _poll(self, columns: Any) -> list[Any]:
        with self._engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                return self._poll_postgres(conn, columns)
            return self._poll_in_order(conn, columns)

    def _poll_in_order(self, conn: Connection, columns: Any) -> list[Any]:
        rows = conn.execute(
            select(*columns).where(_feed.c.id > self.position.horizon).order_by(_feed.c.id).limit(self._batch)
        ).all()
        if rows:
            self.position.horizon = int(rows[-1].id)
        return list(rows)

    def _poll_postgres(self, conn: Connection, columns: Any) -> list[Any]:
        pos = self.position
        xmin = _xmin(conn)  # BEFORE the read: see the module docstring
        rows: list[Any] = []
        last_id = 0
        while True:  # every row at or above the horizon, page by page
            page = conn.execute(
                select(*columns)
                .where(_feed.c.txid >= pos.horizon, _feed.c.id > last_id)
                .order_by(_feed.c.id)
                .limit(self._batch)
            ).all()
            rows += page
            if len(page) < self._batch:
                break
            last_id = int(page[-1].id)
        fresh = [r for r in rows if r.id not in pos.delivered]
        pos.horizon = max(pos.horizon, xmin)
        pos.delivered = {int(r.id) for r in rows if r.txid >= pos.horizon}
        return fresh


def _encoded(dialect: str) -> Any:
    """One feed row as JSON text, in the database."""
    c = _feed.c
    if dialect == "postgresql":
        return func.json_build_array(c.id, c.entity, c.entity_id, c.action, c.actor_id, c.payload).cast(Text)
    return func.json_array(c.id, c.entity, c.entity_id, c.action, c.actor_id, func.json(c.payload))


def _event(row: Any) -> ChangeEvent:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)
    return ChangeEvent(int(row.id), row.entity, row.entity_id, row.action, row.actor_id, at, row.payload)
