"""Guided service scripts (versioned flows), their runs, the steps of each run, and the rules that pick a flow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, Timestamps, Versioned, str_col

FLOW_STATUSES = ("draft", "submitted", "approved", "published", "retired")
# preview: an author trying an unpublished version (no actions done, no timeline, not in analytics)
RUN_STATUSES = ("active", "finished", "abandoned", "preview")


class ServiceFlow(IdPk, Versioned, Timestamps, Base):
    """One version of a guided service script, a graph of steps stored as a document.

    ``status`` moves draft -> submitted -> approved (by a second person) -> published -> retired; at most
    one version of a code is published at a time (a partial unique index holds the database to it).
    ``name`` is the Chinese name, ``name_en`` the English one (both also in the document).
    """

    __tablename__ = "service_flow"
    __table_args__ = (
        UniqueConstraint("code", "version_no"),
        Index(
            "ix_service_flow_published",
            "code",
            unique=True,
            sqlite_where=text("status = 'published'"),
            postgresql_where=text("status = 'published'"),
        ),
    )

    code: Mapped[str] = str_col(48)
    version_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = str_col(100)
    name_en: Mapped[str] = str_col(100, default="", server_default="")
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = str_col(12)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # Everyone who saved this version (the author included): none of them may approve it.
    editor_ids: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    submitted_at: Mapped[dt.datetime | None]
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    approved_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    published_at: Mapped[dt.datetime | None]
    retired_at: Mapped[dt.datetime | None]


class FlowRun(IdPk, Versioned, Base):
    """An agent walking through a flow with a customer; it stays on the version (``flow_id``) it started on."""

    __tablename__ = "flow_run"
    __table_args__ = (
        Index("ix_flow_run_customer_started", "customer_id", "started_at"),
        # analytics.summary groups a version's runs by these: on PostgreSQL an index-only scan
        Index(
            "ix_flow_run_flow_status",
            "flow_id",
            "status",
            "current_step",
            postgresql_include=["outcome", "duration_s"],
        ),
        Index("ix_flow_run_user_status", "user_id", "status"),
    )

    flow_id: Mapped[int] = mapped_column(ForeignKey("service_flow.id"), nullable=False)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    current_step: Mapped[str | None] = mapped_column(String(48))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    outcome: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = str_col(12, default="active", server_default="active")
    path: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    duration_s: Mapped[int | None] = mapped_column(Integer)
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime | None]


class FlowRunStep(IdPk, Base):
    """One answer, confirmation or action of a run, written the moment it is given (nothing typed is lost).

    ``answer`` of a PII question is stored masked only; ``client_key`` makes a journal replay idempotent;
    ``undone`` marks rows the agent went back past.
    """

    __tablename__ = "flow_run_step"
    __table_args__ = (
        UniqueConstraint("run_id", "seq"),
        UniqueConstraint("run_id", "client_key"),
        Index("ix_flow_run_step_run_step", "run_id", "step_id"),
    )

    run_id: Mapped[int] = mapped_column(ForeignKey("flow_run.id", ondelete="CASCADE"), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    step_id: Mapped[str] = str_col(48)
    kind: Mapped[str] = str_col(16)
    answer: Mapped[Any | None] = mapped_column(JSON)
    answer_masked: Mapped[str | None] = mapped_column(String(200))
    confirmed_at: Mapped[dt.datetime | None]
    action_result: Mapped[Any | None] = mapped_column(JSON)
    client_key: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[dt.datetime]
    undone: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class FlowRule(IdPk, Base):
    """A rule that suggests a flow: by queue, by IVR choice and/or a condition on the customer (lowest priority first).

    ``condition`` is a condition document as in a branch step (:mod:`services.flows.conditions`).
    """

    __tablename__ = "flow_rule"
    __table_args__ = (Index("ix_flow_rule_active_priority", "active", "priority"),)

    priority: Mapped[int] = mapped_column(Integer, default=100, server_default="100")
    queue: Mapped[str | None] = mapped_column(String(32))
    ivr_choice: Mapped[str | None] = mapped_column(String(16))
    condition: Mapped[Any | None] = mapped_column(JSON)
    flow_code: Mapped[str] = str_col(48)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]


__all__ = ["FLOW_STATUSES", "RUN_STATUSES", "FlowRule", "FlowRun", "FlowRunStep", "ServiceFlow"]
