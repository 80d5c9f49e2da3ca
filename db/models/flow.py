"""Guided service scripts (versioned flows) and their runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Timestamps, Versioned, str_col


class ServiceFlow(IdPk, Versioned, Timestamps, Base):
    """One version of a guided service script, a graph of steps stored as a document."""

    __tablename__ = "service_flow"
    __table_args__ = (UniqueConstraint("code", "version_no"),)

    code: Mapped[str] = str_col(48)
    version_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = str_col(100)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = str_col(12)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class FlowRun(IdPk, Versioned, Base):
    """An agent walking through a flow with a customer."""

    __tablename__ = "flow_run"

    flow_id: Mapped[int] = mapped_column(ForeignKey("service_flow.id"), nullable=False)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    current_step: Mapped[str | None] = mapped_column(String(48))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    outcome: Mapped[str | None] = mapped_column(String(32))
