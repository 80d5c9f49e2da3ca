"""Live telephony state: each agent's current state, call offers, wrap-up drafts and call-control commands.

``agent_status`` is the row routing locks (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) to offer one call to one
agent; its history goes to ``agent_state_log``.  ``call_offer`` is what a desktop polls to learn that a call is
ringing at its desk.  ``call_command`` carries an agent's call-control request (accept, hold, transfer, ...) to
the gateway, which alone holds the Twilio secrets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Versioned, str_col

# Agent states: the call bar's states plus 'not_responding' (an offer timed out; the agent must come back).
AGENT_STATUS_STATES = ("available", "offered", "on_call", "wrap_up", "break", "offline", "not_responding")
OFFER_STATES = ("pending", "accepting", "accepted", "declined", "expired", "failed", "cancelled")
COMMAND_STATES = ("pending", "running", "done", "failed")


class AgentStatus(Versioned, Base):
    """The current state of one agent; the routing lock target."""

    __tablename__ = "agent_status"
    __table_args__ = (Index("ix_agent_status_state_idle", "state", "idle_since"),)

    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = str_col(16)
    reason: Mapped[str | None] = mapped_column(String(64))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    state_since: Mapped[dt.datetime]
    # When the agent last became available: the longest-idle agent gets the next offer.
    idle_since: Mapped[dt.datetime | None]
    wrapup_deadline: Mapped[dt.datetime | None]


class CallOffer(IdPk, Base):
    """A queued call offered to one agent; the desktop's screen-pop starts from a pending row here."""

    __tablename__ = "call_offer"
    __table_args__ = (
        Index("ix_call_offer_agent_status", "agent_id", "status"),
        Index("ix_call_offer_status_expires", "status", "expires_at"),
        Index("ix_call_offer_call_agent", "call_id", "agent_id"),
    )

    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False)
    agent_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    status: Mapped[str] = str_col(12)
    offered_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    responded_at: Mapped[dt.datetime | None]
    error_code: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(String(400))


class WrapupDraft(Base):
    """What an agent has entered during wrap-up so far; survives a crash and is reopened."""

    __tablename__ = "wrapup_draft"
    __table_args__ = (Index("ix_wrapup_draft_agent_id", "agent_id"),)

    call_id: Mapped[int] = mapped_column(BigId, ForeignKey("call.id", ondelete="CASCADE"), primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    disposition: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    follow_up_at: Mapped[dt.datetime | None]
    follow_up_note: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime]


class CallCommand(IdPk, Base):
    """A call-control request from a desktop, carried out by a gateway through Twilio's REST API."""

    __tablename__ = "call_command"
    __table_args__ = (Index("ix_call_command_status_id", "status", "id"),)

    kind: Mapped[str] = str_col(16)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = str_col(12)
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    result: Mapped[dict[str, Any] | None]
    error_code: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(String(400))


class WebhookDeadLetter(IdPk, Base):
    """A webhook the gateway could not apply for a reason retrying will not fix (bad data, a constraint, a bug).

    Kept with the request and the error for a person to look at; never retried by itself.  ``source`` says
    whether it failed when it arrived (``live``) or when the spool was replayed (``replay``).
    """

    __tablename__ = "webhook_dead_letter"
    __table_args__ = (Index("ix_webhook_dead_letter_open", "resolved_at", "failed_at"),)

    kind: Mapped[str] = str_col(24)
    received_at: Mapped[dt.datetime]
    failed_at: Mapped[dt.datetime]
    source: Mapped[str] = str_col(8)  # live | replay
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)  # the spool record: kind, params, at, hints
    error_class: Mapped[str] = str_col(80)
    error: Mapped[str] = mapped_column(String(2000))
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    resolution: Mapped[str | None] = mapped_column(String(400))


__all__ = [
    "AGENT_STATUS_STATES",
    "COMMAND_STATES",
    "OFFER_STATES",
    "AgentStatus",
    "CallCommand",
    "CallOffer",
    "WebhookDeadLetter",
    "WrapupDraft",
]
