"""Customers and the identifiers they are found by."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, PrimaryKeyConstraint, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Timestamps, Token, Versioned, str_col


class Customer(IdPk, Versioned, Timestamps, Base):
    """A bank customer (or prospect) with the attributes the 360° view shows."""

    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_name", "name"),
        Index("ix_customer_id_number_key", "id_number_key"),
        Index("ix_customer_id_tail", "id_tail"),
        Index("ix_customer_branch_tier", "branch_id", "tier"),
        Index("ix_customer_manager_id", "manager_id"),
        Index("ix_customer_birth_md", "birth_md"),
    )

    cif_no: Mapped[str] = str_col(20, unique=True)
    name: Mapped[str] = str_col(64)
    name_pinyin: Mapped[str] = str_col(128)
    gender: Mapped[str] = str_col(1)
    id_type: Mapped[str] = str_col(16)
    # The raw number: desktops may not read it (migration 0011), so it is never loaded with the row.  They
    # read the mask, find by the key or the tail (db.pii), and reveal through an audited function.
    id_number: Mapped[str] = mapped_column(String(32), nullable=False, deferred=True, deferred_raiseload=True)
    id_number_masked: Mapped[str] = str_col(32)
    id_number_key: Mapped[str] = str_col(32)
    id_tail: Mapped[str] = mapped_column(Token, nullable=False)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    birth_md: Mapped[str | None] = mapped_column(String(5))  # "MM-DD" for birthday reminders
    occupation: Mapped[str | None] = mapped_column(String(64))
    preferred_language: Mapped[str] = mapped_column(String(8), default="zh_CN", server_default="zh_CN")
    preferred_channel: Mapped[str] = mapped_column(String(16), default="sms", server_default="sms")
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), nullable=False)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    segment: Mapped[str] = str_col(24)
    tier: Mapped[str] = str_col(16)
    vip_level: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    lifecycle_stage: Mapped[str] = str_col(16)
    value_score: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    value_components: Mapped[dict[str, Any]] = mapped_column(default=dict)
    aum: Mapped[Decimal] = mapped_column(default=Decimal(0), server_default="0")
    risk_level: Mapped[str | None] = mapped_column(String(4))
    alert_flags: Mapped[list[str]] = mapped_column(default=list)
    data_completeness: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    customer_since: Mapped[dt.date | None] = mapped_column(Date)


class CustomerPhone(IdPk, Base):
    """A phone number in E.164; several customers may share one (a household landline)."""

    __tablename__ = "customer_phone"
    __table_args__ = (Index("ix_customer_phone_e164_key", "e164_key", "customer_id"),)

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False, index=True)
    e164: Mapped[str] = mapped_column(String(20), nullable=False, deferred=True, deferred_raiseload=True)
    e164_masked: Mapped[str] = str_col(24)
    e164_key: Mapped[str] = str_col(32)
    kind: Mapped[str] = str_col(12)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class CustomerEmail(IdPk, Base):
    """An e-mail address of a customer."""

    __tablename__ = "customer_email"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False, index=True)
    address: Mapped[str] = mapped_column(String(254), nullable=False, deferred=True, deferred_raiseload=True)
    address_masked: Mapped[str] = str_col(254)
    address_key: Mapped[str] = str_col(32, index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class CustomerAddress(IdPk, Base):
    """A postal address, split so that it can be masked to district level."""

    __tablename__ = "customer_address"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = str_col(12)
    province: Mapped[str] = str_col(32)
    city: Mapped[str] = str_col(32)
    district: Mapped[str] = str_col(32)
    street: Mapped[str] = mapped_column(String(200), nullable=False, deferred=True, deferred_raiseload=True)
    postcode: Mapped[str | None] = mapped_column(String(10))


class CustomerConsent(IdPk, Base):
    """Consent (or opt-out) per channel and purpose; the latest row per key is in force."""

    __tablename__ = "customer_consent"
    __table_args__ = (Index("ix_customer_consent_key", "customer_id", "channel", "purpose", unique=True),)

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    channel: Mapped[str] = str_col(12)
    purpose: Mapped[str] = str_col(12)
    granted: Mapped[bool] = mapped_column(Boolean, nullable=False)
    source: Mapped[str] = str_col(24)
    updated_at: Mapped[dt.datetime]


class SearchToken(Base):
    """Name fragments and pinyin keys that make name search an index lookup.

    ``kind``: 1 = a substring of the Chinese name (up to 4 characters),
    2 = full pinyin without spaces (prefix searched), 3 = pinyin initials (prefix searched).
    """

    __tablename__ = "search_token"
    __table_args__ = (
        PrimaryKeyConstraint("kind", "token", "customer_id"),
        Index("ix_search_token_customer_id", "customer_id"),
        {"sqlite_with_rowid": False},
    )

    kind: Mapped[int] = mapped_column(SmallInteger)
    token: Mapped[str] = mapped_column(Token)
    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customer.id", ondelete="CASCADE"))


TOKEN_NAME = 1
TOKEN_PINYIN = 2
TOKEN_INITIALS = 3
NAME_TOKEN_MAX = 4

__all__ = [
    "NAME_TOKEN_MAX",
    "TOKEN_INITIALS",
    "TOKEN_NAME",
    "TOKEN_PINYIN",
    "Customer",
    "CustomerAddress",
    "CustomerConsent",
    "CustomerEmail",
    "CustomerPhone",
    "SearchToken",
]
