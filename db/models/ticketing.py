"""Complaint handling state beside ``ticket``: clocks, intake drafts, number counters, saved filters, escalations.

``ticket_clock`` holds one row per ticket with what the regulator's clock and the internal SLA clocks need
between writes.  ``open_due_at`` is the effective decision deadline while the ticket is open and NULL once it
is decided, closed or merged, so the at-risk and breached queues are one index range scan each (per team
through ``team_id``, a copy of ``ticket.team_id``).
``next_check_at`` is the next instant at which the escalation scan must look at the ticket (a warning point,
the deadline, an SLA due time); NULL when nothing is pending.

Rows written outside the service layer (bulk seeding) must add a ``ticket_clock`` row per ticket with
``team_id``/``due_at``/``open_due_at``/``next_check_at`` filled as described (or call
``services.tickets.records.backfill_clocks`` afterwards); migration 0004 backfills
existing tickets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Timestamps, str_col
from .ticket import Ticket

DRAFT_STATES = ("open", "submitted", "discarded")
EXTENSION_STATES = ("requested", "approved", "rejected")

# The team queue filters tickets by team and status; declared here so that ticket.py stays as it was.
TICKET_TEAM_INDEX = Index("ix_ticket_team_status", Ticket.team_id, Ticket.status)


class TicketClock(Base):
    """Clock and follow-up state of one ticket (one row per ticket)."""

    __tablename__ = "ticket_clock"
    __table_args__ = (
        # The deadline order of the ticket lists (ties by id): keyset pages are index range scans (0007).
        Index("ix_ticket_clock_due_order", "open_due_at", "ticket_id"),
        Index("ix_ticket_clock_team_open_due", "team_id", "open_due_at", "ticket_id"),
        Index("ix_ticket_clock_next_check_at", "next_check_at"),
        Index("ix_ticket_clock_survey_sent_at", "survey_sent_at"),  # the CSAT report's complaint surveys (0018)
    )

    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True)
    # A copy of ticket.team_id (kept in step by the services) so that a team's board is one index range too.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    # Regulatory clock: when it started (receipt, or the start of the referral day) and the effective deadline.
    started_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]
    open_due_at: Mapped[dt.datetime | None]
    next_check_at: Mapped[dt.datetime | None]
    warn_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    breached_at: Mapped[dt.datetime | None]
    # Internal SLA clocks (business time).
    first_responded_at: Mapped[dt.datetime | None]
    first_response_overdue: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    update_overdue_for: Mapped[dt.datetime | None]
    sla_paused_at: Mapped[dt.datetime | None]
    sla_remaining_s: Mapped[int | None] = mapped_column(Integer)
    sla_paused_s: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Extension beyond the complex-case period: requested by the handler, approved by a superior office.
    extension_state: Mapped[str | None] = mapped_column(String(12))
    extension_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Satisfaction survey.
    survey_sent_at: Mapped[dt.datetime | None]
    survey_replied_at: Mapped[dt.datetime | None]


class TicketDraft(IdPk, Timestamps, Base):
    """An intake in progress; it stays visible (and reopens) until it is submitted or discarded."""

    __tablename__ = "ticket_draft"
    __table_args__ = (Index("ix_ticket_draft_created_by_status", "created_by_id", "status"),)

    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = str_col(16)
    intake_channel: Mapped[str] = str_col(16)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = str_col(12)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))


class TicketNumberCounter(Base):
    """The last sequence number handed out for a number prefix such as ``TS2611``."""

    __tablename__ = "ticket_number_counter"

    prefix: Mapped[str] = mapped_column(String(12), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, nullable=False)


class TicketSavedFilter(IdPk, Base):
    """A named ticket filter of one user, optionally shared with everyone."""

    __tablename__ = "ticket_saved_filter"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = str_col(64)
    criteria: Mapped[dict[str, Any]] = mapped_column(default=dict)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_at: Mapped[dt.datetime]


class TicketEscalation(IdPk, Base):
    """A ticket escalated to one person; the unique key makes each escalation (per deadline) happen once."""

    __tablename__ = "ticket_escalation"
    __table_args__ = (
        UniqueConstraint("ticket_id", "user_id", "reason", "level", "due_at"),
        Index("ix_ticket_escalation_user_ack", "user_id", "acknowledged_at"),
    )

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    reason: Mapped[str] = str_col(16)
    level: Mapped[int] = mapped_column(Integer, nullable=False)
    due_at: Mapped[dt.datetime]
    at: Mapped[dt.datetime]
    acknowledged_at: Mapped[dt.datetime | None]


__all__ = [
    "DRAFT_STATES",
    "EXTENSION_STATES",
    "TICKET_TEAM_INDEX",
    "TicketClock",
    "TicketDraft",
    "TicketEscalation",
    "TicketNumberCounter",
    "TicketSavedFilter",
]
