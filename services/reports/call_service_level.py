"""Service level and volume: per interval or per day, answered within the threshold over the counted calls.

The counted calls are answered plus abandoned minus short abandons (the wallboard's default rule); with several
queues the level and the target are weighted by the calls each queue counted.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from db.models import CallQueue, ReportQueueInterval

from . import common as cm
from .buckets import aware
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "service_level"
TITLE = "Service level and volume"


def sums_by_x(conn: Connection, flt: ReportFilter, zone: ZoneInfo) -> list[tuple[str, list[float]]]:
    """(x label, sums) per interval or day, in time order: offered, answered, answered in SL, abandoned,
    short abandons, wait sum, handled, handle sum, and the target weighted by counted calls."""
    t = ReportQueueInterval.__table__.c
    q = CallQueue.__table__.c
    x = t.interval_start if flt.grain == "interval" else t.day
    counted = t.answered + t.abandoned - t.short_abandoned
    stmt = (
        select(
            x,
            func.sum(t.offered),
            func.sum(t.answered),
            func.sum(t.answered_in_sl),
            func.sum(t.abandoned),
            func.sum(t.short_abandoned),
            func.sum(t.wait_sum_s),
            func.sum(t.handled),
            func.sum(t.handle_sum_s),
            func.sum(counted * q.sl_target_pct),
        )
        .select_from(ReportQueueInterval.__table__.join(CallQueue.__table__, q.id == t.queue_id))
        .where(t.day >= flt.start, t.day <= flt.end, *cm.queue_filter(t.queue_id, flt))
        .group_by(x)
        .order_by(x)
    )
    out = []
    for key, *figures in conn.execute(stmt).all():
        if flt.grain == "interval":
            label = cm.interval_label(aware(key).astimezone(zone))
        else:
            label = cm.day_label(key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key)[:10]))
        out.append((label, [float(v or 0) for v in figures]))
    return out


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    data = sums_by_x(conn, flt, ZoneInfo(ctx.timezone))
    if not any(f[0] for _, f in data):
        return cm.empty(NAME, TITLE, cm.NO_CALLS)
    labels = tuple(label for label, _ in data)
    levels, rows = [], []
    total = [0.0] * 9
    for label, f in data:
        offered, answered, in_sl, abandoned, short = f[:5]
        level = cm.ratio(in_sl, answered + abandoned - short, 100.0)
        levels.append(level)
        rows.append((label, int(offered), int(answered), int(in_sl), int(abandoned), int(short), level))
        total = [a + v for a, v in zip(total, f, strict=True)]
    counted = total[1] + total[3] - total[4]
    target = cm.ratio(total[8], counted) if counted else None
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=labels,
        series=(
            Series("service_level", "Service level (%)", tuple(levels), "line", "left"),
            Series("offered", "Offered", tuple(float(f[0]) for _, f in data), "bar", "right"),
            Series("answered", "Answered", tuple(float(f[1]) for _, f in data), "bar", "right"),
        ),
        columns=(
            Column("x", "Interval" if flt.grain == "interval" else "Day", "text"),
            Column("offered", "Offered", "int"),
            Column("answered", "Answered", "int"),
            Column("answered_in_sl", "Answered within threshold", "int"),
            Column("abandoned", "Abandoned", "int"),
            Column("short_abandoned", "Short abandons", "int"),
            Column("service_level", "Service level (%)", "percent"),
        ),
        rows=tuple(rows),
        x_title="Interval" if flt.grain == "interval" else "Day",
        y_title="Service level (%)",
        y2_title="Calls",
        target=target,
        target_label="Target",
    )
