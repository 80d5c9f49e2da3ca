"""Products, the holdings customers have of them, and monthly aggregates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, Versioned, str_col

PRODUCT_KINDS = (
    "current",
    "term_deposit",
    "wealth",
    "fund",
    "insurance",
    "loan",
    "credit_card",
    "debit_card",
)


class Product(IdPk, Base):
    """A product in the bank's catalogue."""

    __tablename__ = "product"

    code: Mapped[str] = str_col(24, unique=True)
    kind: Mapped[str] = str_col(16)
    name: Mapped[str] = str_col(64)
    risk_rating: Mapped[str | None] = mapped_column(String(4))
    rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    term_months: Mapped[int | None] = mapped_column(Integer)


class Holding(IdPk, Versioned, Base):
    """One account or contract a customer holds (deposit, fund position, loan, card...)."""

    __tablename__ = "product_holding"
    __table_args__ = (
        Index("ix_product_holding_customer_kind", "customer_id", "kind"),
        Index("ix_product_holding_account_key", "account_key"),
        Index("ix_product_holding_maturity", "maturity_date"),
    )

    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), nullable=False)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), nullable=False)
    kind: Mapped[str] = str_col(16)
    account_no: Mapped[str] = mapped_column(String(32), nullable=False, deferred=True, deferred_raiseload=True)
    account_masked: Mapped[str] = str_col(40)
    account_key: Mapped[str] = str_col(32)
    currency: Mapped[str] = mapped_column(String(3), default="CNY", server_default="CNY")
    balance: Mapped[Decimal]
    rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    maturity_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = str_col(12)


class MonthlyAggregate(Base):
    """Per-customer monthly balance and transaction figures."""

    __tablename__ = "monthly_aggregate"
    __table_args__ = (PrimaryKeyConstraint("customer_id", "month"),)

    customer_id: Mapped[int] = mapped_column(BigId, ForeignKey("customer.id", ondelete="CASCADE"))
    month: Mapped[dt.date] = mapped_column(Date)
    avg_aum: Mapped[Decimal]
    deposit_balance: Mapped[Decimal]
    txn_count: Mapped[int] = mapped_column(Integer)
    txn_in: Mapped[Decimal]
    txn_out: Mapped[Decimal]
