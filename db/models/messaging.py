"""Message templates, the outbox that the gateway drains, and campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Timestamps, Versioned, str_col

# pending: waiting to be sent (``not_before`` may hold it back); held: needs a person (no address);
# paused: its campaign is paused; sending: claimed by a sender; unknown: the provider may or may not have it
# (reconciled, never blindly resent); queued/sent/delivered/undelivered/failed: as the provider reports;
# skipped: not sent because of consent or opt-out; cancelled: withdrawn before sending.
OUTBOX_STATES = (
    "pending",
    "held",
    "paused",
    "sending",
    "unknown",
    "queued",
    "sent",
    "delivered",
    "undelivered",
    "failed",
    "skipped",
    "cancelled",
)


class MessageTemplate(IdPk, Versioned, Timestamps, Base):
    """One version of an SMS or e-mail template; usable once a second person approves it."""

    __tablename__ = "message_template"
    __table_args__ = (UniqueConstraint("code", "locale", "version_no"),)

    code: Mapped[str] = str_col(48)
    channel: Mapped[str] = str_col(8)
    locale: Mapped[str] = str_col(8)
    version_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = str_col(64)
    purpose: Mapped[str] = str_col(12)
    subject: Mapped[str | None] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str | None] = mapped_column(Text)
    variables: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = str_col(12)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[dt.datetime | None]


class Campaign(IdPk, Versioned, Timestamps, Base):
    """A message sent to a segment of customers."""

    __tablename__ = "campaign"

    name: Mapped[str] = str_col(100)
    segment_filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    template_id: Mapped[int] = mapped_column(ForeignKey("message_template.id"), nullable=False)
    scheduled_at: Mapped[dt.datetime | None]
    status: Mapped[str] = str_col(12)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class OutboxMessage(IdPk, Versioned, Base):
    """A message intended for one recipient; ``idem_key`` makes each intention unique."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_status_due", "status", "not_before"),
        Index("ix_outbox_message_customer_id", "customer_id"),
        Index("ix_outbox_message_campaign_id", "campaign_id"),
    )

    idem_key: Mapped[str] = str_col(80, unique=True)
    channel: Mapped[str] = str_col(8)
    purpose: Mapped[str] = str_col(12)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="SET NULL"))
    # The full address is the gateway's (it sends); desktops name the customer's phone or e-mail row instead
    # and read the masked form (migration 0011).  The sender resolves a missing address from the row.
    to_address: Mapped[str | None] = mapped_column(String(254), deferred=True, deferred_raiseload=True)
    to_masked: Mapped[str] = mapped_column(String(254), nullable=False, default="", server_default="")
    to_phone_id: Mapped[int | None] = mapped_column(ForeignKey("customer_phone.id", ondelete="SET NULL"))
    to_email_id: Mapped[int | None] = mapped_column(ForeignKey("customer_email.id", ondelete="SET NULL"))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("message_template.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    subject: Mapped[str | None] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = str_col(12)
    provider_id: Mapped[str | None] = mapped_column(String(200), index=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(String(400))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    not_before: Mapped[dt.datetime | None]
    # The provider account/number or From address it goes out from (pacing, reconciliation).
    sender: Mapped[str | None] = mapped_column(String(254))
    # When a sender claimed it (status "sending"); a claim older than the lease means the sender died.
    claimed_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    # "Send again" after an unknown or failed outcome: the new row points at the one it replaces.
    resend_of_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), index=True)


class SenderPace(Base):
    """The next free sending slot of one sender (From number or address), shared by every gateway process.

    Each send reserves its slot with one atomic ``UPDATE ... RETURNING`` on PostgreSQL, so that several
    gateway processes together keep the configured messages per second.
    """

    __tablename__ = "sender_pace"

    sender_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    next_slot_at: Mapped[dt.datetime]
