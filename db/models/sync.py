"""Live sync between desktops: who is looking at what, and the tokens of the gateway's event stream."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdPk, str_col


class Presence(IdPk, Base):
    """One desktop viewing or editing one record, kept alive by heartbeats until ``expires_at``.

    ``desk`` tells one desktop (one running application) from another, so that the same person on two
    machines shows twice and leaving on one does not clear the other.
    """

    __tablename__ = "presence"
    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "desk"),
        Index("ix_presence_record", "entity", "entity_id", "expires_at"),
        Index("ix_presence_desk", "desk"),
    )

    entity: Mapped[str] = str_col(32)
    entity_id: Mapped[str] = str_col(40)
    desk: Mapped[str] = str_col(64)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False)
    display_name: Mapped[str] = str_col(64)
    workstation: Mapped[str] = str_col(64)
    mode: Mapped[str] = str_col(8)  # viewing | editing
    since: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


class StreamToken(Base):
    """A desktop's credential for the gateway's change-event stream (only its SHA-256 is stored)."""

    __tablename__ = "stream_token"
    __table_args__ = (Index("ix_stream_token_expires_at", "expires_at"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("user_session.id", ondelete="CASCADE"))
    workstation: Mapped[str] = str_col(64)
    issued_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]


__all__ = ["Presence", "StreamToken"]
