"""Customer satisfaction: the call surveys per day (chart) and per agent, queue and branch (table), and the
complaint surveys' average per category.

Reads ``csat_survey`` only (one row per surveyed call, far fewer than calls) by its ``sent_at`` index, and the
complaints surveyed in the range (``ticket_clock.survey_sent_at``).  A survey counts on the day it was sent
(bank time): its response rate is answered / sent; the average and the share satisfied (4–5) are over the
answered ones.  Skipped and pending surveys were never sent and do not count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from db.models import Branch, CallQueue, CsatSurvey, Ticket, User
from db.models.ticketing import TicketClock

from .buckets import day_bounds, local_day
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "csat"
TITLE = "Customer satisfaction"
EMPTY = "No satisfaction surveys were sent in the chosen dates, queues and branches."
SATISFIED = 4
NOTE = "Surveys count on the day they were sent; complaint surveys are listed by category at the end."


class _Tally:
    __slots__ = ("answered", "satisfied", "scores", "sent")

    def __init__(self) -> None:
        self.sent = self.answered = self.scores = self.satisfied = 0

    def add(self, score: int | None) -> None:
        self.sent += 1
        if score is not None:
            self.answered += 1
            self.scores += score
            self.satisfied += score >= SATISFIED

    def figures(self) -> tuple[float | None, float | None, float | None]:
        """(response rate %, average score, % satisfied); None where there is nothing to divide."""
        rate = round(100.0 * self.answered / self.sent, 1) if self.sent else None
        if not self.answered:
            return rate, None, None
        return rate, round(self.scores / self.answered, 2), round(100.0 * self.satisfied / self.answered, 1)


def _names(conn: Connection, model: Any, label: Any, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(select(model.id, label).where(model.id.in_(wanted)))
    return {int(i): str(n) for i, n in rows}


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    zone = ZoneInfo(ctx.timezone)
    start, end = day_bounds(flt.start, flt.end, zone)
    s = CsatSurvey.__table__.c
    query = select(s.sent_at, s.score, s.agent_id, s.queue_id, s.branch_id).where(
        s.sent_at >= start, s.sent_at < end, s.status.in_(("sent", "answered", "expired"))
    )
    if flt.queue_ids:
        query = query.where(s.queue_id.in_(flt.queue_ids))
    if flt.branch_ids:
        query = query.where(s.branch_id.in_(flt.branch_ids))
    if flt.team_ids:
        query = query.where(s.agent_id.in_(select(User.id).where(User.team_id.in_(flt.team_ids))))
    days: dict[dt.date, _Tally] = defaultdict(_Tally)
    groups: dict[tuple[str, int | None], _Tally] = defaultdict(_Tally)
    for sent_at, score, agent, queue, branch in conn.execute(query):
        days[local_day(sent_at, zone)].add(score)
        groups[("Agent", agent)].add(score)
        groups[("Queue", queue)].add(score)
        groups[("Branch", branch)].add(score)
    complaints = _complaints(conn, flt, start, end)
    if not days and not complaints:
        return ReportResult(name=NAME, title=TITLE, empty_reason=EMPTY)
    span = [flt.start + dt.timedelta(days=i) for i in range((flt.end - flt.start).days + 1)]
    figures = [days[d].figures() if d in days else (None, None, None) for d in span]
    series = (
        Series("avg_score", "Average score", tuple(f[1] for f in figures), "line", "left"),
        Series("satisfied_pct", "Satisfied (4–5) %", tuple(f[2] for f in figures), "bar", "right"),
        Series("response_pct", "Response rate %", tuple(f[0] for f in figures), "line", "right"),
    )
    names = {
        "Agent": _names(conn, User, User.display_name, (i for k, i in groups if k == "Agent" and i is not None)),
        "Queue": _names(conn, CallQueue, CallQueue.label_zh, (i for k, i in groups if k == "Queue" and i is not None)),
        "Branch": _names(conn, Branch, Branch.name, (i for k, i in groups if k == "Branch" and i is not None)),
    }
    rows: list[tuple[object, ...]] = []
    for kind in ("Agent", "Queue", "Branch"):
        mine = sorted(
            ((names[kind].get(i, "—") if i is not None else "—", t) for (k, i), t in groups.items() if k == kind),
            key=lambda pair: pair[0],
        )
        rows += [(kind, name, t.sent, t.answered, *t.figures()) for name, t in mine]
    rows += [("Complaint category", cat, t.sent, t.answered, *t.figures()) for cat, t in sorted(complaints.items())]
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(d.isoformat() for d in span),
        series=series,
        columns=(
            Column("kind", "Group"),
            Column("name", "Name"),
            Column("sent", "Surveys sent", "int"),
            Column("answered", "Replied", "int"),
            Column("response_pct", "Response rate", "percent"),
            Column("avg_score", "Average score", "decimal"),
            Column("satisfied_pct", "Satisfied (4–5)", "percent"),
        ),
        rows=tuple(rows),
        x_title="Day",
        y_title="Average score (1–5)",
        y2_title="Percent",
        notes=(NOTE,),
    )


def _complaints(conn: Connection, flt: ReportFilter, start: dt.datetime, end: dt.datetime) -> dict[str, _Tally]:
    """The closed complaints' satisfaction surveys sent in the range, by category."""
    query = (
        select(Ticket.category, Ticket.satisfaction)
        .join(TicketClock, TicketClock.ticket_id == Ticket.id)
        .where(TicketClock.survey_sent_at >= start, TicketClock.survey_sent_at < end, Ticket.kind == "complaint")
    )
    if flt.branch_ids:
        query = query.where(Ticket.complained_branch_id.in_(flt.branch_ids))
    out: dict[str, _Tally] = defaultdict(_Tally)
    for category, score in conn.execute(query):
        out[str(category)].add(int(score) if score is not None else None)
    return dict(out)
