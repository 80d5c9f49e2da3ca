"""Recomputing the call aggregates of some intervals or days from the calls themselves.

Each function deletes the aggregate rows of the buckets it is given and writes them again from the source
rows of those buckets, in the caller's transaction.  Recomputing (never adding to what is there) is what makes
the upkeep idempotent: run twice, or after a run killed halfway (its transaction rolled back), it leaves the
same rows.  First-contact resolution is kept per call instead (:mod:`services.reports.fcr_calls`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, and_, case, delete, func, insert, or_, select

from db.models import (
    AgentStateLog,
    Call,
    CallQueue,
    ReportAgentDay,
    ReportAgentDisposition,
    ReportQueueInterval,
)

from . import buckets as b

CALL: Table = Call.__table__  # type: ignore[assignment]
QUEUE: Table = CallQueue.__table__  # type: ignore[assignment]
BUSY_STATES = ("offered", "on_call", "wrap_up")
STAFFED_STATES = ("available", *BUSY_STATES)


def _count_if(condition: Any) -> Any:
    return func.count(case((condition, 1)))


def _sum_if(condition: Any, value: Any) -> Any:
    return func.coalesce(func.sum(case((condition, value))), 0)


def range_filter(column: Any, ranges: list[b.Range]) -> Any:
    return or_(*(and_(column >= lo, column < hi) for lo, hi in ranges))


def refresh_queue_intervals(conn: Connection, ranges: list[b.Range], zone: ZoneInfo) -> int:
    """Recompute every queue's intervals within ``ranges`` (aligned to half hours); returns the rows written."""
    if not ranges:
        return 0
    dialect = conn.dialect.name
    c, q = CALL.c, QUEUE.c
    entered = func.coalesce(c.enqueued_at, c.received_at)
    answered = c.answered_at.is_not(None)
    abandoned = and_(c.state == "abandoned", c.direction == "inbound")
    finished = and_(answered, c.state == "completed")
    wait = b.seconds_sql(dialect, c.answered_at, entered)
    bucket = b.bucket_sql(dialect, c.received_at).label("bucket")
    stmt = (
        select(
            c.queue_id,
            bucket,
            func.count(),
            _count_if(answered),
            _count_if(and_(answered, wait <= q.service_level_seconds)),
            _count_if(abandoned),
            _count_if(and_(abandoned, b.seconds_sql(dialect, c.ended_at, entered) <= q.short_abandon_seconds)),
            _sum_if(answered, wait),
            _count_if(finished),
            _sum_if(finished, b.seconds_sql(dialect, func.coalesce(c.wrapup_ended_at, c.ended_at), c.answered_at)),
        )
        .select_from(CALL.join(QUEUE, q.id == c.queue_id))
        .where(range_filter(c.received_at, ranges))
        .group_by(c.queue_id, bucket)
    )
    rows = []
    for queue_id, bkt, *figures in conn.execute(stmt).all():
        start = b.bucket_start(bkt)
        rows.append(
            dict(
                zip(
                    ("offered", "answered", "answered_in_sl", "abandoned", "short_abandoned", "wait_sum_s"),
                    figures[:6],
                    strict=True,
                ),
                queue_id=queue_id,
                interval_start=start,
                day=b.local_day(start, zone),
                handled=figures[6],
                handle_sum_s=float(figures[7] or 0),
                wait_sum_s=float(figures[5] or 0),
            )
        )
    table: Table = ReportQueueInterval.__table__  # type: ignore[assignment]
    conn.execute(delete(table).where(range_filter(table.c.interval_start, ranges)))
    if rows:
        conn.execute(insert(table), rows)
    return len(rows)


def refresh_agent_days(conn: Connection, days: set[dt.date], zone: ZoneInfo, now: dt.datetime) -> int:
    """Recompute each agent's figures (calls answered, dispositions, time per state) on ``days``."""
    written = 0
    for first, last in b.day_runs(days):
        lo, hi = b.day_bounds(first, last, zone)
        written += _agent_run(conn, first, last, lo, hi, zone, now)
    return written


