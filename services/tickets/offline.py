"""Notes and decisions typed on a ticket while the database is away: what the local journal keeps, and replay.

The ticket panel writes what is typed in its note box and in the decision dialog to the desktop's local
journal (``services.sync.journal``) as well as to the shared draft (``ticket_draft``,
:mod:`.notes`).  The journal entry is discarded once the shared draft holds the same text; while the database
is away it stays, it is restored into the editor after a crash or a restart, and when the database is back
the outage replay (:func:`handlers`) saves it as the shared draft — under the same rule as a record edit:

* the payload carries ``base``: the draft's content as this desktop last saw it in the database;
* if the shared draft still holds ``base`` (or nothing, or already this text), the journalled text is saved;
* if it holds something else, the same person changed it on another desktop meanwhile: the replay is
  refused with :class:`DraftChangedElsewhere` — nothing is overwritten, the journal keeps this desktop's
  text (state ``refused``), the editor still shows it, and the next keystroke saves it over the other.

Posting the note and recording the decision stay explicit acts of the person (they are never replayed).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from . import notes
from .context import TicketEnv
from .errors import ConflictError, InvalidInput
from .rights import Actor

TICKET_NOTE = "ticket_note"  # key: ticket id; {"ticket_id", "body", "customer_contact", "base": {...} | None}
TICKET_DECISION = "ticket_decision"  # key: ticket id; {"ticket_id", "decision", "outcome", "compensation", "base"}
KINDS = {TICKET_NOTE: "note", TICKET_DECISION: "decision"}  # journal kind -> ticket_draft kind
NOTE_FIELDS = ("body", "customer_contact")
DECISION_FIELDS = ("decision", "outcome", "compensation")


class DraftChangedElsewhere(ConflictError):
    """The shared draft was changed on another desktop after this one last saw it."""


def fields_of(journal_kind: str) -> tuple[str, ...]:
    return NOTE_FIELDS if journal_kind == TICKET_NOTE else DECISION_FIELDS


def content(journal_kind: str, payload: dict[str, Any] | None) -> dict[str, Any] | None:
    """The draft's fields of a journal payload or a ``ticket_draft`` payload (None for none)."""
    if payload is None:
        return None
    return {name: payload.get(name) for name in fields_of(journal_kind)}


def entry(journal_kind: str, ticket_id: int, values: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """The journal payload for what is typed now (``base``: the draft as last seen in the database)."""
    return {"ticket_id": int(ticket_id), **content(journal_kind, values), "base": base}  # type: ignore[dict-item]


def keep_draft(conn: Connection, env: TicketEnv, actor: Actor, journal_kind: str, payload: dict[str, Any]) -> int:
    """Save a journalled note or decision as the actor's shared draft on the ticket; returns the draft id.

    Raises:
        DraftChangedElsewhere: the shared draft changed since ``payload["base"]`` (nothing is written).
        InvalidInput / NotFound: the usual refusals of :func:`.notes.save_note_draft`.
    """
    kind = KINDS.get(journal_kind)
    if kind is None:
        raise InvalidInput("草稿类型无效。", f"Unknown draft kind {journal_kind!r}.")
    ticket_id = int(payload["ticket_id"])
    mine = content(journal_kind, payload)
    assert mine is not None
    current = notes.load_note_draft(conn, actor, ticket_id, kind)
    now = content(journal_kind, current.payload) if current is not None else None
    if current is not None and now == mine:
        return current.id  # already there (an earlier replay, or the live save, got through)
    base = content(journal_kind, payload.get("base"))
    if current is not None and now != base:
        raise DraftChangedElsewhere(
            "此草稿已在另一台电脑上修改；本机输入的内容仍保留在编辑框中，继续输入即可覆盖。",
            "This draft was changed on another computer; what you typed here is still in the editor and is "
            "saved over it when you continue typing.",
        )
    return notes.save_note_draft(conn, env, actor, ticket_id, kind, mine, current.id if current is not None else None)


def handlers(service: Any, actor: Actor) -> dict[str, Any]:
    """Replay handlers (for ``OutageController``) of the ticket kinds, saving through ``service``."""

    def make(journal_kind: str) -> Any:
        def handle(payload: dict[str, Any]) -> Any:
            service.keep_journalled_draft(actor, journal_kind, payload)
            return True

        return handle

    return {kind: make(kind) for kind in KINDS}
