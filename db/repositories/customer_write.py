"""Creating customers and keeping their search keys in step with their name and ID number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, update

from db.models import Customer, CustomerPhone, SearchToken
from db.pii import id_number_columns, phone_columns
from db.search_keys import customer_tokens, pinyin_syllables


def _token_rows(customer_id: int, name: str) -> tuple[str, list[dict[str, Any]]]:
    syllables = pinyin_syllables(name)
    rows = [{"kind": k, "token": t, "customer_id": customer_id} for k, t in customer_tokens(name, syllables)]
    return " ".join(syllables), rows


def add_customer(conn: Connection, *, phones: Iterable[tuple[str, str]] = (), **fields: Any) -> int:
    """Insert a customer with its phones (E.164, kind) and search keys; returns the new id.

    ``fields`` are Customer columns; ``name_pinyin`` and the ID number's mask, key and tail are derived.
    """
    name = fields["name"]
    fields.setdefault("name_pinyin", " ".join(pinyin_syllables(name)))
    fields.update(id_number_columns(fields["id_number"]))
    customer_id = conn.execute(insert(Customer).values(**fields).returning(Customer.id)).scalar_one()
    _, rows = _token_rows(customer_id, name)
    conn.execute(insert(SearchToken), rows)
    phone_rows = [
        {"customer_id": customer_id, **phone_columns(e164), "kind": kind, "is_primary": i == 0}
        for i, (e164, kind) in enumerate(phones)
    ]
    if phone_rows:
        conn.execute(insert(CustomerPhone), phone_rows)
    return int(customer_id)


def refresh_search_keys(conn: Connection, customer_id: int, name: str, id_number: str | None = None) -> None:
    """Re-derive pinyin and name tokens after a change of name, and, given a new ID number, its mask, key and tail.

    The raw ID number is written, never read back: desktops may not select it (migration 0011).
    """
    pinyin, rows = _token_rows(customer_id, name)
    conn.execute(delete(SearchToken).where(SearchToken.customer_id == customer_id))
    conn.execute(insert(SearchToken), rows)
    values: dict[str, Any] = {"name_pinyin": pinyin}
    if id_number is not None:
        values.update(id_number_columns(id_number))
    conn.execute(
        update(Customer).where(Customer.id == customer_id).values(**values).execution_options(synchronize_session=False)
    )
