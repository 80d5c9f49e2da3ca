"""The recognition card: who just walked in, why they have probably come today, and where to send them.

Built in one connection with one indexed statement per kind of reason (:mod:`.reasons`), plus the customer's
header (with the day's time zone), a number already issued today and the branch's services: painting the card
costs a fixed handful of index look-ups whatever the number of customers.
The suggested service comes from a small rule table (:data:`RULES`), first match wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select
from sqlalchemy.orm import aliased

from db.models import Branch, Customer, CustomerPhone, LobbyCounter, QueueTicket, User
from db.write import aware
from services.mask_policy import MaskPolicy
from services.permissions import Principal

from . import reasons
from .setup import DEFAULT_TIMEZONE, day_bounds, service_day, services_of, zone_named
from .types import QueueTicketView, RecognitionCard

VIP_LEVEL = 1  # vip_level from which a customer is a VIP (the seed's "affluent" tier and up)
ACTIVE_TICKET_STATES = ("waiting", "called", "serving")
_manager = aliased(User)
_caller_branch = aliased(Branch)


@dataclass(frozen=True)
class Facts:
    """What the suggestion rules look at."""

    appointment_service: str | None
    maturing: bool
    vip: bool
    complaint: bool
    referral_interest: str | None


Rule = tuple[Callable[[Facts], str | None], str, str]
# (the service code the rule suggests for these facts, or None; why in Chinese; why in English)
RULES: tuple[Rule, ...] = (
    (lambda f: f.appointment_service, "客户今天预约了该业务", "Booked this service for today"),
    (lambda f: "wealth" if f.maturing else None, "定期存款到期，可办理续存或理财", "A term deposit is maturing"),
    (lambda f: "vip" if f.vip else None, "贵宾客户，请引导至贵宾室", "VIP customer: the VIP room"),
    (lambda f: "noncash" if f.complaint else None, "有未结投诉，请在非现金窗口跟进", "An open complaint to follow up"),
    (
        lambda f: {"loan": "loan", "wealth": "wealth", "fund": "wealth", "insurance": "wealth"}.get(
            f.referral_interest or ""
        ),
        "有进行中的转介",
        "A referral in progress",
    ),
    (lambda f: "noncash", "一般业务", "General service"),
)


def suggest(facts: Facts, offered: set[str]) -> tuple[str | None, str, str]:
    """The first rule whose service the branch offers (code, why in Chinese, why in English)."""
    for rule, zh, en in RULES:
        code = rule(facts)
        if code is not None and code in offered:
            return code, zh, en
    return None, "", ""


# -- the customer's header ---------------------------------------------------------------------------------------
def _primary_phone() -> Any:
    return (
        select(CustomerPhone.e164_masked)
        .where(CustomerPhone.customer_id == Customer.id)
        .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        .limit(1)
        .scalar_subquery()
    )


def header_query(*criteria: ColumnElement[bool]) -> Any:
    """Customers' card headers: name, tier, manager, branch, stored masks, birth date."""
    return (
        select(
            Customer.id,
            Customer.name,
            Customer.tier,
            Customer.vip_level,
            Customer.manager_id,
            Customer.branch_id,
            Customer.birth_date,
            Customer.id_number_masked,
            _primary_phone().label("phone_masked"),
            Branch.name.label("branch_name"),
            _manager.display_name.label("manager_name"),
        )
        .join(Branch, Branch.id == Customer.branch_id)
        .outerjoin(_manager, _manager.id == Customer.manager_id)
        .where(*criteria)
    )


def minimal_card(r: Any, principal: Principal, policy: MaskPolicy, *, in_scope: bool) -> RecognitionCard:
    """A card with who the customer is and no reasons (a name search's candidates)."""
    return RecognitionCard(
        customer_id=int(r.id),
        name=r.name,
        tier=r.tier,
        vip_level=int(r.vip_level or 0),
        manager_id=r.manager_id,
        manager_name=r.manager_name,
        branch_id=int(r.branch_id),
        branch_name=r.branch_name,
        in_scope=in_scope,
        masked_id=policy.apply("id_number", r.id_number_masked, principal.role) if in_scope else "",
        masked_phone=policy.apply("phone", r.phone_masked, principal.role) if in_scope else "",
    )


