"""Longer deadlines: a complex case (30 days), then a further extension (+30) approved by a superior office.

* :func:`mark_complex` — the handler records why the case is complex; the deadline becomes
  ``complex_days`` from the clock's start and the customer is told the new deadline.
* :func:`request_extension` — the handler asks for the further extension (only for a complex case, once).
* :func:`decide_extension` — a user with ``complaint.approve_extension`` (not the requester) approves or
  rejects; approval moves the deadline by ``extension_days`` and notifies the customer with the reason.

Warning levels are recomputed for the new deadline without raising the warnings again for points that
have passed in the new window; the scan warns afresh as the new points are reached.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from . import clocks, records
from .calendar import as_utc
from .context import TicketEnv
from .errors import InvalidInput, NotAllowed
from .notices import notify_customer
from .rights import PERM_APPROVE_EXTENSION, Actor, require


def _new_deadline_clock(env: TicketEnv, conn: Connection, row: Any, due: dt.datetime) -> dict[str, Any]:
    points = env.policy(conn, row.sla_policy_id, row.kind).warn_points
    instants = clocks.warning_instants(row.started_at, due, points)
    level = clocks.warning_level(env.now(), instants)
    return {"due_at": due, "warn_level": level, "breached_at": row.breached_at}


def _reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidInput("请填写原因。", "Give the reason.")
    return reason.strip()


def mark_complex(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
    """Treat the complaint as complex: deadline ``complex_days`` after the clock's start; customer notified."""
    reason = _reason(reason)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    if row.is_complex:
        raise NotAllowed("该投诉已认定为复杂投诉。", "The complaint is already marked complex.")
    policy = env.policy(conn, row.sla_policy_id, row.kind)
    due = clocks.regulatory_deadline(
        row.received_at, env.calendar, policy, env.config, referral_date=row.referral_date, complex_case=True
    )
    if due is None:
        raise NotAllowed("该工单没有监管时限。", "This ticket has no regulatory deadline.")
    now = env.now()
    new_version = records.save(conn, row, version, {"is_complex": True, "regulatory_deadline": due}, now=now)
    records.set_clock(conn, ticket_id, _new_deadline_clock(env, conn, row, due))
    records.add_event(
        conn,
        ticket_id,
        "marked_complex",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=reason,
        data={"previous_deadline": as_utc(row.due_at).isoformat() if row.due_at else None, "deadline": due.isoformat()},
    )
    ref = records.TicketRef(row.id, row.number, row.customer_id, new_version)
    notify_customer(
        conn,
        ref,
        "complaint_extension",
        {"reason": reason, "deadline": due},
        config=env.config,
        actor_id=actor.user_id,
        at=now,
    )
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version


def request_extension(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
    """Ask a superior office to approve a further extension; returns the new version."""
    reason = _reason(reason)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    if not row.is_complex:
        raise NotAllowed(
            "须先认定为复杂投诉，才能申请再延长。",
            "Mark the complaint complex before asking for a further extension.",
        )
    if row.extended_deadline is not None or row.extension_state in ("requested", "approved"):
        raise NotAllowed("已申请或已批准延期，不能重复申请。", "An extension was already requested or granted.")
    now = env.now()
    new_version = records.save(conn, row, version, {}, now=now)
    records.set_clock(conn, ticket_id, {"extension_state": "requested", "extension_requested_by_id": actor.user_id})
    records.add_event(
        conn,
        ticket_id,
        "extension_requested",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=reason,
    )
    return new_version


def decide_extension(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    version: int,
    *,
    approve: bool,
    note: str,
) -> int:
    """Approve (deadline +``extension_days``, customer notified) or reject a requested extension.

    Raises:
        PermissionDenied: the actor lacks ``complaint.approve_extension``.
        NotAllowed: nothing requested, or the approver is the requester.
    """
    note = _reason(note)
    require(conn, actor, PERM_APPROVE_EXTENSION, audit=env.audit, entity_id=ticket_id)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    if row.extension_state != "requested":
        raise NotAllowed("没有待审批的延期申请。", "There is no extension request to decide.")
    if actor.user_id is not None and actor.user_id == row.extension_requested_by_id:
        raise NotAllowed("申请人不能审批自己的延期申请。", "The requester cannot approve their own extension.")
    now = env.now()
    if not approve:
        new_version = records.save(conn, row, version, {}, now=now)
        records.set_clock(conn, ticket_id, {"extension_state": "rejected"})
        records.add_event(
            conn,
            ticket_id,
            "extension_rejected",
            at=now,
            actor_id=actor.user_id,
            customer_id=row.customer_id,
            body=note,
        )
        return new_version
    policy = env.policy(conn, row.sla_policy_id, row.kind)
    due = clocks.extended_deadline(row.due_at, env.calendar, policy, env.config)
    new_version = records.save(conn, row, version, {"extended_deadline": due}, now=now)
    records.set_clock(conn, ticket_id, {**_new_deadline_clock(env, conn, row, due), "extension_state": "approved"})
    records.add_event(
        conn,
        ticket_id,
        "extension_approved",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=note,
        data={"previous_deadline": as_utc(row.due_at).isoformat(), "deadline": due.isoformat()},
    )
    ref = records.TicketRef(row.id, row.number, row.customer_id, new_version)
    notify_customer(
        conn,
        ref,
        "complaint_extension",
        {"reason": note, "deadline": due},
        config=env.config,
        actor_id=actor.user_id,
        at=now,
    )
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version
