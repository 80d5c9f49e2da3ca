"""The caller card that pops when a call is offered: who is calling, and why they might be calling.

One matching customer: their header and reason-for-call hints (open complaints with deadlines, reminders due,
deposits maturing within 30 days, the last contact and its disposition, recent SMS, the IVR choice).
Several (a shared household line): the candidates to pick from — nothing is linked until the agent picks
(:meth:`ScreenPopService.link_caller`).  None: an 'unknown caller' card whose quick-create is prefilled with
the number and checks for duplicates first.  Withheld numbers never lead to a new customer.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from db.models import (
    Branch,
    Call,
    CallQueue,
    Customer,
    Holding,
    Interaction,
    Product,
    Reminder,
    Ticket,
    User,
)
from db.models.ticket import OPEN_TICKET_STATES
from db.repositories.customer_write import add_customer
from db.repositories.customers import find_by_id_number, find_by_phone
from db.write import aware, utcnow, write_txn
from services.call_states import MENU_QUEUES

from .customer360 import Customer360Service, CustomerHeader
from .masking import mask_account, mask_id_number, mask_phone

MATURING_DAYS = 30
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
    """What the unknown-caller card's quick-create starts with."""

    phone_e164: str | None
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
                    Call.from_e164,
                    Call.to_e164,
                    Call.customer_id,
                    CallQueue.name,
                    CallQueue.label_zh,
                    CallQueue.label_en,
                    Call.ivr_choice,
                    Call.enqueued_at,
                    Call.offered_at,
                )
                .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
                .where(Call.id == call_id)
            ).first()
            if row is None:
                raise LookupError(f"call {call_id} not found")
            direction, state, match, from_e164, to_e164, customer_id = row[:6]
            number = from_e164 if direction == "inbound" else to_e164
            candidates: list[Candidate] = []
            if match == "several" and number:
                candidates = self._candidates(conn, find_by_phone(conn, number))
            hints = self._hints(conn, customer_id) if customer_id else None
        enqueued, offered = aware(row[10]), aware(row[11])
        waited = int((offered - enqueued).total_seconds()) if enqueued and offered else None
        header = self._c360.header(customer_id) if customer_id else None
        quick = None
        if match == "none" and customer_id is None:
            quick = QuickCreatePrefill(number, mask_phone(number) if number else "")
        return ScreenPop(
            call_id=call_id,
            direction=direction,
            state=state,
            match_result=match,
            caller_masked=mask_phone(number) if number else "",
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
            select(Customer.id, Customer.name, Customer.cif_no, Customer.id_number, Customer.tier, Customer.vip_level)
            .where(Customer.id.in_(ids))
            .order_by(Customer.vip_level.desc(), Customer.id)
        )
        return [Candidate(r[0], r[1], r[2], mask_id_number(r[3]), r[4], int(r[5] or 0)) for r in rows]

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
            MaturityHint(r[0], mask_account(r[1]), float(r[2]), r[3], (r[3] - today).days)
            for r in conn.execute(
                select(Product.name, Holding.account_no, Holding.balance, Holding.maturity_date)
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

    def check_duplicates(self, phone_e164: str | None, id_number: str | None) -> list[Candidate]:
        """Existing customers with this phone or ID number (shown before quick-create goes ahead)."""
        with self._engine.connect() as conn:
            ids: dict[int, None] = {}
            if id_number:
                ids.update(dict.fromkeys(find_by_id_number(conn, id_number.strip().upper(), 20)))
            if phone_e164:
                ids.update(dict.fromkeys(find_by_phone(conn, phone_e164)))
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
            QuickCreateRefused: the caller's number is withheld, or the call is not an unknown caller's.
        """
        name = name.strip()
        id_number = id_number.strip().upper()
        if not name or not id_number:
            raise QuickCreateRefused("请填写姓名和证件号码。 / Enter the name and the ID number.")
        with self._engine.connect() as conn:
            call = conn.execute(
                select(Call.match_result, Call.from_e164, Call.customer_id).where(Call.id == call_id)
            ).first()
        if call is None:
            raise LookupError(f"call {call_id} not found")
        if call[0] == "withheld":
            raise QuickCreateRefused("来电号码已隐藏，不能新建客户。 / The number is withheld; no customer is created.")
        if call[2] is not None:
            raise QuickCreateRefused("该来电已关联客户。 / This call is already linked to a customer.")
        phone = call[1]
        with self._engine.connect() as conn:
            same_id = find_by_id_number(conn, id_number, 20)
        duplicates = self.check_duplicates(phone, id_number)
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
                            phones=[(phone, "mobile" if phone.startswith("+861") else "landline")] if phone else [],
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
            conn.execute(
                update(Call)
                .where(Call.id == call_id)
                .values(customer_id=customer_id, match_result="one", version=Call.version + 1)
            )
        return QuickCreateResult(customer_id, [])
