"""ASA, AHT and the abandon rate per interval or per day, from the same interval sums as the service level."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from . import common as cm
from .call_service_level import sums_by_x
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "speed"
TITLE = "ASA, AHT and abandons"


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    data = sums_by_x(conn, flt, ZoneInfo(ctx.timezone))
    if not any(f[0] for _, f in data):
        return cm.empty(NAME, TITLE, cm.NO_CALLS)
    asa, aht, abandon, rows = [], [], [], []
    for label, f in data:
        offered, answered, _in_sl, abandoned, _short, wait, handled, handle = f[:8]
        a, h, r = cm.ratio(wait, answered), cm.ratio(handle, handled), cm.ratio(abandoned, offered, 100.0)
        asa.append(a)
        aht.append(h)
        abandon.append(r)
        rows.append((label, int(offered), int(answered), int(abandoned), a, h, r))
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(label for label, _ in data),
        series=(
            Series("asa", "ASA (s)", tuple(asa), "line", "left"),
            Series("aht", "AHT (s)", tuple(aht), "line", "left"),
            Series("abandon_rate", "Abandon rate (%)", tuple(abandon), "line", "right"),
        ),
        columns=(
            Column("x", "Interval" if flt.grain == "interval" else "Day", "text"),
            Column("offered", "Offered", "int"),
            Column("answered", "Answered", "int"),
            Column("abandoned", "Abandoned", "int"),
            Column("asa", "ASA (s)", "seconds"),
            Column("aht", "AHT (s)", "seconds"),
            Column("abandon_rate", "Abandon rate (%)", "percent"),
        ),
        rows=tuple(rows),
        x_title="Interval" if flt.grain == "interval" else "Day",
        y_title="Seconds",
        y2_title="Abandon rate (%)",
    )
