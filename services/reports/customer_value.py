"""Customer value: the Pareto curve of assets under management.

Customers are ranked by AUM (largest first) and the curve gives, for each share of them, the share of all
assets they hold.  The database does the heavy part in one pass: it counts customers and sums assets per group
of nearly equal AUM, so a million customers come back as a few thousand rows and no row-by-row sort is
needed; the cumulative shares at each percent of customers are added up here.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, text

from . import common as cm
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "value_pareto"
TITLE = "Customer value (Pareto)"
TOP_SHARE = 20
POINTS = 100
BIN_YUAN = 1000


def _groups(conn: Connection, flt: ReportFilter) -> list[tuple[int, float]]:
    """(customers, assets) per group of AUM within :data:`BIN_YUAN` of each other, the wealthiest first.

    One pass and a hash aggregate in the database (no sort of a million rows): a few thousand groups come back.
    Customers of a group are taken to hold equal shares of its assets; with thousand-yuan groups that moves a
    point of the curve by far less than a tenth of a percent.
    """
    where = "WHERE branch_id IN :branches" if flt.branch_ids else ""
    if conn.dialect.name == "postgresql":
        key = f"floor(greatest(aum, 0)::float8 / {BIN_YUAN})::bigint"
    else:
        key = f"CAST(max(aum, 0) / {BIN_YUAN}.0 AS INTEGER)"
    # Sorted here: an ORDER BY would talk the planner out of its hash aggregate.
    stmt = text(f"SELECT {key} AS g, count(*), coalesce(sum(aum), 0) FROM customer {where} GROUP BY g")
    params = {}
    if flt.branch_ids:
        stmt = stmt.bindparams(bindparam("branches", expanding=True))
        params["branches"] = list(flt.branch_ids)
    rows = sorted(conn.execute(stmt, params).all(), key=lambda row: -int(row[0]))
    return [(int(n), float(s)) for _g, n, s in rows]


def _points(groups: list[tuple[int, float]], customers: int) -> list[tuple[float, int, float]]:
    """(share of customers %, customers, assets) along the curve: one point per group when there are at most
    100 of them, else at each whole percent of customers (assets spread evenly within a group)."""
    points: list[tuple[float, int, float]] = []
    if len(groups) <= POINTS:
        seen, held = 0, 0.0
        for n, s in groups:
            seen, held = seen + n, held + s
            points.append((seen / customers * 100.0, seen, held))
        return points
    seen, held, index = 0, 0.0, 0
    for pct in range(1, POINTS + 1):
        target = round(customers * pct / POINTS)
        while index < len(groups) and seen + groups[index][0] <= target:
            seen, held = seen + groups[index][0], held + groups[index][1]
            index += 1
        part = 0.0
        if seen < target and index < len(groups):
            n, s = groups[index]
            part = s * (target - seen) / n
        points.append((float(pct), target, held + part))
    return points


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    groups = _groups(conn, flt)
    customers = sum(n for n, _ in groups)
    assets = sum(s for _, s in groups)
    if not customers:
        return cm.empty(NAME, TITLE, "No customers in the chosen branches.")
    raw = _points(groups, customers)
    points = [(x, n, cm.ratio(held, assets, 100.0), held) for x, n, held in raw]
    labels = ["0", *(f"{x:.0f}" for x, *_ in points)]
    shares = [0.0, *(share if share is not None else 0.0 for _, _, share, _ in points)]
    chosen: dict[int, str] = {}  # point index -> its mark
    for decile in range(10, 101, 10):
        index = next(i for i, p in enumerate(points) if p[0] >= decile - 1e-9)
        if decile == TOP_SHARE or index not in chosen:
            chosen[index] = "Top 20 %" if decile == TOP_SHARE else chosen.get(index, "")
    rows = [
        (mark, round(points[i][0], 2), points[i][1], points[i][2], round(points[i][3], 2))
        for i, mark in sorted(chosen.items())
    ]
    notes = ("The row marked Top 20 % shows the share of assets the wealthiest fifth of customers hold.",)
    if not assets:
        notes = ("No customer in the chosen branches holds any assets.",)
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(labels),
        series=(Series("assets", "Cumulative share of assets (%)", tuple(shares), "area", "left"),),
        columns=(
            Column("mark", "", "text"),
            Column("customers_pct", "Share of customers (%)", "percent"),
            Column("customers", "Customers", "int"),
            Column("assets_pct", "Share of assets (%)", "percent"),
            Column("assets", "Assets (CNY)", "money"),
        ),
        rows=tuple(rows),
        x_title="Share of customers (%)",
        y_title="Cumulative share of assets (%)",
        notes=notes,
    )
