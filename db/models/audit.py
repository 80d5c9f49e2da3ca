"""The append-only, hash-chained audit log and the change feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, str_col


class AuditLog(Base):
    """One audited action, append-only and hash-chained.

    ``row_hash`` = SHA-256 over ``prev_hash`` and the row's fields in the fixed serialisation that
    :mod:`services.audit` documents; ids are assigned contiguously from 1 by the
    appender (under the chain lock), so a missing row shows as a gap.  ``detail`` is canonical JSON
    text, stored exactly as hashed.  PostgreSQL refuses UPDATE, DELETE and TRUNCATE by trigger, and
    the desktops' role may only SELECT and INSERT (migration 0002).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = str_col(64)
    workstation: Mapped[str] = str_col(64)
    action: Mapped[str] = str_col(32)
    entity: Mapped[str | None] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = str_col(64)
    row_hash: Mapped[str] = str_col(64)


class ChangeFeed(Base):
    """A row per change that other desktops should see, written in the same transaction."""

    __tablename__ = "change_feed"
    __table_args__ = (
        Index("ix_change_feed_entity", "entity", "entity_id"),
        Index("ix_change_feed_txid", "txid"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entity: Mapped[str] = str_col(32)
    entity_id: Mapped[str] = str_col(40)
    action: Mapped[str] = str_col(16)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[dt.datetime]
    # PostgreSQL: the writing transaction's id, so a reader can tell which rows may still commit late.
    txid: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any] | None]
