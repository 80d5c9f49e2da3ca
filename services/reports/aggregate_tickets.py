"""Recomputing the complaint aggregates of some days from the complaints themselves.

A day's row per category and branch counts the complaints received that day (and which of them breached or
were extended) and those decided that day (on time against the regulator's deadline, extended if it was, and
the days it took).  Like the call aggregates, a day is deleted and written again, never added to.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, and_, case, delete, func, insert, or_, select

from db.models import ReportTicketDay, Ticket

from . import buckets as b

TICKET: Table = Ticket.__table__  # type: ignore[assignment]
FIELDS = ("opened", "breached", "extended", "decided", "decided_on_time", "decide_days_sum")


def refresh_ticket_days(conn: Connection, days: set[dt.date], zone: ZoneInfo) -> int:
    written = 0
    dialect = conn.dialect.name
    t = TICKET.c
    table: Table = ReportTicketDay.__table__  # type: ignore[assignment]
    complaint = t.kind == "complaint"
    deadline = func.coalesce(t.extended_deadline, t.regulatory_deadline)
    for first, last in b.day_runs(days):
        lo, hi = b.day_bounds(first, last, zone)
        rows: dict[tuple[Any, str, int | None], list[float]] = {}
        opened_day = b.day_sql(dialect, t.received_at, zone).label("day")
        for d, category, branch, opened, breached, extended in conn.execute(
            select(
                opened_day,
                t.category,
                t.complained_branch_id,
                func.count(),
                func.count(case((t.breached.is_(True), 1))),
                func.count(case((t.extended_deadline.is_not(None), 1))),
            )
            .where(complaint, t.received_at >= lo, t.received_at < hi)
            .group_by(opened_day, t.category, t.complained_branch_id)
        ).all():
            row = rows.setdefault((b.as_date(d), category, branch), [0.0] * len(FIELDS))
            row[0:3] = [opened, breached, extended]
        decided_day = b.day_sql(dialect, t.decided_at, zone).label("day")
        for d, category, branch, decided, on_time, days_sum in conn.execute(
            select(
                decided_day,
                t.category,
                t.complained_branch_id,
                func.count(),
                func.count(case((or_(deadline.is_(None), t.decided_at <= deadline), 1))),
                func.coalesce(func.sum(b.seconds_sql(dialect, t.decided_at, t.received_at)), 0) / 86400.0,
            )
            .where(and_(complaint, t.decided_at >= lo, t.decided_at < hi))
            .group_by(decided_day, t.category, t.complained_branch_id)
        ).all():
            row = rows.setdefault((b.as_date(d), category, branch), [0.0] * len(FIELDS))
            row[3:6] = [decided, on_time, float(days_sum or 0)]
        conn.execute(delete(table).where(table.c.day >= first, table.c.day <= last))
        out: list[dict[str, Any]] = [
            {"day": d, "category": cat, "branch_id": branch, **dict(zip(FIELDS, figures, strict=True))}
            for (d, cat, branch), figures in rows.items()
            if first <= d <= last
        ]
        for item in out:
            for key in FIELDS[:5]:
                item[key] = int(item[key])
        if out:
            conn.execute(insert(table), out)
        written += len(out)
    return written


def ticket_days_touched(conn: Connection, since: dt.datetime | None, zone: ZoneInfo) -> set[dt.date]:
    """The days of the complaints changed since ``since`` (their received and decided days); all days when
    None (the first run)."""
    t = TICKET.c
    query = select(t.received_at, t.decided_at).where(t.kind == "complaint")
    if since is not None:
        query = query.where(t.updated_at >= since)
    else:
        first = conn.execute(select(func.min(t.received_at)).where(t.kind == "complaint")).scalar()
        if first is None:
            return set()
        return b.days_of([(b.aware(first), dt.datetime.now(dt.UTC) + dt.timedelta(days=1))], zone)
    days: set[dt.date] = set()
    for received, decided in conn.execute(query).all():
        days.add(b.local_day(received, zone))
        if decided is not None:
            days.add(b.local_day(decided, zone))
    return days
