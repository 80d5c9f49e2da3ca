"""The caller card that pops when a call is offered: who is calling, and why they might be calling.

One matching customer: their header and reason-for-call hints (open complaints with deadlines, reminders due,
deposits maturing within 30 days, the last contact and its disposition, recent SMS, the IVR choice).
Several (a shared household line): the candidates to pick from — nothing is linked until the agent picks
(:meth:`ScreenPopService.link_caller`).  None: an 'unknown caller' card whose quick-create is prefilled with
the number and checks for duplicates first.  Withheld numbers never lead to a new customer.

A desktop never reads the caller's number (migration 0011): the card shows the call's stored mask, a shared
line's candidates are found by the call's phone key, and quick-create has the database copy the number from the
call to the new customer (on PostgreSQL through ``cd_call_phone_to_customer``, which the gateway's number needs).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, exists, false, func, insert, literal, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from db.models import (
    Branch,
    Call,
    CallQueue,
    Customer,
    CustomerPhone,
    Holding,
    Interaction,
    Product,
    Reminder,
    Ticket,
    User,
)
from db.models.ticket import OPEN_TICKET_STATES
from db.repositories.customer_write import add_customer
from db.repositories.customers import find_by_id_number, phone_owners_sql
from db.write import aware, utcnow, write_txn
from services.call_states import MENU_QUEUES

from .customer360 import Customer360Service, CustomerHeader

MATURING_DAYS = 30
INSUFFICIENT_PRIVILEGE = "42501"
NOT_YOUR_CALL = (
    "该来电不在您的坐席，不能用其号码新建客户。"
    " / This call is not at your desk; its number cannot go to a new customer."
)
MOBILE_E164_LENGTH = 14  # +86 and 11 digits starting with 1 (db.pii.mask_phone reads mobiles the same way)
REMINDER_DAYS = 7
SMS_DAYS = 30
HINT_LIMIT = 5


@dataclass(frozen=True)
class Candidate:
    """A customer who may be the caller (masked for the list)."""

    customer_id: int
    name: str
    cif_no: str
    masked_id: str
    tier: str
    vip_level: int


@dataclass(frozen=True)
class ComplaintHint:
    number: str
    summary: str
    status: str
    deadline: dt.datetime | None
    days_left: int | None


@dataclass(frozen=True)
class ReminderHint:
    kind: str
    title: str
    due_at: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class MaturityHint:
    product: str
    masked_account: str
    balance: float
    maturity_date: dt.date
    days_left: int


@dataclass(frozen=True)
class ContactHint:
    occurred_at: dt.datetime
    channel: str
    direction: str
    subject: str
    summary: str | None
    disposition: str | None
    agent_name: str | None


@dataclass(frozen=True)
class Hints:
    """Reasons the customer may be calling."""

    open_complaints: list[ComplaintHint] = field(default_factory=list)
    reminders_due: list[ReminderHint] = field(default_factory=list)
    maturing_deposits: list[MaturityHint] = field(default_factory=list)
    last_contact: ContactHint | None = None
    recent_sms: list[ContactHint] = field(default_factory=list)


@dataclass(frozen=True)
class QuickCreatePrefill:
    """What the unknown-caller card's quick-create starts with: the caller's number, masked ("" if none)."""

    masked_phone: str


@dataclass(frozen=True)
class ScreenPop:
    """Everything the caller card shows for one call."""

    call_id: int
    direction: str
    state: str
    match_result: str  # 'one' | 'several' | 'none' | 'withheld'
    caller_masked: str
    withheld: bool
    queue_name: str | None
    queue_label_zh: str | None
    queue_label_en: str | None
    ivr_choice: str | None
    ivr_queue: str | None
    waited_seconds: int | None
    customer_id: int | None
    header: CustomerHeader | None
    hints: Hints | None
    candidates: list[Candidate]
    quick_create: QuickCreatePrefill | None


@dataclass(frozen=True)
class QuickCreateResult:
    """A new customer's id, or the existing customers that stopped it."""

    customer_id: int | None
    duplicates: list[Candidate]


class QuickCreateRefused(ValueError):
    """Quick-create is not possible for this call (e.g. a withheld number)."""


