"""``TicketPanel``: one ticket, for the tickets workspace and for beside the customer 360° view.

Header with the regulator's clock, the actions the person may take, the history, the details, the files,
and a note box whose text is kept as a draft.  Once the live desk attaches (:meth:`TicketPanel.attach_live`),
the panel enters presence on the ticket it shows — viewing, or editing while a note or a decision is being
written — shows who else is on it in a banner, and keeps what is typed in the local journal.
Every read and write runs on the database worker; a refusal
from the services is shown in the panel (or in the dialog that asked for it) in the interface language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.permissions import Principal
from services.tickets.errors import ConflictError
from services.tickets.offline import TICKET_DECISION
from services.tickets.rights import PERM_CREATE, has_right
from services.tickets.service import TicketService

from ..widgets import StatePane
from . import actions, codes
from .attachments import AttachmentPane
from .composer import NoteComposer
from .details import TicketDetails
from .dialogs import ActionDialog, AssignDialog, ExtensionDecisionDialog, MergeDialog, ReasonDialog
from .header import TicketHeader
from .history import TicketHistoryModel, TicketHistoryView
from .presence import TicketPresenceBanner
from .resolve import ResolveDialog

log = logging.getLogger(__name__)

LIVE_RELOAD_MS = 150  # a burst of changes to the ticket shown reloads it once


@dataclass(frozen=True)
class Loaded:
    """Everything the panel shows of one ticket, read together on the worker."""

    view: Any
    events: list[Any]
    names: dict[int, str]
    files: list[Any]


def load_ticket(service: TicketService, principal: Principal, ticket_id: int) -> Loaded:
    """Read a ticket for the panel (runs on the database worker)."""
    view = service.ticket_view(principal, ticket_id)
    events = service.ticket_events(ticket_id)
    people: set[int] = set()
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        if isinstance(data.get("assignee_id"), int):
            people.add(data["assignee_id"])
        people.update(u for u in data.get("to") or [] if isinstance(u, int))
    return Loaded(view, events, service.user_names(people), service.list_attachments(ticket_id))


class TicketPanel(QWidget):
    """One ticket: ``open_ticket(id)`` shows it; before that an empty state.

    Args:
        tasks: the task manager (database work off the GUI thread).
        service: the ticket service.
        principal: the signed-in person (rights decide which actions are offered; the service enforces).

    The panel reloads by itself after its own actions and when live sync announces a change to the ticket
    shown (topic ``ticket:<id>`` on ``TaskManager.changed``).

    Signals:
        loaded(object): the ticket's :class:`~services.tickets.desk.TicketView` arrived.
        changed(int): an action changed the ticket (its id).
        message_shown(str): the panel told the person something (a success or a refusal).
    """

    loaded = Signal(object)
    changed = Signal(int)
    message_shown = Signal(str)

    def __init__(
        self, tasks: TaskManager, service: TicketService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPanel")
        self.setMinimumWidth(420)
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._ticket_id: int | None = None
        self._view: Any = None
        self.dialog: ActionDialog | None = None
        self._submitting: ActionDialog | None = None
        taxonomy = service.env.taxonomy

        self.presence: Any = None  # a PresenceTracker of its own, once the live desk attaches
        self.journal: Any = None  # the local journal (put / discard / entry), once the live desk attaches
        self.presence_banner = TicketPresenceBanner(self)
        self.header = TicketHeader(taxonomy, self)
        self.message = QLabel(self)
        self.message.setObjectName("ticketMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.action_bar = actions.TicketActionBar(self)
        self.action_bar.triggered.connect(self.trigger)
        self.history_model = TicketHistoryModel(self)
        self.history = TicketHistoryView(self.history_model, self)
        self.details = TicketDetails(taxonomy, self)
        self.files = AttachmentPane(tasks, service, principal, self)
        self.files.attached.connect(lambda _id: self._after_write(None, None))
        self.files.message.connect(self.show_message)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("ticketTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.details, "")
        self.tabs.addTab(self.files, "")
        self.composer = NoteComposer(tasks, service, principal, self)
        self.composer.setVisible(has_right(principal, PERM_CREATE))
        self.composer.posted.connect(lambda _id: self._after_write(None, None))
        self.composer.failed.connect(lambda text: self.show_message(text, error=True))
        self.composer.editing_changed.connect(lambda _editing: self._update_presence())

        page = QWidget(self)
        page.setObjectName("ticketPage")
        body = QVBoxLayout(page)
        body.setContentsMargins(6, 8, 10, 8)
        body.setSpacing(6)
        body.addWidget(self.presence_banner)
        body.addWidget(self.header)
        body.addWidget(self.message)
        body.addWidget(self.action_bar)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.composer)
        self.pane = StatePane(page, self)
        self.pane.setObjectName("ticketPane")
        self.pane.retry.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pane)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(LIVE_RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self.pane.show_empty(self.tr("No ticket open"), self.tr("Choose a ticket in the list to see it here."))

    # -- public API -------------------------------------------------------------------------------

    @property
    def ticket_id(self) -> int | None:
        """The ticket shown, if any."""
        return self._ticket_id

    @property
    def view(self) -> Any:
        """The :class:`~services.tickets.desk.TicketView` shown (None while loading)."""
        return self._view

    @property
    def editing(self) -> bool:
        """A note or a decision is being written on the ticket shown."""
        return self.composer.editing or isinstance(self.dialog, ResolveDialog)

    def attach_live(self, presence: Any, journal: Any) -> None:
        """Presence on the ticket shown (a ``PresenceTracker`` filling :attr:`presence_banner`) and the local
        journal (``put`` / ``discard`` / ``entry``) for the note box and the decision dialog."""
        self.presence = presence
        self.journal = journal
        self.composer.journal = journal
        self._update_presence()

    def open_ticket(self, ticket_id: int) -> None:
        """Show ``ticket_id`` (the note draft of the previous ticket is saved first)."""
        if ticket_id != self._ticket_id:
            self._view = None
            self.message.hide()
            self.pane.show_loading()
        self._ticket_id = ticket_id
        # The note box is the ticket's at once: text kept on this computer comes back even before (or
        # without) the database answering; whether the ticket may be written to follows when it loads.
        self.composer.set_ticket(ticket_id, writable=self.composer.isEnabled() or self._view is None)
        self._update_presence()
        self._load()

    def reload(self) -> None:
        """Read the ticket again (it changed)."""
        if self._ticket_id is not None:
            self._load()

    def clear(self) -> None:
        """Back to the empty state."""
        self.composer.set_ticket(None)
        if self.dialog is not None:
            self.dialog.close()
        self._ticket_id = None
        self._view = None
        self._tasks.supersede(self._key())
        self._update_presence()
        self.pane.show_empty(self.tr("No ticket open"), self.tr("Choose a ticket in the list to see it here."))

    def available_actions(self) -> list[str]:
        """The actions offered for the ticket shown."""
        return self.action_bar.shown()

    def show_message(self, text: str, *, error: bool = False) -> None:
        """Tell the person something above the actions."""
        self.message.setText(text)
        self.message.setProperty("level", "error" if error else "info")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
        self.message_shown.emit(text)

    def _update_presence(self) -> None:
        """Tell the others what this desk does with the ticket shown (no-op when nothing changed)."""
        presence = self.presence
        if presence is None:
            return
        if self._ticket_id is None:
            if presence.record is not None:
                presence.clear()
            return
        record = ("ticket", self._ticket_id)
        if presence.record != record:
            presence.show_record(*record, editing=self.editing)
        else:
            presence.set_editing(self.editing)

    # -- loading ----------------------------------------------------------------------------------

    def _data_changed(self, topics: frozenset[str]) -> None:
        """Live sync announces ``ticket:<id>`` when someone (on any desktop) changed the ticket shown."""
        if self._ticket_id is not None and f"ticket:{self._ticket_id}" in topics:
            self._reload_timer.start()

    def _key(self) -> str:
        return f"ticket-panel-{id(self)}"

    def _load(self) -> None:
        service, principal, ticket_id = self._service, self._principal, self._ticket_id
        if ticket_id is None:
            return
        self._tasks.run_db(
            lambda: load_ticket(service, principal, ticket_id),
            on_success=lambda data: self._arrived(ticket_id, data),
            on_failure=lambda exc: self._failed(ticket_id, exc),
            key=self._key(),
            owner=self,
            label="ticket panel",
        )

    def _arrived(self, ticket_id: int, data: Loaded) -> None:
        if ticket_id != self._ticket_id:
            return
        self._view = data.view
        writable = not data.view.detail.read_only
        self.header.set_view(data.view)
        self.history_model.set_events(data.events, data.names)
        self.details.set_view(data.view)
        self.files.set_ticket(ticket_id, data.files, writable=writable and has_right(self._principal, PERM_CREATE))
        self.composer.set_ticket(ticket_id, writable=writable)
        self.action_bar.set_actions(actions.available(data.view, self._principal))
        self.tabs.setTabText(2, self.tr("Files ({count})").format(count=len(data.files)))
        self.pane.show_content()
        self.loaded.emit(data.view)

    def _failed(self, ticket_id: int, exc: BaseException) -> None:
        if ticket_id != self._ticket_id:
            return
        log.warning("loading ticket %s failed: %r", ticket_id, exc)
        if self._view is None:
            self.pane.show_error(codes.error_text(exc))
        else:
            self.show_message(codes.error_text(exc), error=True)

    # -- actions ----------------------------------------------------------------------------------

    def trigger(self, name: str) -> None:
        """Start an action by name (see :data:`.actions.LABELS`); a dialog it needs opens as :attr:`dialog`."""
        if self._view is None:
            return
        if name in actions.STATE_ACTIONS:
            s, p, tid, version = self._ctx()
            self._run(lambda: s.transition(p, tid, version, name), self.tr("Status changed."))
            return
        handler = getattr(self, f"_do_{name}", None)
        if handler is not None:
            handler()

    def _ctx(self) -> tuple[TicketService, Principal, int, int]:
        d = self._view.detail
        return self._service, self._principal, int(d.row.id), int(d.version)

    def _number(self) -> str:
        return str(self._view.detail.row.number)

    def _do_take(self) -> None:
        s, p, tid, version = self._ctx()
        self._run(lambda: s.take(p, tid, version), self.tr("The ticket is yours."))

    def _do_close(self) -> None:
        s, p, tid, version = self._ctx()
        self._run(lambda: s.close(p, tid, version), self.tr("Closed; the satisfaction survey was sent."))

    def _do_assign(self) -> None:
        s, p, tid, version = self._ctx()
        current = self._view.detail.row.assignee_id

        def submit(values: dict[str, Any]) -> None:
            assignee = values["assignee_id"]
            self._run(lambda: s.assign(p, tid, version, assignee_id=assignee), self.tr("Assigned."))

        self._tasks.run_db(
            lambda: s.assignees(p),
            on_success=lambda people: self._open(AssignDialog(people, current, self), submit),
            on_failure=lambda exc: self.show_message(codes.error_text(exc), error=True),
            owner=self,
            label="assignees",
        )

    def _do_escalate(self) -> None:
        s, p, tid, _version = self._ctx()
        dialog = ReasonDialog(
            self.tr("Escalate ticket {number}").format(number=self._number()),
            self.tr("The ticket goes to the team's supervisor; a supervisor's goes to the complaint-management owner."),
            self.tr("Escalate"),
            parent=self,
        )
        self._open(dialog, lambda v: self._run(lambda: s.escalate(p, tid, v["reason"]), self.tr("Escalated.")))

    def _do_mark_complex(self) -> None:
        s, p, tid, version = self._ctx()
        dialog = ReasonDialog(
            self.tr("Complex case"),
            self.tr("The deadline becomes 30 days from receipt; the customer is told the new date and the reason."),
            self.tr("Mark complex"),
            parent=self,
        )
        done = self.tr("Marked as a complex case.")
        self._open(dialog, lambda v: self._run(lambda: s.mark_complex(p, tid, version, v["reason"]), done))

    def _do_request_extension(self) -> None:
        s, p, tid, version = self._ctx()
        dialog = ReasonDialog(
            self.tr("Request a further extension"),
            self.tr("A superior office must approve a further 30 days; someone with that right decides."),
            self.tr("Request"),
            parent=self,
        )
        done = self.tr("Extension requested.")
        self._open(dialog, lambda v: self._run(lambda: s.request_extension(p, tid, version, v["reason"]), done))

    def _do_decide_extension(self) -> None:
        s, p, tid, version = self._ctx()
        extra = s.env.config.extension_days
        dialog = ExtensionDecisionDialog(self._number(), self._view.due_at, extra, self)

        def submit(values: dict[str, Any]) -> None:
            approve, note = values["approve"], values["note"]
            done = self.tr("Extension approved; the customer is told.") if approve else self.tr("Extension rejected.")
            self._run(lambda: s.decide_extension(p, tid, version, approve=approve, note=note), done)

        self._open(dialog, submit)

    def _do_merge(self) -> None:
        s, p, tid, version = self._ctx()
        row = self._view.detail.row
        customer, category, received, number = row.customer_id, row.category, row.received_at, row.number
        done = self.tr("Merged; the original complaint keeps its deadline.")

        def candidates() -> list[Any]:
            return [c for c in s.find_repeats(customer, category, received_at=received) if c.id != tid]

        def show(found: list[Any]) -> None:
            dialog = MergeDialog(number, found, s.env.taxonomy, self)
            self._open(dialog, lambda v: self._run(lambda: s.merge(p, tid, version, v["into_id"]), done))

        self._tasks.run_db(
            candidates,
            on_success=show,
            on_failure=lambda exc: self.show_message(codes.error_text(exc), error=True),
            owner=self,
            label="repeat candidates",
        )

    def _do_decide(self) -> None:
        s, p, tid, version = self._ctx()
        done = self.tr("Decision recorded; the notice to the customer is on its way.")

        dialog = ResolveDialog(self._tasks, s, p, self._view, self, journal=self.journal)

        def submit(values: dict[str, Any]) -> None:
            decision, outcome, amount = values["decision"], values["outcome"], values["compensation"]

            def record() -> int:
                new_version = s.resolve(p, tid, version, decision=decision, outcome=outcome, compensation=amount)
                return int(new_version)

            journal = self.journal
            kept = (lambda: journal.discard(TICKET_DECISION, tid)) if journal is not None else None
            self._run(record, done, on_done=kept)

        self._open(dialog, submit)

    def _do_reopen(self) -> None:
        s, p, tid, version = self._ctx()
        dialog = ReasonDialog(
            self.tr("Reopen ticket {number}").format(number=self._number()),
            self.tr("The customer is owed a new decision: the deadline is counted afresh from today."),
            self.tr("Reopen"),
            parent=self,
        )
        self._open(dialog, lambda v: self._run(lambda: s.reopen(p, tid, version, v["reason"]), self.tr("Reopened.")))

    def _do_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export ticket"), f"{self._number()}.xlsx", self.tr("Excel workbook (*.xlsx);;CSV (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Export the ticket shown, masked, to ``path`` (.xlsx or .csv)."""
        if self._view is None:
            return
        s, p, number, language = self._service, self._principal, self._view.detail.row.number, codes.language()
        criteria = {"text": number, "include_closed": True}
        self._tasks.run_db(
            lambda: s.export(p, criteria, path, language=language),
            on_success=lambda _count: self.show_message(self.tr("Exported to {file}.").format(file=path.name)),
            on_failure=lambda exc: self.show_message(codes.error_text(exc), error=True),
            owner=self,
            label="export ticket",
        )

    def _open(self, dialog: ActionDialog, on_submit: Callable[[dict[str, Any]], None]) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.submitted.connect(lambda values, d=dialog: self._submit(d, on_submit, values))
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_finished(d))
        dialog.open()
        self._update_presence()

    def _submit(
        self, dialog: ActionDialog, on_submit: Callable[[dict[str, Any]], None], values: dict[str, Any]
    ) -> None:
        self._submitting = dialog  # the action started now answers to this dialog
        try:
            on_submit(values)
        finally:
            self._submitting = None

    def _dialog_finished(self, dialog: ActionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        self._update_presence()

    def _run(self, fn: Callable[[], Any], done_text: str, *, on_done: Callable[[], None] | None = None) -> None:
        dialog = self._submitting
        self.action_bar.set_busy(True)

        def succeeded(_result: Any) -> None:
            if on_done is not None:
                on_done()
            self._after_write(dialog, done_text)

        self._tasks.run_db(
            fn,
            on_success=succeeded,
            on_failure=lambda exc: self._refused(dialog, exc),
            owner=self,
            changes=("ticket",),
            label="ticket action",
        )

    def _after_write(self, dialog: ActionDialog | None, done_text: str | None) -> None:
        if dialog is not None:
            dialog.accept()
        if done_text:
            self.show_message(done_text)
        self.action_bar.set_busy(False)
        self.reload()
        if self._ticket_id is not None:
            self.changed.emit(self._ticket_id)

    def _refused(self, dialog: ActionDialog | None, exc: BaseException) -> None:
        self.action_bar.set_busy(False)
        text = codes.error_text(exc)
        if dialog is not None and dialog.isVisible():
            dialog.show_error(text)
        else:
            self.show_message(text, error=True)
        if isinstance(exc, ConflictError):
            self.reload()

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("History"))
        self.history.setAccessibleName(self.tabs.tabText(0))  # a screen reader names the list by its tab
        self.tabs.setTabText(1, self.tr("Details"))
        self.tabs.setTabText(2, self.tr("Files"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._view is not None:
                self.history_model.retranslate()
        super().changeEvent(event)
