"""Finding customers by every identifier they are known by.

Each finder returns customer ids in a stable order and stops at ``limit``: callers ask for
one more than they show to learn whether the list was cut.  Every statement is an index
lookup or an index range scan; none reads the customer table in full.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Select, bindparam, func, select

from contactdesk.db.models import Customer, CustomerEmail, CustomerPhone, Holding, SearchToken
from contactdesk.db.models.customer import NAME_TOKEN_MAX, TOKEN_INITIALS, TOKEN_NAME, TOKEN_PINYIN
from contactdesk.db.tokens import PREFIX_END

PHONE_LIMIT = 50

# The caller-id lookup runs for every incoming call: it goes straight to the driver, which costs a
# few microseconds instead of the tens that statement compilation and result processing would add.
_BY_PHONE_SQL = {
    "sqlite": "SELECT customer_id FROM customer_phone WHERE e164 = ? ORDER BY customer_id LIMIT 50",
    "postgresql": "SELECT customer_id FROM customer_phone WHERE e164 = %s ORDER BY customer_id LIMIT 50",
}
_by_phone = (
    select(CustomerPhone.customer_id)
    .where(CustomerPhone.e164 == bindparam("e164"))
    .order_by(CustomerPhone.customer_id)
    .limit(PHONE_LIMIT)
)


def find_by_phone(conn: Connection, e164: str) -> list[int]:
    """Customers who have this exact E.164 number (several for a shared household line)."""
    sql = _BY_PHONE_SQL.get(conn.dialect.name)
    if sql is None:
        ids = list(conn.execute(_by_phone, {"e164": e164}).scalars())
    else:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, (e164,))
            ids = [row[0] for row in cursor.fetchall()]
        finally:
            cursor.close()
    return list(dict.fromkeys(ids))


def find_by_cif(conn: Connection, cif_no: str) -> list[int]:
    """The customer with this CIF number, if any."""
    return list(conn.execute(select(Customer.id).where(Customer.cif_no == cif_no)).scalars())


def find_by_id_number(conn: Connection, id_number: str, limit: int) -> list[int]:
    """Customers with exactly this ID number."""
    stmt = select(Customer.id).where(Customer.id_number == id_number).order_by(Customer.id).limit(limit)
    return list(conn.execute(stmt).scalars())


def find_by_id_tail(conn: Connection, tail: str, limit: int) -> list[int]:
    """Customers whose ID number ends with ``tail`` (a prefix range over the reversed number)."""
    rev = tail.upper()[::-1]
    stmt = (
        select(Customer.id)
        .where(Customer.id_number_rev >= rev, Customer.id_number_rev < rev + PREFIX_END)
        .order_by(Customer.id_number_rev)
        .limit(limit)
    )
    return list(conn.execute(stmt).scalars())


def find_by_account(conn: Connection, account_no: str, limit: int) -> list[int]:
    """Holders of an account or card number."""
    stmt = select(Holding.customer_id).where(Holding.account_no == account_no).limit(limit)
    return list(dict.fromkeys(conn.execute(stmt).scalars()))


def find_by_email(conn: Connection, address: str, limit: int) -> list[int]:
    """Customers with this e-mail address (case-insensitive: addresses are stored lower-case)."""
    stmt = select(CustomerEmail.customer_id).where(CustomerEmail.address == address.lower()).limit(limit)
    return list(dict.fromkeys(conn.execute(stmt).scalars()))


def _name_token_stmt(token: str, limit: int) -> Select[tuple[int]]:
    return (
        select(SearchToken.customer_id)
        .where(SearchToken.kind == TOKEN_NAME, SearchToken.token == token)
        .order_by(SearchToken.customer_id)
        .limit(limit)
    )


def name_query(name: str, limit: int) -> Select[tuple[int]]:
    """The statement behind a name search (exposed so its plan can be shown)."""
    if len(name) <= NAME_TOKEN_MAX:
        return _name_token_stmt(name, limit)
    # Longer than a stored fragment: narrow by the first fragment, confirm on the full name.
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (
        select(SearchToken.customer_id)
        .join(Customer, Customer.id == SearchToken.customer_id)
        .where(
            SearchToken.kind == TOKEN_NAME,
            SearchToken.token == name[:NAME_TOKEN_MAX],
            func.replace(Customer.name, "·", "").like(f"%{escaped}%", escape="\\"),
        )
        .order_by(SearchToken.customer_id)
        .limit(limit)
    )


def find_by_name(conn: Connection, name: str, limit: int) -> list[int]:
    """Customers whose name contains ``name``; exact full-name matches come first."""
    exact = (
        conn.execute(select(Customer.id).where(Customer.name == name).order_by(Customer.id).limit(limit))
        .scalars()
        .all()
    )
    ids = dict.fromkeys(exact)
    if len(ids) < limit:
        for cid in conn.execute(name_query(name, limit)).scalars():
            ids.setdefault(cid)
            if len(ids) >= limit:
                break
    return list(ids)


def find_by_pinyin(conn: Connection, letters: str, limit: int) -> list[int]:
    """Customers whose full pinyin or pinyin initials start with ``letters``.

    Full-pinyin matches come first, then initials; each in index order so the scan stops at ``limit``.
    """
    ids: dict[int, None] = {}
    for kind in (TOKEN_PINYIN, TOKEN_INITIALS):
        stmt = (
            select(SearchToken.customer_id)
            .where(
                SearchToken.kind == kind,
                SearchToken.token >= letters,
                SearchToken.token < letters + PREFIX_END,
            )
            .order_by(SearchToken.token, SearchToken.customer_id)
            .limit(limit)
        )
        for cid in conn.execute(stmt).scalars():
            ids.setdefault(cid)
        if len(ids) >= limit:
            break
    return list(ids)[:limit]


def existing_ids(conn: Connection, ids: Sequence[int]) -> set[int]:
    """The subset of ``ids`` that are customers."""
    if not ids:
        return set()
    return set(conn.execute(select(Customer.id).where(Customer.id.in_(list(ids)))).scalars())


__all__ = [
    "find_by_account",
    "find_by_cif",
    "find_by_email",
    "find_by_id_number",
    "find_by_id_tail",
    "find_by_name",
    "find_by_phone",
    "find_by_pinyin",
    "name_query",
]
