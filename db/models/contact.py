"""Contacts on every channel: interactions, calls, queues, agent states, dispositions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Versioned, str_col

CHANNELS = ("call_in", "call_out", "sms", "email", "wechat", "branch_visit", "visit", "event")
CALL_STATES = ("received", "queued", "offered", "connected", "on_hold", "wrap_up", "completed", "abandoned", "failed")
AGENT_STATES = ("available", "offered", "on_call", "wrap_up", "break", "offline")


class Interaction(IdPk, Base):
    """One contact with a customer on any channel, shown on the timeline."""

    __tablename__ = "interaction"
    __table_args__ = (
        Index("ix_interaction_customer_time", "customer_id", "occurred_at"),
        Index("ix_interaction_customer_channel_time", "customer_id", "channel", "occurred_at"),
        # One timeline entry per outbound message, updated as its delivery state changes.
        Index("ix_interaction_outbox_id", "outbox_id", unique=True),
        # An inbound message is recorded once per customer, however often the provider delivers it.
        Index("ix_interaction_message_sid_customer", "message_sid", "customer_id", unique=True),
    )

    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    channel: Mapped[str] = str_col(16)
    direction: Mapped[str] = str_col(8)
    occurred_at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    subject: Mapped[str] = str_col(120)
    summary: Mapped[str | None] = mapped_column(Text)
    disposition: Mapped[str | None] = mapped_column(String(32))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    message_sid: Mapped[str | None] = mapped_column(String(40))  # an inbound SMS: the provider's MessageSid


class CallQueue(IdPk, Versioned, Base):
    """A call queue with the skills it needs and its service-level targets."""

    __tablename__ = "call_queue"

    name: Mapped[str] = str_col(64, unique=True)
    label_zh: Mapped[str] = str_col(64)
    label_en: Mapped[str] = str_col(64)
    skills: Mapped[list[str]] = mapped_column(default=list)
    service_level_seconds: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    short_abandon_seconds: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    vip_priority: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    offer_timeout_seconds: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    wrapup_limit_seconds: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    twilio_queue_sid: Mapped[str | None] = mapped_column(String(40))
    # The wallboard's rules (services.wallboard.types.QueueRules; the thresholds are the two columns above).
    sl_target_pct: Mapped[int] = mapped_column(Integer, default=80, server_default="80")
    abandon_rule: Mapped[str] = mapped_column(String(16), default="exclude_short", server_default="exclude_short")
    day_reset: Mapped[str] = mapped_column(String(5), default="00:00", server_default="00:00")  # local HH:MM
    warn_waiting: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    crit_waiting: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    warn_wait_s: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    crit_wait_s: Mapped[int] = mapped_column(Integer, default=180, server_default="180")


class Call(IdPk, Versioned, Base):
    """A phone call as Twilio reports it, with routing and handling times."""

    __tablename__ = "call"
    __table_args__ = (
        Index("ix_call_state_queue", "state", "queue_id"),
        Index("ix_call_agent_id", "agent_id"),
        Index("ix_call_customer_id", "customer_id"),
        # A queue's calls since its daily reset, and the calls answered today: the wallboard (migration 0015).
        Index("ix_call_queue_received", "queue_id", "received_at"),
        Index("ix_call_answered_at", "answered_at"),
    )

    call_sid: Mapped[str] = str_col(40, unique=True)
    direction: Mapped[str] = str_col(8)
    # Full numbers are the gateway's: desktops read the masked forms (migration 0011).
    from_e164: Mapped[str | None] = mapped_column(String(24), deferred=True, deferred_raiseload=True)
    to_e164: Mapped[str | None] = mapped_column(String(24), deferred=True, deferred_raiseload=True)
    from_masked: Mapped[str | None] = mapped_column(String(24))
    to_masked: Mapped[str | None] = mapped_column(String(24))
    # The caller's number as a search key (db.pii.phone_key): a shared line's candidates are found by it.
    from_key: Mapped[str | None] = mapped_column(String(32))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    match_result: Mapped[str] = mapped_column(String(12), default="none", server_default="none")
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("call_queue.id"))
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    state: Mapped[str] = str_col(16)
    ivr_choice: Mapped[str | None] = mapped_column(String(16))
    received_at: Mapped[dt.datetime]
    enqueued_at: Mapped[dt.datetime | None]
    offered_at: Mapped[dt.datetime | None]
    answered_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    wrapup_at: Mapped[dt.datetime | None]
    wrapup_ended_at: Mapped[dt.datetime | None]
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    disposition: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    csat_score: Mapped[int | None] = mapped_column(Integer)  # the caller's survey answer 1–5 (migration 0018)


class AgentStateLog(IdPk, Base):
    """Each change of an agent's state, for AHT, occupancy and the wallboard."""

    __tablename__ = "agent_state_log"
    __table_args__ = (Index("ix_agent_state_log_user_time", "user_id", "started_at"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    state: Mapped[str] = str_col(16)
    reason: Mapped[str | None] = mapped_column(String(64))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]


class DispositionCode(IdPk, Base):
    """A node of the configurable wrap-up disposition tree."""

    __tablename__ = "disposition_code"

    code: Mapped[str] = str_col(32, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("disposition_code.id"))
    label_zh: Mapped[str] = str_col(64)
    label_en: Mapped[str] = str_col(64)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extra: Mapped[dict[str, Any] | None]
