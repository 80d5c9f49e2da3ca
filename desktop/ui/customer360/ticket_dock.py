"""The ticket panel docked beside the 360° view: the customer and their complaint on one screen.

A customer's ticket opened from the 360° view (double-click in the Tickets tab, or the "open complaints"
chip) shows here, in the same :class:`~desktop.ui.tickets.panel.TicketPanel` as the tickets
workspace, with all its actions.  A slim title bar offers "Open in tickets workspace" and closing the pane.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..tickets.panel import TicketPanel
from ..widgets import ElidedLabel

MIN_WIDTH = 430


class TicketDock(QFrame):
    """A closable pane holding a :class:`TicketPanel`.

    Signals:
        opened(int): a ticket was opened in the pane (its id).
        closed(): the pane was closed (the panel left the ticket).
        open_in_workspace(int): "Open in tickets workspace" was chosen for the ticket shown.
    """

    opened = Signal(int)
    closed = Signal()
    open_in_workspace = Signal(int)

    def __init__(self, tasks: Any, service: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketDock")
        self.setMinimumWidth(MIN_WIDTH)
        self.panel = TicketPanel(tasks, service, principal, self)
        self.title = ElidedLabel(parent=self)
        self.title.setObjectName("ticketDockTitle")
        self.workspace_button = QToolButton(self)
        self.workspace_button.setObjectName("openInWorkspace")
        self.workspace_button.setAutoRaise(True)
        self.workspace_button.clicked.connect(self._to_workspace)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("closeTicketDock")
        self.close_button.setAutoRaise(True)
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_ticket)
        self.caption = QLabel(self)
        self.caption.setObjectName("muted")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 6, 6, 0)
        bar.setSpacing(4)
        bar.addWidget(self.caption)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.workspace_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.panel, 1)
        self.panel.loaded.connect(self._loaded)
        self.retranslate()
        self.hide()

    @property
    def ticket_id(self) -> int | None:
        """The ticket shown (None while the pane is closed)."""
        return self.panel.ticket_id

    def open_ticket(self, ticket_id: int) -> None:
        """Show the ticket in the pane (opening the pane)."""
        if ticket_id != self.panel.ticket_id:
            self.title.setFullText("")
        self.panel.open_ticket(ticket_id)
        self.show()
        self.opened.emit(ticket_id)

    def close_ticket(self) -> None:
        """Close the pane: the panel leaves the ticket (its note draft is saved first)."""
        if self.panel.ticket_id is None and not self.isVisible():
            return
        self.panel.clear()
        self.hide()
        self.closed.emit()

    def _to_workspace(self) -> None:
        ticket_id = self.panel.ticket_id
        if ticket_id is not None:
            self.close_ticket()
            self.open_in_workspace.emit(ticket_id)

    def _loaded(self, view: Any) -> None:
        row = view.detail.row
        self.title.setFullText(f"{row.number} · {row.summary}", row.summary)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Ticket"))
        self.workspace_button.setText(self.tr("Open in tickets workspace"))
        self.workspace_button.setToolTip(self.tr("Show this ticket in the tickets workspace, beside your list"))
        self.close_button.setToolTip(self.tr("Close the ticket pane"))
        self.close_button.setAccessibleName(self.tr("Close the ticket pane"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