# -- the full card -----------------------------------------------------------------------------------------------
def full_card(
    conn: Connection, principal: Principal, criterion: ColumnElement[bool], now: dt.datetime, policy: MaskPolicy
) -> RecognitionCard | None:
    """The full card of the first customer matching ``criterion`` (already limited to what the principal may see),
    or None when there is none."""
    # The day is the caller's branch's (its time zone read in the same statement); without a branch, the customer's.
    caller_zone = select(_caller_branch.timezone).where(_caller_branch.id == principal.branch_id).scalar_subquery()
    zone_name = func.coalesce(caller_zone, Branch.timezone).label("zone_name")
    head = conn.execute(header_query(criterion).add_columns(zone_name).order_by(Customer.id).limit(1)).first()
    if head is None:
        return None
    cid = int(head.id)
    branch_id = principal.branch_id if principal.branch_id is not None else int(head.branch_id)
    zone = zone_named(str(head.zone_name or DEFAULT_TIMEZONE))
    today = service_day(zone, now)
    day_start, day_end = day_bounds(zone, today)
    offered = {s.code: s for s in services_of(conn, branch_id)}

    maturing, maturing_holdings = reasons.maturing(conn, cid, today, zone, principal, policy)
    due_reasons, memo = reasons.reminders_and_memo(conn, cid, day_end, maturing_holdings)
    complaints = reasons.complaints(conn, cid, now, zone)
    referrals = reasons.referrals(conn, cid)
    appointment = reasons.appointment(conn, cid, branch_id, day_start, day_end, zone, offered)
    birthday = reasons.birthday(head.birth_date, today)
    waiting = _waiting(conn, cid, branch_id, today, head)

    listed = [*appointment[0], *maturing, *complaints, *due_reasons, *birthday, *referrals[0]]
    facts = Facts(
        appointment_service=appointment[1],
        maturing=bool(maturing),
        vip=int(head.vip_level or 0) >= VIP_LEVEL,
        complaint=bool(complaints),
        referral_interest=referrals[1],
    )
    code, why_zh, why_en = suggest(facts, set(offered))
    base = minimal_card(head, principal, policy, in_scope=True)
    return RecognitionCard(
        **{
            **base.__dict__,
            "reasons": tuple(listed),
            "memo": tuple(memo),
            "suggested_service": code,
            "suggested_why_zh": why_zh,
            "suggested_why_en": why_en,
            "waiting_ticket": waiting,
            "appointment_id": appointment[2],
            "appointment_service": appointment[1],
        }
    )


def _waiting(conn: Connection, cid: int, branch_id: int, today: dt.date, head: Any) -> QueueTicketView | None:
    row = conn.execute(
        select(QueueTicket.__table__, LobbyCounter.label.label("counter_label"))
        .outerjoin(LobbyCounter, LobbyCounter.id == QueueTicket.counter_id)
        .where(
            QueueTicket.customer_id == cid,
            QueueTicket.branch_id == branch_id,
            QueueTicket.service_day == today,
            QueueTicket.status.in_(ACTIVE_TICKET_STATES),
        )
        .order_by(QueueTicket.issued_at.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return QueueTicketView(
        id=int(row.id),
        branch_id=int(row.branch_id),
        service_day=row.service_day,
        number=row.number,
        service_code=row.service_type,
        customer_id=cid,
        customer_name=head.name,
        is_vip=bool(row.is_vip),
        vip_level=int(head.vip_level or 0),
        priority=int(row.priority or 0),
        priority_reason=row.priority_reason,
        status=row.status,
        counter_id=row.counter_id,
        counter_label=row.counter_label,
        issued_at=aware(row.issued_at),  # type: ignore[arg-type]
        called_at=aware(row.called_at),
        served_at=aware(row.served_at),
        finished_at=aware(row.finished_at),
        recalls=int(row.recalls or 0),
        outcome=row.outcome,
        served_by_id=row.served_by_id,
        version=int(row.version),
    )
