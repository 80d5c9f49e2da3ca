"""``TicketService``: the complaint API for the desktop, one database transaction per call.

The Qt layer calls these methods on its database worker (never on the GUI thread) and shows
:class:`~.errors.TicketError` messages as they are (``exc.message(language)``).  Each write method takes the
``version`` the user saw and returns the new one; a :class:`~.errors.ConflictError` means "reload and
retry".  Functions in the modules below take a ``Connection`` instead, for callers that compose several
steps in one transaction (the gateway, tests, benchmarks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from db.write import write_txn
from services.permissions import Principal, ticket_scope

from . import (
    alerts,
    attachments,
    desk,
    directory,
    escalation,
    export,
    extension,
    intake,
    listing,
    notes,
    offline,
    queries,
    records,
    resolution,
    workflow,
)
from .calendar import sync_calendar
from .context import TicketEnv
from .rights import PERM_EXPORT, Actor, require

R = TypeVar("R")


class TicketService:
    """Complaint handling on one database (see the package docstring for the full API)."""

    def __init__(self, engine: Engine, env: TicketEnv) -> None:
        self.engine = engine
        self.env = env
        self._backfilled = False

    @classmethod
    def open(cls, engine: Engine, **env_options: Any) -> TicketService:
        """A service with a :class:`TicketEnv` loaded from the database (``TicketEnv.load`` options)."""
        with engine.connect() as conn:
            return cls(engine, TicketEnv.load(conn, **env_options))

    def _write(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        with write_txn(self.engine) as conn:
            return fn(conn, *args, **kwargs)

    def _read(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    # -- intake -----------------------------------------------------------------------------------------
    def prefill_from_call(self, call_id: int) -> intake.ComplaintInput:
        return self._read(intake.prefill_from_call, call_id)

    def prefill_for_customer(self, customer_id: int, channel: str = "branch_visit") -> intake.ComplaintInput:
        return self._read(intake.prefill_for_customer, customer_id, channel)

    def save_draft(self, actor: Actor, data: intake.ComplaintInput, draft_id: int | None = None) -> int:
        return self._write(intake.save_draft, self.env, actor, data, draft_id)

    def open_drafts(self, user_id: int | None) -> list[intake.DraftInfo]:
        return self._read(intake.open_drafts, user_id)

    def discard_draft(self, actor: Actor, draft_id: int) -> None:
        self._write(intake.discard_draft, self.env, actor, draft_id)

    def submit_draft(self, actor: Actor, draft_id: int, *, merge_into: int | None = None) -> intake.Created:
        return self._write(intake.submit_draft, self.env, actor, draft_id, merge_into=merge_into)

    def create_complaint(
        self, actor: Actor, data: intake.ComplaintInput, *, merge_into: int | None = None
    ) -> intake.Created:
        return self._write(intake.create_complaint, self.env, actor, data, merge_into=merge_into)

    def find_repeats(
        self, customer_id: int | None, category: str, *, received_at: dt.datetime | None = None
    ) -> list[intake.RepeatCandidate]:
        return self._read(intake.find_repeats, self.env, customer_id, category, received_at=received_at)

    def merge(self, actor: Actor, ticket_id: int, version: int, into_id: int) -> int:
        return self._write(intake.merge, self.env, actor, ticket_id, version, into_id)

    # -- handling ---------------------------------------------------------------------------------------
    def transition(self, actor: Actor, ticket_id: int, version: int, target: str, note: str | None = None) -> int:
        return self._write(workflow.transition, self.env, actor, ticket_id, version, target, note)

    def comment(self, actor: Actor, ticket_id: int, body: str, *, customer_contact: bool = False) -> int:
        return self._write(workflow.comment, self.env, actor, ticket_id, body, customer_contact=customer_contact)

    def assign(
        self, actor: Actor, ticket_id: int, version: int, *, assignee_id: int | None, team_id: int | None = None
    ) -> int:
        return self._write(
            workflow.assign, self.env, actor, ticket_id, version, assignee_id=assignee_id, team_id=team_id
        )

    def take(self, actor: Actor, ticket_id: int, version: int) -> int:
        return self._write(workflow.take, self.env, actor, ticket_id, version)

    def update_details(self, actor: Actor, ticket_id: int, version: int, **changes: Any) -> int:
        return self._write(workflow.update_details, self.env, actor, ticket_id, version, **changes)

    def reopen(self, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
        return self._write(workflow.reopen, self.env, actor, ticket_id, version, reason)

    def mark_complex(self, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
        return self._write(extension.mark_complex, self.env, actor, ticket_id, version, reason)

    def request_extension(self, actor: Actor, ticket_id: int, version: int, reason: str) -> int:
        return self._write(extension.request_extension, self.env, actor, ticket_id, version, reason)

    def decide_extension(self, actor: Actor, ticket_id: int, version: int, *, approve: bool, note: str) -> int:
        return self._write(extension.decide_extension, self.env, actor, ticket_id, version, approve=approve, note=note)

    def decide(
        self,
        actor: Actor,
        ticket_id: int,
        version: int,
        *,
        decision: str,
        outcome: str,
        compensation: Decimal | str | None = None,
    ) -> int:
        return self._write(
            resolution.decide,
            self.env,
            actor,
            ticket_id,
            version,
            decision=decision,
            outcome=outcome,
            compensation=compensation,
        )

    def close(self, actor: Actor, ticket_id: int, version: int, *, survey: bool = True) -> int:
        return self._write(resolution.close, self.env, actor, ticket_id, version, survey=survey)

    def record_survey_reply(
        self, actor: Actor, ticket_id: int, *, score: int | None = None, text: str | None = None
    ) -> int:
        return self._write(resolution.record_survey_reply, self.env, actor, ticket_id, score=score, text=text)

    # -- attachments ------------------------------------------------------------------------------------
    def add_attachment(self, actor: Actor, ticket_id: int, filename: str, data: bytes) -> int:
        return self._write(attachments.add_attachment, self.env, actor, ticket_id, filename, data)

    def add_attachment_file(self, actor: Actor, ticket_id: int, path: Path) -> int:
        """Read (size-checked first) and attach a file from disk."""
        data = attachments.read_upload(path, self.env.config.attachment_max_bytes)
        return self.add_attachment(actor, ticket_id, path.name, data)

    def list_attachments(self, ticket_id: int) -> list[attachments.AttachmentInfo]:
        return self._read(attachments.list_attachments, ticket_id)

    def open_attachment(self, attachment_id: int) -> tuple[attachments.AttachmentInfo, bytes]:
        return self._read(attachments.open_attachment, attachment_id)

    # -- views ------------------------------------------------------------------------------------------
    def at_risk(self, *, team_id: int | None = None, limit: int = 100, **kw: Any) -> list[queries.TicketRow]:
        return self._read(queries.at_risk, self.env.now(), team_id=team_id, limit=limit, **kw)

    def breached(self, *, team_id: int | None = None, limit: int = 100) -> list[queries.TicketRow]:
        return self._read(queries.breached, self.env.now(), team_id=team_id, limit=limit)

    def my_tickets(self, user_id: int, *, include_closed: bool = False) -> list[queries.TicketRow]:
        return self._read(queries.my_tickets, user_id, self.env.now(), include_closed=include_closed)

    def team_queue(self, team_id: int, *, unassigned_only: bool = False) -> list[queries.TicketRow]:
        return self._read(queries.team_queue, team_id, self.env.now(), unassigned_only=unassigned_only)

    def customer_tickets(self, customer_id: int) -> list[queries.TicketRow]:
        return self._read(queries.customer_tickets, customer_id, self.env.now())

    def run_filter(self, criteria: dict[str, Any], *, user_id: int | None, limit: int = 200) -> list[queries.TicketRow]:
        return self._read(queries.run_filter, criteria, user_id=user_id, now=self.env.now(), limit=limit)

    def save_filter(self, owner_id: int, name: str, criteria: dict[str, Any], *, shared: bool = False) -> int:
        return self._write(queries.save_filter, owner_id, name, criteria, shared=shared)

    def list_filters(self, user_id: int) -> list[queries.SavedFilter]:
        return self._read(queries.list_filters, user_id)

    def delete_filter(self, user_id: int, filter_id: int) -> None:
        self._write(queries.delete_filter, user_id, filter_id)

    def ticket_detail(self, ticket_id: int) -> queries.TicketDetail:
        return self._read(queries.ticket_detail, ticket_id, self.env.now())

    def ticket_events(self, ticket_id: int) -> list[queries.EventRow]:
        return self._read(queries.ticket_events, ticket_id)

    def find_by_number(self, text: str) -> int | None:
        return self._read(queries.find_by_number, text)

    def escalations_for(self, user_id: int, *, include_acknowledged: bool = False) -> list[escalation.Escalation]:
        return self._read(escalation.escalations_for, user_id, include_acknowledged=include_acknowledged)

    def acknowledge_escalation(self, actor: Actor, escalation_id: int) -> None:
        self._write(escalation.acknowledge, self.env, actor, escalation_id)

    def alerts_for(self, user_id: int, *, limit: int = 50) -> list[alerts.TicketAlert]:
        """The user's newest warnings, breaches and escalations (:mod:`.alerts`), newest first."""
        return self._read(alerts.recent_for, user_id, limit=limit)

    # -- the desktop's ticket screens (scoped to the signed-in principal) ---------------------------------
    def list_page(
        self,
        principal: Principal,
        criteria: dict[str, Any],
        *,
        order: str = "deadline",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
        after: listing.Cursor | None = None,
    ) -> listing.Page:
        """One page of the principal's tickets (scoped and masked, see :mod:`.listing`); ``after`` is the
        previous page's ``cursor`` (keyset paging)."""
        return self._read(
            listing.list_page,
            principal,
            criteria,
            now=self.env.now(),
            order=order,
            descending=descending,
            offset=offset,
            limit=limit,
            after=after,
            tz=self.env.config.timezone,
        )

    def ticket_view(self, principal: Principal, ticket_id: int) -> desk.TicketView:
        """The ticket panel's content; refused (audited) for a ticket outside the principal's view."""
        return self._read(desk.ticket_view, self.env, principal, ticket_id)

    def assignees(self, principal: Principal) -> list[directory.Person]:
        return self._read(directory.assignees, principal)

    def find_staff(self, text: str, *, limit: int = 20) -> list[directory.Person]:
        return self._read(directory.find_staff, text, limit=limit)

    def branches(self) -> list[directory.Place]:
        return self._read(directory.branches)

    def user_names(self, user_ids: Iterable[int | None]) -> dict[int, str]:
        return self._read(directory.names, list(user_ids))

    def customer_brief(self, customer_id: int) -> directory.CustomerBrief | None:
        return self._read(directory.customer_brief, customer_id)

    def escalate(self, actor: Actor, ticket_id: int, reason: str) -> list[int]:
        return self._write(desk.escalate, self.env, actor, ticket_id, reason)

    def decision_preview(
        self, ticket_id: int, *, decision: str, outcome: str, compensation: Decimal | str | None = None
    ) -> str:
        return self._read(
            desk.decision_preview, self.env, ticket_id, decision=decision, outcome=outcome, compensation=compensation
        )

    def note_draft(self, actor: Actor, ticket_id: int, kind: str = "note") -> notes.NoteDraft | None:
        return self._read(notes.load_note_draft, actor, ticket_id, kind)

    def save_note_draft(
        self, actor: Actor, ticket_id: int, kind: str, payload: dict[str, Any], draft_id: int | None = None
    ) -> int:
        return self._write(notes.save_note_draft, self.env, actor, ticket_id, kind, payload, draft_id)

    def keep_journalled_draft(self, actor: Actor, journal_kind: str, payload: dict[str, Any]) -> int:
        """Save a note or decision kept in the local journal as the shared draft (:func:`.offline.keep_draft`)."""
        return self._write(offline.keep_draft, self.env, actor, journal_kind, payload)

    def discard_note_draft(self, actor: Actor, draft_id: int) -> None:
        self._write(notes.discard_note_draft, self.env, actor, draft_id)

    def post_note(self, actor: Actor, ticket_id: int, body: str, *, customer_contact: bool = False) -> int:
        """:meth:`comment`, closing the actor's note draft on the ticket in the same transaction."""
        return self._write(notes.post_note, self.env, actor, ticket_id, body, customer_contact=customer_contact)

    def resolve(
        self,
        actor: Actor,
        ticket_id: int,
        version: int,
        *,
        decision: str,
        outcome: str,
        compensation: Decimal | str | None = None,
    ) -> int:
        """:meth:`decide`, closing the actor's decision draft on the ticket in the same transaction."""
        return self._write(
            notes.resolve,
            self.env,
            actor,
            ticket_id,
            version,
            decision=decision,
            outcome=outcome,
            compensation=compensation,
        )

    # -- export -----------------------------------------------------------------------------------------
    def export(self, actor: Actor, criteria: dict[str, Any], path: Path, *, language: str = "zh_CN") -> int:
        """Export the filter's tickets, masked, to ``path`` (``.xlsx`` or ``.csv``); returns the row count.

        Needs ``customer.export``; the export is recorded in the audit trail (format and criteria, no data).
        A signed-in principal exports only the tickets they may see (``permissions.ticket_scope``).
        """
        with self.engine.connect() as conn:
            require(conn, actor, PERM_EXPORT, audit=self.env.audit, entity_id=None)
            rows = export.export_rows(
                conn,
                criteria,
                user_id=actor.user_id,
                now=self.env.now(),
                taxonomy=self.env.taxonomy,
                language=language,
                tz=self.env.config.timezone,
                scope=ticket_scope(actor) if isinstance(actor, Principal) else None,
            )
            write = export.write_xlsx if path.suffix.lower() == ".xlsx" else export.write_csv
            count = write(rows, path)
        if isinstance(actor, Principal) and self.env.audit is not None:
            detail = {"what": "tickets", "rows": count, "format": path.suffix.lower().lstrip("."), "criteria": criteria}
            self.env.audit.append(self.engine, actor, "export", "ticket", None, detail)
        return count

    # -- housekeeping -----------------------------------------------------------------------------------
    def scan(self, now: dt.datetime | None = None, *, batch: int = escalation.BATCH) -> escalation.ScanReport:
        """Run the escalation scan to the end, one transaction per batch.

        The first scan of a service also adds clock rows for tickets written without them.
        """
        if not self._backfilled:
            self.backfill_clocks()
            self._backfilled = True
        total = escalation.ScanReport()
        for _ in range(10_000):
            with write_txn(self.engine) as conn:
                report = escalation.scan(conn, self.env, now, limit=batch)
            total.add(report)
            if report.examined < batch:
                break
        return total

    def sync_calendar(self, years: Iterable[int]) -> int:
        """Store the holidays of ``years`` from chinese_calendar and reload the calendar."""
        changed = self._write(sync_calendar, list(years))
        self._read(self.env.reload_calendar)
        return changed

    def backfill_clocks(self) -> int:
        """Add clock rows for tickets written without them (e.g. by the demo seed)."""
        return self._write(records.backfill_clocks)
