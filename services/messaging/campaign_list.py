"""The campaign page's list of existing campaigns: name, template, state, counts and when each was created.

One query for the campaigns (newest first) with their template and author, one for the outbox counts of all
of them by state and skip reason; each row carries a :class:`~.campaigns.CampaignReport`, so the list and the
page's report read the counts the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select

from db.models import Campaign, MessageTemplate, OutboxMessage, User

from .campaigns import CampaignReport

LIMIT = 200
_C: Table = Campaign.__table__  # type: ignore[assignment]
_T: Table = MessageTemplate.__table__  # type: ignore[assignment]
_O: Table = OutboxMessage.__table__  # type: ignore[assignment]
_U: Table = User.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class CampaignRow:
    """One campaign as the list shows it and as the page opens it."""

    id: int
    name: str
    status: str
    version: int
    template_id: int
    template_code: str
    template_name: str
    template_channel: str
    template_locale: str
    segment_filter: dict[str, Any]
    scheduled_at: dt.datetime | None
    created_at: dt.datetime
    created_by: str | None
    report: CampaignReport


def listing(conn: Connection, *, limit: int = LIMIT, campaign_id: int | None = None) -> list[CampaignRow]:
    """The newest ``limit`` campaigns (or just ``campaign_id``) with their counts, newest first."""
    query = (
        select(
            _C,
            _T.c.code.label("t_code"),
            _T.c.name.label("t_name"),
            _T.c.channel.label("t_channel"),
            _T.c.locale.label("t_locale"),
            _U.c.display_name.label("author"),
        )
        .join(_T, _T.c.id == _C.c.template_id)
        .outerjoin(_U, _U.c.id == _C.c.created_by_id)
        .order_by(_C.c.id.desc())
        .limit(limit)
    )
    if campaign_id is not None:
        query = query.where(_C.c.id == campaign_id)
    rows = conn.execute(query).all()
    ids = [int(r.id) for r in rows]
    by_status: dict[int, dict[str, int]] = {i: {} for i in ids}
    skipped: dict[int, dict[str, int]] = {i: {} for i in ids}
    if ids:
        counts = conn.execute(
            select(_O.c.campaign_id, _O.c.status, _O.c.error_code, func.count())
            .where(_O.c.campaign_id.in_(ids))
            .group_by(_O.c.campaign_id, _O.c.status, _O.c.error_code)
        )
        for cid, status, code, n in counts:
            states = by_status[int(cid)]
            states[str(status)] = states.get(str(status), 0) + int(n)
            if status == "skipped":
                reasons = skipped[int(cid)]
                reasons[str(code)] = reasons.get(str(code), 0) + int(n)
    out = []
    for r in rows:
        cid = int(r.id)
        states = by_status[cid]
        report = CampaignReport(cid, r.name, r.status, int(r.version), sum(states.values()), states, skipped[cid])
        out.append(
            CampaignRow(
                cid,
                r.name,
                r.status,
                int(r.version),
                int(r.template_id),
                r.t_code,
                r.t_name,
                r.t_channel,
                r.t_locale,
                dict(r.segment_filter or {}),
                r.scheduled_at,
                r.created_at,
                r.author,
                report,
            )
        )
    return out
