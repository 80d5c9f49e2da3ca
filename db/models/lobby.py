"""Reminders and memos, referrals to customer managers, branch queue numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Timestamps, Versioned, str_col

REMINDER_KINDS = ("deposit_maturity", "birthday", "follow_up", "callback", "memo", "todo", "document_expiry")
# The service memo (服务备忘录): notes on a customer and personal to-dos are reminders of these kinds.
MEMO_KINDS = ("memo", "todo")
REFERRAL_STATES = ("new", "accepted", "contacted", "appointment", "won", "lost")
QUEUE_TICKET_STATES = ("waiting", "called", "serving", "done", "no_show", "transferred", "cancelled")


class Reminder(IdPk, Versioned, Timestamps, Base):
    """Something to act on at a date: a maturing deposit, a birthday, a promised call back, a memo."""

    __tablename__ = "reminder"
    __table_args__ = (
        Index("ix_reminder_customer_due", "customer_id", "due_at"),
        Index("ix_reminder_assignee_due", "assigned_to_id", "done_at", "due_at"),
    )

    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[str] = str_col(20)
    title: Mapped[str] = str_col(120)
    body: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[dt.datetime]
    done_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    holding_id: Mapped[int | None] = mapped_column(ForeignKey("product_holding.id", ondelete="CASCADE"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class Referral(IdPk, Versioned, Timestamps, Base):
    """A customer or prospect passed to a customer manager: the need, the consent, the way to won or lost."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_to_status", "to_user_id", "status"),
        Index("ix_referral_branch_created", "branch_id", "created_at"),
        Index("ix_referral_status_accept_by", "status", "accept_by"),
        UniqueConstraint("from_user_id", "token"),
    )

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False, index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    interest: Mapped[str] = str_col(48)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = str_col(16)
    source: Mapped[str] = str_col(12, default="checkin", server_default="checkin")  # checkin/counter/wrapup/flow
    amount_band: Mapped[str | None] = mapped_column(String(16))
    urgency: Mapped[str] = str_col(8, default="normal", server_default="normal")  # normal / high
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    accept_by: Mapped[dt.datetime | None]
    accepted_at: Mapped[dt.datetime | None]
    contacted_at: Mapped[dt.datetime | None]
    appointment_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    amount: Mapped[Decimal | None]
    lost_reason: Mapped[str | None] = mapped_column(String(200))
    escalated_at: Mapped[dt.datetime | None]
    returned_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    token: Mapped[str | None] = mapped_column(String(64))  # the creating dialog's: a double submit finds it


class QueueTicket(IdPk, Versioned, Base):
    """A numbered ticket a branch lobby issues (e.g. ``V012`` for a VIP)."""

    __tablename__ = "branch_queue_ticket"
    __table_args__ = (
        Index("ix_branch_queue_ticket_branch_day", "branch_id", "service_day", "status"),
        UniqueConstraint("branch_id", "service_day", "number"),
        Index("ix_branch_queue_ticket_customer", "customer_id", "issued_at"),
        Index(
            "ix_branch_queue_ticket_at_counter",
            "counter_id",
            sqlite_where=text("status IN ('called', 'serving')"),
            postgresql_where=text("status IN ('called', 'serving')"),
        ),
        Index("ix_branch_queue_ticket_called", "branch_id", "service_day", "called_at"),
    )

    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    service_day: Mapped[dt.date] = mapped_column(Date)
    number: Mapped[str] = str_col(8)
    service_type: Mapped[str] = str_col(16)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    is_vip: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    status: Mapped[str] = str_col(12)
    counter: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[dt.datetime]
    called_at: Mapped[dt.datetime | None]
    served_at: Mapped[dt.datetime | None]
    served_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    memo: Mapped[str | None] = mapped_column(String(400))
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # higher is called first
    priority_reason: Mapped[str | None] = mapped_column(String(12))  # elderly / disabled / appointment
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("lobby_counter.id", ondelete="SET NULL"))
    appointment_id: Mapped[int | None] = mapped_column(BigId)
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    near_notice_sent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    recalls: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    finished_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    transferred_from_id: Mapped[int | None] = mapped_column(BigId)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
