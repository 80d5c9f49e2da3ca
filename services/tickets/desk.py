"""The ticket panel's read model and the two desk actions the other modules do not cover.

* :func:`ticket_view` — everything the panel's header needs in one read: the ticket (:class:`.queries.TicketDetail`),
  who may open it, the regulator's clock in words (period, effective deadline, working days left,
  extension state) and the review window after a decision.
* :func:`escalate` — a handler escalates a ticket by hand (to the team's supervisor; a supervisor to the
  complaint-management owner), recorded as an ``escalated`` event with the reason and as escalation rows
  that the addressees see in :func:`.escalation.escalations_for`.
* :func:`decision_preview` — the decision notice the customer would get, worded by :func:`.notices.compose`
  like the notice that is queued (the approved template, else the fallback wording).
* :func:`working_days_left` — working days from today to the deadline's day, on the business calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection, and_, func, insert, or_, select

from db.models import Customer, Team, Ticket
from services.audit import AuditTrail
from services.permissions import Principal, allowed, customer_scope, deny, ticket_scope

from . import alerts, directory, escalation, notices, queries, records, resolution
from .calendar import BusinessCalendar, as_utc
from .context import TicketEnv
from .errors import InvalidInput, NotAllowed
from .rights import PERM_CREATE, Actor, require

BASIS = ("standard", "complex", "extended")


@dataclass(frozen=True)
class TicketView:
    """The ticket panel's content.

    Attributes:
        detail: the ticket (``detail.version`` goes back with every save).
        customer_name: the customer's name (as the 360° view shows it), None without a customer.
        customer_cif: the customer's CIF number.
        team_name: the ticket's team.
        complained_user_name: the employee complained about.
        complained_branch_name: the branch complained about.
        basis: ``standard`` (15 days), ``complex`` (30) or ``extended`` (30 + 30).
        period_days: the days of the regulator's period on that basis (None: no regulatory clock).
        working_day_basis: whether the period counts working days rather than calendar days.
        due_at: the effective decision deadline.
        working_days_left: working days from today to the deadline's day, both counted; None once decided.
        extension_requested_by_id: who asked for the further extension (they may not approve it).
        review_window_days: days the customer has to ask for a review after the decision.
        review_by: the last day to ask for a review (after a decision), else None.
        as_of: the instant the view was read (remaining times are measured from it).
    """

    detail: queries.TicketDetail
    customer_name: str | None
    customer_cif: str | None
    team_name: str | None
    complained_user_name: str | None
    complained_branch_name: str | None
    basis: str
    period_days: int | None
    working_day_basis: bool
    due_at: dt.datetime | None
    working_days_left: int | None
    extension_requested_by_id: int | None
    review_window_days: int
    review_by: dt.date | None
    as_of: dt.datetime


def working_days_left(cal: BusinessCalendar, now: dt.datetime, due: dt.datetime | None) -> int | None:
    """Working days from today through the deadline's day, both counted (0 once the deadline has passed)."""
    if due is None:
        return None
    if now > due:  # both aware
        return 0
    day, last = cal.local_date(now), cal.local_date(due)
    count = 0
    while day <= last:
        if cal.is_working_day(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def may_open(conn: Connection, principal: Principal, ticket_id: int) -> bool:
    """Whether the principal may open the ticket: it is in their scope, or they handle tickets and may see
    its customer (the panel beside the 360° view)."""
    mine = select(Ticket.id).where(Ticket.id == ticket_id, ticket_scope(principal))
    if conn.execute(mine).first() is not None:
        return True
    if not allowed(principal.role, PERM_CREATE):
        return False
    visible = or_(
        Ticket.customer_id.is_(None), Ticket.customer_id.in_(select(Customer.id).where(customer_scope(principal)))
    )
    return conn.execute(select(Ticket.id).where(and_(Ticket.id == ticket_id, visible))).first() is not None


def ticket_view(conn: Connection, env: TicketEnv, principal: Principal, ticket_id: int) -> TicketView:
    """The ticket panel's content for ``principal``.

    Raises:
        NotFound: no such ticket.
        permissions.PermissionDenied: the ticket is outside what the principal may see (audited).
    """
    now = env.now()
    detail = queries.ticket_detail(conn, ticket_id, now)
    if not may_open(conn, principal, ticket_id):
        trail = env.audit or AuditTrail()
        deny(conn, principal, PERM_CREATE, audit=trail, entity="ticket", entity_id=ticket_id, reason="scope")
    full = records.load(conn, ticket_id)
    row = detail.row
    customer = None
    if row.customer_id is not None:
        customer = conn.execute(select(Customer.name, Customer.cif_no).where(Customer.id == row.customer_id)).first()
    team = conn.execute(select(Team.name).where(Team.id == row.team_id)).scalar() if row.team_id else None
    people = directory.names(conn, [detail.complained_user_id])
    branch = None
    if detail.complained_branch_id is not None:
        places = {p.id: p.name for p in directory.branches(conn)}
        branch = places.get(detail.complained_branch_id)
    policy = env.policy(conn, full.sla_policy_id, row.kind)
    basis = "extended" if detail.extended_deadline else "complex" if detail.is_complex else "standard"
    period = {"standard": policy.regulatory_days, "complex": policy.complex_days}.get(basis)
    if basis == "extended" and policy.complex_days is not None:
        period = policy.complex_days + (policy.extension_days or env.config.extension_days)
    due = as_utc(full.due_at) if full.due_at is not None else None
    review_days = env.config.review_window_days
    review_by = None
    if detail.decided_at is not None and row.status in ("decided", "closed"):
        review_by = env.calendar.local_date(detail.decided_at) + dt.timedelta(days=review_days)
    return TicketView(
        detail=detail,
        customer_name=customer.name if customer else None,
        customer_cif=customer.cif_no if customer else None,
        team_name=team,
        complained_user_name=people.get(detail.complained_user_id or -1),
        complained_branch_name=branch,
        basis=basis,
        period_days=period,
        working_day_basis=policy.working_days,
        due_at=due,
        working_days_left=working_days_left(env.calendar, now, due) if row.remaining_s is not None else None,
        extension_requested_by_id=full.extension_requested_by_id,
        review_window_days=review_days,
        review_by=review_by,
        as_of=now,
    )


def escalate(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, reason: str) -> list[int]:
    """Escalate an open ticket by hand; returns the user ids it went to.

    It goes to the ticket team's supervisor (else the assignee's manager); when the actor is that person,
    to the complaint-management owner.

    Raises:
        InvalidInput: no reason.
        NotAllowed: the ticket is decided, closed or merged, or there is nobody to escalate to.
    """
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请填写升级原因。", "Give the reason for escalating.")
    require(conn, actor, PERM_CREATE, audit=env.audit, entity_id=ticket_id)
    row = records.load(conn, ticket_id)
    records.check_writable(row, open_only=True)
    target = escalation.supervisor_of(conn, row)
    if target is None or target == actor.user_id:
        target = escalation.owner_id(conn, env)
    if target is None or target == actor.user_id:
        raise NotAllowed("没有可以升级的上级。", "There is nobody above you to escalate this ticket to.")
    e = escalation.ESCALATION
    previous = conn.execute(
        select(func.count()).select_from(e).where(e.c.ticket_id == ticket_id, e.c.reason == "manual")
    ).scalar_one()
    now = env.now()
    level = int(previous) + 1
    escalation_id = conn.execute(
        insert(e)
        .values(ticket_id=ticket_id, user_id=target, reason="manual", level=level, due_at=row.due_at or now, at=now)
        .returning(e.c.id)
    ).scalar_one()
    alerts.notify(
        conn,
        [target],
        "escalated",
        row,
        due=row.due_at,
        level=level,
        reason="manual",
        escalation_ids={target: escalation_id},
    )
    records.add_event(
        conn,
        ticket_id,
        "escalated",
        at=now,
        actor_id=actor.user_id,
        customer_id=row.customer_id,
        body=reason,
        data={"to": [target], "reason": "manual", "level": level},
    )
    return [target]


def decision_preview(
    conn: Connection,
    env: TicketEnv,
    ticket_id: int,
    *,
    decision: str,
    outcome: str,
    compensation: Decimal | str | None = None,
) -> str:
    """The decision notice as the customer would read it if the decision were recorded now.

    Worded by :func:`.notices.compose` exactly as :func:`.resolution.decide` will queue it (the approved
    template in the customer's language and channel, else the fallback wording); nothing is written.
    """
    row = records.load(conn, ticket_id)
    try:
        amount = resolution._money(compensation)  # the same check the decision makes
    except InvalidInput:
        amount = None
    ref = records.TicketRef(row.id, row.number, row.customer_id, row.version)
    fields = notices.decision_fields(env, decision, outcome, amount, env.now())
    return notices.compose(conn, ref, "complaint_decision", fields, config=env.config).text
