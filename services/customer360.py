"""The customer 360° view: header card, overview, products, timeline, tickets and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from db.models import (
    Branch,
    Customer,
    CustomerConsent,
    CustomerEmail,
    CustomerPhone,
    Holding,
    Interaction,
    MonthlyAggregate,
    Product,
    Reminder,
    Ticket,
    User,
)
from db.models.base import as_utc
from db.models.ticket import OPEN_TICKET_STATES
from db.write import write_txn

from .audit import AuditTrail
from .dblogin import readable_columns
from .mask_policy import MaskPolicy
from .permissions import Principal, require_customer

MATURITY_ALERT_DAYS = 30
REMINDER_DUE_DAYS = 7
CARD_KINDS = ("credit_card", "debit_card")
LIST_LIMIT = 200


@dataclass(frozen=True)
class TimelineEntry:
    """One contact on the customer's timeline."""

    id: int
    occurred_at: dt.datetime
    channel: str
    direction: str
    subject: str
    summary: str | None
    disposition: str | None
    user_name: str | None


@dataclass(frozen=True)
class TimelinePage:
    """A page of the timeline, newest first, and the cursor for the next page (None at the end)."""

    entries: list[TimelineEntry]
    next_cursor: tuple[dt.datetime, int] | None


@dataclass(frozen=True)
class HoldingRow:
    """A product the customer holds."""

    id: int
    kind: str
    product_name: str
    masked_account: str
    balance: Decimal
    currency: str
    rate: Decimal | None
    opened_on: dt.date
    maturity_date: dt.date | None
    status: str
    days_to_maturity: int | None


@dataclass(frozen=True)
class TicketRow:
    """A ticket or complaint of the customer."""

    id: int
    number: str
    kind: str
    category: str
    severity: str
    status: str
    summary: str
    received_at: dt.datetime
    regulatory_deadline: dt.datetime | None
    assignee_name: str | None
    days_left: int | None


@dataclass(frozen=True)
class ReminderRow:
    """A reminder or memo about the customer."""

    id: int
    kind: str
    title: str
    body: str | None
    due_at: dt.datetime
    done_at: dt.datetime | None
    overdue: bool


