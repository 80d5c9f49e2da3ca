"""Where a message to a customer goes: a mobile number for SMS, a valid e-mail address for e-mail."""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Connection, select

from db.models import CustomerEmail, CustomerPhone

from .errors import InvalidInput

_CN_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")
_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def is_sms_capable(e164: str) -> bool:
    """A number that can receive SMS: a mobile (mainland numbers by pattern, others by numbering plan)."""
    if _CN_MOBILE.match(e164):
        return True
    if e164.startswith("+86"):
        return False
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _MOBILE_TYPES


def normalize_email(address: str) -> str:
    """The address in normal form.

    Raises:
        InvalidInput: not a valid e-mail address (the message says why).
    """
    try:
        return str(validate_email(address.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise InvalidInput(
            f"电子邮件地址“{address}”无效：{exc}", f"The e-mail address {address!r} is invalid: {exc}"
        ) from None


def sms_numbers(conn: Connection, customer_ids: Iterable[int]) -> dict[int, str]:
    """The number each customer gets SMS on: the primary mobile, else any mobile (none: absent)."""
    ids = list(customer_ids)
    best: dict[int, tuple[tuple[int, int, int], str]] = {}
    for start in range(0, len(ids), 5000):
        rows = conn.execute(
            select(
                CustomerPhone.customer_id,
                CustomerPhone.e164,
                CustomerPhone.kind,
                CustomerPhone.is_primary,
                CustomerPhone.id,
            ).where(CustomerPhone.customer_id.in_(ids[start : start + 5000]))
        )
        for cid, e164, kind, primary, pid in rows:
            if kind == "landline" or not is_sms_capable(e164):
                continue
            rank = (0 if primary else 1, 0 if kind == "mobile" else 1, int(pid))
            if cid not in best or rank < best[cid][0]:
                best[int(cid)] = (rank, e164)
    return {cid: e164 for cid, (_, e164) in best.items()}


def email_addresses(conn: Connection, customer_ids: Iterable[int]) -> dict[int, str]:
    """The valid address each customer gets e-mail at: the primary one first (none: absent)."""
    ids = list(customer_ids)
    best: dict[int, tuple[tuple[int, int], str]] = {}
    for start in range(0, len(ids), 5000):
        rows = conn.execute(
            select(CustomerEmail.customer_id, CustomerEmail.address, CustomerEmail.is_primary, CustomerEmail.id).where(
                CustomerEmail.customer_id.in_(ids[start : start + 5000])
            )
        )
        for cid, address, primary, eid in rows:
            try:
                normal = normalize_email(address)
            except InvalidInput:
                continue
            rank = (0 if primary else 1, int(eid))
            if cid not in best or rank < best[cid][0]:
                best[int(cid)] = (rank, normal)
    return {cid: a for cid, (_, a) in best.items()}


def addresses(conn: Connection, channel: str, customer_ids: Iterable[int]) -> dict[int, str]:
    """Addresses for ``channel`` ("sms" or "email") by customer."""
    return sms_numbers(conn, customer_ids) if channel == "sms" else email_addresses(conn, customer_ids)
