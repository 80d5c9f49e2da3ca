"""Check-in at reception: recognise the customer from what the lobby manager typed or the ID-card reader typed.

An ID number, phone or card number finds one customer.  Within the principal's scope (the branch, a customer
manager's portfolio) that is the full recognition card (:mod:`.recognition`).  A customer of another branch
still gets a minimal card — name, tier, their manager and branch — so they can be greeted and sent the right
way, and that look-up is written to the audit trail: on PostgreSQL by the database itself
(``cd_lobby_recognize``, :mod:`db.pg_lobby_security`), elsewhere here.  A name finds at most
:data:`NAME_LIMIT` candidates among the customers the principal may see.  Walk-ins without identification
need nothing from here: the screen issues a number with no customer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, select, text

from db.models import Customer, CustomerPhone, Holding
from db.models.base import utcnow
from db.pii import account_key, id_number_key, lookup_key, phone_key
from services.audit import AuditTrail
from services.dblogin import is_staff_login
from services.identifiers import parse_query, valid_resident_id
from services.mask_policy import MaskPolicy
from services.permissions import CUSTOMER_SCOPE, Principal, authorize, customer_scope, require_customer
from services.search import CustomerSearch

from .recognition import full_card, header_query, minimal_card
from .types import LobbyError, RecognitionCard

NAME_LIMIT = 20
AUDIT_ACTION = "lobby_recognize_other"
_RESIDENT_ID = re.compile(r"^(\d{17}[\dX]|\d{15})$")
_SEPARATORS = re.compile(r"[\s\-]")
# parse_query's kinds -> the look-up check-in does
_KINDS = {"id_number": "id", "phone": "phone", "account": "card", "name": "name", "pinyin": "name"}
_RECOGNIZE = text("SELECT * FROM cd_lobby_recognize(:kind, :prekey, :ws)")


@dataclass(frozen=True)
class CheckinResult:
    """What a check-in look-up found: one card for an identifier, candidates for a name, or none (``message``)."""

    kind: str  # id / phone / card / name
    cards: tuple[RecognitionCard, ...]
    message: str | None = None


def _not_found(kind: str, principal: Principal) -> str:
    zh = {
        "id": "未找到该证件号码的客户，可直接取号（无客户信息）。",
        "phone": "未找到使用该手机号的客户。",
        "card": "未找到该卡号或账号的客户。",
        "name": "没有找到您可查看的同名客户。",
    }[kind]
    en = {
        "id": "No customer has this ID number; a number can still be issued without a customer.",
        "phone": "No customer has this phone number.",
        "card": "No customer holds this card or account number.",
        "name": "No customer you may see has this name.",
    }[kind]
    return en if principal.locale.startswith("en") else zh


def read_input(raw: str) -> tuple[str, str]:
    """(look-up kind, value) of what was typed; refuses what cannot be looked up, saying why.

    An ID-card reader types the number and maybe Enter; people type spaces or dashes into long numbers.  An
    18-character number that fails the ID check is kind ``card18``: a card or account number, or else a
    misread ID number (refused by the caller when no card has it).
    """
    if raw is None or not raw.strip():
        raise LobbyError(
            "empty",
            "请输入证件号码、手机号、卡号或姓名。",
            "Type an ID number, a phone number, a card number or a name.",
        )
    compact = _SEPARATORS.sub("", raw).upper()
    if len(compact) == 18 and compact[:17].isdigit() and (compact[17].isdigit() or compact[17] == "X"):
        if valid_resident_id(compact):
            return "id", compact
        return ("card18", compact) if compact.isdigit() else ("bad_id", compact)
    parsed = parse_query(compact if _RESIDENT_ID.match(compact) else raw.strip())
    kind = _KINDS.get(parsed.kind)
    if kind is not None:
        return kind, parsed.value
    if parsed.message == "id_check_digit":
        return "bad_id", parsed.value
    if parsed.message == "bad_phone":
        raise LobbyError("bad_phone", "手机号码位数或格式不正确。", "That is not a valid phone number.")
    raise LobbyError(
        "unrecognised",
        "无法识别输入内容，请输入18位证件号码、手机号、卡号或客户姓名。",
        "Not recognised: type an 18-character ID number, a phone number, a card number or the customer's name.",
    )


def _bad_id() -> LobbyError:
    return LobbyError(
        "bad_id_check",
        "证件号码校验位不正确，请核对后重新输入或重新读卡。",
        "The ID number's check digit is wrong: check it and type it again, or read the card again.",
    )


def _prekey(kind: str, value: str) -> str:
    return {"id": id_number_key, "phone": phone_key, "card": account_key}[kind](value)


def _matching(conn: Connection, kind: str, value: str) -> ColumnElement[bool]:
    """The customer criterion for an identifier (an index look-up of its key)."""
    key = lookup_key(conn, _prekey(kind, value))
    if kind == "id":
        return Customer.id_number_key == key
    if kind == "phone":
        return Customer.id.in_(select(CustomerPhone.customer_id).where(CustomerPhone.e164_key == key))
    return Customer.id.in_(select(Holding.customer_id).where(Holding.account_key == key))


class CheckinService:
    """Recognition at reception (see the module)."""

    def __init__(
        self,
        engine: Engine,
        audit: AuditTrail,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        policy: MaskPolicy | None = None,
    ) -> None:
        self._engine = engine
        self._audit = audit
        self._clock = clock
        self._policy = policy or MaskPolicy()

    def find(self, principal: Principal, text: str) -> CheckinResult:
        """Recognise a customer by ID number, phone, card number or name (see the module)."""
        kind, value = read_input(text)
        if kind == "bad_id":
            raise _bad_id()
        if kind == "name":
            return self._by_name(principal, text)
        lookup = "card" if kind == "card18" else kind
        with self._engine.connect() as conn:
            authorize(conn, principal, "customer.view", audit=self._audit)
            scoped = CUSTOMER_SCOPE.get(principal.role) != "all"
            criterion = _matching(conn, lookup, value)
            if scoped:
                criterion = criterion & customer_scope(principal)
            card = full_card(conn, principal, criterion, self._clock(), self._policy)
            if card is None and scoped:
                card = self._recognize_other(conn, principal, lookup, value)
        if card is None:
            if kind == "card18":
                raise _bad_id()
            return CheckinResult(lookup, (), _not_found(lookup, principal))
        return CheckinResult(lookup, (card,))

    def card(self, principal: Principal, customer_id: int) -> RecognitionCard:
        """The full card of a customer within the principal's scope (PermissionDenied outside it)."""
        with self._engine.connect() as conn:
            authorize(conn, principal, "customer.view", audit=self._audit, entity="customer", entity_id=customer_id)
            require_customer(conn, principal, customer_id, audit=self._audit)
            card = full_card(conn, principal, Customer.id == customer_id, self._clock(), self._policy)
        assert card is not None  # require_customer found it
        return card

    # -- another branch's customer ---------------------------------------------------------------------------
    def _recognize_other(self, conn: Connection, principal: Principal, kind: str, value: str) -> RecognitionCard | None:
        """The minimal card of a customer outside the scope, audited."""
        if is_staff_login(conn):
            row = conn.execute(
                _RECOGNIZE,
                {
                    "kind": kind,
                    "prekey": _prekey(kind, value),
                    "ws": principal.workstation or self._audit.workstation or "",
                },
            ).first()
            conn.commit()  # the function's audit row
            if row is None:
                return None
            if row.in_scope:  # it came into scope since the first look-up: the full card after all
                return full_card(conn, principal, Customer.id == int(row.customer_id), self._clock(), self._policy)
            return _from_function(row)
        found = conn.execute(header_query(_matching(conn, kind, value)).order_by(Customer.id).limit(1)).first()
        conn.rollback()  # end the read before the audit write (SQLite has one writer)
        if found is None:
            return None
        self._audit.append(self._engine, principal, AUDIT_ACTION, "customer", int(found.id), {"kind": kind})
        card = minimal_card(found, principal, self._policy, in_scope=False)
        return RecognitionCard(**{**card.__dict__, "manager_id": None})

    # -- names -----------------------------------------------------------------------------------------------
    def _by_name(self, principal: Principal, typed: str) -> CheckinResult:
        with self._engine.connect() as conn:
            authorize(conn, principal, "customer.view", audit=self._audit)
        found = CustomerSearch(self._engine, cap=NAME_LIMIT, principal=principal, policy=self._policy).search(typed)
        if not found.ids:
            return CheckinResult("name", (), _not_found("name", principal))
        with self._engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(header_query(Customer.id.in_(found.ids)))}
        wanted = typed.strip()
        ordered = sorted(
            (rows[i] for i in found.ids if i in rows),
            key=lambda r: (r.name != wanted, -int(r.vip_level or 0)),
        )
        cards = tuple(minimal_card(r, principal, self._policy, in_scope=True) for r in ordered)
        return CheckinResult("name", cards)


def _from_function(row: Any) -> RecognitionCard:
    """A card from ``cd_lobby_recognize``'s row (the database's minimal card; it says whether it is in scope)."""
    return RecognitionCard(
        customer_id=int(row.customer_id),
        name=row.name,
        tier=row.tier,
        vip_level=int(row.vip_level or 0),
        manager_id=None,
        manager_name=row.manager_name,
        branch_id=int(row.branch_id),
        branch_name=row.branch_name,
        in_scope=bool(row.in_scope),
    )
