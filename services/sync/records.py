"""Saving a person's edit of a record: version-checked, announced on the change feed, conflicts as three-way.

``RecordEditor.save(principal, entity, record_id, base_version, original, mine)`` writes the fields the person
changed if the record is still at ``base_version``.  Otherwise nothing is written and the outcome carries a
:class:`~.conflicts.ThreeWay` (original / mine / theirs per field) for the conflict dialog; the person's
choices go back through :meth:`RecordEditor.resolve`, which saves against the version they compared with
(and, should yet another save have come in between, asks again).

With ``auto_merge=True`` (journal replay after an outage) an edit whose fields nobody else touched is
applied on top of the newer version without asking; overlapping changes still wait for the person.

Entities are adapters (:class:`EntityAdapter`): customers are built in; tickets go through the ticket
service's own rules (:class:`TicketDetailsAdapter`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from sqlalchemy import Connection, Engine

from db import feed
from db.models import Customer, Ticket
from db.repositories.customer_write import refresh_search_keys
from db.repositories.versioning import StaleVersion, guarded_update, load_row
from db.write import write_txn
from services.audit import AuditTrail
from services.auth_errors import BilingualError
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


class CustomerAdapter:
    """Customer master data a desk may correct (``customer.edit``, within the principal's scope)."""

    entity: str = "customer"
    fields: tuple[str, ...] = (
        "name",
        "occupation",
        "preferred_language",
        "preferred_channel",
        "segment",
        "lifecycle_stage",
    )
    lengths: ClassVar[dict[str, int]] = {
        "name": 64,
        "occupation": 64,
        "preferred_language": 8,
        "preferred_channel": 16,
        "segment": 24,
    }
    required = ("name", "preferred_language", "preferred_channel", "segment", "lifecycle_stage")

    def __init__(self, audit: AuditTrail) -> None:
        self._audit = audit

    def load(self, conn: Connection, principal: Principal, record_id: int) -> dict[str, Any] | None:
        require_customer(conn, principal, record_id, audit=self._audit)
        row = load_row(conn, Customer, record_id)
        return None if row is None else {k: row[k] for k in (*self.fields, "version")}

    def write(
        self, conn: Connection, principal: Principal, record_id: int, expected: int, changes: dict[str, Any]
    ) -> int:
        authorize(conn, principal, "customer.edit", audit=self._audit, entity="customer", entity_id=record_id)
        require_customer(conn, principal, record_id, audit=self._audit)
        self._check(changes)
        version = guarded_update(conn, Customer, record_id, expected, changes)
        if "name" in changes:
            row = load_row(conn, Customer, record_id)
            assert row is not None
            refresh_search_keys(conn, record_id, row["name"], row["id_number"])
        self._audit.record(conn, principal, "customer_edit", "customer", record_id, {"fields": sorted(changes)})
        feed.append(conn, "customer", record_id, "update", actor_id=principal.user_id, payload={"version": version})
        return version

    def _check(self, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if name not in self.fields:
                raise InvalidEdit(f"字段“{name}”不可修改。", f"The field {name!r} cannot be edited.")
            if name in self.required and (value is None or not str(value).strip()):
                raise InvalidEdit(f"字段“{name}”不能为空。", f"The field {name!r} cannot be empty.")
            if value is not None and len(str(value)) > self.lengths.get(name, 10_000):
                raise InvalidEdit(f"字段“{name}”过长。", f"The field {name!r} is too long.")


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
