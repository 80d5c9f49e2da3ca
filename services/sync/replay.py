"""Replaying the journal when the database is back, through the same conflict rules as a live save.

``replay(journal, handlers)`` hands each pending entry whose kind has a handler to that handler:

* the handler returns normally (or True/None): saved — the entry is discarded (unless it was typed over
  meanwhile: then the newer text stays pending for the next round);
* it returns a :class:`~.conflicts.ThreeWay`: someone else changed the same fields — the entry waits in
  state ``conflict`` for the person (the report lists it; the conflict dialog resolves it);
* it raises a :class:`~services.auth_errors.BilingualError`: refused for good (e.g. the
  ticket was closed) — state ``refused`` with the message, for the person to see; nothing is lost;
* it raises anything else (the database is still away, a timeout): replay stops and is tried again later
  (:class:`~services.backoff.Backoff`); the entry stays pending.

Handlers for the standard kinds are built by the ``*_handler`` functions below.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.auth_errors import BilingualError
from services.permissions import Principal

from .conflicts import ThreeWay
from .journal import Entry, Journal

log = logging.getLogger(__name__)

Handler = Callable[[Any], Any]

# Kinds the desktop journals; those with a handler are replayed, the others are drafts to restore.
RECORD_EDIT = "record_edit"  # {"entity", "id", "base_version", "original": {...}, "mine": {...}}
CALL_NOTES = "call_notes"  # {"call_id", "text"}
WRAPUP_DRAFT = "wrapup_draft"  # {"agent_id", "call_id", "disposition", "notes", "follow_up_at", "follow_up_note"}
TICKET_REPLY = "ticket_reply"  # {"ticket_id", "body", "customer_contact"}: a reply the person sent while offline
TICKET_REPLY_DRAFT = "ticket_reply_draft"  # {"ticket_id", "body"}: still being typed (restored, not sent)


@dataclass
class ReplayReport:
    """What one replay did."""

    applied: list[Entry] = field(default_factory=list)
    conflicts: list[tuple[Entry, ThreeWay]] = field(default_factory=list)
    refused: list[tuple[Entry, BilingualError]] = field(default_factory=list)
    failed: Entry | None = None  # replay stopped here (transient failure): try again later
    error: BaseException | None = None

    @property
    def complete(self) -> bool:
        """True when nothing is left to retry (conflicts and refusals wait for the person)."""
        return self.failed is None


def replay(journal: Journal, handlers: Mapping[str, Handler]) -> ReplayReport:
    """Replay every pending entry that has a handler, oldest first (see the module docstring)."""
    report = ReplayReport()
    for entry in journal.pending():
        handler = handlers.get(entry.kind)
        if handler is None or entry.state != "pending":
            continue
        try:
            result = handler(entry.payload)
        except BilingualError as refused:
            journal.mark(entry.kind, entry.key, "refused", refused.message("en"), rev=entry.rev)
            report.refused.append((entry, refused))
            continue
        except Exception as exc:
            journal.mark(entry.kind, entry.key, "pending", f"{exc.__class__.__name__}: {exc}"[:500], rev=entry.rev)
            report.failed, report.error = entry, exc
            log.info("journal replay stopped at %s/%s: %r", entry.kind, entry.key, exc)
            return report
        if isinstance(result, ThreeWay):
            journal.mark(entry.kind, entry.key, "conflict", rev=entry.rev)
            report.conflicts.append((entry, result))
        else:
            journal.discard(entry.kind, entry.key, rev=entry.rev)
            report.applied.append(entry)
    return report


def record_edit_handler(editor: Any, principal: Principal) -> Handler:
    """Replays :data:`RECORD_EDIT` entries through :meth:`RecordEditor.save` with ``auto_merge``."""

    def handle(payload: dict[str, Any]) -> Any:
        outcome = editor.save(
            principal,
            payload["entity"],
            int(payload["id"]),
            int(payload["base_version"]),
            payload["original"],
            payload["mine"],
            auto_merge=True,
        )
        return outcome.conflict if outcome.conflict is not None else True

    return handle


def call_notes_handler(calls: Any) -> Handler:
    """Replays :data:`CALL_NOTES` through ``CallService.save_notes``."""

    def handle(payload: dict[str, Any]) -> Any:
        calls.save_notes(int(payload["call_id"]), str(payload["text"]))
        return True

    return handle


def wrapup_draft_handler(wrapup: Any) -> Handler:
    """Replays :data:`WRAPUP_DRAFT` through ``WrapupService.save_wrapup_draft``."""

    def handle(payload: dict[str, Any]) -> Any:
        values = dict(payload)
        agent_id, call_id = int(values.pop("agent_id")), int(values.pop("call_id"))
        wrapup.save_wrapup_draft(agent_id, call_id, **values)
        return True

    return handle


def ticket_reply_handler(tickets: Any, principal: Principal) -> Handler:
    """Replays :data:`TICKET_REPLY` through ``TicketService.comment`` (comments never conflict)."""

    def handle(payload: dict[str, Any]) -> Any:
        tickets.comment(
            principal,
            int(payload["ticket_id"]),
            str(payload["body"]),
            customer_contact=bool(payload.get("customer_contact")),
        )
        return True

    return handle


def standard_handlers(
    principal: Principal,
    *,
    editor: Any = None,
    calls: Any = None,
    wrapup: Any = None,
    tickets: Any = None,
) -> dict[str, Handler]:
    """The handlers for the services this desktop has (pass the ones it uses)."""
    handlers: dict[str, Handler] = {}
    if editor is not None:
        handlers[RECORD_EDIT] = record_edit_handler(editor, principal)
    if calls is not None:
        handlers[CALL_NOTES] = call_notes_handler(calls)
    if wrapup is not None:
        handlers[WRAPUP_DRAFT] = wrapup_draft_handler(wrapup)
    if tickets is not None:
        handlers[TICKET_REPLY] = ticket_reply_handler(tickets, principal)
    return handlers