@dataclass(frozen=True)
class CustomerHeader:
    """Everything the header card shows, masked."""

    id: int
    cif_no: str
    name: str
    name_pinyin: str
    gender: str
    age: int | None
    birth_date: dt.date | None
    id_type: str
    masked_id: str
    masked_phones: list[str]
    masked_emails: list[str]
    tier: str
    vip_level: int
    segment: str
    lifecycle_stage: str
    value_score: int
    value_components: dict[str, Any]
    aum: Decimal
    risk_level: str | None
    branch_name: str
    manager_name: str | None
    customer_since: dt.date | None
    preferred_channel: str
    preferred_language: str
    alert_flags: list[str]
    data_completeness: int
    open_complaints: int
    reminders_due: int
    maturing_30d_count: int
    maturing_30d_amount: Decimal
    consents: dict[str, dict[str, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    """The overview tab: trends, product mix, recent contact, what is coming up."""

    monthly: list[tuple[dt.date, Decimal, int]]
    holdings_by_kind: list[tuple[str, int, Decimal]]
    last_contact: TimelineEntry | None
    contacts_12m_by_channel: dict[str, int]
    maturing: list[HoldingRow]
    upcoming_reminders: list[ReminderRow]


def _age(birth: dt.date | None, today: dt.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


_agent = aliased(User)


class Customer360Service:
    """Reads one customer's 360° view. Every method opens its own short connection.

    With a ``principal`` (as on every desktop), each read first checks that the customer is within
    what the principal may see (refusals are audited), opening the header records a ``customer_view``
    in the audit trail, and identifiers are masked by ``policy`` for the principal's role.
    Without one (maintenance scripts, benchmarks), nothing is checked or audited.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        today: dt.date | None = None,
        principal: Principal | None = None,
        audit: AuditTrail | None = None,
        policy: MaskPolicy | None = None,
    ) -> None:
        self._engine = engine
        self._today = today
        self._principal = principal
        self._audit = audit or AuditTrail(workstation=principal.workstation if principal else None)
        self._policy = policy or MaskPolicy()

    @property
    def principal(self) -> Principal | None:
        """Who this service reads for (None: unrestricted)."""
        return self._principal

    def _mask(self, field_name: str, value: Any) -> str:
        role = self._principal.role if self._principal is not None else "*"
        return self._policy.apply(field_name, value, role)

    def _guard(self, conn: Connection, customer_id: int) -> None:
        if self._principal is not None:
            require_customer(conn, self._principal, customer_id, audit=self._audit)

    def _now(self) -> dt.datetime:
        if self._today is None:
            return dt.datetime.now(dt.UTC)
        return dt.datetime.combine(self._today, dt.time(12, 0), dt.UTC)

    def _date(self) -> dt.date:
        return self._today or dt.datetime.now().date()

    # -- header ---------------------------------------------------------------------------------------
    def header(self, customer_id: int) -> CustomerHeader:
        """The header card; raises LookupError for an unknown customer."""
        if self._principal is None:
            with self._engine.connect() as conn:
                return self._header(conn, customer_id)
        with write_txn(self._engine) as conn:
            self._guard(conn, customer_id)
            header = self._header(conn, customer_id)
            self._audit.record(conn, self._principal, "customer_view", "customer", customer_id)
        return header

    def _header(self, conn: Connection, cid: int) -> CustomerHeader:
        manager = aliased(User)
        row = conn.execute(
            select(
                *readable_columns(Customer),
                Branch.name.label("branch_name"),
                manager.display_name.label("manager_name"),
            )
            .join(Branch, Branch.id == Customer.branch_id)
            .outerjoin(manager, manager.id == Customer.manager_id)
            .where(Customer.id == cid)
        ).first()
        if row is None:
            raise LookupError(f"customer {cid} not found")
        c = row
        today, now = self._date(), self._now()
        phones = conn.execute(
            select(CustomerPhone.e164_masked)
            .where(CustomerPhone.customer_id == cid)
            .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        ).scalars()
        emails = conn.execute(
            select(CustomerEmail.address_masked)
            .where(CustomerEmail.customer_id == cid)
            .order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        ).scalars()
        complaints = conn.execute(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.customer_id == cid, Ticket.kind == "complaint", Ticket.status.in_(OPEN_TICKET_STATES))
        ).scalar_one()
        reminders_due = conn.execute(
            select(func.count())
            .select_from(Reminder)
            .where(
                Reminder.customer_id == cid,
                Reminder.done_at.is_(None),
                Reminder.due_at <= now + dt.timedelta(days=REMINDER_DUE_DAYS),
            )
        ).scalar_one()
        maturing = conn.execute(
            select(func.count(), func.coalesce(func.sum(Holding.balance), 0)).where(
                Holding.customer_id == cid,
                Holding.kind == "term_deposit",
                Holding.status == "active",
                Holding.maturity_date >= today,
                Holding.maturity_date <= today + dt.timedelta(days=MATURITY_ALERT_DAYS),
            )
        ).one()
        consents: dict[str, dict[str, bool]] = {}
        for channel, purpose, granted in conn.execute(
            select(CustomerConsent.channel, CustomerConsent.purpose, CustomerConsent.granted).where(
                CustomerConsent.customer_id == cid
            )
        ):
            consents.setdefault(channel, {})[purpose] = bool(granted)
        return CustomerHeader(
            id=c.id,
            cif_no=c.cif_no,
            name=c.name,
            name_pinyin=c.name_pinyin,
            gender=c.gender,
            age=_age(c.birth_date, today),
            birth_date=c.birth_date,
            id_type=c.id_type,
            masked_id=self._mask("id_number", c.id_number_masked),
            masked_phones=[self._mask("phone", p) for p in phones],
            masked_emails=[self._mask("email", e) for e in emails],
            tier=c.tier,
            vip_level=c.vip_level,
            segment=c.segment,
            lifecycle_stage=c.lifecycle_stage,
            value_score=c.value_score,
            value_components=dict(c.value_components or {}),
            aum=Decimal(c.aum),
            risk_level=c.risk_level,
            branch_name=row.branch_name,
            manager_name=row.manager_name,
            customer_since=c.customer_since,
            preferred_channel=c.preferred_channel,
            preferred_language=c.preferred_language,
            alert_flags=list(c.alert_flags or []),
            data_completeness=c.data_completeness,
            open_complaints=int(complaints),
            reminders_due=int(reminders_due),
            maturing_30d_count=int(maturing[0]),
            maturing_30d_amount=Decimal(maturing[1] or 0),
            consents=consents,
        )

    def primary_phone(self, customer_id: int) -> int | None:
        """The id of the customer's phone row to dial (primary first, mobiles before landlines); None when none.

        Click-to-call names the row, never the number: a desktop cannot read it (the gateway dials it).
        """
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            found = conn.execute(
                select(CustomerPhone.id)
                .where(CustomerPhone.customer_id == customer_id)
                .order_by(CustomerPhone.is_primary.desc(), (CustomerPhone.kind == "mobile").desc(), CustomerPhone.id)
                .limit(1)
            ).scalar()
        return int(found) if found is not None else None

    # -- timeline -------------------------------------------------------------------------------------
    def timeline(
        self,
        customer_id: int,
        *,
        channel: str | None = None,
        cursor: tuple[dt.datetime, int] | None = None,
        limit: int = 50,
    ) -> TimelinePage:
        """A page of contacts, newest first; pass the previous page's ``next_cursor`` for more."""
        stmt = (
            select(
                Interaction.id,
                Interaction.occurred_at,
                Interaction.channel,
                Interaction.direction,
                Interaction.subject,
                Interaction.summary,
                Interaction.disposition,
                _agent.display_name,
            )
            .outerjoin(_agent, _agent.id == Interaction.user_id)
            .where(Interaction.customer_id == customer_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(limit + 1)
        )
        if channel:
            stmt = stmt.where(Interaction.channel == channel)
        if cursor is not None:
            at, last_id = cursor
            stmt = stmt.where(
                or_(Interaction.occurred_at < at, and_(Interaction.occurred_at == at, Interaction.id < last_id))
            )
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            rows = conn.execute(stmt).all()
        entries = [
            TimelineEntry(r[0], as_utc(r[1]), r[2], r[3], r[4], r[5], r[6], r[7])  # type: ignore[arg-type]
            for r in rows[:limit]
        ]
        more = len(rows) > limit
        next_cursor = (rows[limit - 1][1], rows[limit - 1][0]) if more else None
        return TimelinePage(entries, next_cursor)

    # -- products -------------------------------------------------------------------------------------
    def products(self, customer_id: int) -> list[HoldingRow]:
        """Every holding, grouped by kind, deposits by maturity."""
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            return self._holdings(conn, Holding.customer_id == customer_id)

    def _holdings(self, conn: Connection, *criteria: Any) -> list[HoldingRow]:
        today = self._date()
        stmt = (
            select(*readable_columns(Holding), Product.name.label("product_name"))
            .join(Product, Product.id == Holding.product_id)
            .where(*criteria)
            .order_by(Holding.kind, Holding.maturity_date, Holding.id)
            .limit(LIST_LIMIT)
        )
        out = []
        for h in conn.execute(stmt):
            product_name = h.product_name
            days = (h.maturity_date - today).days if h.maturity_date else None
            out.append(
                HoldingRow(
                    id=h.id,
                    kind=h.kind,
                    product_name=product_name,
                    masked_account=self._mask("card" if h.kind in CARD_KINDS else "account", h.account_masked),
                    balance=Decimal(h.balance),
                    currency=h.currency,
                    rate=h.rate,
                    opened_on=h.opened_on,
                    maturity_date=h.maturity_date,
                    status=h.status,
                    days_to_maturity=days,
                )
            )
        return out

    # -- tickets and reminders ------------------------------------------------------------------------
    def tickets(self, customer_id: int) -> list[TicketRow]:
        """Tickets and complaints, open ones first, newest first."""
        now = self._now()
        is_open = case((Ticket.status.in_(OPEN_TICKET_STATES), 0), else_=1)
        stmt = (
            select(Ticket.__table__, _agent.display_name.label("assignee_name"))
            .outerjoin(_agent, _agent.id == Ticket.assignee_id)
            .where(Ticket.customer_id == customer_id)
            .order_by(is_open, Ticket.received_at.desc())
            .limit(LIST_LIMIT)
        )
        out = []
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            for t in conn.execute(stmt):
                assignee = t.assignee_name
                deadline = as_utc(t.extended_deadline or t.regulatory_deadline)
                days_left = None
                if deadline is not None and t.status in OPEN_TICKET_STATES:
                    days_left = (deadline - now).days
                out.append(
                    TicketRow(
                        id=t.id,
                        number=t.number,
                        kind=t.kind,
                        category=t.category,
                        severity=t.severity,
                        status=t.status,
                        summary=t.summary,
                        received_at=as_utc(t.received_at),  # type: ignore[arg-type]
                        regulatory_deadline=deadline,
                        assignee_name=assignee,
                        days_left=days_left,
                    )
                )
        return out

    def reminders(self, customer_id: int) -> list[ReminderRow]:
        """Open reminders by due date, then done ones, most recent first."""
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            return self._reminders(conn, customer_id, LIST_LIMIT, only_open=False)

    def _reminders(self, conn: Connection, cid: int, limit: int, *, only_open: bool) -> list[ReminderRow]:
        now = self._now()
        done_last = case((Reminder.done_at.is_(None), 0), else_=1)
        stmt = select(Reminder.__table__).where(Reminder.customer_id == cid)
        if only_open:
            stmt = stmt.where(Reminder.done_at.is_(None))
        stmt = stmt.order_by(done_last, Reminder.due_at).limit(limit)
        out = []
        for r in conn.execute(stmt):
            due = as_utc(r.due_at)
            assert due is not None
            out.append(
                ReminderRow(r.id, r.kind, r.title, r.body, due, as_utc(r.done_at), r.done_at is None and due < now)
            )
        return out

    # -- overview -------------------------------------------------------------------------------------
    def overview(self, customer_id: int) -> Overview:
        """Figures for the overview tab."""
        today, now = self._date(), self._now()
        with self._engine.connect() as conn:
            self._guard(conn, customer_id)
            monthly = [
                (m, Decimal(a), int(n))
                for m, a, n in conn.execute(
                    select(MonthlyAggregate.month, MonthlyAggregate.avg_aum, MonthlyAggregate.txn_count)
                    .where(MonthlyAggregate.customer_id == customer_id)
                    .order_by(MonthlyAggregate.month.desc())
                    .limit(12)
                )
            ][::-1]
            by_kind = [
                (k, int(n), Decimal(s or 0))
                for k, n, s in conn.execute(
                    select(Holding.kind, func.count(), func.sum(Holding.balance))
                    .where(Holding.customer_id == customer_id, Holding.status == "active")
                    .group_by(Holding.kind)
                    .order_by(func.sum(Holding.balance).desc())
                )
            ]
            channels = {
                str(channel): int(n)
                for channel, n in conn.execute(
                    select(Interaction.channel, func.count())
                    .where(
                        Interaction.customer_id == customer_id,
                        Interaction.occurred_at >= now - dt.timedelta(days=365),
                    )
                    .group_by(Interaction.channel)
                )
            }
            maturing = self._holdings(
                conn,
                Holding.customer_id == customer_id,
                Holding.kind == "term_deposit",
                Holding.status == "active",
                Holding.maturity_date >= today,
                Holding.maturity_date <= today + dt.timedelta(days=90),
            )
            upcoming = self._reminders(conn, customer_id, 5, only_open=True)
        last = self.timeline(customer_id, limit=1).entries
        return Overview(
            monthly=monthly,
            holdings_by_kind=by_kind,
            last_contact=last[0] if last else None,
            contacts_12m_by_channel={k: int(v) for k, v in channels.items()},
            maturing=maturing,
            upcoming_reminders=upcoming,
        )
