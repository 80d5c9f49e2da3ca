"""A customer's last flow runs (the 360° view's "flows" list), newest first.

One index range scan: ``flow_run(customer_id, started_at)`` read backwards, joined to ``service_flow`` by
primary key for the code, version and name.  On PostgreSQL row-level security limits it to customers the
desktop's login may see; the service also checks it (:func:`services.permissions.require_customer`).
Preview runs of authors are not part of a customer's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Select, select

from db.models import FlowRun, ServiceFlow
from db.write import aware
from services.audit import AuditTrail
from services.permissions import Principal, require_customer

DEFAULT_LIMIT = 20
MAX_LIMIT = 200


@dataclass(frozen=True)
class RunSummary:
    """One run as a customer's history lists it."""

    run_id: int
    code: str
    version_no: int
    name: str
    name_en: str
    status: str
    current_step: str | None
    outcome: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    duration_s: int | None
    user_id: int
    call_id: int | None
    interaction_id: int | None


def last_runs_query(customer_id: int, limit: int) -> Select[Any]:
    """The statement of :func:`last_runs` (one backward range scan of ``ix_flow_run_customer_started``)."""
    return (
        select(
            FlowRun.id,
            ServiceFlow.code,
            ServiceFlow.version_no,
            ServiceFlow.name,
            ServiceFlow.name_en,
            FlowRun.status,
            FlowRun.current_step,
            FlowRun.outcome,
            FlowRun.started_at,
            FlowRun.finished_at,
            FlowRun.duration_s,
            FlowRun.user_id,
            FlowRun.call_id,
            FlowRun.interaction_id,
        )
        .join(ServiceFlow, ServiceFlow.id == FlowRun.flow_id)
        .where(FlowRun.customer_id == customer_id, FlowRun.status != "preview")
        .order_by(FlowRun.started_at.desc())
        .limit(max(1, min(int(limit), MAX_LIMIT)))
    )


def last_runs(conn: Connection, customer_id: int, *, limit: int = DEFAULT_LIMIT) -> list[RunSummary]:
    """The customer's ``limit`` most recent runs (any status but preview)."""
    rows = conn.execute(last_runs_query(customer_id, limit)).all()
    return [
        RunSummary(
            run_id=r[0],
            code=r[1],
            version_no=r[2],
            name=r[3],
            name_en=r[4] or r[3],
            status=r[5],
            current_step=r[6],
            outcome=r[7],
            started_at=aware(r[8]),
            finished_at=aware(r[9]),
            duration_s=r[10],
            user_id=r[11],
            call_id=r[12],
            interaction_id=r[13],
        )
        for r in rows
    ]


def customer_history(
    engine: Engine, principal: Principal, customer_id: int, *, audit: AuditTrail, limit: int = DEFAULT_LIMIT
) -> list[RunSummary]:
    """:func:`last_runs` for the desk: only for a customer the principal may see (refusals are audited)."""
    with engine.connect() as conn:
        require_customer(conn, principal, customer_id, audit=audit)
        return last_runs(conn, customer_id, limit=limit)
