"""The complaint state machine, comments, assignment and the conflict-of-interest rule.

States (``db.models.ticket.TICKET_STATES``)::

    new ──► acknowledged ──► in_progress ◄──► pending_customer / pending_internal
     │            │               │                      │
     └────────────┴───────────────┴──► decided ──► closed ──► reopened ──► (as in_progress)
                                          (any open state ──► merged, a repeat folded into its original)

``decided`` (:mod:`.resolution`), ``closed`` (:mod:`.resolution`), ``merged`` (:mod:`.intake`) and
``reopened`` (:func:`reopen`) have their own functions because they need more than a state change; the
rest go through :func:`transition`.  Every change is a ticket event with who and when; every user-visible
change is a version-guarded save (:class:`ConflictError` on a stale version); closed and merged tickets
are read-only except for :func:`reopen` by a user with ``complaint.reopen``.

First response: the first move out of ``new`` (or the first comment marked as customer contact) stops the
first-response clock and starts the next-update clock.  Entering ``pending_customer`` pauses the
next-update clock; leaving it resumes the clock with the business time that was left.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from db.models import User
from db.models.ticket import OPEN_TICKET_STATES

from . import clocks, records
from .context import TicketEnv
from .errors import ConflictOfInterest, InvalidInput, NotAllowed
from .rights import PERM_ASSIGN, PERM_CREATE, PERM_REOPEN, Actor, require

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"acknowledged", "in_progress", "merged"}),
    "acknowledged": frozenset({"in_progress", "pending_customer", "pending_internal", "decided", "merged"}),
    "in_progress": frozenset({"pending_customer", "pending_internal", "decided", "merged"}),
    "pending_customer": frozenset({"in_progress", "pending_internal", "decided"}),
    "pending_internal": frozenset({"in_progress", "pending_customer", "decided"}),
    "decided": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
    "reopened": frozenset({"in_progress", "pending_customer", "pending_internal", "decided", "merged"}),
    "merged": frozenset(),
}
# Targets that need their own function (and its inputs).
DEDICATED = {
    "decided": "resolution.decide",
    "closed": "resolution.close",
    "merged": "intake.merge",
    "reopened": "workflow.reopen",
}
STATE_LABELS = {
    "new": ("新建", "new"),
    "acknowledged": ("已受理", "acknowledged"),
    "in_progress": ("处理中", "in progress"),
    "pending_customer": ("待客户反馈", "pending customer"),
    "pending_internal": ("待内部处理", "pending internal"),
    "decided": ("已作出决定", "decided"),
    "closed": ("已关闭", "closed"),
    "reopened": ("已重新打开", "reopened"),
    "merged": ("已合并", "merged"),
}
MAX_CHAIN = 32


def allowed_targets(status: str) -> list[str]:
    """States a ticket in ``status`` may move to (for the panel's buttons), in a stable order."""
    order = list(STATE_LABELS)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)


def _refuse_transition(row: Any, target: str) -> NotAllowed:
    zh_from, en_from = STATE_LABELS.get(row.status, (row.status, row.status))
    zh_to, en_to = STATE_LABELS.get(target, (target, target))
    return NotAllowed(
        f"工单 {row.number} 不能从“{zh_from}”变为“{zh_to}”。",
        f"Ticket {row.number} cannot go from {en_from} to {en_to}.",
        ticket_id=row.id,
        status=row.status,
        target=target,
    )


# -- conflict of interest -----------------------------------------------------------------------------
def reporting_line(conn: Connection, user_id: int) -> list[int]:
    """``user_id`` followed by their manager, the manager's manager, … (cycles cut)."""
    chain = [user_id]
    current: int | None = user_id
    for _ in range(MAX_CHAIN):
        current = conn.execute(select(User.reports_to_id).where(User.id == current)).scalar()
        if current is None or current in chain:
            break
        chain.append(current)
    return chain


def check_handler(
    conn: Connection, complained_user_id: int | None, handler_id: int | None, *, number: str = ""
) -> None:
    """Refuse a handler who is the employee complained about or above them in their reporting line.

    Raises:
        ConflictOfInterest: with the relationship named in the message.
    """
    if handler_id is None or complained_user_id is None:
        return
    chain = reporting_line(conn, complained_user_id)
    if handler_id not in chain:
        return
    depth = chain.index(handler_id)
    if depth == 0:
        zh, en = "是被投诉的员工本人", "is the employee the complaint is about"
    else:
        zh = "是被投诉员工的直接上级" if depth == 1 else f"在被投诉员工的汇报线上（上{depth}级）"
        en = (
            "is the manager of the employee complained about"
            if depth == 1
            else (f"is in the reporting line of the employee complained about ({depth} levels up)")
        )
    raise ConflictOfInterest(
        f"该处理人{zh}，须回避，不能处理工单 {number}。",
        f"This handler {en} and must not handle ticket {number}.",
        handler_id=handler_id,
        depth=depth,
    )


