"""Branch appointments: an agent on the phone or the customer's manager books a visit for a service and a slot.

Slots are 30 minutes from 09:00 to 17:00 in the branch's own time; each service of a branch takes
``lobby_service.slot_capacity`` appointments per slot.  A booking counts the places taken and writes in one
transaction, serialised per service: on PostgreSQL with a transaction-level advisory lock keyed on the
service (a desktop's login has no UPDATE right on ``lobby_service``, which ``SELECT ... FOR UPDATE`` needs, and
the advisory lock serialises exactly the same bookings); on SQLite the database has one writer.  Places are
counted by ``cd_lobby_slot_load`` on PostgreSQL, since row-level security would hide other people's
bookings of another branch from a customer manager (the function returns counts only).

The customer gets an SMS confirmation (template ``appointment_confirmation_sms``) through the messaging
service once the booking has committed; when the customer refused service messages or has no mobile, the
booking stands and the result says that no SMS went.  At arrival, the queue's
``QueueService.issue(..., appointment_id=...)`` checks the appointment in; a booked appointment whose slot
ended more than :data:`MISSED_AFTER` ago becomes missed (:func:`mark_missed_appointments`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text, update

from db import feed
from db.models import Appointment, Branch, Customer, MessageTemplate, Referral
from db.repositories.versioning import StaleVersion, guarded_update
from db.write import aware, utcnow, write_txn
from services.audit import AuditTrail
from services.auth_errors import BilingualError
from services.permissions import Principal, authorize, require_customer

from .setup import branch_zone, day_bounds, service_day, service_named
from .types import FEED_APPOINTMENT, AppointmentView, LobbyError, Slot

SLOT_MINUTES = 30
OPENS = dt.time(9, 0)
CLOSES = dt.time(17, 0)
LIVE_STATES = ("booked", "checked_in", "served")  # the appointments that take a place in their slot
CHANNELS = ("phone", "manager", "branch")
MISSED_AFTER = dt.timedelta(minutes=15)
SMS_TEMPLATE = "appointment_confirmation_sms"
LOCK_CLASS = 0x4C4F_4259  # "LOBY": the advisory lock space of bookings, keyed by the service's id


@dataclass(frozen=True)
class BookedAppointment(AppointmentView):
    """A booking just made, and whether its SMS confirmation went to the outbox (and if not, why)."""

    sms_queued: bool = False
    sms_zh: str = ""
    sms_en: str = ""


def slot_starts(zone: Any, day: dt.date) -> list[dt.datetime]:
    """The day's slot starts (branch-local 09:00, 09:30, ... 16:30) as aware UTC times."""
    first = dt.datetime.combine(day, OPENS, tzinfo=zone)
    count = (CLOSES.hour * 60 + CLOSES.minute - OPENS.hour * 60 - OPENS.minute) // SLOT_MINUTES
    return [(first + dt.timedelta(minutes=SLOT_MINUTES * i)).astimezone(dt.UTC) for i in range(count)]


