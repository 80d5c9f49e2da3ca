"""Deciding a complaint: decision text, outcome, compensation, and the notice the customer will get.

The decision is kept as a draft (kind ``decision``) while it is written, so a crash loses nothing; the
dialog reopens with it.  Given the desktop's local journal, it is also kept on this computer as typed (kind
``ticket_decision``), so neither a database outage nor a crash loses it; the journal's text wins when the
dialog reopens, and the outage replay saves it as the draft.
The notice preview is worded by the same code that words the notice
(``TicketService.decision_preview``): it states the review window (30 days, with the last day) and the
mediation, arbitration and court routes.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextBrowser, QWidget

from desktop.tasks import TaskManager
from services.tickets.offline import TICKET_DECISION, content, entry
from services.tickets.service import TicketService

from . import codes
from .dialogs import ActionDialog

log = logging.getLogger(__name__)

DRAFT_DEBOUNCE_MS = 700
PREVIEW_DEBOUNCE_MS = 400


class ResolveDialog(ActionDialog):
    """Decision, outcome, compensation and the customer notice preview; a draft kept as it is typed."""

    def __init__(
        self,
        tasks: TaskManager,
        service: TicketService,
        actor: Any,
        view: Any,
        parent: QWidget | None = None,
        *,
        journal: Any = None,
    ) -> None:
        number = view.detail.row.number
        super().__init__(
            QCoreApplication.translate("TicketResolveDialog", "Decide complaint {number}").format(number=number),
            QCoreApplication.translate(
                "TicketResolveDialog",
                "Record the decision. The customer is sent the notice below; it tells them they may ask for a "
                "review within {days} days and names the mediation, arbitration and court routes.",
            ).format(days=view.review_window_days),
            QCoreApplication.translate("TicketResolveDialog", "Record decision and notify"),
            parent,
        )
        self.setMinimumWidth(560)
        self._tasks = tasks
        self._service = service
        self._actor = actor
        self._ticket_id = view.detail.row.id
        self.draft_id: int | None = None
        self._loading_draft = False
        self.journal = journal  # put / discard / entry (see NoteComposer.journal); None: the shared draft only
        self._base: dict[str, Any] | None = None  # the draft as last seen in the database
        self._restored = False
        self.decision = QPlainTextEdit(self)
        self.decision.setObjectName("decisionEdit")
        self.decision.setFixedHeight(110)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("outcomeBox")
        for code in codes.OUTCOMES:
            self.outcome.addItem(codes.label(codes.OUTCOMES, code), code)
        self.compensation = QLineEdit(self)
        self.compensation.setObjectName("compensationEdit")
        self.compensation.setPlaceholderText(QCoreApplication.translate("TicketResolveDialog", "Amount in CNY, if any"))
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("noticePreview")
        self.preview.setFixedHeight(130)
        self.draft_state = QLabel(self)
        self.draft_state.setObjectName("draftState")
        self.form.addRow(QCoreApplication.translate("TicketResolveDialog", "Decision"), self.decision)
        self.form.addRow(QCoreApplication.translate("TicketResolveDialog", "Outcome"), self.outcome)
        self.form.addRow(QCoreApplication.translate("TicketResolveDialog", "Compensation"), self.compensation)
        self.form.addRow(QCoreApplication.translate("TicketResolveDialog", "Notice to the customer"), self.preview)
        self.form.addRow("", self.draft_state)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DEBOUNCE_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DEBOUNCE_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self.decision.textChanged.connect(self._edited)
        self.outcome.currentIndexChanged.connect(self._edited)
        self.compensation.textChanged.connect(self._edited)
        self._load_draft()

    # -- input ------------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            "decision": self.decision.toPlainText().strip(),
            "outcome": self.outcome.currentData(),
            "compensation": self.compensation.text().strip() or None,
        }

    def problem(self) -> str | None:
        if not self.decision.toPlainText().strip():
            return QCoreApplication.translate("TicketResolveDialog", "Enter the decision.")
        text = self.compensation.text().strip()
        if text:
            try:
                amount = Decimal(text)
            except InvalidOperation:
                return QCoreApplication.translate("TicketResolveDialog", "The compensation is not an amount.")
            if amount < 0:
                return QCoreApplication.translate("TicketResolveDialog", "The compensation cannot be negative.")
        return None

    def _payload(self) -> dict[str, Any]:
        return {
            "decision": self.decision.toPlainText(),
            "outcome": self.outcome.currentData(),
            "compensation": self.compensation.text(),
        }

    # -- draft ------------------------------------------------------------------------------------

    def _fill(self, payload: dict[str, Any]) -> None:
        self._loading_draft = True
        try:
            self.decision.setPlainText(str(payload.get("decision") or ""))
            index = self.outcome.findData(payload.get("outcome"))
            if index >= 0:
                self.outcome.setCurrentIndex(index)
            self.compensation.setText(str(payload.get("compensation") or ""))
        finally:
            self._loading_draft = False

    def _load_draft(self) -> None:
        kept = self.journal.entry(TICKET_DECISION, self._ticket_id) if self.journal is not None else None
        if kept is not None:  # typed during an outage or before a crash: this computer has the latest words
            self._restored = True
            self._base = kept.payload.get("base")
            self._fill(kept.payload)
            self.draft_state.setText(
                QCoreApplication.translate("TicketResolveDialog", "Unsaved text restored from this computer")
            )
            self._draft_timer.start()
        service, actor, ticket_id = self._service, self._actor, self._ticket_id
        self._tasks.run_db(
            lambda: service.note_draft(actor, ticket_id, "decision"),
            on_success=self._draft_arrived,
            on_failure=lambda exc: self.show_error(codes.error_text(exc)),
            owner=self,
            label="decision draft",
        )

    def _draft_arrived(self, draft: Any) -> None:
        if draft is not None:
            self.draft_id = draft.id
            if not self._restored:
                self._base = content(TICKET_DECISION, draft.payload)
                self._fill(draft.payload)
                self.draft_state.setText(QCoreApplication.translate("TicketResolveDialog", "Draft restored"))
        self.update_preview()

    def _edited(self) -> None:
        if self._loading_draft:
            return
        self._draft_timer.start()
        self._preview_timer.start()

    def save_draft(self) -> None:
        """Store the decision as typed (called a moment after the last keystroke)."""
        self._draft_timer.stop()
        service, actor, ticket_id, payload, draft_id = (
            self._service,
            self._actor,
            self._ticket_id,
            self._payload(),
            self.draft_id,
        )
        journal = self.journal
        if journal is not None:  # on disk before the database is even asked
            journal.put(TICKET_DECISION, ticket_id, entry(TICKET_DECISION, ticket_id, payload, self._base))
        self._tasks.run_db(
            lambda: service.save_note_draft(actor, ticket_id, "decision", payload, draft_id),
            on_success=lambda new_id: self._draft_saved(new_id, payload),
            on_failure=self._draft_failed,
            key=f"decision-draft-{id(self)}",
            owner=self,
            busy=False,
            changes=("ticket_draft",),
            label="save decision draft",
        )

    def _draft_saved(self, draft_id: int, payload: dict[str, Any]) -> None:
        self.draft_id = draft_id
        self._base = content(TICKET_DECISION, payload)
        self.draft_state.setText(QCoreApplication.translate("TicketResolveDialog", "Draft saved"))
        if self.journal is not None and self._payload() == payload:  # not typed over meanwhile
            self.journal.discard(TICKET_DECISION, self._ticket_id)

    def _draft_failed(self, exc: BaseException) -> None:
        log.info("saving the decision draft failed: %r", exc)
        if self.journal is not None:
            self.draft_state.setText(
                QCoreApplication.translate(
                    "TicketResolveDialog",
                    "Not saved yet: the database did not answer. Kept on this computer; saved when it is back.",
                )
            )

    def decided(self) -> None:
        """The decision was recorded: nothing of it needs keeping any more."""
        self._draft_timer.stop()
        if self.journal is not None:
            self.journal.discard(TICKET_DECISION, self._ticket_id)

    def flush(self) -> None:
        """Save a pending draft now (before the dialog goes away)."""
        if self._draft_timer.isActive():
            self.save_draft()

    def done(self, result: int) -> None:
        if result != self.DialogCode.Accepted:
            self.flush()
        else:
            self._draft_timer.stop()
        self._preview_timer.stop()
        super().done(result)

    # -- preview ----------------------------------------------------------------------------------

    def update_preview(self) -> None:
        """Word the notice for what is typed now."""
        self._preview_timer.stop()
        values = self.values()
        compensation = values["compensation"] if self.problem() is None else None
        service, ticket_id = self._service, self._ticket_id
        self._tasks.run_db(
            lambda: service.decision_preview(
                ticket_id,
                decision=values["decision"] or "…",
                outcome=values["outcome"],
                compensation=compensation,
            ),
            on_success=self.preview.setPlainText,
            on_failure=lambda exc: self.preview.setPlainText(codes.error_text(exc)),
            key=f"decision-preview-{id(self)}",
            owner=self,
            busy=False,
            label="decision notice preview",
        )