# -- state changes ------------------------------------------------------------------------------------
def clock_effects(env: TicketEnv, conn: Connection, row: Any, target: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(ticket values, clock values) that moving ``row`` to ``target`` implies for the SLA clocks."""
    now = env.now()
    policy = env.policy(conn, row.sla_policy_id, row.kind)
    ticket: dict[str, Any] = {}
    clock: dict[str, Any] = {}
    if row.first_responded_at is None and row.status == "new" and target != "merged":
        clock["first_responded_at"] = now
        ticket["next_update_due"] = clocks.next_update_due(now, env.calendar, policy)
    if target == "pending_customer" and row.sla_paused_at is None:
        due = ticket.get("next_update_due", row.next_update_due)
        clock["sla_paused_at"] = now
        clock["sla_remaining_s"] = clocks.pause_remaining(now, due, env.calendar)
    elif row.status == "pending_customer" and row.sla_paused_at is not None:
        clock.update(resume_values(env, row))
        ticket["next_update_due"] = clocks.resume_due(now, row.sla_remaining_s, row.next_update_due, env.calendar)
    return ticket, clock


def resume_values(env: TicketEnv, row: Any) -> dict[str, Any]:
    """Clock values that end a pause, adding the paused business time to the total."""
    paused = env.calendar.business_seconds(row.sla_paused_at, env.now())
    return {"sla_paused_at": None, "sla_remaining_s": None, "sla_paused_s": row.sla_paused_s + int(paused)}


def transition(
    conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, target: str, note: str | None = None
) -> int:
    """Move a ticket to ``target`` (acknowledged, in_progress, pending_customer, pending_internal).

    Returns:
        The ticket's new version.

    Raises:
        ConflictError: stale ``version``.
        NotAllowed: read-only ticket, a transition the state machine forbids, or a target with its own function.
    """
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row)
    if target not in TRANSITIONS.get(row.status, frozenset()):
        raise _refuse_transition(row, target)
    if target in DEDICATED:
        raise NotAllowed(
            f"请使用“{STATE_LABELS[target][0]}”操作。",
            f"Use {DEDICATED[target]} to move a ticket to {target}.",
            target=target,
        )
    now = env.now()
    ticket_values, clock_values = clock_effects(env, conn, row, target)
    new_version = records.save(conn, row, version, {"status": target, **ticket_values}, now=now)
    if clock_values:
        records.set_clock(conn, ticket_id, clock_values)
    records.add_event(
        conn,
        ticket_id,
        "status_changed",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=note,
        data={"from": row.status, "to": target},
    )
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version


def comment(
    conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, body: str, *, customer_contact: bool = False
) -> int:
    """Add a comment (no version needed: comments never conflict); returns the event id.

    ``customer_contact=True`` records that the customer was updated (a call back, a message): it counts as
    the first response and restarts the next-update clock.  Allowed until the ticket is closed.
    """
    if not body.strip():
        raise InvalidInput("备注不能为空。", "A comment cannot be empty.")
    row = records.load(conn, ticket_id)
    records.check_writable(row)
    now = env.now()
    if customer_contact and row.status in OPEN_TICKET_STATES:
        policy = env.policy(conn, row.sla_policy_id, row.kind)
        if row.first_responded_at is None:
            records.set_clock(conn, ticket_id, {"first_responded_at": now})
        if row.sla_paused_at is None:
            records.set_system(conn, ticket_id, {"next_update_due": clocks.next_update_due(now, env.calendar, policy)})
    event_id = records.add_event(
        conn,
        ticket_id,
        "comment",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=body.strip(),
        data={"customer_contact": True} if customer_contact else None,
    )
    if customer_contact:
        records.refresh_clock(conn, env, ticket_id, now)
    return event_id


def assign(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    ticket_id: int,
    version: int,
    *,
    assignee_id: int | None,
    team_id: int | None = None,
) -> int:
    """Give a ticket to a person (and/or a team); refused for a handler with a conflict of interest.

    Needs ``ticket.assign``, except taking a ticket oneself (:func:`take`), which needs ``ticket.create``.

    ``team_id=None`` keeps the team, unless the assignee belongs to a team, which then becomes the ticket's.

    Returns:
        The new version.
    """
    to_self = assignee_id is not None and assignee_id == actor.user_id and team_id is None
    require(conn, actor, PERM_CREATE if to_self else PERM_ASSIGN, audit=env.audit, entity_id=ticket_id)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    check_handler(conn, row.complained_user_id, assignee_id, number=row.number)
    if assignee_id is not None:
        user = conn.execute(select(User.is_active, User.team_id).where(User.id == assignee_id)).first()
        if user is None or not user.is_active:
            raise InvalidInput("处理人不存在或已停用。", "The assignee does not exist or is inactive.")
        if team_id is None:
            team_id = user.team_id
    team_id = team_id if team_id is not None else row.team_id
    now = env.now()
    new_version = records.save(conn, row, version, {"assignee_id": assignee_id, "team_id": team_id}, now=now)
    if team_id != row.team_id:
        records.set_clock(conn, ticket_id, {"team_id": team_id})
    records.add_event(
        conn,
        ticket_id,
        "assigned",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        data={
            "from_assignee": row.assignee_id,
            "assignee_id": assignee_id,
            "from_team": row.team_id,
            "team_id": team_id,
        },
    )
    return new_version


def take(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int) -> int:
    """Assign a ticket from the team queue to the actor."""
    return assign(conn, env, actor, ticket_id, version, assignee_id=actor.user_id)


EDITABLE_FIELDS = (
    "category",
    "severity",
    "summary",
    "description",
    "customer_request",
    "complained_user_id",
    "complained_branch_id",
    "identity_verified",
)


def update_details(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, **changes: Any) -> int:
    """Change the complaint's details (:data:`EDITABLE_FIELDS`); the clocks are not recomputed.

    Setting ``complained_user_id`` re-checks the current handler for a conflict of interest.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput("不可修改的字段。", f"Fields that cannot be edited: {sorted(unknown)}")
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    records.check_writable(row, open_only=True)
    if "category" in changes and row.kind == "complaint":
        env.taxonomy.validate(changes["category"])
    if "summary" in changes and not str(changes["summary"]).strip():
        raise InvalidInput("投诉摘要不能为空。", "The complaint summary cannot be empty.")
    if changes.get("complained_user_id") is not None:
        check_handler(conn, changes["complained_user_id"], row.assignee_id, number=row.number)
    diff = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not diff:
        return version
    now = env.now()
    new_version = records.save(conn, row, version, diff, now=now)
    records.add_event(
        conn,
        ticket_id,
        "details_changed",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        data={k: {"from": getattr(row, k), "to": v} for k, v in diff.items()},
    )
    return new_version


def reopen(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
    """Reopen a decided or closed ticket (needs ``complaint.reopen``).

    The reopened complaint owes the customer a new decision: its deadline is counted afresh from today
    with the standard period (the previous deadline is kept in the event).  The breach flag stays.
    """
    if not reason.strip():
        raise InvalidInput("请填写重新打开的原因。", "Give the reason for reopening.")
    require(conn, actor, PERM_REOPEN, audit=env.audit, entity_id=ticket_id)
    row = records.load(conn, ticket_id)
    records.check_version(row, version)
    if row.status not in ("decided", "closed"):
        raise _refuse_transition(row, "reopened")
    now = env.now()
    policy = env.policy(conn, row.sla_policy_id, row.kind)
    due = clocks.regulatory_deadline(now, env.calendar, policy, env.config)
    values = {
        "status": "reopened",
        "closed_at": None,
        "regulatory_deadline": due,
        "extended_deadline": None,
        "next_update_due": clocks.next_update_due(now, env.calendar, policy),
    }
    new_version = records.save(conn, row, version, values, now=now)
    records.set_clock(
        conn,
        ticket_id,
        {
            "started_at": now,
            "due_at": due,
            "warn_level": 0,
            "breached_at": None,
            "extension_state": None,
            "sla_paused_at": None,
            "sla_remaining_s": None,
        },
    )
    records.add_event(
        conn,
        ticket_id,
        "reopened",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=reason.strip(),
        data={
            "from": row.status,
            "to": "reopened",
            "previous_deadline": row.due_at.isoformat() if row.due_at else None,
            "deadline": due.isoformat() if due else None,
        },
    )
    records.refresh_clock(conn, env, ticket_id, now)
    return new_version
