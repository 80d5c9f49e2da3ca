"""``TicketsWorkspace``: the "Tickets" tab — the list on the left, the selected ticket on the right."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.permissions import Principal
from services.tickets.rights import PERM_CREATE, has_right
from services.tickets.service import TicketService

from .intake import IntakeDialog, open_intake
from .listview import TicketListView
from .panel import TicketPanel

log = logging.getLogger(__name__)

LIST_SHARE = 0.55  # at 1366 px: number, customer, category, summary, status and time left in either language
LIVE_REFRESH_MS = 150


class TicketsWorkspace(QWidget):
    """The signed-in person's tickets (supervisors: their teams' work; others: their own) and one ticket.

    Loads when first shown (or on :meth:`start`).  :meth:`refresh` reloads the list, keeping the selection
    and scroll position, and the open ticket.  It also refreshes by itself on ``TaskManager.changed``: topic
    ``ticket`` (a write on this desktop, or live sync) refreshes the list, ``ticket:<id>`` the open ticket.

    Signals:
        ticket_opened(int): a ticket was opened in the panel.
    """

    ticket_opened = Signal(int)

    def __init__(
        self,
        tasks: TaskManager,
        service: TicketService,
        principal: Principal,
        *,
        page_size: int = 100,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketsWorkspace")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._started = False
        self._drafts: list[Any] = []
        self.intake: IntakeDialog | None = None

        self.list = TicketListView(tasks, service, principal, page_size=page_size, parent=self)
        self.panel = TicketPanel(tasks, service, principal, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("ticketsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.drafts_banner = QFrame(self)
        self.drafts_banner.setObjectName("draftsBanner")
        self.drafts_label = QLabel(self.drafts_banner)
        self.resume_button = QPushButton(self.drafts_banner)
        self.resume_button.setObjectName("resumeIntake")
        banner = QHBoxLayout(self.drafts_banner)
        banner.setContentsMargins(10, 4, 10, 4)
        banner.addWidget(self.drafts_label, 1)
        banner.addWidget(self.resume_button)
        self.drafts_banner.hide()
        self.status = QLabel(self)
        self.status.setObjectName("ticketsStatus")
        self.status.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.drafts_banner)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

        self.list.ticket_selected.connect(self.open_ticket)
        self.list.ticket_activated.connect(self.open_ticket)
        self.list.message.connect(self._show_status)
        self.resume_button.clicked.connect(self.resume_intake)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(LIVE_REFRESH_MS)
        self._refresh_timer.timeout.connect(self.list.refresh)
        tasks.changed.connect(self._data_changed)
        self.retranslate()

    # -- public API -------------------------------------------------------------------------------

    @property
    def tasks(self) -> TaskManager:
        """The task manager the workspace runs its database work on."""
        return self._tasks

    def start(self) -> None:
        """Load the list, the saved filters and the unfinished intakes (once)."""
        if self._started:
            return
        self._started = True
        self.apply_split()
        self.list.start()
        self.check_drafts()

    def refresh(self) -> None:
        """Reload the list (selection and scroll position kept) and the open ticket."""
        if not self._started:
            return
        self.list.refresh()
        self.panel.reload()
        self.check_drafts()

    def open_ticket(self, ticket_id: int) -> None:
        """Show a ticket in the panel (and select it in the list when it is there)."""
        if ticket_id != self.panel.ticket_id:
            self.panel.open_ticket(ticket_id)
            self.ticket_opened.emit(ticket_id)
        self.list.select_ticket(ticket_id)

    def apply_split(self) -> None:
        """Give the list :data:`LIST_SHARE` of the width."""
        width = max(self.width(), 900)
        left = int(width * LIST_SHARE)
        self.splitter.setSizes([left, width - left])

    # -- unfinished intakes -----------------------------------------------------------------------

    def check_drafts(self) -> None:
        """Look for complaint intakes this person left unfinished (a crash, or "keep as draft")."""
        if not has_right(self._principal, PERM_CREATE):
            return
        service, user_id = self._service, self._principal.user_id
        self._tasks.run_db(
            lambda: service.open_drafts(user_id),
            on_success=self._drafts_arrived,
            on_failure=lambda exc: log.info("looking for unfinished intakes failed: %r", exc),
            key=f"ticket-drafts-{id(self)}",
            owner=self,
            busy=False,
            label="unfinished intakes",
        )

    def _drafts_arrived(self, drafts: list[Any]) -> None:
        self._drafts = list(drafts)
        self.retranslate()
        self.drafts_banner.setVisible(bool(drafts))

    def resume_intake(self) -> IntakeDialog | None:
        """Continue the newest unfinished intake."""
        if not self._drafts:
            return None
        draft = self._drafts[0]
        self.intake = open_intake(
            self, self._tasks, self._service, self._principal, draft.customer_id, draft_id=draft.id
        )
        self.intake.created.connect(lambda created: self.open_ticket(created.id))
        self.intake.open_requested.connect(self.open_ticket)
        self.intake.finished.connect(lambda _r: self.check_drafts())
        return self.intake

    # -- events -----------------------------------------------------------------------------------

    def _data_changed(self, topics: frozenset[str]) -> None:
        if not self._started:
            return
        if "ticket" in topics:
            self._refresh_timer.start()  # a burst of changes refreshes the list once
        if "ticket_draft" in topics or "ticket" in topics:
            self.check_drafts()

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.start()

    def retranslate(self) -> None:
        count = len(self._drafts)
        self.drafts_label.setText(
            self.tr("You have {count} unfinished complaint intake(s); nothing typed was lost.").format(count=count)
        )
        self.resume_button.setText(self.tr("Resume"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
