"""Referrals to customer managers: created at the check-in card, a counter, a call's wrap-up or by a flow.

A referral records the need (interest, amount band, urgency) and whether the customer agreed to be contacted,
and goes to the customer's manager or the branch's pool (:mod:`.referral_routing`).  The manager accepts it
within ``accept_minutes`` or it escalates (the job :func:`escalate_overdue_referrals`), then moves it on:
new → accepted → contacted → appointment, and from accepted, contacted or appointment to won (with the amount)
or lost (with the reason).  Only the manager it is assigned to moves it; each move is version checked,
audited and put on the feed, where the referrer's "sent" list picks up the outcome.

A double submit of the create dialog must not make two referrals: the dialog's token is stored with the
referral (unique per referrer), and a submit with a token already used returns the referral made then.
Without a token (a flow's action, which keeps its own progress) the same referrer, customer and interest
within :data:`DOUBLE_SUBMIT_WINDOW` count as the same referral.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.orm import aliased

from db.models import Customer, Referral, User
from db.repositories.versioning import StaleVersion, guarded_update
from db.write import aware, utcnow, write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize, require_customer

from . import referral_report
from .referral_routing import (
    CLOSED_STATES,
    DEFAULT_ACCEPT_MINUTES,
    OPEN_STATES,
    escalate_overdue_referrals,
    notify,
    return_referrals_of_leavers,
    route,
)
from .types import LobbyError, ReferralMonthRow, ReferralView

__all__ = [
    "AMOUNT_BANDS",
    "INTERESTS",
    "ReferralService",
    "escalate_overdue_referrals",
    "refer",
    "return_referrals_of_leavers",
]

INTERESTS = ("deposit", "wealth", "fund", "insurance", "loan", "card", "other")
# Amount bands as codes; the screens show <5万, 5-50万, 50-300万, >300万.
AMOUNT_BANDS = ("lt50k", "50k_500k", "500k_3m", "gt3m")
URGENCIES = ("normal", "high")
SOURCES = ("checkin", "counter", "wrapup", "flow")
DOUBLE_SUBMIT_WINDOW = dt.timedelta(seconds=10)
# state -> the states it may move to
MOVES: dict[str, tuple[str, ...]] = {
    "new": ("accepted",),
    "accepted": ("contacted", "won", "lost"),
    "contacted": ("appointment", "won", "lost"),
    "appointment": ("won", "lost"),
}
STAMP = {"accepted": "accepted_at", "contacted": "contacted_at", "appointment": "appointment_at"}
STATE_NAMES = {
    "new": ("新转介", "new"),
    "accepted": ("已接收", "accepted"),
    "contacted": ("已联系", "contacted"),
    "appointment": ("已预约", "appointment"),
    "won": ("已成交", "won"),
    "lost": ("未成交", "lost"),
}


@dataclass(frozen=True)
class Need:
    """What the customer wants and may be contacted about."""

    interest: str
    amount_band: str | None = None
    urgency: str = "normal"
    consent_contact: bool = False
    note: str | None = None
    source: str = "checkin"


def refer(
    conn: Connection,
    audit: AuditTrail,
    principal: Principal,
    customer_id: int,
    need: Need,
    *,
    now: dt.datetime,
    accept_minutes: int = DEFAULT_ACCEPT_MINUTES,
    token: str | None = None,
) -> int:
    """Create (or find, on a double submit) the referral in the caller's write transaction; returns its id.

    For callers that keep their own progress in the same transaction (a flow's action step).
    """
    authorize(conn, principal, "referral.create", audit=audit, entity="customer", entity_id=customer_id)
    require_customer(conn, principal, customer_id, audit=audit)
    if token:
        made = conn.execute(
            select(Referral.id).where(Referral.from_user_id == principal.user_id, Referral.token == token)
        ).scalar()
        if made is not None:
            return int(made)
    same = (
        None
        if token
        else conn.execute(
            select(Referral.id)
            .where(
                Referral.from_user_id == principal.user_id,
                Referral.customer_id == customer_id,
                Referral.interest == need.interest[:48],
                Referral.created_at >= now - DOUBLE_SUBMIT_WINDOW,
            )
            .order_by(Referral.id.desc())
            .limit(1)
        ).scalar()
    )
    if same is not None:
        return int(same)
    where = route(conn, customer_id)
    referral_id = int(
        conn.execute(
            insert(Referral)
            .values(
                customer_id=customer_id,
                from_user_id=principal.user_id,
                to_user_id=where.to_user_id,
                branch_id=where.branch_id,
                interest=need.interest[:48],
                note=need.note,
                status="new",
                source=need.source,
                amount_band=need.amount_band,
                urgency=need.urgency,
                consent_contact=need.consent_contact,
                token=token or None,
                accept_by=now + dt.timedelta(minutes=accept_minutes),
                created_at=now,
                updated_at=now,
                version=1,
            )
            .returning(Referral.id)
        ).scalar_one()
    )
    notify(
        conn,
        referral_id,
        "created",
        principal.user_id,
        to_user_id=where.to_user_id,
        from_user_id=principal.user_id,
        status="new",
    )
    detail = {"to": where.to_user_id, "by": where.by, "source": need.source, "interest": need.interest[:48]}
    audit.record(conn, principal, "referral_create", "referral", referral_id, detail)
    return referral_id


_to = aliased(User)
_from = aliased(User)
_COLUMNS = (
    Referral.__table__,
    Customer.name.label("customer_name"),
    _from.display_name.label("from_name"),
    _to.display_name.label("to_name"),
)


def _query() -> Any:
    return (
        select(*_COLUMNS)
        .outerjoin(Customer, Customer.id == Referral.customer_id)
        .outerjoin(_from, _from.id == Referral.from_user_id)
        .outerjoin(_to, _to.id == Referral.to_user_id)
    )


def _view(r: Any, now: dt.datetime) -> ReferralView:
    accept_by = aware(r.accept_by)
    amount = r.amount
    return ReferralView(
        id=int(r.id),
        customer_id=int(r.customer_id),
        customer_name=r.customer_name or "",
        branch_id=int(r.branch_id),
        from_user_id=int(r.from_user_id),
        from_user_name=r.from_name or "",
        to_user_id=r.to_user_id,
        to_user_name=r.to_name,
        source=r.source,
        interest=r.interest,
        amount_band=r.amount_band,
        urgency=r.urgency,
        consent_contact=bool(r.consent_contact),
        note=r.note,
        status=r.status,
        accept_by=accept_by,
        overdue=r.status == "new" and accept_by is not None and accept_by < now,
        created_at=aware(r.created_at),
        accepted_at=aware(r.accepted_at),
        closed_at=aware(r.closed_at),
        amount=None if amount is None else Decimal(str(amount)),
        lost_reason=r.lost_reason,
        version=int(r.version),
    )


def _refuse(code: str, zh: str, en: str) -> LobbyError:
    return LobbyError(code, zh, en)


class ReferralService:
    """Referrals for the desktop screens (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        accept_minutes: int = DEFAULT_ACCEPT_MINUTES,
    ) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.accept_minutes = accept_minutes

    # -- creating ---------------------------------------------------------------------------------------------
    def create(
        self,
        principal: Principal,
        customer_id: int,
        *,
        interest: str,
        amount_band: str | None = None,
        urgency: str = "normal",
        consent_contact: bool,
        note: str | None = None,
        source: str = "checkin",
        token: str,
    ) -> ReferralView:
        """Refer the customer (a repeat of the same dialog's submit returns the referral already made)."""
        need = self.need(
            interest=interest,
            amount_band=amount_band,
            urgency=urgency,
            consent_contact=consent_contact,
            note=note,
            source=source,
        )
        if not (token or "").strip():
            raise _refuse("no_token", "缺少提交标识。", "The submission has no token.")
        now = self.clock()
        with write_txn(self.engine) as conn:
            referral_id = refer(
                conn,
                self.audit,
                principal,
                customer_id,
                need,
                now=now,
                accept_minutes=self.accept_minutes,
                token=token.strip()[:64],
            )
            return self._one(conn, referral_id, now)

    @staticmethod
    def need(
        *,
        interest: str,
        amount_band: str | None = None,
        urgency: str = "normal",
        consent_contact: bool = False,
        note: str | None = None,
        source: str = "checkin",
    ) -> Need:
        """The need checked against the codes the screens offer."""
        if interest not in INTERESTS:
            raise _refuse("bad_interest", f"未知的需求类型“{interest}”。", f"Unknown interest {interest!r}.")
        if amount_band is not None and amount_band not in AMOUNT_BANDS:
            raise _refuse("bad_band", f"未知的金额区间“{amount_band}”。", f"Unknown amount band {amount_band!r}.")
        if urgency not in URGENCIES:
            raise _refuse("bad_urgency", f"未知的紧急程度“{urgency}”。", f"Unknown urgency {urgency!r}.")
        if source not in SOURCES:
            raise _refuse("bad_source", f"未知的转介来源“{source}”。", f"Unknown referral source {source!r}.")
        text = (note or "").strip() or None
        if text is not None and len(text) > 2000:
            raise _refuse(
                "note_too_long", "备注过长（最多 2000 字）。", "The note is too long (2,000 characters at most)."
            )
        return Need(interest, amount_band, urgency, bool(consent_contact), text, source)

    # -- lists ------------------------------------------------------------------------------------------------
    def inbox(self, principal: Principal, *, include_closed: bool = False) -> list[ReferralView]:
        """The manager's referrals: open ones (urgent first, then by acceptance time), or all."""
        now = self.clock()
        with self.engine.connect() as conn:
            authorize(conn, principal, "referral.accept", audit=self.audit)
            query = _query().where(Referral.to_user_id == principal.user_id)
            if not include_closed:
                query = query.where(Referral.status.in_(OPEN_STATES))
            query = query.order_by((Referral.urgency == "high").desc(), Referral.accept_by, Referral.id)
            return [_view(r, now) for r in conn.execute(query).all()]

    def sent(self, principal: Principal, *, days: int = 30) -> list[ReferralView]:
        """The referrer's referrals of the last ``days`` days with where each got to, newest first."""
        now = self.clock()
        with self.engine.connect() as conn:
            authorize(conn, principal, "referral.create", audit=self.audit)
            query = _query().where(
                Referral.from_user_id == principal.user_id, Referral.created_at >= now - dt.timedelta(days=days)
            )
            return [_view(r, now) for r in conn.execute(query.order_by(Referral.id.desc())).all()]

    def branch_referrals(self, principal: Principal, *, days: int = 30) -> list[ReferralView]:
        """The branch's referrals of the last ``days`` days (a supervisor without a branch: every branch)."""
        now = self.clock()
        with self.engine.connect() as conn:
            authorize(conn, principal, "report.view", audit=self.audit)
            query = _query().where(Referral.created_at >= now - dt.timedelta(days=days))
            if principal.branch_id is not None:
                query = query.where(Referral.branch_id == principal.branch_id)
            return [_view(r, now) for r in conn.execute(query.order_by(Referral.id.desc())).all()]

    def month_table(self, principal: Principal, month: dt.date) -> list[ReferralMonthRow]:
        """Referred, accepted, won and lost per referrer and branch in ``month`` (see :mod:`.referral_report`)."""
        with self.engine.connect() as conn:
            authorize(conn, principal, "referral.create", audit=self.audit)
            return referral_report.month_rows(conn, principal, month)

    # -- moving it on -----------------------------------------------------------------------------------------
    def accept(self, principal: Principal, referral_id: int, version: int) -> ReferralView:
        return self._move(principal, referral_id, version, "accepted")

    def mark_contacted(self, principal: Principal, referral_id: int, version: int) -> ReferralView:
        return self._move(principal, referral_id, version, "contacted")

    def mark_appointment(self, principal: Principal, referral_id: int, version: int) -> ReferralView:
        return self._move(principal, referral_id, version, "appointment")

    def win(self, principal: Principal, referral_id: int, version: int, amount: Decimal) -> ReferralView:
        """Won, with the amount of business it brought (more than zero)."""
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            value = Decimal(0)
        if not value.is_finite() or value <= 0:
            raise _refuse("bad_amount", "成交金额须大于零。", "The amount won must be more than zero.")
        return self._move(principal, referral_id, version, "won", amount=value.quantize(Decimal("0.01")))

    def lose(self, principal: Principal, referral_id: int, version: int, reason: str) -> ReferralView:
        """Lost, with why (the referrer and the branch learn from it)."""
        text = (reason or "").strip()
        if not text:
            raise _refuse("need_reason", "请填写未成交的原因。", "Say why the referral was lost.")
        if len(text) > 200:
            raise _refuse(
                "reason_too_long", "原因过长（最多 200 字）。", "The reason is too long (200 characters at most)."
            )
        return self._move(principal, referral_id, version, "lost", lost_reason=text)

    def _move(self, principal: Principal, referral_id: int, version: int, to: str, **values: Any) -> ReferralView:
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "referral.accept", audit=self.audit, entity="referral", entity_id=referral_id)
            row = conn.execute(
                select(Referral.status, Referral.to_user_id, Referral.from_user_id, Referral.version).where(
                    Referral.id == referral_id
                )
            ).first()
            if row is None:
                raise _refuse("no_referral", "该转介不存在。", "There is no such referral.")
            if row.to_user_id != principal.user_id:
                raise _refuse("not_yours", "该转介未分配给您。", "This referral is not assigned to you.")
            if int(row.version) != version:
                raise self._stale()
            if to not in MOVES.get(row.status, ()):
                was_zh, was_en = STATE_NAMES.get(row.status, (row.status, row.status))
                to_zh, to_en = STATE_NAMES[to]
                raise _refuse(
                    "bad_transition",
                    f"转介当前为“{was_zh}”，不能改为“{to_zh}”。",
                    f"The referral is {was_en}; it cannot become {to_en}.",
                )
            stamp = "closed_at" if to in CLOSED_STATES else STAMP[to]
            changes = {"status": to, stamp: now, "updated_at": now, **values}
            try:
                guarded_update(conn, Referral, referral_id, version, changes)
            except StaleVersion:
                raise self._stale() from None
            notify(
                conn,
                referral_id,
                to,
                principal.user_id,
                to_user_id=row.to_user_id,
                from_user_id=int(row.from_user_id),
                status=to,
            )
            detail: dict[str, Any] = {"from": row.status, "to": to}
            if "amount" in values:
                detail["amount"] = str(values["amount"])
            self.audit.record(conn, principal, f"referral_{to}", "referral", referral_id, detail)
            return self._one(conn, referral_id, now)

    @staticmethod
    def _stale() -> LobbyError:
        return _refuse(
            "stale", "该转介已被他人更新，请刷新后重试。", "Someone else changed this referral; refresh and try again."
        )

    @staticmethod
    def _one(conn: Connection, referral_id: int, now: dt.datetime) -> ReferralView:
        row = conn.execute(_query().where(Referral.id == referral_id)).one()
        return _view(row, now)
