"""Which actions the ticket panel offers, from the ticket's state and the signed-in person's rights.

The services enforce every right and rule; this only hides what they would refuse, so that an agent never
sees "Decide extension" and nobody is offered an action the state machine forbids.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from db.models.ticket import OPEN_TICKET_STATES
from services.permissions import Principal
from services.tickets.rights import (
    PERM_APPROVE_EXTENSION,
    PERM_ASSIGN,
    PERM_CREATE,
    PERM_EXPORT,
    PERM_REOPEN,
    has_right,
)

from ..translate import QT_TRANSLATE_NOOP
from ..widgets import FlowLayout

STATE_ACTIONS = ("acknowledged", "in_progress", "pending_customer", "pending_internal")
LABELS = {
    "acknowledged": QT_TRANSLATE_NOOP("TicketActionBar", "Acknowledge"),
    "in_progress": QT_TRANSLATE_NOOP("TicketActionBar", "Start handling"),
    "pending_customer": QT_TRANSLATE_NOOP("TicketActionBar", "Wait for customer"),
    "pending_internal": QT_TRANSLATE_NOOP("TicketActionBar", "Wait internally"),
    "take": QT_TRANSLATE_NOOP("TicketActionBar", "Take"),
    "assign": QT_TRANSLATE_NOOP("TicketActionBar", "Assign…"),
    "escalate": QT_TRANSLATE_NOOP("TicketActionBar", "Escalate…"),
    "mark_complex": QT_TRANSLATE_NOOP("TicketActionBar", "Complex case (30 days)…"),
    "request_extension": QT_TRANSLATE_NOOP("TicketActionBar", "Request extension…"),
    "decide_extension": QT_TRANSLATE_NOOP("TicketActionBar", "Decide extension…"),
    "merge": QT_TRANSLATE_NOOP("TicketActionBar", "Merge repeat…"),
    "decide": QT_TRANSLATE_NOOP("TicketActionBar", "Decide…"),
    "close": QT_TRANSLATE_NOOP("TicketActionBar", "Close"),
    "reopen": QT_TRANSLATE_NOOP("TicketActionBar", "Reopen…"),
    "export": QT_TRANSLATE_NOOP("TicketActionBar", "Export…"),
}
ORDER = tuple(LABELS)
PRIMARY = {"decide", "acknowledged", "decide_extension"}


def available(view: Any, principal: Principal) -> list[str]:
    """The actions to offer on a :class:`~services.tickets.desk.TicketView`, in display order."""
    d, row = view.detail, view.detail.row
    status = row.status
    is_open = status in OPEN_TICKET_STATES
    handler = has_right(principal, PERM_CREATE)
    regulated = row.kind == "complaint" and view.due_at is not None
    found: set[str] = set()
    if handler:
        found.update(t for t in d.next_states if t in STATE_ACTIONS)
        if is_open and row.assignee_id != principal.user_id:
            found.add("take")
        if is_open:
            found.add("escalate")
        if is_open and regulated and not d.is_complex:
            found.add("mark_complex")
        if (
            is_open
            and regulated
            and d.is_complex
            and d.extended_deadline is None
            and d.extension_state not in ("requested", "approved")
        ):
            found.add("request_extension")
        if "merged" in d.next_states and row.customer_id is not None and row.kind == "complaint":
            found.add("merge")
        if "decided" in d.next_states:
            found.add("decide")
        if status == "decided":
            found.add("close")
    if is_open and has_right(principal, PERM_ASSIGN):
        found.add("assign")
    if (
        is_open
        and d.extension_state == "requested"
        and has_right(principal, PERM_APPROVE_EXTENSION)
        and view.extension_requested_by_id != principal.user_id
    ):
        found.add("decide_extension")
    if status in ("decided", "closed") and has_right(principal, PERM_REOPEN):
        found.add("reopen")
    if has_right(principal, PERM_EXPORT):
        found.add("export")
    return [name for name in ORDER if name in found]


class TicketActionBar(QWidget):
    """A wrapping row of buttons, one per available action.

    Signals:
        triggered(str): the person chose an action (its name, see :data:`LABELS`).
    """

    triggered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketActions")
        self._layout = FlowLayout(self, spacing=6)
        self.buttons: dict[str, QPushButton] = {}
        for name in ORDER:
            button = QPushButton(self)
            button.setObjectName(f"action_{name}")
            button.setProperty("primary", name in PRIMARY)
            button.clicked.connect(lambda _checked=False, name=name: self.triggered.emit(name))
            button.hide()
            self._layout.addWidget(button)
            self.buttons[name] = button
        self.retranslate()

    def set_actions(self, names: list[str]) -> None:
        """Show exactly these actions."""
        for name, button in self.buttons.items():
            button.setVisible(name in names)
            button.setEnabled(True)
        self.updateGeometry()

    def shown(self) -> list[str]:
        """The actions offered now, in display order."""
        return [name for name, button in self.buttons.items() if not button.isHidden()]

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while an action runs."""
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def retranslate(self) -> None:
        for name, button in self.buttons.items():
            button.setText(QCoreApplication.translate("TicketActionBar", LABELS[name]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
