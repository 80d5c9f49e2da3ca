"""Keeping the reports' aggregates up to date: only what changed since the last run is recomputed.

**What changed.**  Calls change until they finish (answered, ended, wrapped up), and a call may be written late
(replayed after an outage).  The watermark row of ``calls`` keeps ``settled_at`` (every call received before it
had finished at the last run) and ``last_id`` (the highest call id seen).  A run recomputes every interval from
``settled_at`` to now, plus the intervals of calls with a higher id received earlier (late ones).  A call stuck
unfinished for more than :data:`MAX_LOOKBACK` no longer holds the watermark back.  Agent days are the days of
those intervals.  First-contact resolution is kept per call (:mod:`services.reports.fcr_calls`): a run
revisits only the calls of those intervals and the same customers' calls of the 7 days before them (a repeat
call turns an earlier "resolved first time" into "not"), not whole days.  Complaints carry ``updated_at``: the days
a changed complaint was received or decided are recomputed.

**Why it is safe.**  Buckets are recomputed from their source rows, never incremented, in one transaction
that first takes a transaction-scoped advisory lock on PostgreSQL (SQLite's writer lock serialises by itself):
two runs at once (two gateways) take turns, a run killed halfway leaves nothing behind, and a run repeated
writes the same rows.  The first run (no watermark) backfills everything from the oldest call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, func, select, text

from db.models import Call, ReportWatermark
from db.write import upsert, utcnow, write_txn

from . import aggregate_calls as calls
from . import aggregate_tickets as tickets
from . import buckets as b
from . import fcr_calls as fcr

LOCK_KEY = 0x4344_5245_504F_5254  # "CDREPORT"
IN_PROGRESS = ("received", "queued", "offered", "connected", "on_hold", "wrap_up")
SETTLE_LAG = dt.timedelta(minutes=2)
MAX_LOOKBACK = dt.timedelta(days=1)
WATERMARK = ReportWatermark.__table__


def _watermark(conn: Connection, source: str) -> tuple[dt.datetime | None, int]:
    row = conn.execute(
        select(WATERMARK.c.settled_at, WATERMARK.c.last_id).where(WATERMARK.c.source == source)
    ).one_or_none()
    if row is None:
        return None, 0
    return (b.aware(row[0]) if row[0] is not None else None), int(row[1] or 0)


def _save(conn: Connection, source: str, settled: dt.datetime | None, last_id: int, now: dt.datetime) -> None:
    upsert(
        conn,
        WATERMARK,  # type: ignore[arg-type]
        {"source": source, "settled_at": settled, "last_id": last_id, "ran_at": now},
        ["source"],
    )


def refresh(
    engine: Engine, *, timezone: str = "Asia/Shanghai", clock: Callable[[], dt.datetime] = utcnow
) -> dict[str, int]:
    """Bring every aggregate up to date; returns the rows written per aggregate (for the job's log)."""
    with write_txn(engine) as conn:
        return refresh_on(conn, ZoneInfo(timezone), b.aware(clock()))


def refresh_on(conn: Connection, zone: ZoneInfo, now: dt.datetime) -> dict[str, int]:
    """:func:`refresh` in the caller's write transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})  # two gateways take turns
    summary = _refresh_calls(conn, zone, now)
    summary.update(_refresh_tickets(conn, zone, now))
    return summary


def _refresh_calls(conn: Connection, zone: ZoneInfo, now: dt.datetime) -> dict[str, int]:
    c = Call.__table__.c
    settled, last_id = _watermark(conn, "calls")
    max_id = int(conn.execute(select(func.coalesce(func.max(c.id), 0))).scalar_one())
    oldest_open = conn.execute(
        select(func.min(c.received_at)).where(c.state.in_(IN_PROGRESS), c.received_at >= now - MAX_LOOKBACK)
    ).scalar()
    new_settled = b.floor_interval(min(now - SETTLE_LAG, b.aware(oldest_open) if oldest_open else now))
    end = b.floor_interval(now) + b.INTERVAL
    if settled is None:
        first = conn.execute(select(func.min(c.received_at))).scalar()
        ranges = [(b.floor_interval(b.aware(first)), end)] if first is not None else []
    else:
        ranges = [(min(settled, new_settled), end)]
        late = conn.execute(
            select(func.distinct(b.bucket_sql(conn.dialect.name, c.received_at))).where(
                c.id > last_id, c.received_at < ranges[0][0]
            )
        ).all()
        ranges += [(b.bucket_start(k), b.bucket_start(k) + b.INTERVAL) for (k,) in late]
        ranges = b.merge_ranges(ranges)
    summary = {"intervals": calls.refresh_queue_intervals(conn, ranges, zone)}
    days = b.days_of(ranges, zone)
    summary["agent_days"] = calls.refresh_agent_days(conn, days, zone, now)
    # Late calls fall in the ranges too: the ranges hold every call that changed since the last run.
    summary.update(fcr.backfill(conn, zone) if settled is None else fcr.refresh_changed(conn, ranges, zone))
    _save(conn, "calls", new_settled, max_id, now)
    return summary


def _refresh_tickets(conn: Connection, zone: ZoneInfo, now: dt.datetime) -> dict[str, int]:
    since, _ = _watermark(conn, "tickets")
    days = tickets.ticket_days_touched(conn, since - SETTLE_LAG if since is not None else None, zone)
    written = tickets.refresh_ticket_days(conn, days, zone)
    _save(conn, "tickets", now, 0, now)
    return {"ticket_days": written}
