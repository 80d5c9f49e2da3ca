"""The lifecycle funnel: customers per lifecycle stage, from prospect to the stages where they drift away."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from db.models import Customer

from . import common as cm
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "lifecycle"
TITLE = "Lifecycle funnel"
# The stages in the order a relationship goes through them (db.seed.catalog.LIFECYCLE_STAGES).
STAGES = {
    "prospect": "Prospect",
    "onboarding": "Onboarding",
    "active": "Active",
    "growing": "Growing",
    "mature": "Mature",
    "dormant": "Dormant",
    "churn_risk": "Churn risk",
}


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    c = Customer.__table__.c
    where = [c.branch_id.in_(flt.branch_ids)] if flt.branch_ids else []
    counts = {stage: int(n) for stage, n in conn.execute(
        select(c.lifecycle_stage, func.count()).where(*where).group_by(c.lifecycle_stage)).all()}  # fmt: skip
    total = sum(counts.values())
    if not total:
        return cm.empty(NAME, TITLE, "No customers in the chosen branches.")
    stages = [s for s in STAGES if s in counts] + sorted(set(counts) - set(STAGES))
    labels = tuple(str(STAGES.get(s, s)) for s in stages)
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=labels,
        series=(Series("customers", "Customers", tuple(float(counts[s]) for s in stages), "bar"),),
        columns=(
            Column("stage", "Lifecycle stage", "text"),
            Column("customers", "Customers", "int"),
            Column("share", "Share (%)", "percent"),
        ),
        rows=tuple((STAGES.get(s, s), counts[s], cm.ratio(counts[s], total, 100.0)) for s in stages),
        x_title="Lifecycle stage",
        y_title="Customers",
    )
