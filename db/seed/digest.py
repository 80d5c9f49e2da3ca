"""A backend-independent fingerprint of a table's contents (for determinism checks)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.0001")), "f")
    if isinstance(value, float):
        return format(Decimal(repr(value)).quantize(Decimal("0.0001")), "f")
    if isinstance(value, bytes):
        return value.hex()
    return value


def table_digest(engine: Engine, table: str, *, exclude: tuple[str, ...] = ()) -> str:
    """SHA-256 over every row of ``table`` in primary-key order, values normalised across backends.

    Dates and times compare as ISO text in UTC, numbers as decimals with four places, JSON documents
    by their parsed value; so SQLite and PostgreSQL copies of the same data give the same digest.
    """
    from db.models import Base

    tbl = Base.metadata.tables[table]
    cols = [c for c in tbl.columns if c.name not in exclude]
    digest = hashlib.sha256()
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=5000).execute(
            select(*cols).order_by(*tbl.primary_key.columns)
        )
        for row in result:
            line = json.dumps([_canonical(v) for v in row], ensure_ascii=False, sort_keys=True, default=str)
            digest.update(line.encode())
            digest.update(b"\n")
    return digest.hexdigest()
