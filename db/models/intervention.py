"""A supervisor's short message to one agent's desk (the wallboard's "send message" intervention)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, str_col


class AgentNotice(IdPk, Base):
    """One message to one person; ``read_at`` is set when they dismiss it on their desk.

    Written only through ``cd_notify_agent`` on PostgreSQL (the function audits it); the addressee reads their
    own rows and may set nothing but ``read_at``.
    """

    __tablename__ = "agent_notice"
    __table_args__ = (Index("ix_agent_notice_to_unread", "to_user_id", "read_at"),)

    to_user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), nullable=False)
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    text: Mapped[str] = str_col(200)
    created_at: Mapped[dt.datetime]
    read_at: Mapped[dt.datetime | None]
