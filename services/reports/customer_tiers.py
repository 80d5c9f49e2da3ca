"""Customers per tier in each branch (the chart stacks the tiers)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, func, select

from db.models import Branch, Customer

from . import common as cm
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "tiers"
TITLE = "Tiers by branch"
# The tiers from the least to the most assets (db.seed.catalog.TIERS), with their English source labels.
TIERS = {
    "mass": "Mass",
    "affluent": "Affluent",
    "gold": "Gold",
    "platinum": "Platinum",
    "diamond": "Diamond",
    "private": "Private banking",
}


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    c = Customer.__table__.c
    where = [c.branch_id.in_(flt.branch_ids)] if flt.branch_ids else []
    data = conn.execute(
        select(Branch.name, c.tier, func.count())
        .select_from(Customer.__table__.join(Branch.__table__, Branch.id == c.branch_id))
        .where(*where)
        .group_by(Branch.name, c.tier)
    ).all()
    if not data:
        return cm.empty(NAME, TITLE, "No customers in the chosen branches.")
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for branch, tier, n in data:
        counts[branch][tier] = int(n)
    branches = sorted(counts)
    tiers = [t for t in TIERS if any(t in counts[b] for b in branches)]
    tiers += sorted({t for b in branches for t in counts[b]} - set(tiers))
    rows = tuple((b, *(counts[b].get(t, 0) for t in tiers), sum(counts[b].values())) for b in branches)
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(branches),
        series=tuple(
            Series(t, TIERS.get(t, t), tuple(float(counts[b].get(t, 0)) for b in branches), "bar") for t in tiers
        ),
        columns=(
            Column("branch", "Branch", "text"),
            *(Column(t, TIERS.get(t, t), "int") for t in tiers),
            Column("total", "Total", "int"),
        ),
        rows=rows,
        x_title="Branch",
        y_title="Customers",
    )
