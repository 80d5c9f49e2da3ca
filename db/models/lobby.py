"""Reminders and memos, referrals to customer managers, branch queue numbers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Timestamps, Versioned, str_col

REMINDER_KINDS = ("deposit_maturity", "birthday", "follow_up", "callback", "memo", "document_expiry")


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


class Referral(IdPk, Versioned, Timestamps, Base):
    """A lobby manager passing a customer or prospect to a customer manager."""

    __tablename__ = "referral"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False, index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    interest: Mapped[str] = str_col(48)
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = str_col(16)


class QueueTicket(IdPk, Versioned, Base):
    """A numbered ticket a branch lobby issues (e.g. ``V012`` for a VIP)."""

    __tablename__ = "branch_queue_ticket"
    __table_args__ = (Index("ix_branch_queue_ticket_branch_day", "branch_id", "service_day", "status"),)

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
