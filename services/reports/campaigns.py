"""Campaigns created in the chosen dates: messages sent, delivered, failed, and skipped for an opt-out.

Read straight from the outbox through its campaign index: a campaign's messages are few enough per campaign
that counting them by status is cheaper than keeping another aggregate.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, select

from db.models import Campaign, OutboxMessage

from . import common as cm
from .buckets import day_bounds
from .types import Column, ReportContext, ReportFilter, ReportResult, Series

NAME = "campaigns"
TITLE = "Campaigns"
SENT = ("sent", "delivered", "undelivered", "failed", "queued", "unknown")


def run(conn: Connection, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    from zoneinfo import ZoneInfo

    lo, hi = day_bounds(flt.start, flt.end, ZoneInfo(ctx.timezone))
    o, c = OutboxMessage.__table__.c, Campaign.__table__.c

    def count(*states: str) -> Any:
        return func.count(case((o.status.in_(states), 1)))

    data = conn.execute(
        select(c.name, count(*SENT), count("delivered"), count("failed", "undelivered"), count("skipped"))
        .select_from(Campaign.__table__.outerjoin(OutboxMessage.__table__, o.campaign_id == c.id))
        .where(c.created_at >= lo, c.created_at < hi)
        .group_by(c.id, c.name)
        .order_by(c.id)
    ).all()
    if not data:
        return cm.empty(NAME, TITLE, "No campaigns were created in the chosen dates.")
    rows = tuple((name, int(s), int(d), int(f), int(k), cm.ratio(d, s, 100.0)) for name, s, d, f, k in data)
    return ReportResult(
        name=NAME,
        title=TITLE,
        x_labels=tuple(r[0] for r in rows),
        series=(
            Series("sent", "Sent", tuple(float(r[1]) for r in rows), "bar"),
            Series("delivered", "Delivered", tuple(float(r[2]) for r in rows), "bar"),
            Series("failed", "Failed", tuple(float(r[3]) for r in rows), "bar"),
            Series("opted_out", "Opted out", tuple(float(r[4]) for r in rows), "bar"),
        ),
        columns=(
            Column("campaign", "Campaign", "text"),
            Column("sent", "Sent", "int"),
            Column("delivered", "Delivered", "int"),
            Column("failed", "Failed", "int"),
            Column("opted_out", "Opted out", "int"),
            Column("delivery_rate", "Delivery rate (%)", "percent"),
        ),
        rows=rows,
        x_title="Campaign",
        y_title="Messages",
    )
