"""The note box under a ticket: what the handler writes is stored as a draft as they type.

The draft lives in the shared database (``TicketService.save_note_draft``), so a crash of the desktop, a
rebuilt panel or another workstation finds it again; posting the note closes the draft in the same
transaction.  With a :attr:`NoteComposer.journal` (the desktop's local journal, set by the live desk) the
text is also kept on this computer as it is typed and dropped once the shared draft holds it: while the
database is away it stays there, comes back into the box after a crash or a restart, and the outage replay
saves it as the draft (:mod:`services.tickets.offline`).
"Customer contacted" records the note as an update to the customer (it stops the first
response clock and restarts the next-update clock).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.tickets.offline import TICKET_NOTE, content, entry
from services.tickets.service import TicketService

from .. import fmt
from . import codes

log = logging.getLogger(__name__)

DRAFT_DEBOUNCE_MS = 700


class NoteComposer(QWidget):
    """Write a note on the ticket shown; the text survives a crash as a draft.

    Signals:
        posted(int): a note was added to the ticket (its id).
        failed(str): posting was refused (the message).
        draft_saved(int): the draft was stored (its id).
        editing_changed(bool): the box went from empty to holding text, or back.
    """

    posted = Signal(int)
    failed = Signal(str)
    draft_saved = Signal(int)
    editing_changed = Signal(bool)

    def __init__(self, tasks: TaskManager, service: TicketService, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteComposer")
        self._tasks = tasks
        self._service = service
        self._actor = actor
        self._ticket_id: int | None = None
        self.draft_id: int | None = None
        self._loading = False
        # ``put(kind, key, payload)`` / ``discard(kind, key)`` / ``entry(kind, key)``: the local journal that
        # keeps the text through an outage or a crash (the live desk sets it; None: the shared draft only).
        self.journal: Any = None
        self._base: dict[str, Any] | None = None  # the draft as last seen in the database
        self._editing = False
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("noteEditor")
        self.editor.setTabChangesFocus(True)  # Tab moves on to the next control: a note takes no tab characters
        self.editor.setFixedHeight(72)
        self.contact = QCheckBox(self)
        self.contact.setObjectName("customerContact")
        self.post_button = QPushButton(self)
        self.post_button.setObjectName("postNote")
        self.state = QLabel(self)
        self.state.setObjectName("draftState")
        row = QHBoxLayout()
        row.addWidget(self.contact)
        row.addWidget(self.state, 1)
        row.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.editor)
        layout.addLayout(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_draft)
        self.editor.textChanged.connect(self._edited)
        self.contact.toggled.connect(self._edited)
        self.post_button.clicked.connect(self.post)
        self.retranslate()
        self._update_button()

    @property
    def ticket_id(self) -> int | None:
        return self._ticket_id

    def set_ticket(self, ticket_id: int | None, *, writable: bool = True) -> None:
        """Switch to another ticket: the pending draft of the previous one is saved first."""
        if ticket_id != self._ticket_id:
            self.flush()
            self._ticket_id = ticket_id
            self.draft_id = None
            self._base = None
            self._set_text("", False)
            self.state.setText("")
            if ticket_id is not None:
                self._restore_journal(ticket_id)
                self._load_draft(ticket_id)
        self.setEnabled(writable and ticket_id is not None)

    def text(self) -> str:
        return self.editor.toPlainText()

    def flush(self) -> None:
        """Save a pending draft now."""
        if self._timer.isActive():
            self.save_draft()

    @property
    def editing(self) -> bool:
        """The box holds text (the person is writing a note)."""
        return self._editing

    # -- drafts -----------------------------------------------------------------------------------

    def _restore_journal(self, ticket_id: int) -> None:
        """Text kept on this computer (typed during an outage, or before a crash) comes back first."""
        kept = self.journal.entry(TICKET_NOTE, ticket_id) if self.journal is not None else None
        if kept is None:
            return
        payload = dict(kept.payload)
        self._base = payload.get("base")
        self._set_text(str(payload.get("body") or ""), bool(payload.get("customer_contact")))
        self.state.setText(self.tr("Unsaved text restored from this computer"))
        self._timer.start()  # and on to the shared draft when the database answers

    def _load_draft(self, ticket_id: int) -> None:
        service, actor = self._service, self._actor
        self._tasks.run_db(
            lambda: service.note_draft(actor, ticket_id, "note"),
            on_success=lambda draft: self._draft_arrived(ticket_id, draft),
            on_failure=lambda exc: log.info("loading the note draft failed: %r", exc),
            key=f"note-draft-load-{id(self)}",
            owner=self,
            busy=False,
            label="note draft",
        )

    def _draft_arrived(self, ticket_id: int, draft: Any) -> None:
        if ticket_id != self._ticket_id or draft is None or self.text().strip():
            return
        self.draft_id = draft.id
        self._base = content(TICKET_NOTE, draft.payload)
        self._set_text(str(draft.payload.get("body", "")), bool(draft.payload.get("customer_contact")))
        self.state.setText(self.tr("Draft from {time} restored").format(time=fmt.datetime(draft.updated_at)))

    def _set_text(self, text: str, contact: bool) -> None:
        self._loading = True
        try:
            self.editor.setPlainText(text)
            self.contact.setChecked(contact)
        finally:
            self._loading = False
        self._update_button()

    def _edited(self) -> None:
        self._update_button()
        editing = bool(self.text().strip())
        if editing != self._editing:
            self._editing = editing
            self.editing_changed.emit(editing)
        if not self._loading and self._ticket_id is not None:
            self._timer.start()

    def save_draft(self) -> None:
        """Store the note as typed (or drop the draft when the box was emptied)."""
        self._timer.stop()
        ticket_id, draft_id = self._ticket_id, self.draft_id
        if ticket_id is None:
            return
        service, actor, journal = self._service, self._actor, self.journal
        body, contact = self.text(), self.contact.isChecked()
        if not body.strip():
            if journal is not None:
                journal.discard(TICKET_NOTE, ticket_id)
            if draft_id is not None:
                self.draft_id = None
                self._tasks.run_db(
                    lambda: service.discard_note_draft(actor, draft_id),
                    on_failure=lambda exc: log.info("dropping the note draft failed: %r", exc),
                    owner=self,
                    busy=False,
                    changes=("ticket_draft",),
                    label="drop note draft",
                )
            return
        payload = {"body": body, "customer_contact": contact}
        if journal is not None:  # on disk before the database is even asked
            journal.put(TICKET_NOTE, ticket_id, entry(TICKET_NOTE, ticket_id, payload, self._base))
        self._tasks.run_db(
            lambda: service.save_note_draft(actor, ticket_id, "note", payload, draft_id),
            on_success=lambda new_id: self._draft_stored(ticket_id, new_id, payload),
            on_failure=lambda exc: self._draft_failed(ticket_id, exc),
            key=f"note-draft-{id(self)}-{ticket_id}",
            owner=self,
            busy=False,
            changes=("ticket_draft",),
            label="save note draft",
        )

    def _draft_stored(self, ticket_id: int, draft_id: int, payload: dict[str, Any]) -> None:
        if ticket_id == self._ticket_id:
            self.draft_id = draft_id
            self._base = dict(payload)
            self.state.setText(self.tr("Draft saved"))
            current = {"body": self.text(), "customer_contact": self.contact.isChecked()}
            if self.journal is not None and current == payload:  # not typed over meanwhile
                self.journal.discard(TICKET_NOTE, ticket_id)
        elif self.journal is not None:
            self.journal.discard(TICKET_NOTE, ticket_id)
        self.draft_saved.emit(draft_id)

    def _draft_failed(self, ticket_id: int, exc: BaseException) -> None:
        log.info("saving the note draft failed: %r", exc)
        if ticket_id == self._ticket_id:
            self.state.setText(
                self.tr("Not saved yet: the database did not answer. Kept on this computer; saved when it is back.")
                if self.journal is not None
                else self.tr("Draft not saved: the database did not answer.")
            )

    # -- posting ----------------------------------------------------------------------------------

    def post(self) -> None:
        """Add the note to the ticket (and close its draft)."""
        ticket_id, body = self._ticket_id, self.text().strip()
        if ticket_id is None or not body:
            return
        self._timer.stop()
        service, actor, contact = self._service, self._actor, self.contact.isChecked()
        self.post_button.setEnabled(False)
        self._tasks.run_db(
            lambda: service.post_note(actor, ticket_id, body, customer_contact=contact),
            on_success=lambda event_id: self._posted(ticket_id, event_id),
            on_failure=self._post_failed,
            owner=self,
            changes=("ticket",),
            label="post note",
        )

    def _posted(self, ticket_id: int, event_id: int) -> None:
        if self.journal is not None:
            self.journal.discard(TICKET_NOTE, ticket_id)
        if ticket_id == self._ticket_id:
            self.draft_id = None
            self._base = None
            self._set_text("", False)
            self.state.setText(self.tr("Note added"))
        self.posted.emit(event_id)

    def _post_failed(self, exc: BaseException) -> None:
        self._update_button()
        self.failed.emit(codes.error_text(exc))

    def _update_button(self) -> None:
        self.post_button.setEnabled(bool(self.text().strip()))

    def retranslate(self) -> None:
        self.editor.setPlaceholderText(self.tr("Write a note: what was done, what the customer said…"))
        self.editor.setAccessibleName(self.tr("Note"))
        self.contact.setText(self.tr("Customer contacted"))
        self.contact.setToolTip(self.tr("Counts as an update to the customer for the service-level clocks"))
        self.post_button.setText(self.tr("Add note"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
