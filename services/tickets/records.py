"""Reading and writing one ticket: the version-guarded save, events with their feed rows, the clock row.

Every write to a ticket goes through here so that the rules hold everywhere: each ticket event is
written with exactly one change-feed row (payload ``{"event_id", "event", "customer_id"}``) in the same
transaction; user-visible fields are saved only if the ``version`` the user read is still current
(:class:`ConflictError` otherwise); system fields (clock bookkeeping, the breach flag, the survey score)
are set without bumping the version, so a background scan never invalidates an agent's open edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Table, case, exists, func, insert, select, update

from db import feed
from db.models import Ticket, TicketClock, TicketEvent
from db.models.ticket import OPEN_TICKET_STATES

from .calendar import as_utc
from .clocks import ClockInputs, next_check
from .context import TicketEnv
from .errors import ConflictError, NotAllowed, NotFound

TICKET: Table = Ticket.__table__  # type: ignore[assignment]
CLOCK: Table = TicketClock.__table__  # type: ignore[assignment]
EVENT: Table = TicketEvent.__table__  # type: ignore[assignment]
CLOCK_COLUMNS = [c for c in CLOCK.c if c.name not in ("ticket_id", "team_id")]
READ_ONLY_STATES = ("closed", "merged")


@dataclass(frozen=True)
class TicketRef:
    """The few fields of a ticket that a notice needs, as they are after a change."""

    id: int
    number: str
    customer_id: int | None
    version: int


def load(conn: Connection, ticket_id: int) -> Row[Any]:
    """The ticket with its clock columns.

    Raises:
        NotFound: no such ticket.
    """
    query = select(TICKET, *CLOCK_COLUMNS).outerjoin(CLOCK, CLOCK.c.ticket_id == TICKET.c.id)
    row = conn.execute(query.where(TICKET.c.id == ticket_id)).first()
    if row is None:
        raise NotFound(f"工单 {ticket_id} 不存在。", f"Ticket {ticket_id} does not exist.", ticket_id=ticket_id)
    if row.started_at is None:  # written by a tool that did not add the clock row
        backfill_clocks(conn, ticket_id)
        row = conn.execute(query.where(TICKET.c.id == ticket_id)).one()
    return row


def backfill_clocks(conn: Connection, ticket_id: int | None = None) -> int:
    """Add the missing ``ticket_clock`` rows (all tickets, or one), set-based; returns how many.

    The clock starts at ``received_at``; an open ticket gets ``next_check_at = received_at`` so that the
    next escalation scan evaluates it; a ticket past ``new`` counts as first-responded.
    """
    due = func.coalesce(TICKET.c.extended_deadline, TICKET.c.regulatory_deadline)
    is_open = TICKET.c.status.in_(OPEN_TICKET_STATES)
    source = select(
        TICKET.c.id,
        TICKET.c.team_id,
        TICKET.c.received_at,
        due,
        case((is_open, due), else_=None),
        case((is_open, TICKET.c.received_at), else_=None),
        case((TICKET.c.status != "new", TICKET.c.received_at), else_=None),
        case((TICKET.c.breached, due), else_=None),
    ).where(~exists().where(CLOCK.c.ticket_id == TICKET.c.id))
    if ticket_id is not None:
        source = source.where(TICKET.c.id == ticket_id)
    names = [
        "ticket_id",
        "team_id",
        "started_at",
        "due_at",
        "open_due_at",
        "next_check_at",
        "first_responded_at",
        "breached_at",
    ]
    missing = int(conn.execute(select(func.count()).select_from(source.subquery())).scalar_one())
    if missing:  # (INSERT … SELECT reports no row count through psycopg, so count first)
        conn.execute(insert(CLOCK).from_select(names, source))
    return missing


def check_version(row: Row[Any], expected: int) -> None:
    """Refuse a save based on an out-of-date read."""
    if row.version != expected:
        raise ConflictError(
            f"工单 {row.number} 已被他人修改，请刷新后重试。",
            f"Ticket {row.number} was changed by someone else; reload it and try again.",
            ticket_id=row.id,
            expected=expected,
            actual=row.version,
        )


def check_writable(row: Row[Any], *, open_only: bool = False) -> None:
    """Closed and merged tickets are read-only; ``open_only`` also refuses decided ones."""
    if row.status in READ_ONLY_STATES:
        state = "关闭" if row.status == "closed" else "合并"
        raise NotAllowed(
            f"工单 {row.number} 已{state}，只读；如需继续处理，请由有权限的人员重新打开。",
            f"Ticket {row.number} is {row.status} and read-only; a permitted user can reopen it.",
            ticket_id=row.id,
            status=row.status,
        )
    if open_only and row.status not in OPEN_TICKET_STATES:
        raise NotAllowed(
            f"工单 {row.number} 已作出处理决定，不能再修改。",
            f"Ticket {row.number} has been decided and can no longer be changed.",
            ticket_id=row.id,
            status=row.status,
        )


def add_event(
    conn: Connection,
    ticket_id: int,
    kind: str,
    *,
    at: dt.datetime,
    actor_id: int | None,
    customer_id: int | None,
    body: str | None = None,
    data: dict[str, Any] | None = None,
    action: str = "update",
) -> int:
    """Record a ticket event and its change-feed row; returns the event id."""
    event_id = conn.execute(
        insert(EVENT)
        .values(ticket_id=ticket_id, kind=kind, actor_id=actor_id, at=at, body=body, data=data)
        .returning(EVENT.c.id)
    ).scalar_one()
    feed.append(
        conn,
        "ticket",
        ticket_id,
        action,
        actor_id=actor_id,
        payload={"event_id": int(event_id), "event": kind, "customer_id": customer_id},
    )
    return int(event_id)


def save(conn: Connection, row: Row[Any], expected: int, values: dict[str, Any], *, now: dt.datetime) -> int:
    """Save user-visible fields if nobody else saved since ``expected``; returns the new version."""
    result = conn.execute(
        update(TICKET)
        .where(TICKET.c.id == row.id, TICKET.c.version == expected)
        .values(**values, version=expected + 1, updated_at=now)
    )
    if result.rowcount != 1:
        raise ConflictError(
            f"工单 {row.number} 已被他人修改，请刷新后重试。",
            f"Ticket {row.number} was changed by someone else; reload it and try again.",
            ticket_id=row.id,
            expected=expected,
        )
    return expected + 1


def set_system(conn: Connection, ticket_id: int, values: dict[str, Any]) -> None:
    """Set system-maintained ticket fields without touching the version."""
    conn.execute(update(TICKET).where(TICKET.c.id == ticket_id).values(**values))


def set_clock(conn: Connection, ticket_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(CLOCK).where(CLOCK.c.ticket_id == ticket_id).values(**values))


def clock_inputs(row: Any) -> ClockInputs:
    """The clock state of a loaded ticket row (see :func:`load`)."""
    is_open = row.status in OPEN_TICKET_STATES
    return ClockInputs(
        open_due_at=row.due_at if is_open else None,
        started_at=as_utc(row.started_at),
        warn_level=row.warn_level,
        breached_at=row.breached_at,
        first_responded_at=row.first_responded_at,
        first_response_due=row.first_response_due,
        first_response_overdue=row.first_response_overdue,
        next_update_due=row.next_update_due,
        update_overdue_for=row.update_overdue_for,
        sla_paused=row.sla_paused_at is not None,
        is_open=is_open,
    )


def refresh_clock(conn: Connection, env: TicketEnv, ticket_id: int, now: dt.datetime) -> Row[Any]:
    """Recompute ``open_due_at`` and ``next_check_at`` after a write; returns the reloaded row."""
    row = load(conn, ticket_id)
    inputs = clock_inputs(row)
    points = env.policy(conn, row.sla_policy_id, row.kind).warn_points
    set_clock(
        conn,
        ticket_id,
        {"open_due_at": inputs.open_due_at, "next_check_at": next_check(inputs, points, now)},
    )
    return row
