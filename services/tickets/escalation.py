"""The escalation scan: warnings, breaches, overdue SLA clocks, and escalation to the people above.

:func:`scan` is what a timer on one desktop, or the gateway, calls every minute or so.  It looks only at
tickets whose ``ticket_clock.next_check_at`` has come (an index range), and for each:

* raises the warning level when a warning point of the regulatory window has been reached (one
  ``warning`` event per level); at the last point the ticket is escalated to the team's supervisor;
* marks the breach once when the deadline has passed (``breach`` event, ``ticket.breached``) and escalates
  to the supervisor and the complaint-management owner (``ticket_complaint_owner``);
* marks an overdue first response / customer update once per due time (``sla_overdue`` event);
* sets ``next_check_at`` to the next instant at which something can happen.

Every mark is a guarded update (``… WHERE warn_level = <seen>`` / ``breached_at IS NULL``) and every
escalation row has a unique key, so the scan is idempotent: running it twice, or on two gateways at
once, records each warning, breach and escalation exactly once.  Each of them also alerts the people
concerned (the handler; the addressees of an escalation) through the change feed (:mod:`.alerts`), in the
same transaction, so an alert exists exactly when its event does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import Team, TicketEscalation, User
from db.models.ticket import OPEN_TICKET_STATES

from . import alerts, clocks, records
from .calendar import as_utc
from .context import TicketEnv
from .errors import NotAllowed
from .rights import Actor

ESCALATION: Table = TicketEscalation.__table__  # type: ignore[assignment]
BATCH = 500


@dataclass
class ScanReport:
    """What one scan did."""

    examined: int = 0
    warnings: int = 0
    breaches: int = 0
    escalations: int = 0
    sla_overdue: int = 0

    def add(self, other: ScanReport) -> None:
        for name in ("examined", "warnings", "breaches", "escalations", "sla_overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def owner_id(conn: Connection, env: TicketEnv) -> int | None:
    """The complaint-management owner's user id (from ``ticket_complaint_owner``), if configured."""
    if not env.config.complaint_owner:
        return None
    return conn.execute(select(User.id).where(User.username == env.config.complaint_owner)).scalar()


def supervisor_of(conn: Connection, row: Any) -> int | None:
    """The ticket team's supervisor, else the assignee's manager."""
    if row.team_id is not None:
        sup = conn.execute(select(Team.supervisor_id).where(Team.id == row.team_id)).scalar()
        if sup is not None:
            return int(sup)
    if row.assignee_id is not None:
        mgr = conn.execute(select(User.reports_to_id).where(User.id == row.assignee_id)).scalar()
        return int(mgr) if mgr is not None else None
    return None


def scan(conn: Connection, env: TicketEnv, now: dt.datetime | None = None, *, limit: int = BATCH) -> ScanReport:
    """Process up to ``limit`` tickets whose next check has come, in the caller's transaction.

    Call it again while ``report.examined == limit`` (:meth:`TicketService.scan` does).
    """
    now = as_utc(now) if now else env.now()
    report = ScanReport()
    rows = conn.execute(
        select(records.TICKET, *records.CLOCK_COLUMNS)
        .join(records.CLOCK, records.CLOCK.c.ticket_id == records.TICKET.c.id)
        .where(records.CLOCK.c.next_check_at <= now)
        .order_by(records.CLOCK.c.next_check_at, records.CLOCK.c.ticket_id)
        .limit(limit)
    ).all()
    owner = owner_id(conn, env) if rows else None
    for row in rows:
        _check(conn, env, row, now, owner, report)
        records.refresh_clock(conn, env, row.id, now)
        report.examined += 1
    return report


def _guarded(conn: Connection, ticket_id: int, where: Any, values: dict[str, Any]) -> bool:
    c = records.CLOCK.c
    return conn.execute(update(records.CLOCK).where(c.ticket_id == ticket_id, where).values(**values)).rowcount == 1


