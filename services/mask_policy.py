"""Which mask each field gets for each role (as data), and the audited, time-limited "reveal".

Screens never see a raw identifier: what they read is the masked form stored beside it (:mod:`db.pii`
computes it when the value is written) — ``id_number_masked``, ``e164_masked``, ``address_masked``,
``account_masked`` — and, for an address, the row's province, city and district (the street is not readable).
:meth:`MaskPolicy.apply` takes that stored form.  A field's default pattern shows it as it is stored (the
bank's rule: ID numbers first 3 + last 4, mobiles ``138****5678``, accounts last 4, cards BIN + last 4 at
most and last 4 by default, addresses to district level, e-mail local parts hidden).  A deployment may
configure other patterns per field and role, but a pattern only ever hides more of the stored mask: one that
would need the raw value (``full``, or the BIN of an account whose stored mask has none) is refused when the
policy is built.  The full value is shown only by :class:`RevealService`, audited and for a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from db.models import Customer, CustomerAddress, CustomerEmail, CustomerPhone, Holding
from db.models.base import utcnow
from db.write import write_txn

from .audit import AuditTrail
from .auth_errors import BilingualError
from .dblogin import is_staff_login
from .masking import MASK, mask_account, mask_id_number
from .permissions import PermissionDenied, Principal, authorize, require_customer

FIELDS = ("id_number", "phone", "email", "address", "account", "card")
CARD_KINDS = ("credit_card", "debit_card")
INSUFFICIENT_PRIVILEGE = "42501"

DEFAULT_PATTERNS: Mapping[str, Mapping[str, str]] = {
    "id_number": {"*": "first3_last4"},
    "phone": {"*": "phone"},
    "email": {"*": "email"},
    "address": {"*": "district"},
    "account": {"*": "last4"},
    "card": {"*": "last4"},
}
# The pattern whose result is the stored mask itself, per field (shown as stored).
STORED_PATTERN: Mapping[str, str] = {
    "id_number": "first3_last4",
    "phone": "phone",
    "email": "email",
    "address": "district",
    "account": "last4",
    "card": "bin_last4",
}

# reason code -> (Chinese label, English label); "other" needs an explanation.
REVEAL_REASONS: Mapping[str, tuple[str, str]] = {
    "identity_check": ("核实客户身份", "Verify the customer's identity"),
    "customer_request": ("客户本人要求", "At the customer's own request"),
    "transaction": ("办理业务需要", "Needed to carry out a transaction"),
    "complaint": ("处理投诉", "Handling a complaint"),
    "legal_request": ("司法或监管查询", "Court or regulator request"),
    "other": ("其他（请说明）", "Other (explain)"),
}
REASON_TEXT_MAX = 200
OTHER_TEXT_MIN = 4

_DISTRICT = re.compile(r"^(.{0,12}?(?:省|自治区|特别行政区))?(.{0,12}?(?:市|自治州|地区|盟))?(.{0,12}?(?:区|县|旗|市))")


def _keep(first: int, last: int) -> Callable[[str], str]:
    def mask(value: str) -> str:
        if len(value) <= first + last:
            return MASK * len(value)
        return value[:first] + MASK * (len(value) - first - last) + (value[-last:] if last else "")

    return mask


def _field(value: Any, name: str) -> str:
    if isinstance(value, Mapping):
        return str(value.get(name) or "")
    return str(getattr(value, name, "") or "")


def mask_address(value: Any) -> str:
    """Province, city and district kept, the rest hidden: ``北京市朝阳区****``.

    ``value`` is an address row (or mapping) with province/city/district, or one string.
    """
    if isinstance(value, str):
        found = _DISTRICT.match(value)
        return (found.group(0) if found else "") + MASK * 4
    parts = [_field(value, "province"), _field(value, "city"), _field(value, "district")]
    kept: list[str] = []
    for part in parts:
        if part and part not in kept:
            kept.append(part)
    return "".join(kept) + MASK * 4


def full_address(value: Any) -> str:
    """The whole address as one line (for a revealed value)."""
    if isinstance(value, str):
        return value
    parts = [_field(value, k) for k in ("province", "city", "district", "street")]
    kept: list[str] = []
    for part in parts:
        if part and part not in kept:
            kept.append(part)
    return "".join(kept)


def _as_stored(value: Any) -> str:
    return value if isinstance(value, str) else mask_address(value)


# Patterns any field may use: each works on the stored mask's text, so it can only hide more of it.
GENERIC: Mapping[str, Callable[[Any], str]] = {
    "hidden": lambda v: MASK * 6,
    "last4": lambda v: mask_account(_as_stored(v)),
    "first3_last4": lambda v: mask_id_number(_as_stored(v)),
}
_KEEP = re.compile(r"^keep:(\d{1,2}):(\d{1,2})$")
# Patterns that would need the raw value the screens never read.
NEEDS_RAW = frozenset({"full"})


def _masker(field: str, pattern: str) -> Callable[[Any], str]:
    if pattern in NEEDS_RAW or (pattern == "bin_last4" and field != "card"):
        raise ValueError(
            f"the mask pattern {pattern!r} for {field} would show more than the stored mask "
            f"({STORED_PATTERN[field]!r}); screens never read the full value: use a pattern that hides more, "
            "or the audited reveal"
        )
    if pattern == STORED_PATTERN[field]:
        return _as_stored  # the mask as the database stores it
    if pattern in GENERIC:
        return GENERIC[pattern]
    found = _KEEP.match(pattern)
    if found:
        keep = _keep(int(found.group(1)), int(found.group(2)))
        return lambda v: keep(_as_stored(v))
    if pattern in STORED_PATTERN.values():
        raise ValueError(f"the mask pattern {pattern!r} is for another field, not {field}")
    raise ValueError(f"unknown mask pattern {pattern!r} for {field}")


class MaskPolicy:
    """Masks per field and role, applied to the masked values the database stores.

    Args:
        overrides: ``{field: {role or "*": pattern}}`` merged over :data:`DEFAULT_PATTERNS`.
            Patterns: the field's own (first3_last4 for ID numbers, phone, email, district for addresses,
            last4 for accounts, bin_last4 for cards: the stored mask as it is), and for any field hidden,
            last4, first3_last4 and ``keep:A:B`` (the first A and last B characters of the stored mask).
            Validated here: a pattern that would show more than the stored mask raises ValueError.
    """

    def __init__(self, overrides: Mapping[str, Mapping[str, str]] | None = None) -> None:
        merged: dict[str, dict[str, str]] = {f: dict(p) for f, p in DEFAULT_PATTERNS.items()}
        for field, per_role in (overrides or {}).items():
            if field not in merged:
                raise ValueError(f"unknown masked field {field!r}; known: {', '.join(FIELDS)}")
            merged[field].update(per_role)
        self._maskers = {
            (field, role): _masker(field, pattern)
            for field, per_role in merged.items()
            for role, pattern in per_role.items()
        }
        self.patterns: Mapping[str, Mapping[str, str]] = merged

    def apply(self, field: str, value: Any, role: str) -> str:
        """The stored mask ``value`` of ``field`` as ``role`` should see it ("" for an empty value).

        ``value`` is the stored masked column (``id_number_masked``, ``e164_masked``, ``address_masked``,
        ``account_masked``); for an address, the row (or a mapping) with its province, city and district.
        """
        masker = self._maskers.get((field, role)) or self._maskers.get((field, "*"))
        if masker is None:
            raise ValueError(f"unknown masked field {field!r}")
        if value is None or value == "":
            return ""
        return masker(value)


class RevealRefused(BilingualError):
    """A reveal request without an acceptable reason, or for a value that does not exist."""

    code = "reveal_refused"


@dataclass(frozen=True)
class Revealed:
    """A value shown in full until ``expires_at`` (aware UTC); the UI masks it again then."""

    customer_id: int
    field: str
    value: str
    expires_at: dt.datetime
    audit_id: int

    def seconds_left(self, now: dt.datetime) -> float:
        return max(0.0, (self.expires_at - now).total_seconds())


def check_reason(reason_code: str, reason_text: str | None) -> str:
    """The cleaned free text; raises :class:`RevealRefused` for a missing or unknown reason."""
    text = " ".join((reason_text or "").split())[:REASON_TEXT_MAX]
    if reason_code not in REVEAL_REASONS:
        raise RevealRefused("请选择查看原因。", "Choose a reason for revealing.")
    if reason_code == "other" and len(text) < OTHER_TEXT_MIN:
        raise RevealRefused(
            f"选择“其他”时请填写原因（至少 {OTHER_TEXT_MIN} 个字）。",
            f"With 'Other', describe the reason (at least {OTHER_TEXT_MIN} characters).",
        )
    return text


class RevealService:
    """Shows one masked value in full: permission-gated, reasoned, audited, time-limited.

    Args:
        engine: the database.
        audit: the audit trail the reveal is recorded in (before the value is returned).
        seconds: how long the value stays revealed (Settings.reveal_seconds).
        clock: current time, injectable for tests.
    """

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        seconds: int = 60,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._engine = engine
        self._audit = audit
        self._seconds = seconds
        self._clock = clock

    def reveal(
        self,
        principal: Principal,
        customer_id: int,
        field: str,
        reason_code: str,
        reason_text: str | None = None,
        *,
        item_id: int | None = None,
    ) -> Revealed:
        """The full value of ``field`` of a customer, for :attr:`seconds`.

        Args:
            field: one of id_number, phone, email, address, account, card.
            reason_code: a key of :data:`REVEAL_REASONS`; ``other`` needs ``reason_text``.
            item_id: for phone, email, address, account and card, the row id (customer_phone,
                customer_email, customer_address, product_holding); default the primary/first one.

        The role and the scope are checked here first (refusals audited, with their bilingual messages).  On
        PostgreSQL, a member of staff's own login then asks the database (``cd_reveal``), which checks both
        again, writes the audit row and returns the value: that login cannot read raw columns.  SQLite and
        the owner login read the value and write the audit row here.

        Raises:
            PermissionDenied: role without ``customer.reveal`` or customer out of scope (audited), or the
                database refused (audited too).
            RevealRefused: no valid reason, or nothing to reveal.
        """
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r}")
        reason = check_reason(reason_code, reason_text)
        refused_by_database = False
        with write_txn(self._engine) as conn:
            authorize(conn, principal, "customer.reveal", audit=self._audit, entity="customer", entity_id=customer_id)
            require_customer(conn, principal, customer_id, audit=self._audit)
            expires = self._clock() + dt.timedelta(seconds=self._seconds)
            if is_staff_login(conn):
                try:
                    found = self._reveal_in_database(conn, principal, customer_id, field, item_id, reason_code, reason)
                except DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                        raise
                    refused_by_database = True
                    found = None
                if found is None and not refused_by_database:
                    raise RevealRefused("没有可显示的内容。", "There is nothing to reveal.")
            else:
                found = self._reveal_here(conn, principal, customer_id, field, item_id, reason_code, reason)
        if refused_by_database:
            # The database refused what the role table allows (a login of another role, or a customer out of
            # its scope): the refusal is recorded like any other, in a transaction of its own.
            self._audit.append(
                self._engine,
                principal,
                "permission_denied",
                "customer",
                customer_id,
                {"permission": "customer.reveal", "role": principal.role, "reason": "database"},
            )
            raise PermissionDenied("customer.reveal", principal.role)
        assert found is not None
        value, audit_id = found
        return Revealed(customer_id, field, value, expires, audit_id)

    def _reveal_in_database(
        self,
        conn: Any,
        principal: Principal,
        customer_id: int,
        field: str,
        item_id: int | None,
        reason_code: str,
        reason: str,
    ) -> tuple[str, int] | None:
        """``cd_reveal``: the database checks the right and the scope, writes the audit row, returns the value."""
        row = conn.execute(
            text(
                "SELECT item_id, value, audit_id "
                "FROM cd_reveal(:customer, :field, :item, :reason, :text, :seconds, :ws)"
            ),
            {
                "customer": customer_id,
                "field": field,
                "item": item_id,
                "reason": reason_code,
                "text": reason,
                "seconds": self._seconds,
                "ws": principal.workstation or self._audit.workstation or "",
            },
        ).first()
        if row is None or not row.value or row.audit_id is None:
            return None
        return str(row.value), int(row.audit_id)

    def _reveal_here(
        self,
        conn: Any,
        principal: Principal,
        customer_id: int,
        field: str,
        item_id: int | None,
        reason_code: str,
        reason: str,
    ) -> tuple[str, int]:
        """SQLite and the owner login: read the value, audit in the same transaction."""
        found = _lookup(conn, customer_id, field, item_id)
        if found is None:
            raise RevealRefused("没有可显示的内容。", "There is nothing to reveal.")
        row_id, value = found
        audit_id = self._audit.record(
            conn,
            principal,
            "reveal",
            "customer",
            customer_id,
            {"field": field, "item_id": row_id, "reason": reason_code, "reason_text": reason, "seconds": self._seconds},
        )
        return value, audit_id


def _lookup(conn: Any, customer_id: int, field: str, item_id: int | None) -> tuple[int | None, str] | None:
    """(row id, full value) of the field, or None when the customer has none (the owner's and SQLite's path)."""
    if field == "id_number":
        value = conn.execute(select(Customer.id_number).where(Customer.id == customer_id)).scalar()
        return (None, value) if value else None
    if field == "address":
        a = CustomerAddress
        addresses = select(a.id, a.province, a.city, a.district, a.street).where(a.customer_id == customer_id)
        if item_id is not None:
            addresses = addresses.where(a.id == item_id)
        found = conn.execute(addresses.order_by(a.id)).first()
        return (found.id, full_address(found)) if found else None
    query: Any
    if field == "phone":
        query = select(CustomerPhone.id, CustomerPhone.e164).where(CustomerPhone.customer_id == customer_id)
        query = query.order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        id_column: Any = CustomerPhone.id
    elif field == "email":
        query = select(CustomerEmail.id, CustomerEmail.address).where(CustomerEmail.customer_id == customer_id)
        query = query.order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        id_column = CustomerEmail.id
    else:  # account / card
        kinds = Holding.kind.in_(CARD_KINDS) if field == "card" else Holding.kind.not_in(CARD_KINDS)
        query = select(Holding.id, Holding.account_no).where(Holding.customer_id == customer_id, kinds)
        query = query.order_by(Holding.id)
        id_column = Holding.id
    if item_id is not None:
        query = query.where(id_column == item_id)
    row = conn.execute(query).first()
    if row is None:
        return None
    # A card number is never shown in full, even revealed: at most BIN and last 4 (PCI DSS).
    return (row[0], mask_account(row[1], card=True) if field == "card" else row[1])