class ScreenPopService:
    """Synchronous; call it on a worker thread."""

    def __init__(self, engine: Engine, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock
        self._c360 = Customer360Service(engine)

    def screen_pop_context(self, call_id: int) -> ScreenPop:
        """The caller card for a call (raises LookupError for an unknown call)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(
                    Call.direction,
                    Call.state,
                    Call.match_result,
                    Call.from_masked,
                    Call.to_masked,
                    Call.customer_id,
                    CallQueue.name,
                    CallQueue.label_zh,
                    CallQueue.label_en,
                    Call.ivr_choice,
                    Call.enqueued_at,
                    Call.offered_at,
                    Call.from_key,
                )
                .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
                .where(Call.id == call_id)
            ).first()
            if row is None:
                raise LookupError(f"call {call_id} not found")
            direction, state, match, from_masked, to_masked, customer_id = row[:6]
            masked = (from_masked if direction == "inbound" else to_masked) or ""
            key = row[12] if direction == "inbound" else None
            candidates: list[Candidate] = []
            if match == "several" and key:
                candidates = self._candidates(conn, _owners(conn, key))
            hints = self._hints(conn, customer_id) if customer_id else None
        enqueued, offered = aware(row[10]), aware(row[11])
        waited = int((offered - enqueued).total_seconds()) if enqueued and offered else None
        header = self._c360.header(customer_id) if customer_id else None
        quick = None
        if match == "none" and customer_id is None:
            quick = QuickCreatePrefill(masked)
        return ScreenPop(
            call_id=call_id,
            direction=direction,
            state=state,
            match_result=match,
            caller_masked=masked,
            withheld=match == "withheld",
            queue_name=row[6],
            queue_label_zh=row[7],
            queue_label_en=row[8],
            ivr_choice=row[9],
            ivr_queue=MENU_QUEUES.get(row[9] or ""),
            waited_seconds=waited,
            customer_id=customer_id,
            header=header,
            hints=hints,
            candidates=candidates,
            quick_create=quick,
        )

    @staticmethod
    def _candidates(conn: Connection, ids: list[int]) -> list[Candidate]:
        if not ids:
            return []
        rows = conn.execute(
            select(
                Customer.id,
                Customer.name,
                Customer.cif_no,
                Customer.id_number_masked,
                Customer.tier,
                Customer.vip_level,
            )
            .where(Customer.id.in_(ids))
            .order_by(Customer.vip_level.desc(), Customer.id)
        )
        return [Candidate(r[0], r[1], r[2], r[3], r[4], int(r[5] or 0)) for r in rows]

    def _hints(self, conn: Connection, cid: int) -> Hints:
        now = self._clock()
        today = now.date()
        complaints = self._complaint_deadlines(conn, cid, now)
        reminders = [
            ReminderHint(r[0], r[1], aware(r[2]), aware(r[2]) < now)  # type: ignore[arg-type,operator]
            for r in conn.execute(
                select(Reminder.kind, Reminder.title, Reminder.due_at)
                .where(
                    Reminder.customer_id == cid,
                    Reminder.done_at.is_(None),
                    Reminder.due_at <= now + dt.timedelta(days=REMINDER_DAYS),
                )
                .order_by(Reminder.due_at)
                .limit(HINT_LIMIT)
            )
        ]
        maturing = [
            MaturityHint(r[0], r[1], float(r[2]), r[3], (r[3] - today).days)
            for r in conn.execute(
                select(Product.name, Holding.account_masked, Holding.balance, Holding.maturity_date)
                .join(Product, Product.id == Holding.product_id)
                .where(
                    Holding.customer_id == cid,
                    Holding.kind == "term_deposit",
                    Holding.status == "active",
                    Holding.maturity_date >= today,
                    Holding.maturity_date <= today + dt.timedelta(days=MATURING_DAYS),
                )
                .order_by(Holding.maturity_date)
                .limit(HINT_LIMIT)
            )
        ]
        contact_cols = (
            Interaction.occurred_at,
            Interaction.channel,
            Interaction.direction,
            Interaction.subject,
            Interaction.summary,
            Interaction.disposition,
            User.display_name,
        )
        last = conn.execute(
            select(*contact_cols)
            .outerjoin(User, User.id == Interaction.user_id)
            .where(Interaction.customer_id == cid)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(1)
        ).first()
        sms = conn.execute(
            select(*contact_cols)
            .outerjoin(User, User.id == Interaction.user_id)
            .where(
                Interaction.customer_id == cid,
                Interaction.channel == "sms",
                Interaction.occurred_at >= now - dt.timedelta(days=SMS_DAYS),
            )
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(3)
        ).all()

        def contact(r: Any) -> ContactHint:
            return ContactHint(aware(r[0]), r[1], r[2], r[3], r[4], r[5], r[6])  # type: ignore[arg-type]

        return Hints(complaints, reminders, maturing, contact(last) if last else None, [contact(r) for r in sms])

    @staticmethod
    def _complaint_deadlines(conn: Connection, cid: int, now: dt.datetime) -> list[ComplaintHint]:
        out = []
        for number, summary, status, regulatory, extended in conn.execute(
            select(Ticket.number, Ticket.summary, Ticket.status, Ticket.regulatory_deadline, Ticket.extended_deadline)
            .where(Ticket.customer_id == cid, Ticket.kind == "complaint", Ticket.status.in_(OPEN_TICKET_STATES))
            .order_by(Ticket.regulatory_deadline)
            .limit(HINT_LIMIT)
        ):
            deadline = aware(extended or regulatory)
            out.append(ComplaintHint(number, summary, status, deadline, (deadline - now).days if deadline else None))
        return out

    # -- the agent's decisions -------------------------------------------------------------------------------------
    def link_caller(self, call_id: int, customer_id: int) -> None:
        """Link the call to the customer the agent identified (from the household list, or after a search).

        Raises:
            LookupError: unknown call or customer.
        """
        with write_txn(self._engine) as conn:
            if conn.execute(select(Customer.id).where(Customer.id == customer_id)).first() is None:
                raise LookupError(f"customer {customer_id} not found")
            changed = conn.execute(
                update(Call).where(Call.id == call_id).values(customer_id=customer_id, version=Call.version + 1)
            ).rowcount
            if not changed:
                raise LookupError(f"call {call_id} not found")

    def check_duplicates(self, phone_key: str | None, id_number: str | None) -> list[Candidate]:
        """Existing customers with this phone (its stored key, as a call row holds it) or ID number (shown before
        quick-create goes ahead)."""
        with self._engine.connect() as conn:
            ids: dict[int, None] = {}
            if id_number:
                ids.update(dict.fromkeys(find_by_id_number(conn, id_number.strip().upper(), 20)))
            if phone_key:
                ids.update(dict.fromkeys(_owners(conn, phone_key)))
            return self._candidates(conn, list(ids))

    def quick_create(
        self,
        call_id: int,
        agent_id: int,
        *,
        name: str,
        id_type: str,
        id_number: str,
        gender: str = "U",
        force: bool = False,
    ) -> QuickCreateResult:
        """Create a prospect for an unknown caller, with the call's number, and link the call to it.

        Duplicates (same ID number, or same phone) stop it and are returned; ``force`` goes ahead past a
        phone-only duplicate, never past a customer with the same ID number.

        Raises:
            QuickCreateRefused: the caller's number is withheld, the call is not an unknown caller's, or (on
                PostgreSQL) it is not at this agent's desk.
        """
        name = name.strip()
        id_number = id_number.strip().upper()
        if not name or not id_number:
            raise QuickCreateRefused("请填写姓名和证件号码。 / Enter the name and the ID number.")
        with self._engine.connect() as conn:
            call = conn.execute(
                select(Call.match_result, Call.from_key, Call.customer_id).where(Call.id == call_id)
            ).first()
        if call is None:
            raise LookupError(f"call {call_id} not found")
        if call[0] == "withheld":
            raise QuickCreateRefused("来电号码已隐藏，不能新建客户。 / The number is withheld; no customer is created.")
        if call[2] is not None:
            raise QuickCreateRefused("该来电已关联客户。 / This call is already linked to a customer.")
        phone_key = call[1]
        with self._engine.connect() as conn:
            same_id = find_by_id_number(conn, id_number, 20)
        duplicates = self.check_duplicates(phone_key, id_number)
        if same_id or (duplicates and not force):
            return QuickCreateResult(None, duplicates)
        with write_txn(self._engine) as conn:
            branch = conn.execute(select(User.branch_id).where(User.id == agent_id)).scalar()
            if branch is None:
                branch = conn.execute(select(Branch.id).order_by(Branch.id).limit(1)).scalar()
            for _attempt in range(5):
                try:
                    with conn.begin_nested():
                        customer_id = add_customer(
                            conn,
                            cif_no="CIF9" + "".join(secrets.choice("0123456789") for _ in range(11)),
                            name=name,
                            gender=gender,
                            id_type=id_type,
                            id_number=id_number,
                            branch_id=branch,
                            segment="mass",
                            tier="mass",
                            lifecycle_stage="prospect",
                            preferred_channel="call",
                            customer_since=self._clock().date(),
                        )
                    break
                except IntegrityError:
                    continue
            else:
                raise QuickCreateRefused("无法生成客户号，请重试。 / Could not allocate a CIF number; try again.")
            if phone_key:
                caller_phone_to_customer(conn, call_id, customer_id)
            conn.execute(
                update(Call)
                .where(Call.id == call_id)
                .values(customer_id=customer_id, match_result="one", version=Call.version + 1)
            )
        return QuickCreateResult(customer_id, [])


def _owners(conn: Connection, key: str) -> list[int]:
    """The customers with a phone of this stored key (a call row's ``from_key``, as stored: on PostgreSQL already
    peppered by the server, so it is compared as it is; the one phone match:
    :func:`db.repositories.customers.phone_owners`)."""
    rows = conn.execute(text(phone_owners_sql(":key", peppered=False)), {"key": key})
    return list(dict.fromkeys(int(r[0]) for r in rows))


def caller_phone_to_customer(conn: Connection, call_id: int, customer_id: int) -> int | None:
    """Give the customer the number of unknown caller ``call_id`` (quick-create); returns the new phone row's id.

    The number is copied inside the database, never read: on PostgreSQL desktops may not read it, so the owner's
    ``cd_call_phone_to_customer`` (db.pg_security) copies it — for a desktop only from a call at that agent's
    desk; elsewhere the same statement runs here.  Only an inbound call that matched nobody and is linked to no
    customer yet gives its number; a customer who has the number already gets no second row.

    Raises:
        QuickCreateRefused: PostgreSQL refused (the call is another agent's, or the customer out of scope).
    """
    if conn.dialect.name == "postgresql":
        try:
            found = conn.execute(
                text("SELECT cd_call_phone_to_customer(:call_id, :customer_id)"),
                {"call_id": call_id, "customer_id": customer_id},
            ).scalar()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                raise QuickCreateRefused(NOT_YOUR_CALL) from exc
            raise
        return int(found) if found is not None else None
    mobile = and_(Call.from_e164.like("+861%"), func.length(Call.from_e164) == MOBILE_E164_LENGTH)
    has_primary = exists().where(CustomerPhone.customer_id == customer_id, CustomerPhone.is_primary)
    has_number = exists().where(CustomerPhone.customer_id == customer_id, CustomerPhone.e164_key == Call.from_key)
    source = select(
        literal(customer_id),
        Call.from_e164,
        Call.from_masked,
        Call.from_key,
        case((mobile, "mobile"), else_="landline"),
        ~has_primary,
        false(),
    ).where(
        Call.id == call_id,
        Call.direction == "inbound",
        Call.match_result == "none",
        Call.customer_id.is_(None),
        Call.from_e164.is_not(None),
        Call.from_key.is_not(None),
        ~has_number,
    )
    columns = ["customer_id", "e164", "e164_masked", "e164_key", "kind", "is_primary", "verified"]
    found = conn.execute(insert(CustomerPhone).from_select(columns, source).returning(CustomerPhone.id)).scalar()
    return int(found) if found is not None else None
