"""Saving a person's edit of a record: version-checked, announced on the change feed, conflicts as three-way.

``RecordEditor.save(principal, entity, record_id, base_version, original, mine)`` writes the fields the person
changed if the record is still at ``base_version``.  Otherwise nothing is written and the outcome carries a
:class:`~.conflicts.ThreeWay` (original / mine / theirs per field) for the conflict dialog; the person's
choices go back through :meth:`RecordEditor.resolve`, which saves against the version they compared with
(and, should yet another save have come in between, asks again).

With ``auto_merge=True`` (journal replay after an outage) an edit whose fields nobody else touched is
applied on top of the newer version without asking; overlapping changes still wait for the person.

Entities are adapters (:class:`EntityAdapter`): customers are built in; tickets go through the ticket
service's own rules (:class:`TicketDetailsAdapter`).  A customer's ID number, phone and e-mail are edited
without the raw values ever being read: the form holds their masks and keys (:func:`stored_value`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from sqlalchemy import Connection, Engine, insert, select, update

from db import feed
from db.models import Customer, CustomerEmail, CustomerPhone, Ticket
from db.pii import email_columns, phone_columns
from db.repositories.customer_write import refresh_search_keys
from db.repositories.versioning import StaleVersion, guarded_update, load_row
from db.write import write_txn
from services.audit import AuditTrail
from services.auth_errors import BilingualError
from services.identifiers import normalize_phone, valid_resident_id
from services.messaging.addresses import normalize_email
from services.messaging.errors import MessagingError
from services.permissions import Principal, authorize, require_customer

from .conflicts import Choice, ThreeWay, three_way

MAX_AUTO_MERGE_ROUNDS = 5


class RecordGone(BilingualError):
    """The record was deleted (or never existed)."""

    code = "record_gone"


class InvalidEdit(BilingualError):
    """A field that cannot be edited here, or a value it cannot take."""

    code = "invalid_edit"


class EntityAdapter(Protocol):
    """How one kind of record is read and written."""

    entity: str
    fields: tuple[str, ...]

    def load(self, conn: Connection, principal: Principal, record_id: int) -> dict[str, Any] | None:
        """The record's editable fields plus ``version``, or None if it does not exist."""

    def write(
        self, conn: Connection, principal: Principal, record_id: int, expected: int, changes: dict[str, Any]
    ) -> int:
        """Write ``changes`` if still at ``expected`` (raise StaleVersion otherwise); return the new version."""


STORED_MARK = "\x1f"
IDENTIFIERS = ("id_number", "phone", "email")
RESIDENT_ID_TYPES = ("resident_id", "id_card")


def stored_value(masked: str | None, key: str | None) -> str | None:
    """An identifier as the edit form holds it: its stored mask and search key (None when there is none).

    The raw value is never read (a desktop's login may not, migration 0011).  The mask is what the form
    shows; the key makes two stored values compare exactly, so a conflict is seen even when a change
    left the mask as it was (the hidden middle of an ID number).
    """
    if not key:
        return None
    return f"{masked or ''}{STORED_MARK}{key}"


def is_stored(value: Any) -> bool:
    """True for a :func:`stored_value` (a value as loaded), False for one the person typed."""
    return isinstance(value, str) and STORED_MARK in value


def shown(value: Any) -> Any:
    """What a form shows of a value: the mask of a stored identifier, anything else as it is."""
    return value.partition(STORED_MARK)[0] if is_stored(value) else value


