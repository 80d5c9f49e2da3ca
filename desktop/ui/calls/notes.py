"""The notes box of the call on the line: saved to the call as the agent types (debounced), never lost.

Each pause in typing of :data:`SAVE_DELAY_MS` writes the whole text with ``CallService.save_notes`` on the
database worker; a newer save supersedes an older one that has not run yet.  Closing the box, switching to
another call or shutting down saves at once.  After a crash the text comes back from the call
(``CurrentCall.notes``) and, in wrap-up, from the draft.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.calls import CallService

from .keys import NOTES_KEY, with_key

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400
MAX_CHARS = 20_000


JOURNAL_KIND = "call_notes"  # the journal entry kind the replay hands to CallService.save_notes


class CallNotes(QWidget):
    """A plain-text box bound to one call at a time (:meth:`open`)."""

    saved = Signal(int, str)  # call id, the text now in the database

    def __init__(
        self,
        tasks: TaskManager,
        calls: CallService,
        parent: QWidget | None = None,
        *,
        delay_ms: int = SAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callNotes")
        self.tasks = tasks
        self.calls = calls
        self._call_id: int | None = None
        self._saved_text = ""
        # ``put(kind, key, payload)`` / ``discard(kind, key)``: the local journal that keeps the text
        # through a database outage or a crash (set by the desktop; None in tests of the widget alone).
        self.journal: Any = None
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("callNotesEditor")
        self.title.setBuddy(self.editor)  # screen readers name the notes by their title
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._edited)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.status)
        self.retranslate()

    @property
    def call_id(self) -> int | None:
        """The call the notes belong to."""
        return self._call_id

    def text(self) -> str:
        return self.editor.toPlainText()

    def open(self, call_id: int | None, text: str | None = "") -> None:
        """Show the notes of ``call_id`` (``text`` as stored); the previous call's notes are saved first."""
        if call_id == self._call_id:
            return
        self.save_now()
        self._call_id = call_id
        self._saved_text = text or ""
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._saved_text)
        self.editor.blockSignals(False)
        self.editor.setReadOnly(call_id is None)
        self.status.setText("")

    def focus_editor(self) -> bool:
        """Put the keyboard in the notes of the call on the line (False: no call, or the box is not shown)."""
        if self._call_id is None or not self.isVisible():
            return False
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        return True

    def unsaved(self) -> tuple[int, str] | None:
        """``(call_id, text)`` when something typed is not saved yet (the pending save is cancelled)."""
        if self._call_id is None or self.text() == self._saved_text:
            return None
        self._timer.stop()
        self.tasks.supersede(self._key())
        text = self.text()[:MAX_CHARS]
        self._saved_text = text
        return self._call_id, text

    def save_now(self) -> None:
        """Save at once if anything changed since the last save."""
        self._timer.stop()
        if self._call_id is None or self.text() == self._saved_text:
            return
        call_id, text = self._call_id, self.text()[:MAX_CHARS]
        self._saved_text = text
        calls, journal = self.calls, self.journal
        if journal is not None:
            journal.put(JOURNAL_KIND, call_id, {"call_id": call_id, "text": text})

        def done(_: object) -> None:
            self.status.setText(self.tr("Saved"))
            if journal is not None and self._saved_text == text:
                journal.discard(JOURNAL_KIND, call_id)
            self.saved.emit(call_id, text)

        def failed(exc: BaseException) -> None:
            log.warning("notes of call %s not saved: %r", call_id, exc)
            if self._call_id == call_id:
                self._saved_text = ""  # try again on the next keystroke
            self.status.setText(
                self.tr("Not saved yet: the database did not answer. Kept on this computer; saved when it is back.")
                if journal is not None
                else self.tr("Not saved: the database did not answer. Keep typing to retry.")
            )

        self.tasks.run_db(
            lambda: calls.save_notes(call_id, text),
            on_success=done,
            on_failure=failed,
            key=self._key(),
            owner=self,
            busy=False,
            changes=("call_notes",),  # a write: it finishes even while the application shuts down
            label="call notes",
        )

    def _key(self) -> str:
        return f"calls.notes.{self._call_id}"

    def _edited(self) -> None:
        if self._call_id is not None:
            self.status.setText(self.tr("Typing…"))
            self._timer.start()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Call notes"))
        self.editor.setToolTip(with_key(self.tr("Call notes"), NOTES_KEY))
        self.editor.setPlaceholderText(self.tr("What the customer asks, what you promised… (saved as you type)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
