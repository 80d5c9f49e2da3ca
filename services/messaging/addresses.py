"""Where a message to a customer goes: a mobile number for SMS, a valid e-mail address for e-mail."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Connection, select

from db.models import CustomerEmail, CustomerPhone

from .errors import InvalidInput

_CN_MOBILE = re.compile(r"^\+861[3-9]\d{9}$")
_CN_MOBILE_MASK = re.compile(r"^1[3-9]\d\*{4}\d{4}$")  # db.pii.mask_phone of a mainland mobile
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


@dataclass(frozen=True)
class Address:
    """Where a message to a customer goes: their phone or e-mail row and its stored mask.

    The address itself is not read here: desktops may not (migration 0011).  The outbox row names the
    phone or e-mail row, and the gateway's sender reads the address when it sends.
    """

    channel: str  # "sms" or "email"
    row_id: int  # customer_phone.id or customer_email.id
    masked: str  # e164_masked or address_masked, as screens show it

    @property
    def phone_id(self) -> int | None:
        return self.row_id if self.channel == "sms" else None

    @property
    def email_id(self) -> int | None:
        return self.row_id if self.channel == "email" else None


def sms_capable_mask(masked: str, kind: str) -> bool:
    """Whether a stored phone can receive SMS, judged from its mask and kind (the number is not read).

    A mainland mobile's mask keeps the first three digits (``138****5678``) and a landline's the area code
    (``010-****1234``), so mainland numbers are told apart as :func:`is_sms_capable` tells them; a number
    abroad (masked ``+447****1234``) is taken as a mobile when it is recorded as one.
    """
    if kind == "landline":
        return False
    if _CN_MOBILE_MASK.match(masked):
        return True
    return masked.startswith("+") and kind == "mobile"


def email_mask_usable(masked: str) -> bool:
    """Whether a stored e-mail address can be used, as far as its mask shows: the domain must be valid."""
    local, at, domain = masked.partition("@")
    if not (local and at and domain):
        return False
    try:
        validate_email("x@" + domain, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def sms_numbers(conn: Connection, customer_ids: Iterable[int]) -> dict[int, Address]:
    """The phone each customer gets SMS on: the primary mobile, else any mobile (none: absent)."""
    ids = list(customer_ids)
    best: dict[int, tuple[tuple[int, int, int], Address]] = {}
    for start in range(0, len(ids), 5000):
        rows = conn.execute(
            select(
                CustomerPhone.customer_id,
                CustomerPhone.e164_masked,
                CustomerPhone.kind,
                CustomerPhone.is_primary,
                CustomerPhone.id,
            ).where(CustomerPhone.customer_id.in_(ids[start : start + 5000]))
        )
        for cid, masked, kind, primary, pid in rows:
            if not sms_capable_mask(masked or "", kind):
                continue
            rank = (0 if primary else 1, 0 if kind == "mobile" else 1, int(pid))
            if cid not in best or rank < best[cid][0]:
                best[int(cid)] = (rank, Address("sms", int(pid), masked))
    return {cid: found for cid, (_, found) in best.items()}


def email_addresses(conn: Connection, customer_ids: Iterable[int]) -> dict[int, Address]:
    """The e-mail row each customer gets e-mail at: the primary one first (none usable: absent)."""
    ids = list(customer_ids)
    best: dict[int, tuple[tuple[int, int], Address]] = {}
    for start in range(0, len(ids), 5000):
        rows = conn.execute(
            select(
                CustomerEmail.customer_id, CustomerEmail.address_masked, CustomerEmail.is_primary, CustomerEmail.id
            ).where(CustomerEmail.customer_id.in_(ids[start : start + 5000]))
        )
        for cid, masked, primary, eid in rows:
            if not email_mask_usable(masked or ""):
                continue
            rank = (0 if primary else 1, int(eid))
            if cid not in best or rank < best[cid][0]:
                best[int(cid)] = (rank, Address("email", int(eid), masked))
    return {cid: found for cid, (_, found) in best.items()}


def addresses(conn: Connection, channel: str, customer_ids: Iterable[int]) -> dict[int, Address]:
    """Where each customer gets messages on ``channel`` ("sms" or "email")."""
    return sms_numbers(conn, customer_ids) if channel == "sms" else email_addresses(conn, customer_ids)