def _booked(
    conn: Connection, branch_id: int, code: str, start: dt.datetime, end: dt.datetime
) -> dict[dt.datetime, int]:
    """Places taken per slot start in [start, end) for the branch's service, whoever booked them."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text("SELECT slot_start, booked FROM cd_lobby_slot_load(:b, :s, :f, :t)"),
            {"b": branch_id, "s": code, "f": start, "t": end},
        ).all()
    else:
        rows = conn.execute(
            select(Appointment.slot_start, func.count(Appointment.id))
            .where(
                Appointment.branch_id == branch_id,
                Appointment.service_code == code,
                Appointment.slot_start >= start,
                Appointment.slot_start < end,
                Appointment.status.in_(LIVE_STATES),
            )
            .group_by(Appointment.slot_start)
        ).all()
    return {aware(r[0]): int(r[1]) for r in rows}


def _query() -> Any:
    return (
        select(Appointment.__table__, Customer.name.label("customer_name"), Branch.name.label("branch_name"))
        .outerjoin(Customer, Customer.id == Appointment.customer_id)
        .join(Branch, Branch.id == Appointment.branch_id)
    )


def _view(r: Any) -> AppointmentView:
    return AppointmentView(
        id=int(r.id),
        customer_id=int(r.customer_id),
        customer_name=r.customer_name or "",
        branch_id=int(r.branch_id),
        branch_name=r.branch_name or "",
        service_code=r.service_code,
        slot_start=aware(r.slot_start),
        slot_end=aware(r.slot_end),
        status=r.status,
        channel=r.channel,
        note=r.note,
        ticket_id=r.ticket_id,
        version=int(r.version),
    )


def _one(conn: Connection, appointment_id: int) -> AppointmentView:
    return _view(conn.execute(_query().where(Appointment.id == appointment_id)).one())


class AppointmentService:
    """Slots, bookings and the day's appointments for the desktop screens (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        messaging: Any | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.messaging = messaging

    def branches(self) -> list[tuple[int, str]]:
        """(id, name) of every branch, by name: where an appointment may be booked."""
        with self.engine.connect() as conn:
            return [
                (int(r.id), str(r.name)) for r in conn.execute(select(Branch.id, Branch.name).order_by(Branch.name))
            ]

    def slots(self, branch_id: int, service_code: str, day: dt.date) -> list[Slot]:
        """The day's slots of the branch's service with the places taken (past slots included, for display)."""
        with self.engine.connect() as conn:
            service = service_named(conn, branch_id, service_code)
            starts = slot_starts(branch_zone(conn, branch_id), day)
            step = dt.timedelta(minutes=SLOT_MINUTES)
            taken = _booked(conn, branch_id, service.code, starts[0], starts[-1] + step)
        return [Slot(s, s + step, service.slot_capacity, taken.get(s, 0)) for s in starts]

    def book(
        self,
        principal: Principal,
        customer_id: int,
        branch_id: int,
        service_code: str,
        slot_start: dt.datetime,
        *,
        note: str | None = None,
        channel: str,
        token: str,
        referral_id: int | None = None,
    ) -> BookedAppointment:
        """Book a place; the same customer, service and slot again (a double submit) returns that booking."""
        if channel not in CHANNELS:
            raise LobbyError("bad_channel", f"未知的预约渠道“{channel}”。", f"Unknown booking channel {channel!r}.")
        if not (token or "").strip():
            raise LobbyError("no_token", "缺少提交标识。", "The submission has no token.")
        text_note = (note or "").strip() or None
        if text_note is not None and len(text_note) > 400:
            raise LobbyError(
                "note_too_long", "备注过长（最多 400 字）。", "The note is too long (400 characters at most)."
            )
        start = aware(slot_start)
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "appointment.book", audit=self.audit, entity="customer", entity_id=customer_id)
            require_customer(conn, principal, customer_id, audit=self.audit)
            service = service_named(conn, branch_id, service_code)
            self._check_slot(branch_zone(conn, branch_id), start, now)
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k, :s)"), {"k": LOCK_CLASS, "s": service.id})
            same = conn.execute(
                select(Appointment.id).where(
                    Appointment.customer_id == customer_id,
                    Appointment.branch_id == branch_id,
                    Appointment.service_code == service.code,
                    Appointment.slot_start == start,
                    Appointment.status == "booked",
                )
            ).scalar()
            if same is not None:
                booked, created = _one(conn, int(same)), False
            else:
                end = start + dt.timedelta(minutes=SLOT_MINUTES)
                if _booked(conn, branch_id, service.code, start, end).get(start, 0) >= service.slot_capacity:
                    raise LobbyError(
                        "slot_full",
                        "该时段已约满，请选择其他时段。",
                        "This slot is fully booked; choose another time.",
                    )
                if (
                    referral_id is not None
                    and conn.execute(
                        select(Referral.id).where(Referral.id == referral_id, Referral.customer_id == customer_id)
                    ).first()
                    is None
                ):
                    raise LobbyError("no_referral", "该转介不存在。", "There is no such referral.")
                new_id = int(
                    conn.execute(
                        insert(Appointment)
                        .values(
                            customer_id=customer_id,
                            branch_id=branch_id,
                            service_code=service.code,
                            slot_start=start,
                            slot_end=end,
                            status="booked",
                            booked_by_id=principal.user_id,
                            channel=channel,
                            note=text_note,
                            referral_id=referral_id,
                            created_at=now,
                            updated_at=now,
                            version=1,
                        )
                        .returning(Appointment.id)
                    ).scalar_one()
                )
                feed.append(
                    conn,
                    FEED_APPOINTMENT,
                    branch_id,
                    "booked",
                    actor_id=principal.user_id,
                    payload={"appointment_id": new_id, "customer_id": customer_id},
                )
                detail = {"branch_id": branch_id, "service": service.code, "channel": channel}
                self.audit.record(conn, principal, "appointment_book", "appointment", new_id, detail)
                booked, created = _one(conn, new_id), True
        sms = self._confirm(principal, booked, created)
        return BookedAppointment(**vars(booked), sms_queued=sms[0], sms_zh=sms[1], sms_en=sms[2])

    @staticmethod
    def _check_slot(zone: Any, start: dt.datetime, now: dt.datetime) -> None:
        local = start.astimezone(zone)
        if start.astimezone(dt.UTC) not in slot_starts(zone, local.date()):
            raise LobbyError(
                "bad_slot",
                "预约时段须为 09:00–17:00 之间的整半点。",
                "A slot starts on the hour or half hour between 09:00 and 17:00.",
            )
        if start < now:
            raise LobbyError("past_slot", "该时段已过，请选择其他时段。", "That slot is in the past; choose another.")

    def _confirm(self, principal: Principal, booked: AppointmentView, created: bool) -> tuple[bool, str, str]:
        """Queue the SMS confirmation (the compose token is the booking's: a repeat queues nothing new)."""
        if self.messaging is None:
            return False, "本机未连接消息服务，未发送短信。", "This desk has no messaging service; no SMS was sent."
        with self.engine.connect() as conn:
            language = conn.execute(
                select(Customer.preferred_language).where(Customer.id == booked.customer_id)
            ).scalar()
            rows = conn.execute(
                select(MessageTemplate.id, MessageTemplate.locale)
                .where(MessageTemplate.code == SMS_TEMPLATE, MessageTemplate.status == "approved")
                .order_by(MessageTemplate.version_no.desc())
            ).all()
            address = conn.execute(select(Branch.address).where(Branch.id == booked.branch_id)).scalar()
        if not rows:
            return (
                False,
                "预约确认短信模板不可用，未发送短信。",
                "The confirmation SMS template is not available; no SMS went.",
            )
        wanted = "en" if (language or "").startswith("en") else "zh_CN"
        template_id = next((int(r.id) for r in rows if r.locale == wanted), int(rows[0].id))
        fields = {"appointment_time": booked.slot_start, "branch_name": booked.branch_name, "branch_address": address}
        try:
            self.messaging.send(principal, booked.customer_id, template_id, fields, f"appointment-{booked.id}")
        except BilingualError as refused:
            return False, f"预约已成功，但未发送短信：{refused.zh}", f"Booked, but no SMS went: {refused.en}"
        return True, "已发送预约确认短信。", "The SMS confirmation is queued."

    def cancel(self, principal: Principal, appointment_id: int, version: int) -> AppointmentView:
        """Cancel a booked appointment (one checked in, served or missed stays as it is)."""
        now = self.clock()
        with write_txn(self.engine) as conn:
            authorize(
                conn, principal, "appointment.book", audit=self.audit, entity="appointment", entity_id=appointment_id
            )
            row = conn.execute(
                select(Appointment.status, Appointment.customer_id, Appointment.branch_id, Appointment.version).where(
                    Appointment.id == appointment_id
                )
            ).first()
            if row is None:
                raise LobbyError("no_appointment", "该预约不存在。", "There is no such appointment.")
            require_customer(conn, principal, int(row.customer_id), audit=self.audit)
            if int(row.version) != version:
                raise self._stale()
            if row.status != "booked":
                raise LobbyError(
                    "bad_transition",
                    "只能取消尚未到店的预约。",
                    "Only an appointment not yet checked in can be cancelled.",
                )
            try:
                guarded_update(conn, Appointment, appointment_id, version, {"status": "cancelled", "updated_at": now})
            except StaleVersion:
                raise self._stale() from None
            feed.append(
                conn,
                FEED_APPOINTMENT,
                int(row.branch_id),
                "cancelled",
                actor_id=principal.user_id,
                payload={"appointment_id": appointment_id, "customer_id": int(row.customer_id)},
            )
            self.audit.record(conn, principal, "appointment_cancel", "appointment", appointment_id)
            return _one(conn, appointment_id)

    @staticmethod
    def _stale() -> LobbyError:
        return LobbyError(
            "stale",
            "该预约已被他人更新，请刷新后重试。",
            "Someone else changed this appointment; refresh and try again.",
        )

    def today(self, principal: Principal, branch_id: int | None = None) -> list[AppointmentView]:
        """The branch's appointments of its local today, by slot."""
        branch = branch_id if branch_id is not None else principal.branch_id
        if branch is None:
            raise LobbyError("no_branch", "请选择网点。", "Choose a branch.")
        with self.engine.connect() as conn:
            authorize(conn, principal, "appointment.book", audit=self.audit)
            zone = branch_zone(conn, branch)
            start, end = day_bounds(zone, service_day(zone, self.clock()))
            query = _query().where(
                Appointment.branch_id == branch, Appointment.slot_start >= start, Appointment.slot_start < end
            )
            return [_view(r) for r in conn.execute(query.order_by(Appointment.slot_start, Appointment.id)).all()]

    def for_customer(self, principal: Principal, customer_id: int) -> list[AppointmentView]:
        """The customer's appointments, the latest slot first."""
        with self.engine.connect() as conn:
            authorize(conn, principal, "customer.view", audit=self.audit, entity="customer", entity_id=customer_id)
            require_customer(conn, principal, customer_id, audit=self.audit)
            query = _query().where(Appointment.customer_id == customer_id)
            return [_view(r) for r in conn.execute(query.order_by(Appointment.slot_start.desc(), Appointment.id)).all()]


def mark_missed_appointments(engine: Engine, now: dt.datetime) -> int:
    """Booked appointments whose slot ended more than :data:`MISSED_AFTER` ago become missed; returns how many.

    Idempotent (a missed one is no longer booked) and safe on several gateways (rows another run holds are
    skipped on PostgreSQL; SQLite has one writer).
    """
    with write_txn(engine) as conn:
        query = (
            select(Appointment.id, Appointment.branch_id)
            .where(Appointment.status == "booked", Appointment.slot_end < now - MISSED_AFTER)
            .order_by(Appointment.id)
            .limit(1000)
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = conn.execute(query).all()
        if not rows:
            return 0
        conn.execute(
            update(Appointment)
            .where(Appointment.id.in_([r.id for r in rows]), Appointment.status == "booked")
            .values(status="missed", updated_at=now, version=Appointment.version + 1)
        )
        per_branch: dict[int, int] = {}
        for r in rows:
            per_branch[int(r.branch_id)] = per_branch.get(int(r.branch_id), 0) + 1
        for branch_id, count in sorted(per_branch.items()):
            feed.append(conn, FEED_APPOINTMENT, branch_id, "missed", payload={"count": count})
        return len(rows)
