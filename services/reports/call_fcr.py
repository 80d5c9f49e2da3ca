"""First-contact resolution per day: calls completed with a disposition after which the same customer did not
call again for the same disposition within 7 days."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from db.models import ReportFcrDay

from . import common as cm
from .buckets import as_date
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "fcr"
TITLE = "First-contact resolution"


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    t = ReportFcrDay.__table__.c
    data = conn.execute(
        select(t.day, func.sum(t.calls), func.sum(t.first_contact))
        .where(t.day >= flt.start, t.day <= flt.end, *cm.queue_filter(t.queue_id, flt))
        .group_by(t.day)
        .order_by(t.day)
    ).all()
    data = [row for row in data if row[1]]
    if not data:
        return cm.empty(NAME, TITLE, "No resolved calls of known customers in the chosen dates and queues.")
    rows = []
    for day, calls, first in data:
        calls, first = int(calls), int(first)
        rows.append((cm.day_label(as_date(day)), calls, first, calls - first, cm.ratio(first, calls, 100.0)))
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(r[0] for r in rows),
        series=(Series("fcr", "First-contact resolution (%)", tuple(r[4] for r in rows), "line", "left"),),
        columns=(
            Column("day", "Day", "text"),
            Column("calls", "Resolved calls", "int"),
            Column("first_contact", "No repeat within 7 days", "int"),
            Column("repeats", "Repeated within 7 days", "int"),
            Column("fcr", "First-contact resolution (%)", "percent"),
        ),
        rows=tuple(rows),
        x_title="Day",
        y_title="First-contact resolution (%)",
    )
