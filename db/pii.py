"""The masked forms and search keys stored beside every raw identifier.

Desktops never read a raw ID, phone, e-mail or account number: on PostgreSQL their logins have no
SELECT privilege on those columns (migration 0011).  What they read instead is computed here, once,
when the value is written, and stored beside it:

* a **masked** form for display (the bank's default mask; see :mod:`services.mask_policy`);
* a **key** to find the value by: the first 32 hex digits of SHA-256 over the kind and the value, so an
  exact match is an index lookup.  On PostgreSQL the stored key is *peppered*: the server hashes this
  pre-key once more with a secret only the database owner can read (``pii_pepper``, migration 0011; a trigger
  does it on every write, :func:`lookup_key` on every search), so a key read from the table cannot be
  matched against a list of all possible phone or ID numbers by anyone without the secret;
* for ID numbers, the **tail**: the last 6 characters reversed, for "search by the last 4–6 digits".

Every writer (the services, the seed, the migration that introduced the columns) uses these functions,
so what is stored and what a search asks for always agree.
"""

from __future__ import annotations

import hashlib
from typing import Any

MASK = "*"
KEY_HEX = 32
ID_TAIL = 6


def pii_key(kind: str, value: str) -> str:
    """The search key of ``value`` (already normalised) of ``kind`` ("id", "phone", "email", "account")."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:KEY_HEX]


def mask_id_number(value: str | None) -> str:
    """First 3 and last 4 characters visible: ``110***********1234``."""
    if not value:
        return ""
    if len(value) <= 7:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def _national(e164: str) -> str:
    if e164.startswith("+86"):
        return e164[3:]
    return e164.lstrip("+")


def mask_phone(e164: str | None) -> str:
    """Mainland mobiles as ``138****5678``; landlines keep the area code: ``010-****1234``."""
    if not e164:
        return ""
    national = _national(e164)
    if e164.startswith("+861") and len(national) == 11:
        return national[:3] + MASK * 4 + national[-4:]
    if e164.startswith("+86"):
        area_len = 2 if national[:1] == "1" or national[:1] == "2" else 3
        return "0" + national[:area_len] + "-" + MASK * 4 + national[-4:]
    return e164[:4] + MASK * max(len(e164) - 8, 2) + e164[-4:]


def mask_account(value: str | None, *, card: bool = False) -> str:
    """Accounts show the last 4 digits; cards at most the 6-digit BIN and the last 4."""
    if not value:
        return ""
    main, dash, sub = value.partition("-")
    if dash:  # a sub-account such as a term deposit under a current account: 6222…1234-001
        return mask_account(main, card=card) + dash + sub
    if card and len(value) >= 14:
        return value[:6] + MASK * (len(value) - 10) + value[-4:]
    return MASK * 4 + " " + value[-4:]


def mask_email(value: str | None) -> str:
    """``z***@example.com``."""
    if not value or "@" not in value:
        return value or ""
    local, _, domain = value.partition("@")
    return (local[:1] + MASK * 3) + "@" + domain


def id_tail(id_number: str) -> str:
    """The last :data:`ID_TAIL` characters, upper-case and reversed (a prefix of it is a shorter tail)."""
    return id_number.upper()[-ID_TAIL:][::-1]


def id_number_columns(id_number: str) -> dict[str, Any]:
    """Every stored column of a customer's ID number."""
    value = id_number.strip().upper()
    return {
        "id_number": value,
        "id_number_masked": mask_id_number(value),
        "id_number_key": pii_key("id", value),
        "id_tail": id_tail(value),
    }


def phone_columns(e164: str) -> dict[str, Any]:
    """Every stored column of a customer's phone number (E.164)."""
    return {"e164": e164, "e164_masked": mask_phone(e164), "e164_key": pii_key("phone", e164)}


def email_columns(address: str) -> dict[str, Any]:
    """Every stored column of an e-mail address (kept lower-case)."""
    value = address.strip().lower()
    return {"address": value, "address_masked": mask_email(value), "address_key": pii_key("email", value)}


CARD_KINDS = ("credit_card", "debit_card")


def account_columns(account_no: str, kind: str) -> dict[str, Any]:
    """Every stored column of an account or card number (``kind`` is the holding's product kind)."""
    return {
        "account_no": account_no,
        "account_masked": mask_account(account_no, card=kind in CARD_KINDS),
        "account_key": pii_key("account", account_no),
    }


# The key column of each table that the PostgreSQL server peppers (db.pg_security) and the seed writer's.
PEPPERED_KEYS = {
    "customer": "id_number_key",
    "customer_phone": "e164_key",
    "customer_email": "address_key",
    "product_holding": "account_key",
    "call": "from_key",
}


def peppered(pepper: str, prekey: str) -> str:
    """The stored key of ``prekey`` under ``pepper``: what PostgreSQL's ``cd_pii_key`` computes."""
    return hashlib.sha256(f"{pepper}{prekey}".encode()).hexdigest()[:KEY_HEX]


def lookup_key(conn: Any, prekey: str) -> Any:
    """What to compare a stored key column with: the pre-key on SQLite, the server's peppered key on PostgreSQL.

    ``conn`` is a SQLAlchemy connection (or anything with ``.dialect``).  On PostgreSQL the result is the SQL
    expression ``cd_pii_key(prekey)``: a STABLE function of a constant, computed once per statement, so the
    comparison still uses the column's index.
    """
    if conn.dialect.name == "postgresql":
        from sqlalchemy import String, func

        return func.cd_pii_key(prekey, type_=String)
    return prekey


def stored_key(conn: Any, prekey: str) -> str:
    """The key as a key column holds it: the pre-key on SQLite, the server's peppered key on PostgreSQL."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import select

        return str(conn.execute(select(lookup_key(conn, prekey))).scalar_one())
    return prekey


def stored_columns(conn: Any, columns: dict[str, Any]) -> dict[str, Any]:
    """A column builder's output (:func:`phone_columns` …) with its key as the database stores it."""
    out = dict(columns)
    for name in ("id_number_key", "e164_key", "address_key", "account_key", "from_key"):
        if out.get(name):
            out[name] = stored_key(conn, out[name])
    return out


def phone_key(e164: str) -> str:
    return pii_key("phone", e164)


def id_number_key(id_number: str) -> str:
    return pii_key("id", id_number.strip().upper())


def email_key(address: str) -> str:
    return pii_key("email", address.strip().lower())


def account_key(account_no: str) -> str:
    return pii_key("account", account_no)
