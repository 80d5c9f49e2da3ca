"""Agent performance over the chosen days: calls, AHT, occupancy, wrap-ups over the limit, top dispositions.

Occupancy is the time on calls, offered or in wrap-up over the staffed time (that plus available), from the
agents' state log.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection, func, select

from db.models import DispositionCode, ReportAgentDay, ReportAgentDisposition, User

from . import common as cm
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "agents"
TITLE = "Agent performance"
TOP = 3


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    t = ReportAgentDay.__table__.c
    u = User.__table__.c
    agents = cm.team_agents(conn, flt)
    where = [t.day >= flt.start, t.day <= flt.end]
    if agents is not None:
        where.append(t.agent_id.in_(agents))
    figures = conn.execute(
        select(
            t.agent_id,
            u.display_name,
            func.sum(t.handled),
            func.sum(t.talk_s + t.wrapup_s),
            func.sum(t.wrapups_over),
            func.sum(t.busy_s),
            func.sum(t.staffed_s),
        )
        .select_from(ReportAgentDay.__table__.join(User.__table__, u.id == t.agent_id))
        .where(*where)
        .group_by(t.agent_id, u.display_name)
        .order_by(u.display_name, t.agent_id)
    ).all()
    figures = [f for f in figures if f[2] or f[6]]
    if not figures:
        return cm.empty(NAME, TITLE, "No agent handled a call in the chosen dates and teams.")
    d = ReportAgentDisposition.__table__.c
    mix: dict[int, Counter[str]] = defaultdict(Counter)
    dwhere = [d.day >= flt.start, d.day <= flt.end]
    if agents is not None:
        dwhere.append(d.agent_id.in_(agents))
    for agent_id, code, n in conn.execute(
        select(d.agent_id, d.disposition, func.sum(d.calls)).where(*dwhere).group_by(d.agent_id, d.disposition)
    ).all():
        mix[agent_id][code] += int(n)
    names = _disposition_names(conn, ctx.language)
    rows = []
    for agent_id, name, handled, handle, over, busy, staffed in figures:
        ranked = sorted(mix[agent_id].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
        top = ", ".join(f"{names.get(code, code)} {n}" for code, n in ranked)
        rows.append(
            (name, int(handled), cm.ratio(handle, handled), cm.ratio(busy, staffed, 100.0), int(over), top or None)
        )
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(r[0] for r in rows),
        series=(
            Series("calls", "Calls", tuple(float(r[1]) for r in rows), "bar", "left"),
            Series("aht", "AHT (s)", tuple(r[2] for r in rows), "line", "right"),
        ),
        columns=(
            Column("agent", "Agent", "text"),
            Column("calls", "Calls", "int"),
            Column("aht", "AHT (s)", "seconds"),
            Column("occupancy", "Occupancy (%)", "percent"),
            Column("wrapups_over", "Wrap-ups over limit", "int"),
            Column("dispositions", "Top dispositions", "text"),
        ),
        rows=tuple(rows),
        x_title="Agent",
        y_title="Calls",
        y2_title="AHT (s)",
    )


def _disposition_names(conn: Connection, language: str) -> dict[str, str]:
    """Each disposition code's label in the reader's language (a code no longer configured shows as itself)."""
    dc = DispositionCode.__table__.c
    english = language.startswith("en")
    return {
        code: (en if english else zh) or code
        for code, zh, en in conn.execute(select(dc.code, dc.label_zh, dc.label_en)).all()
    }
