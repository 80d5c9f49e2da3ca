"""Service and complaint tickets, their events, attachments, SLA policies and the business calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Timestamps, Versioned, str_col

TICKET_STATES = (
    "new",
    "acknowledged",
    "in_progress",
    "pending_customer",
    "pending_internal",
    "decided",
    "closed",
    "reopened",
    "merged",
)
OPEN_TICKET_STATES = ("new", "acknowledged", "in_progress", "pending_customer", "pending_internal", "reopened")


class SlaPolicy(IdPk, Versioned, Base):
    """Regulatory and internal time targets for a kind of ticket."""

    __tablename__ = "sla_policy"

    name: Mapped[str] = str_col(64, unique=True)
    ticket_kind: Mapped[str] = str_col(16)
    severity: Mapped[str | None] = mapped_column(String(12))
    regulatory_days: Mapped[int | None] = mapped_column(Integer)
    complex_days: Mapped[int | None] = mapped_column(Integer)
    extension_days: Mapped[int | None] = mapped_column(Integer)
    calendar_days: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    next_update_minutes: Mapped[int] = mapped_column(Integer)
    warn_points: Mapped[list[str]] = mapped_column(default=list)


class CalendarDay(Base):
    """An exception to the Monday-Friday week: a public holiday or a make-up working day."""

    __tablename__ = "business_calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working: Mapped[bool] = mapped_column(Boolean, nullable=False)
    name: Mapped[str] = str_col(32)


class Ticket(IdPk, Versioned, Timestamps, Base):
    """A service request or consumer complaint with its clocks."""

    __tablename__ = "ticket"
    __table_args__ = (
        Index("ix_ticket_customer_status", "customer_id", "status"),
        Index("ix_ticket_status_deadline", "status", "regulatory_deadline"),
        Index("ix_ticket_assignee_status", "assignee_id", "status"),
        Index("ix_ticket_created_by_status", "created_by_id", "status"),  # one's own: assigned or registered
    )

    number: Mapped[str] = str_col(20, unique=True)
    kind: Mapped[str] = str_col(16)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    category: Mapped[str] = str_col(48)
    severity: Mapped[str] = str_col(12)
    status: Mapped[str] = str_col(20)
    intake_channel: Mapped[str] = str_col(16)
    summary: Mapped[str] = str_col(200)
    description: Mapped[str | None] = mapped_column(Text)
    customer_request: Mapped[str | None] = mapped_column(Text)
    complained_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    complained_branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    identity_verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    received_at: Mapped[dt.datetime]
    referral_date: Mapped[dt.date | None] = mapped_column(Date)
    is_complex: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    regulatory_deadline: Mapped[dt.datetime | None]
    extended_deadline: Mapped[dt.datetime | None]
    first_response_due: Mapped[dt.datetime | None]
    next_update_due: Mapped[dt.datetime | None]
    breached: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sla_policy_id: Mapped[int | None] = mapped_column(ForeignKey("sla_policy.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    decided_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(32))
    compensation: Mapped[Decimal | None]
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class TicketEvent(IdPk, Base):
    """Everything that happens to a ticket: transitions, comments, assignments, notices."""

    __tablename__ = "ticket_event"
    __table_args__ = (Index("ix_ticket_event_ticket_time", "ticket_id", "at"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = str_col(24)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[dt.datetime]
    body: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None]


class TicketAttachment(IdPk, Base):
    """A file attached to a ticket, stored in the shared database so every desktop can open it."""

    __tablename__ = "ticket_attachment"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False, index=True)
    filename: Mapped[str] = str_col(255)
    mime_type: Mapped[str] = str_col(100)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = str_col(64)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[dt.datetime]
    scan_status: Mapped[str] = mapped_column(String(12), default="unscanned", server_default="unscanned")
