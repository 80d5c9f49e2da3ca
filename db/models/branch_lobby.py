"""The branch lobby's set-up and day: service types with their number series, counters, appointments, the notice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, PrimaryKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Timestamps, Versioned, str_col


class LobbyService(IdPk, Versioned, Base):
    """A service a branch issues numbers for (cash, non-cash, loans, wealth, corporate, VIP room)."""

    __tablename__ = "lobby_service"
    __table_args__ = (
        UniqueConstraint("branch_id", "code"),
        UniqueConstraint("branch_id", "prefix"),
    )

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    code: Mapped[str] = str_col(16)
    name_zh: Mapped[str] = str_col(32)
    name_en: Mapped[str] = str_col(32)
    prefix: Mapped[str] = str_col(2)  # the number series: A001, V001, ...
    vip_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sort: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Minutes one customer usually takes, until the branch's own recent service times say otherwise.
    default_minutes: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    slot_capacity: Mapped[int] = mapped_column(Integer, default=2, server_default="2")  # appointments per slot
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class LobbyCounter(IdPk, Versioned, Base):
    """A counter (窗口) and its work profile: which services it calls, in which order; who holds it now."""

    __tablename__ = "lobby_counter"
    __table_args__ = (UniqueConstraint("branch_id", "number"),)

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    label: Mapped[str] = str_col(32)
    services: Mapped[list[str]] = mapped_column(default=list)  # service codes, first = called first
    serves_vip: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    status: Mapped[str] = str_col(8, default="closed", server_default="closed")  # closed / open / paused
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("user_session.id", ondelete="SET NULL"))
    held_since: Mapped[dt.datetime | None]
    seen_at: Mapped[dt.datetime | None]  # the holding desktop's last sign of life


class LobbySeries(Base):
    """The last number a branch issued in one series on one (branch-local) day."""

    __tablename__ = "lobby_series"
    __table_args__ = (PrimaryKeyConstraint("branch_id", "service_day", "prefix"),)

    branch_id: Mapped[int] = mapped_column(BigId, ForeignKey("branch.id"), nullable=False)
    service_day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    prefix: Mapped[str] = str_col(2)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    last_at: Mapped[dt.datetime | None]  # the last number's time: a later number never gets an earlier one


class Appointment(IdPk, Versioned, Timestamps, Base):
    """A booked branch visit for a service in a time slot."""

    __tablename__ = "appointment"
    __table_args__ = (
        Index("ix_appointment_branch_slot", "branch_id", "slot_start", "service_code"),
        Index("ix_appointment_customer_slot", "customer_id", "slot_start"),
    )

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    service_code: Mapped[str] = str_col(16)
    slot_start: Mapped[dt.datetime]
    slot_end: Mapped[dt.datetime]
    status: Mapped[str] = str_col(12)  # booked / checked_in / served / missed / cancelled
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    channel: Mapped[str] = str_col(12)  # phone / manager / branch
    note: Mapped[str | None] = mapped_column(String(400))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("branch_queue_ticket.id", ondelete="SET NULL"))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id", ondelete="SET NULL"))


class LobbyNotice(Base):
    """The notice line a branch's lobby display shows."""

    __tablename__ = "lobby_notice"

    branch_id: Mapped[int] = mapped_column(BigId, ForeignKey("branch.id"), primary_key=True)
    text: Mapped[str] = str_col(200)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    updated_at: Mapped[dt.datetime]
