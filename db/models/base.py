"""Declarative base, naming convention and column helpers shared by every model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, overload

from sqlalchemy import JSON, BigInteger, DateTime, Dialect, Integer, MetaData, Numeric, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets BIGINT identity columns.
BigId = BigInteger().with_variant(Integer(), "sqlite")
Money = Numeric(18, 2)
# Tokens are compared byte-wise so that prefix ranges work under any database locale.
Token = String(64).with_variant(String(64, collation="C"), "postgresql")
JsonDoc = JSON()


def utcnow() -> dt.datetime:
    """Aware UTC timestamp used as the Python-side default for time columns."""
    return dt.datetime.now(dt.UTC)


@overload
def as_utc(value: dt.datetime) -> dt.datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: dt.datetime | None) -> dt.datetime | None: ...
def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """An aware UTC datetime; naive values (read straight from SQLite) are taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """``DateTime(timezone=True)`` that stores UTC and always reads back aware UTC, on every backend.

    SQLite keeps no zone: without this, it would store an aware value's wall-clock time as given
    and hand back naive values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return as_utc(value)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return as_utc(value)


class Base(DeclarativeBase):
    """Root of every ContactDesk table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UtcDateTime(),
        Decimal: Money,
        dict[str, Any]: JsonDoc,
        list[str]: JsonDoc,
    }


class IdPk:
    """Surrogate integer primary key."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True)


class Versioned:
    """Optimistic concurrency: every UPDATE checks and bumps ``version``.

    A stale write raises ``sqlalchemy.orm.exc.StaleDataError``; bulk updates must go
    through :func:`db.repositories.versioning.guarded_update`.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class Timestamps:
    """Creation and last-change times."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, server_default=func.now())


def str_col(length: int, **kw: Any) -> Any:
    """Shorthand for a non-null string column."""
    kw.setdefault("nullable", False)
    return mapped_column(String(length), **kw)
