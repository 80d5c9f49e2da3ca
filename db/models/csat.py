"""Customer-satisfaction surveys after calls: each queue's survey settings and one survey row per call.

``csat_setting`` is a queue's rules (on, sampling rate, template, quiet hours, the gap between two surveys of
one customer, the low-score threshold).  ``csat_survey`` is the decision taken once per completed call: a
survey that waits for its time, went out, was answered or expired, or a skip with its reason.  The unique
``call_id`` is what keeps two gateways from surveying one call twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Versioned, str_col

SURVEY_STATES = ("pending", "sent", "answered", "expired", "skipped")


class CsatSetting(Versioned, Base):
    """The satisfaction survey rules of one call queue (no row: surveys off for that queue)."""

    __tablename__ = "csat_setting"

    queue_id: Mapped[int] = mapped_column(BigId, ForeignKey("call_queue.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    sample_pct: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    template_code: Mapped[str] = str_col(48, default="call_survey_sms", server_default="call_survey_sms")
    quiet_start: Mapped[str] = str_col(5, default="21:00", server_default="21:00")  # local HH:MM
    quiet_end: Mapped[str] = str_col(5, default="08:00", server_default="08:00")
    min_gap_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    low_score: Mapped[int] = mapped_column(SmallInteger, default=2, server_default="2")
    updated_at: Mapped[dt.datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class CsatSurvey(IdPk, Base):
    """One call's survey decision and, when sent, its answer."""

    __tablename__ = "csat_survey"
    __table_args__ = (
        Index("ix_csat_survey_call_id", "call_id", unique=True),
        Index("ix_csat_survey_status_due", "status", "due_at"),
        Index("ix_csat_survey_customer_sent", "customer_id", "sent_at"),
        Index("ix_csat_survey_sent_at", "sent_at"),
        Index("ix_csat_survey_answered_at", "answered_at"),
    )

    call_id: Mapped[int] = mapped_column(ForeignKey("call.id", ondelete="CASCADE"), nullable=False)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("call_queue.id", ondelete="SET NULL"))
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"))
    status: Mapped[str] = str_col(10)
    reason: Mapped[str | None] = mapped_column(String(16))  # why skipped / expired
    created_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    reply_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    followup_id: Mapped[int | None] = mapped_column(ForeignKey("reminder.id", ondelete="SET NULL"))


__all__ = ["SURVEY_STATES", "CsatSetting", "CsatSurvey"]