def _agent_run(
    conn: Connection, first: dt.date, last: dt.date, lo: dt.datetime, hi: dt.datetime, zone: ZoneInfo, now: dt.datetime
) -> int:
    dialect = conn.dialect.name
    c, q = CALL.c, QUEUE.c
    day = b.day_sql(dialect, c.answered_at, zone).label("day")
    done = c.state == "completed"
    wrap = b.seconds_sql(dialect, c.wrapup_ended_at, c.ended_at)
    where = (c.answered_at >= lo, c.answered_at < hi, c.agent_id.is_not(None))
    figures = conn.execute(
        select(
            c.agent_id,
            day,
            _count_if(done),
            _sum_if(done, b.seconds_sql(dialect, c.ended_at, c.answered_at)),
            _sum_if(and_(done, c.wrapup_ended_at.is_not(None)), wrap),
            _count_if(and_(done, c.wrapup_ended_at.is_not(None), wrap > func.coalesce(q.wrapup_limit_seconds, 60))),
        )
        .select_from(CALL.outerjoin(QUEUE, q.id == c.queue_id))
        .where(*where)
        .group_by(c.agent_id, day)
    ).all()
    rows: dict[tuple[int, dt.date], dict[str, Any]] = {}
    for agent_id, d, handled, talk, wrap_s, over in figures:
        rows[(agent_id, b.as_date(d))] = {"handled": handled, "talk_s": float(talk), "wrapup_s": float(wrap_s),
                                          "wrapups_over": over}  # fmt: skip
    for (agent_id, d), seconds in _state_seconds(conn, lo, hi, zone, now).items():
        rows.setdefault((agent_id, d), {"handled": 0, "talk_s": 0.0, "wrapup_s": 0.0, "wrapups_over": 0})
        rows[(agent_id, d)].update(seconds)
    dispositions = conn.execute(
        select(c.agent_id, day, c.disposition, func.count())
        .where(*where, done, c.disposition.is_not(None))
        .group_by(c.agent_id, day, c.disposition)
    ).all()
    agent_table: Table = ReportAgentDay.__table__  # type: ignore[assignment]
    disp_table: Table = ReportAgentDisposition.__table__  # type: ignore[assignment]
    conn.execute(delete(agent_table).where(agent_table.c.day >= first, agent_table.c.day <= last))
    conn.execute(delete(disp_table).where(disp_table.c.day >= first, disp_table.c.day <= last))
    out = [
        {"agent_id": a, "day": d, "staffed_s": 0.0, "available_s": 0.0, "busy_s": 0.0, **v}
        for (a, d), v in rows.items()
        if first <= d <= last
    ]
    if out:
        conn.execute(insert(agent_table), out)
    disp = [
        {"agent_id": a, "day": b.as_date(d), "disposition": code, "calls": n}
        for a, d, code, n in dispositions
        if first <= b.as_date(d) <= last
    ]
    if disp:
        conn.execute(insert(disp_table), disp)
    return len(out)


def _state_seconds(
    conn: Connection, lo: dt.datetime, hi: dt.datetime, zone: ZoneInfo, now: dt.datetime
) -> dict[tuple[int, dt.date], dict[str, float]]:
    """Seconds per agent and day staffed (ready or working), available and busy, each state span cut at the
    bank's midnights (a span still open counts up to ``now``)."""
    log = AgentStateLog.__table__.c
    spans = conn.execute(
        select(log.user_id, log.state, log.started_at, log.ended_at).where(
            log.started_at < hi, or_(log.ended_at.is_(None), log.ended_at > lo), log.state.in_(STAFFED_STATES)
        )
    ).all()
    out: dict[tuple[int, dt.date], dict[str, float]] = defaultdict(
        lambda: {"staffed_s": 0.0, "available_s": 0.0, "busy_s": 0.0}
    )
    for user_id, state, started, ended in spans:
        start = max(b.aware(started), lo)
        end = min(b.aware(ended) if ended is not None else b.aware(now), hi)
        while start < end:
            day = b.local_day(start, zone)
            cut = min(end, b.day_bounds(day, day, zone)[1])
            seconds = (cut - start).total_seconds()
            figures = out[(user_id, day)]
            figures["staffed_s"] += seconds
            figures["available_s" if state == "available" else "busy_s"] += seconds
            start = cut
    return out
