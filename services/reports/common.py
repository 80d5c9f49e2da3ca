"""Helpers every report shares: safe ratios, x labels, the empty state, and the filters' SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from db.models import User

from .types import ReportFilter, ReportResult

NO_CALLS = "No calls in the chosen dates and queues."


def ratio(part: float | None, whole: float | None, scale: float = 1.0) -> float | None:
    """``part / whole * scale``; None (drawn as "—") when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return part / whole * scale


def empty(name: str, title: str, reason: str) -> ReportResult:
    return ReportResult(name=name, title=title, empty_reason=reason)


def day_label(day: dt.date) -> str:
    return day.isoformat()


def interval_label(start: dt.datetime) -> str:
    return start.strftime("%m-%d %H:%M")


def queue_filter(column: Any, flt: ReportFilter) -> list[Any]:
    return [column.in_(flt.queue_ids)] if flt.queue_ids else []


def team_agents(conn: Connection, flt: ReportFilter) -> list[int] | None:
    """The agents of the chosen teams (None: no team chosen, every agent)."""
    if not flt.team_ids:
        return None
    return [int(i) for (i,) in conn.execute(select(User.id).where(User.team_id.in_(flt.team_ids))).all()]
