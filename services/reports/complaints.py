"""Complaints: per category and branch (opened, decided, on time against the regulator's deadline, average
days to decide, breaches, extensions) and a trend per day."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, func, select

from db.models import Branch, ReportTicketDay
from services.tickets.taxonomy import load_taxonomy

from . import common as cm
from .buckets import as_date
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "complaints"
TITLE = "Complaints"
SUMS = ("opened", "decided", "decided_on_time", "decide_days_sum", "breached", "extended")


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    t = ReportTicketDay.__table__.c
    where = [t.day >= flt.start, t.day <= flt.end]
    if flt.branch_ids:
        where.append(t.branch_id.in_(flt.branch_ids))
    data = conn.execute(
        select(t.day, t.category, t.branch_id, *(func.sum(getattr(t, k)) for k in SUMS))
        .where(*where)
        .group_by(t.day, t.category, t.branch_id)
    ).all()
    if not any(r[3] or r[4] for r in data):
        return cm.empty(NAME, TITLE, "No complaints were received or decided in the chosen dates and branches.")
    taxonomy = load_taxonomy()
    names: dict[int, str] = {int(i): str(n) for i, n in conn.execute(select(Branch.id, Branch.name)).all()}
    by_day: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(SUMS))
    by_group: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0] * len(SUMS))
    for day, category, branch, *sums in data:
        values = [float(v or 0) for v in sums]
        label = names.get(branch, "—") if branch is not None else "—"
        group = taxonomy.group_of(category)
        line = next((g.label(ctx.language) for g in taxonomy.groups if g.code == group), "—")
        key = (line, taxonomy.label(category, ctx.language), label)
        for target in (by_day[cm.day_label(as_date(day))], by_group[key]):
            for i, v in enumerate(values):
                target[i] += v
    days = sorted(by_day)
    rows = []
    for (line, category, branch), s in sorted(by_group.items()):
        opened, decided, on_time, days_sum, breached, extended = s
        rows.append(
            (line, category, branch, int(opened), int(decided), cm.ratio(on_time, decided, 100.0),
             cm.ratio(days_sum, decided), int(breached), int(extended))
        )  # fmt: skip
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(days),
        series=(
            Series("opened", "Opened", tuple(by_day[d][0] for d in days), "bar", "left"),
            Series("decided", "Decided", tuple(by_day[d][1] for d in days), "bar", "left"),
            Series(
                "on_time",
                "On time (%)",
                tuple(cm.ratio(by_day[d][2], by_day[d][1], 100.0) for d in days),
                "line",
                "right",
            ),
        ),
        columns=(
            Column("product", "Product line", "text"),
            Column("category", "Category", "text"),
            Column("branch", "Branch", "text"),
            Column("opened", "Opened", "int"),
            Column("decided", "Decided", "int"),
            Column("on_time", "On time (%)", "percent"),
            Column("days_to_decide", "Average days to decide", "decimal"),
            Column("breached", "Breaches", "int"),
            Column("extended", "Extensions", "int"),
        ),
        rows=tuple(rows),
        x_title="Day",
        y_title="Complaints",
        y2_title="On time (%)",
    )