def _check(conn: Connection, env: TicketEnv, row: Any, now: dt.datetime, owner: int | None, report: ScanReport) -> None:
    c = records.CLOCK.c
    is_open = row.status in OPEN_TICKET_STATES
    event = _EventWriter(conn, row, now)
    if is_open and row.due_at is not None:
        due = as_utc(row.due_at)
        points = env.policy(conn, row.sla_policy_id, row.kind).warn_points
        instants = clocks.warning_instants(row.started_at, due, points)
        level = clocks.warning_level(now, instants)
        if level > row.warn_level and _guarded(
            conn, row.id, (c.warn_level == row.warn_level) & (c.due_at == row.due_at), {"warn_level": level}
        ):
            remaining = int((due - now).total_seconds())
            event(
                "warning",
                {"level": level, "of": len(instants), "deadline": due.isoformat(), "remaining_s": remaining},
            )
            report.warnings += 1
            alerts.notify(conn, [row.assignee_id], "warning", row, due=due, level=level, of=len(instants))
            if level == len(instants):
                report.escalations += _escalate(conn, row, [supervisor_of(conn, row)], "warning", level, due, now)
        if (
            clocks.is_breached(now, due)
            and row.breached_at is None
            and _guarded(conn, row.id, c.breached_at.is_(None), {"breached_at": now})
        ):
            records.set_system(conn, row.id, {"breached": True})
            event("breach", {"deadline": due.isoformat()})
            report.breaches += 1
            alerts.notify(conn, [row.assignee_id], "breach", row, due=due)
            report.escalations += _escalate(conn, row, [supervisor_of(conn, row), owner], "breach", 0, due, now)
    if not is_open:
        return
    if (
        row.first_responded_at is None
        and row.first_response_due is not None
        and as_utc(row.first_response_due) <= now
        and not row.first_response_overdue
        and _guarded(conn, row.id, c.first_response_overdue.is_(False), {"first_response_overdue": True})
    ):
        event("sla_overdue", {"clock": "first_response", "due": as_utc(row.first_response_due).isoformat()})
        report.sla_overdue += 1
    nud = row.next_update_due
    if (
        nud is not None
        and row.sla_paused_at is None
        and as_utc(nud) <= now
        and (row.update_overdue_for is None or as_utc(row.update_overdue_for) != as_utc(nud))
        and _guarded(
            conn, row.id, c.update_overdue_for.is_(None) | (c.update_overdue_for != nud), {"update_overdue_for": nud}
        )
    ):
        event("sla_overdue", {"clock": "next_update", "due": as_utc(nud).isoformat()})
        report.sla_overdue += 1


class _EventWriter:
    def __init__(self, conn: Connection, row: Any, now: dt.datetime) -> None:
        self.conn, self.row, self.now = conn, row, now

    def __call__(self, kind: str, data: dict[str, Any]) -> int:
        return records.add_event(
            self.conn, self.row.id, kind, at=self.now, actor_id=None, customer_id=self.row.customer_id, data=data
        )


def _escalate(
    conn: Connection,
    row: Any,
    users: list[int | None],
    reason: str,
    level: int,
    due: dt.datetime,
    now: dt.datetime,
) -> int:
    """Escalate to each distinct user once per (reason, level, deadline); returns how many were new."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    added: dict[int, int] = {}  # user → the new escalation row
    for user in dict.fromkeys(u for u in users if u is not None):
        new_id = conn.execute(
            insert(ESCALATION)
            .values(ticket_id=row.id, user_id=user, reason=reason, level=level, due_at=due, at=now)
            .on_conflict_do_nothing()
            .returning(ESCALATION.c.id)
        ).scalar()
        if new_id is not None:
            added[user] = int(new_id)
    if added:
        records.add_event(
            conn,
            row.id,
            "escalated",
            at=now,
            actor_id=None,
            customer_id=row.customer_id,
            data={"to": list(added), "reason": reason, "level": level},
        )
        alerts.notify(conn, added, "escalated", row, due=due, level=level, reason=reason, escalation_ids=added)
    return len(added)


@dataclass(frozen=True)
class Escalation:
    """A ticket escalated to the signed-in user."""

    id: int
    ticket_id: int
    number: str
    reason: str
    level: int
    at: dt.datetime
    due_at: dt.datetime
    status: str
    acknowledged_at: dt.datetime | None


def escalations_for(conn: Connection, user_id: int, *, include_acknowledged: bool = False) -> list[Escalation]:
    """Escalations addressed to a user, newest first."""
    e, t = ESCALATION, records.TICKET
    query = (
        select(e, t.c.number, t.c.status)
        .join(t, t.c.id == e.c.ticket_id)
        .where(e.c.user_id == user_id)
        .order_by(e.c.at.desc(), e.c.id.desc())
        .limit(500)
    )
    if not include_acknowledged:
        query = query.where(e.c.acknowledged_at.is_(None))
    return [
        Escalation(
            r.id,
            r.ticket_id,
            r.number,
            r.reason,
            r.level,
            as_utc(r.at),
            as_utc(r.due_at),
            r.status,
            as_utc(r.acknowledged_at) if r.acknowledged_at else None,
        )
        for r in conn.execute(query)
    ]


def acknowledge(conn: Connection, env: TicketEnv, actor: Actor, escalation_id: int) -> None:
    """The addressee has seen an escalation."""
    result = conn.execute(
        update(ESCALATION)
        .where(ESCALATION.c.id == escalation_id, ESCALATION.c.user_id == actor.user_id)
        .values(acknowledged_at=func.coalesce(ESCALATION.c.acknowledged_at, env.now()))  # the first time stays
    )
    if result.rowcount != 1 or actor.user_id is None:
        raise NotAllowed("该升级提醒不是发给您的。", "This escalation is not addressed to you.")
    alerts.acknowledged(conn, actor.user_id, escalation_id)
