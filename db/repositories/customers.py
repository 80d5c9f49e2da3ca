"""Finding customers by every identifier they are known by.

Each finder returns customer ids in a stable order and stops at ``limit``: callers ask for
one more than they show to learn whether the list was cut.  Every statement is an index
lookup or an index range scan; none reads the customer table in full.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Select, func, select, text

from db.models import Customer, CustomerEmail, CustomerPhone, Holding, SearchToken
from db.models.customer import NAME_TOKEN_MAX, TOKEN_INITIALS, TOKEN_NAME, TOKEN_PINYIN
from db.pii import account_key, email_key, id_number_key, id_tail, lookup_key, phone_key
from db.search_keys import PREFIX_END

PHONE_LIMIT = 50


def phone_owners_sql(placeholder: str, *, peppered: bool) -> str:
    """The one phone-to-customer match, as SQL: (customer_id, vip_level) of every customer with the number.

    ``placeholder`` is the driver's for the number's pre-key (:func:`db.pii.phone_key`; ``?`` for SQLite, ``%s`` or
    ``%(key)s`` for psycopg): the search, caller identification and the gateway's one-statement call write all run
    this text.  It matches the key, not the number: desktops may not read the number itself (migration 0011).
    On PostgreSQL (``peppered``) the stored key is the server's peppered one, so the pre-key goes through
    ``cd_pii_key`` (computed once for the statement; the index is used).
    """
    wanted = f"cd_pii_key({placeholder})" if peppered else placeholder
    return (
        f"SELECT p.customer_id, c.vip_level FROM {CustomerPhone.__tablename__} p "
        f"JOIN {Customer.__tablename__} c ON c.id = p.customer_id "
        f"WHERE p.e164_key = {wanted} ORDER BY p.customer_id LIMIT {PHONE_LIMIT}"
    )


# The lookup runs for every incoming call and every search by number: it goes straight to the driver, which
# costs a few microseconds instead of the tens that statement compilation and result processing would add.
_PLACEHOLDERS = {"sqlite": "?", "postgresql": "%s"}
_BY_PHONE_SQL = {
    dialect: phone_owners_sql(mark, peppered=dialect == "postgresql") for dialect, mark in _PLACEHOLDERS.items()
}


def phone_owners(conn: Connection, e164: str) -> list[tuple[int, int]]:
    """(customer id, VIP level) of the customers who have this exact E.164 number (several for a shared line)."""
    sql = _BY_PHONE_SQL.get(conn.dialect.name)
    key = phone_key(e164)
    if sql is None:
        generic = text(phone_owners_sql(":key", peppered=False))
        rows = [tuple(r) for r in conn.execute(generic, {"key": key})]
    else:
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, (key,))
            rows = [tuple(r) for r in cursor.fetchall()]
        finally:
            cursor.close()
    return [(int(customer_id), int(vip or 0)) for customer_id, vip in rows]


def find_by_phone(conn: Connection, e164: str) -> list[int]:
    """Customers who have this exact E.164 number (several for a shared household line)."""
    return list(dict.fromkeys(customer_id for customer_id, _vip in phone_owners(conn, e164)))


def find_by_cif(conn: Connection, cif_no: str) -> list[int]:
    """The customer with this CIF number, if any."""
    return list(conn.execute(select(Customer.id).where(Customer.cif_no == cif_no)).scalars())


def find_by_id_number(conn: Connection, id_number: str, limit: int) -> list[int]:
    """Customers with exactly this ID number."""
    stmt = (
        select(Customer.id)
        .where(Customer.id_number_key == lookup_key(conn, id_number_key(id_number)))
        .order_by(Customer.id)
        .limit(limit)
    )
    return list(conn.execute(stmt).scalars())


def find_by_id_tail(conn: Connection, tail: str, limit: int) -> list[int]:
    """Customers whose ID number ends with ``tail`` (4–6 characters: a prefix range over the reversed tail)."""
    rev = id_tail(tail)
    stmt = (
        select(Customer.id)
        .where(Customer.id_tail >= rev, Customer.id_tail < rev + PREFIX_END)
        .order_by(Customer.id_tail)
        .limit(limit)
    )
    return list(conn.execute(stmt).scalars())


def find_by_account(conn: Connection, account_no: str, limit: int) -> list[int]:
    """Holders of an account or card number."""
    stmt = (
        select(Holding.customer_id).where(Holding.account_key == lookup_key(conn, account_key(account_no))).limit(limit)
    )
    return list(dict.fromkeys(conn.execute(stmt).scalars()))


def find_by_email(conn: Connection, address: str, limit: int) -> list[int]:
    """Customers with this e-mail address (case-insensitive: addresses are stored lower-case)."""
    stmt = (
        select(CustomerEmail.customer_id)
        .where(CustomerEmail.address_key == lookup_key(conn, email_key(address)))
        .limit(limit)
    )
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