class CustomerAdapter:
    """Customer master data a desk may correct (``customer.edit``, within the principal's scope).

    The ID number, the primary phone and the primary e-mail are loaded as :func:`stored_value` (mask and
    key, never the raw value).  Left alone they are never written back; a new value the person typed is
    checked and written raw with its mask and key (:mod:`db.pii`).  Every save, these included, goes through
    the customer's version: a lost update is refused and compared field by field, identifiers by their keys.
    """

    entity: str = "customer"
    fields: tuple[str, ...] = (
        "name",
        "occupation",
        "preferred_language",
        "preferred_channel",
        "segment",
        "lifecycle_stage",
        *IDENTIFIERS,
    )
    lengths: ClassVar[dict[str, int]] = {
        "name": 64,
        "occupation": 64,
        "preferred_language": 8,
        "preferred_channel": 16,
        "segment": 24,
        "id_number": 32,
        "phone": 32,
        "email": 254,
    }
    required = ("name", "preferred_language", "preferred_channel", "segment", "lifecycle_stage", *IDENTIFIERS)

    def __init__(self, audit: AuditTrail) -> None:
        self._audit = audit

    def load(self, conn: Connection, principal: Principal, record_id: int) -> dict[str, Any] | None:
        require_customer(conn, principal, record_id, audit=self._audit)
        return self._snapshot(conn, record_id)

    def _snapshot(self, conn: Connection, record_id: int) -> dict[str, Any] | None:
        """The form's fields and ``version`` as stored now (identifiers as mask and key)."""
        plain = [n for n in self.fields if n not in IDENTIFIERS]
        row = conn.execute(
            select(*(Customer.__table__.c[n] for n in plain), Customer.version, Customer.id_number_masked,
                   Customer.id_number_key).where(Customer.id == record_id)
        ).first()  # fmt: skip
        if row is None:
            return None
        out: dict[str, Any] = {n: row._mapping[n] for n in (*plain, "version")}
        out["id_number"] = stored_value(row.id_number_masked, row.id_number_key)
        phone = _primary_phone(conn, record_id)
        email = _primary_email(conn, record_id)
        out["phone"] = stored_value(phone.e164_masked, phone.e164_key) if phone is not None else None
        out["email"] = stored_value(email.address_masked, email.address_key) if email is not None else None
        return out

    def write(
        self, conn: Connection, principal: Principal, record_id: int, expected: int, changes: dict[str, Any]
    ) -> int:
        authorize(conn, principal, "customer.edit", audit=self._audit, entity="customer", entity_id=record_id)
        require_customer(conn, principal, record_id, audit=self._audit)
        clean = self._check(conn, record_id, changes)
        plain = {k: v for k, v in clean.items() if k not in IDENTIFIERS}
        try:
            # Also for identifiers alone: the customer's version guards them against a lost update.
            version = guarded_update(conn, Customer, record_id, expected, plain)
        except StaleVersion as stale:
            current = self._snapshot(conn, record_id) if stale.current is not None else None
            raise StaleVersion(stale.table, record_id, expected, current) from None
        if "name" in clean or "id_number" in clean:
            name = clean.get("name") or conn.execute(select(Customer.name).where(Customer.id == record_id)).scalar_one()
            refresh_search_keys(conn, record_id, name, id_number=clean.get("id_number"))
        if "phone" in clean:
            _write_phone(conn, record_id, clean["phone"])
        if "email" in clean:
            _write_email(conn, record_id, clean["email"])
        self._audit.record(conn, principal, "customer_edit", "customer", record_id, {"fields": sorted(changes)})
        feed.append(conn, "customer", record_id, "update", actor_id=principal.user_id, payload={"version": version})
        return version

    def _check(self, conn: Connection, record_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """The changes as they will be written (identifiers normalised); raises InvalidEdit."""
        out: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in self.fields:
                raise InvalidEdit(f"字段“{name}”不可修改。", f"The field {name!r} cannot be edited.")
            if name in IDENTIFIERS and is_stored(value):
                # A stored value other than the current one (the conflict dialog's "original"): only its mask
                # is known here, and a mask cannot be written back.
                raise InvalidEdit(
                    f"字段“{name}”的原值只能看到掩码，无法恢复；请重新输入完整内容。",
                    f"The earlier {name} is only known masked and cannot be restored: type it in full again.",
                )
            if name in self.required and (value is None or not str(value).strip()):
                raise InvalidEdit(f"字段“{name}”不能为空。", f"The field {name!r} cannot be empty.")
            if value is not None and len(str(value)) > self.lengths.get(name, 10_000):
                raise InvalidEdit(f"字段“{name}”过长。", f"The field {name!r} is too long.")
            if name in IDENTIFIERS:
                value = self._identifier(conn, record_id, name, value)
            out[name] = value
        return out

    def _identifier(self, conn: Connection, record_id: int, name: str, value: Any) -> str:
        text = str(value).strip()
        if name == "id_number":
            text = text.upper()
            id_type = conn.execute(select(Customer.id_type).where(Customer.id == record_id)).scalar()
            if id_type in RESIDENT_ID_TYPES and not valid_resident_id(text):
                raise InvalidEdit(
                    "身份证号码无效（18 位，校验位须正确）。",
                    "The resident ID number is not valid (18 characters, with a correct check character).",
                )
            if not text.isalnum():
                raise InvalidEdit("证件号码只能包含字母和数字。", "The ID number may contain only letters and digits.")
            return text
        if name == "phone":
            e164 = normalize_phone(text)
            if e164 is None:
                raise InvalidEdit(f"电话号码“{text}”无效。", f"The phone number {text!r} is not valid.")
            return e164
        try:
            return normalize_email(text).lower()
        except MessagingError as exc:
            raise InvalidEdit(exc.zh, exc.en) from None


def _primary_phone(conn: Connection, customer_id: int) -> Any:
    return conn.execute(
        select(CustomerPhone.id, CustomerPhone.e164_masked, CustomerPhone.e164_key)
        .where(CustomerPhone.customer_id == customer_id)
        .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
        .limit(1)
    ).first()


def _primary_email(conn: Connection, customer_id: int) -> Any:
    return conn.execute(
        select(CustomerEmail.id, CustomerEmail.address_masked, CustomerEmail.address_key)
        .where(CustomerEmail.customer_id == customer_id)
        .order_by(CustomerEmail.is_primary.desc(), CustomerEmail.id)
        .limit(1)
    ).first()


def _write_phone(conn: Connection, customer_id: int, e164: str) -> None:
    """The form's phone (the primary one) becomes ``e164``: raw, mask and key together."""
    columns = {**phone_columns(e164), "kind": "mobile" if e164.startswith("+861") and len(e164) == 14 else "landline"}
    current = _primary_phone(conn, customer_id)
    if current is None:
        conn.execute(insert(CustomerPhone).values(customer_id=customer_id, is_primary=True, verified=False, **columns))
    else:
        conn.execute(update(CustomerPhone).where(CustomerPhone.id == current.id).values(verified=False, **columns))


def _write_email(conn: Connection, customer_id: int, address: str) -> None:
    """The form's e-mail (the primary one) becomes ``address``: raw, mask and key together."""
    columns = email_columns(address)
    current = _primary_email(conn, customer_id)
    if current is None:
        conn.execute(insert(CustomerEmail).values(customer_id=customer_id, is_primary=True, **columns))
    else:
        conn.execute(update(CustomerEmail).where(CustomerEmail.id == current.id).values(**columns))


class TicketDetailsAdapter:
    """Ticket details through the ticket service's rules (status, taxonomy, events, feed)."""

    entity: str = "ticket"

    def __init__(self, env: Any) -> None:
        from services.tickets import workflow

        self._env = env
        self._lifecycle = workflow
        self.fields: tuple[str, ...] = tuple(workflow.EDITABLE_FIELDS)

    def load(self, conn: Connection, principal: Principal, record_id: int) -> dict[str, Any] | None:
        row = load_row(conn, Ticket, record_id)
        return None if row is None else {k: row[k] for k in (*self.fields, "version")}

    def write(
        self, conn: Connection, principal: Principal, record_id: int, expected: int, changes: dict[str, Any]
    ) -> int:
        from services.tickets.errors import ConflictError

        try:
            return int(self._lifecycle.update_details(conn, self._env, principal, record_id, expected, **changes))
        except ConflictError:
            raise StaleVersion("ticket", record_id, expected, load_row(conn, Ticket, record_id)) from None


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a save.

    Attributes:
        saved: True when the values are in the database.
        version: the record's version after the save (None when not saved).
        conflict: the three-way comparison when not saved (show the conflict dialog).
        merged: True when the save went on top of someone else's newer version without asking
            (``auto_merge``: their changes and mine touched different fields).
    """

    saved: bool
    version: int | None = None
    conflict: ThreeWay | None = None
    merged: bool = False


class RecordEditor:
    """Version-checked saves of editable records (synchronous; call it on a worker thread).

    Args:
        engine: the shared database.
        adapters: extra entity adapters (e.g. ``TicketDetailsAdapter(ticket_service.env)``).
        audit: the audit trail.
    """

    def __init__(self, engine: Engine, *adapters: EntityAdapter, audit: AuditTrail | None = None) -> None:
        self._engine = engine
        self._audit = audit or AuditTrail()
        self._adapters: dict[str, EntityAdapter] = {"customer": CustomerAdapter(self._audit)}
        for adapter in adapters:
            self._adapters[adapter.entity] = adapter

    def adapter(self, entity: str) -> EntityAdapter:
        try:
            return self._adapters[entity]
        except KeyError:
            raise InvalidEdit(f"“{entity}”不可编辑。", f"{entity!r} records cannot be edited here.") from None

    def load(self, principal: Principal, entity: str, record_id: int) -> dict[str, Any]:
        """The editable fields and ``version`` of a record (keep them as the edit's original)."""
        with self._engine.connect() as conn:
            row = self.adapter(entity).load(conn, principal, record_id)
        if row is None:
            raise RecordGone(f"记录 {record_id} 已不存在。", f"Record {record_id} no longer exists.")
        return row

    def save(
        self,
        principal: Principal,
        entity: str,
        record_id: int,
        base_version: int,
        original: Mapping[str, Any],
        mine: Mapping[str, Any],
        *,
        auto_merge: bool = False,
    ) -> SaveOutcome:
        """Save the fields of ``mine`` that differ from ``original`` if the record is still at ``base_version``.

        Returns:
            saved, or not saved with the three-way comparison (a conflict the person resolves).

        Raises:
            InvalidEdit, PermissionDenied: refused; nothing changed.
        """
        adapter = self.adapter(entity)
        names = [n for n in adapter.fields if n in mine or n in original]
        changes = {n: mine[n] for n in names if n in mine and mine[n] != original.get(n)}
        if not changes:
            return SaveOutcome(True, base_version)
        expected = base_version
        for _round in range(MAX_AUTO_MERGE_ROUNDS):
            try:
                with write_txn(self._engine) as conn:  # SQLite: the writer lock up front
                    return SaveOutcome(
                        True,
                        adapter.write(conn, principal, record_id, expected, changes),
                        merged=expected != base_version,
                    )
            except StaleVersion as stale:
                comparison = three_way(
                    entity,
                    record_id,
                    original=original,
                    mine=mine,
                    current=stale.current,
                    base_version=base_version,
                    names=names,
                )
            if not auto_merge or comparison.needs_choice:
                return SaveOutcome(False, conflict=comparison)
            changes = comparison.changes()
            assert comparison.current_version is not None
            expected = comparison.current_version
            if not changes:
                return SaveOutcome(True, expected, merged=True)
        return SaveOutcome(False, conflict=comparison)

    def resolve(self, principal: Principal, comparison: ThreeWay, choices: Mapping[str, Choice]) -> SaveOutcome:
        """Save the person's per-field choices against the version they compared with.

        Returns:
            saved; or, when the record moved on again meanwhile, a fresh comparison to show.
        """
        if comparison.deleted:
            raise RecordGone(
                f"记录 {comparison.entity_id} 已被删除。", f"Record {comparison.entity_id} was deleted meanwhile."
            )
        assert comparison.current_version is not None
        merged = comparison.merged(choices)
        theirs = {f.name: f.theirs for f in comparison.fields}
        outcome = self.save(
            principal, comparison.entity, comparison.entity_id, comparison.current_version, theirs, merged
        )
        if outcome.conflict is not None:
            original = {f.name: f.original for f in comparison.fields}
            fresh = three_way(
                comparison.entity,
                comparison.entity_id,
                original=original,
                mine=merged,
                current=self._current(principal, comparison),
                base_version=comparison.base_version,
                names=[f.name for f in comparison.fields],
            )
            return SaveOutcome(False, conflict=fresh)
        return outcome

    def _current(self, principal: Principal, comparison: ThreeWay) -> dict[str, Any] | None:
        with self._engine.connect() as conn:
            return self.adapter(comparison.entity).load(conn, principal, comparison.entity_id)
