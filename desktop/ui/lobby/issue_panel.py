"""Issuing a queue number: one big button per service of the branch, priority, SMS consent, "Issue".

The number is shown big as soon as the service issued it (with the people ahead and the expected wait), and
only then printed: a printer that is missing or jammed never costs the customer their number.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_LOBBY, IssuedTicket, QueueTicketView, RecognitionCard, ServiceType

from .. import fmt
from ..i18n import error_text
from ..widgets import OneOf
from .ticket_print import PrintOutcome, TicketPrinter

log = logging.getLogger(__name__)

TOUCH = 44
ISSUE_SHORTCUT = "Ctrl+I"
PRIORITIES = (None, "elderly", "disabled")
SUGGESTED_STYLE = "QPushButton { border: 3px solid #e0a100; font-weight: 700; }"


def branch_services(desk: Any, principal: Any, branch_id: int | None = None) -> list[ServiceType]:
    """The service types of the branch (worker thread only)."""
    return list(desk.queue.services(principal, branch_id if branch_id is not None else principal.branch_id))


def service_name(service: ServiceType | None, code: str = "") -> str:
    if service is None:
        return code
    return service.name_zh if fmt.is_chinese() else service.name_en


class IssuePanel(QFrame):
    """Issue a number for the customer shown (or a walk-in without identification).

    Signals:
        issued(object): the :class:`IssuedTicket` just issued (after it was shown and printed).
    """

    issued = Signal(object)
    services_loaded = Signal()

    def __init__(self, tasks: TaskManager, desk: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self._card: RecognitionCard | None = None
        self._services: list[ServiceType] = []
        self.service_buttons: dict[str, QPushButton] = {}
        self.last_issued: IssuedTicket | None = None
        self.last_print: PrintOutcome | None = None
        self.printer = TicketPrinter(getattr(desk, "print_to_pdf", None), self)

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.who = QLabel(self)
        self.who.setWordWrap(True)
        self.suggestion = QLabel(self)
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet("color: #7a5a00;")
        self.suggestion.setVisible(False)

        self.service_group = OneOf(self)
        self.service_group.setExclusive(True)
        self.service_group.buttonToggled.connect(lambda *_a: self._update_issue_button())
        self.service_grid = QGridLayout()
        self.service_grid.setSpacing(6)
        self.services_note = QLabel(self)
        self.services_note.setObjectName("muted")
        self.services_note.setWordWrap(True)

        self.priority_caption = QLabel(self)
        self.priority_group = OneOf(self)
        self.priority_buttons: dict[str | None, QPushButton] = {}
        priority_row = QHBoxLayout()
        priority_row.addWidget(self.priority_caption)
        for i, code in enumerate(PRIORITIES):
            button = QPushButton(self)
            button.setCheckable(True)
            button.setMinimumHeight(TOUCH)
            self.priority_group.addButton(button, i)
            self.priority_buttons[code] = button
            priority_row.addWidget(button, 1)
        self.priority_buttons[None].setChecked(True)

        self.sms = QCheckBox(self)
        self.sms.setMinimumHeight(TOUCH)
        self.sms.setVisible(False)
        self.issue_button = QPushButton(self)
        self.issue_button.setObjectName("primaryButton")
        self.issue_button.setMinimumHeight(56)
        self.issue_button.clicked.connect(self.issue)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        # The result: the number very large, then what the customer needs to know.
        self.result = QFrame(self)
        self.result.setObjectName("issuedResult")
        self.result.setStyleSheet("QFrame#issuedResult { background: #eef4fb; border-radius: 8px; }")
        self.result_caption = QLabel(self.result)
        self.number = QLabel(self.result)
        self.number.setObjectName("issuedNumber")
        font = QFont(self.number.font())
        font.setPixelSize(64)
        font.setBold(True)
        self.number.setFont(font)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setStyleSheet("color: #1f5fa8;")
        self.result_service = QLabel(self.result)
        self.result_service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_service.setWordWrap(True)
        self.ahead = QLabel(self.result)
        self.ahead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait = QLabel(self.result)
        self.wait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait.setWordWrap(True)
        self.print_note = QLabel(self.result)
        self.print_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_note.setWordWrap(True)
        self.print_note.setObjectName("muted")
        result_layout = QVBoxLayout(self.result)
        result_layout.setContentsMargins(12, 8, 12, 8)
        result_layout.setSpacing(2)
        for widget in (self.result_caption, self.number, self.result_service, self.ahead, self.wait, self.print_note):
            result_layout.addWidget(widget)
        self.result.setVisible(False)
        self.result.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.who)
        layout.addWidget(self.suggestion)
        layout.addLayout(self.service_grid)
        layout.addWidget(self.services_note)
        layout.addLayout(priority_row)
        layout.addWidget(self.sms)
        layout.addWidget(self.issue_button)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addStretch(1)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self.load_services()

    # -- public -----------------------------------------------------------------------------------

    @property
    def services(self) -> list[ServiceType]:
        return list(self._services)

    def selected_service(self) -> str | None:
        button = self.service_group.checkedButton()
        return None if button is None else str(button.property("code"))

    def select_service(self, code: str) -> None:
        button = self.service_buttons.get(code)
        if button is not None and button.isEnabled():
            button.setChecked(True)

    def priority(self) -> str | None:
        return PRIORITIES[max(0, self.priority_group.checkedId())]

    def set_priority(self, code: str | None) -> None:
        self.priority_buttons[code].setChecked(True)

    def set_customer(self, card: RecognitionCard | None) -> None:
        """Issue for ``card``'s customer (None: a walk-in without identification)."""
        same = card is not None and self._card is not None and card.customer_id == self._card.customer_id
        self._card = card
        self.sms.setVisible(card is not None and bool(card.masked_phone))
        if not same:  # the same customer's card read again (a live update) keeps what was chosen and shown
            self.error.setVisible(False)
            self.set_priority(None)
            self.sms.setChecked(False)  # consent is asked of each customer, never carried over
            self.result.setVisible(False)
            self.last_issued = None
            if card is not None and card.waiting_ticket is not None:
                self._show_held(card.waiting_ticket)
        self._render_services(preselect=not same)
        self._render_who()

    def focus_services(self) -> None:
        """Put the keyboard on the selected (or first) service button."""
        button = self.service_group.checkedButton() or next(iter(self.service_buttons.values()), None)
        if button is not None:
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_services(self) -> None:
        desk, principal = self._desk, self._principal
        self._tasks.run_db(
            lambda: branch_services(desk, principal),
            on_success=self._services_arrived,
            on_failure=lambda exc: self._say(error_text(exc)),
            key=f"issue-services-{id(self)}",
            owner=self,
            label="lobby services",
        )

    def issue(self) -> None:
        code = self.selected_service()
        if code is None:
            self._say(self.tr("Choose the service first."))
            self.focus_services()
            return
        if not self.issue_button.isEnabled():
            return
        card = self._card
        queue, principal = self._desk.queue, self._principal
        customer_id = card.customer_id if card is not None else None
        priority = self.priority()
        sms = self.sms.isVisible() and self.sms.isChecked()
        # Today's appointment is checked in with the number for its own service (priority inside its slot).
        appointment = getattr(card, "appointment_id", None) if card is not None else None
        if appointment is not None and getattr(card, "appointment_service", None) not in (None, code):
            appointment = None
        self.error.setVisible(False)
        self.issue_button.setEnabled(False)
        self._tasks.run_db(
            lambda: queue.issue(
                principal,
                code,
                customer_id=customer_id,
                priority_reason=priority,
                sms_consent=sms,
                appointment_id=appointment,
            ),
            on_success=self._issued,
            on_failure=self._issue_failed,
            owner=self,
            changes=(FEED_LOBBY,),
            label="issue number",
        )

    # -- internals --------------------------------------------------------------------------------

    def _services_arrived(self, services: list[ServiceType]) -> None:
        self._services = list(services)
        self._render_services(preselect=True)
        self.services_loaded.emit()

    def _render_services(self, *, preselect: bool = True) -> None:
        wanted = [s.code for s in self._services]
        if list(self.service_buttons) != wanted:
            for button in self.service_buttons.values():
                self.service_group.removeButton(button)
                button.deleteLater()
            self.service_buttons = {}
            for i, service in enumerate(self._services):
                button = QPushButton(self)
                button.setCheckable(True)
                button.setMinimumHeight(64)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.setProperty("code", service.code)
                self.service_group.addButton(button)
                self.service_grid.addWidget(button, i // 2, i % 2)
                self.service_buttons[service.code] = button
        card = self._card
        vip = card is not None and card.vip_level > 0
        suggested = card.suggested_service if card is not None else None
        for service in self._services:
            button = self.service_buttons[service.code]
            text = f"{service.prefix}  {service_name(service)}"
            button.setText(text)
            button.setEnabled(vip or not service.vip_only)
            tip = self.tr("Only for VIP customers") if service.vip_only else ""
            button.setToolTip(tip)
            button.setStyleSheet(SUGGESTED_STYLE if service.code == suggested else "")
        if suggested in self.service_buttons and self.service_buttons[suggested].isEnabled():
            if preselect:
                self.service_buttons[suggested].setChecked(True)
            why = (card.suggested_why_zh if fmt.is_chinese() else card.suggested_why_en) if card else ""
            self.suggestion.setText(
                self.tr("Suggested: {service}").format(service=service_name(self._service(suggested)))
                + (f" — {why}" if why else "")
            )
            self.suggestion.setVisible(True)
        else:
            self.suggestion.setVisible(False)
            checked = self.service_group.checkedButton()
            if checked is not None and not checked.isEnabled():
                self.service_group.setExclusive(False)
                checked.setChecked(False)
                self.service_group.setExclusive(True)
        self.services_note.setVisible(not self._services)
        self._update_issue_button()

    def _service(self, code: str | None) -> ServiceType | None:
        return next((s for s in self._services if s.code == code), None)

    def _render_who(self) -> None:
        card = self._card
        if card is None:
            self.who.setText(self.tr("Walk-in customer without identification"))
        else:
            self.who.setText(self.tr("For {name}").format(name=card.name))

    def _held(self) -> QueueTicketView | None:
        card = self._card
        ticket = card.waiting_ticket if card is not None else None
        return ticket if ticket is not None and ticket.status in ("waiting", "called", "serving") else None

    def _update_issue_button(self) -> None:
        held = self._held()
        # The customer keeps the number held today; a second one only for another service.
        blocked = held is not None and held.service_code == self.selected_service()
        self.issue_button.setEnabled(bool(self._services) and not blocked)

    def _show_held(self, ticket: QueueTicketView) -> None:
        self.result_caption.setText(self.tr("Already holds a number today"))
        self.number.setText(ticket.number)
        self.result_service.setText(service_name(self._service(ticket.service_code), ticket.service_code))
        status = {
            "waiting": self.tr("waiting"),
            "called": self.tr("called to {counter}").format(counter=ticket.counter_label or ""),
            "serving": self.tr("being served"),
        }.get(ticket.status, ticket.status)
        self.ahead.setText(self.tr("Status: {status}").format(status=status))
        self.wait.setText(self.tr("Issued {time}").format(time=fmt.datetime(ticket.issued_at)))
        self.print_note.setText("")
        self.result.setVisible(True)

    def _issued(self, issued: IssuedTicket) -> None:
        self.last_issued = issued
        self.result_caption.setText(self.tr("Number issued"))
        self.number.setText(issued.ticket.number)
        self.result_service.setText(issued.service_name_zh if fmt.is_chinese() else issued.service_name_en)
        self.ahead.setText(self.tr("People ahead: {n}").format(n=issued.ahead))
        if issued.counters_open == 0 or issued.estimated_wait_min is None:
            self.wait.setText(self.tr("No counter is open for this service right now"))
            self.wait.setStyleSheet("color: #b3261e; font-weight: 600;")
        else:
            self.wait.setText(self.tr("Estimated wait: about {n} min").format(n=issued.estimated_wait_min))
            self.wait.setStyleSheet("")
        self.print_note.setText(self.tr("Printing…"))
        self.result.setVisible(True)
        self._update_issue_button()
        try:
            outcome = self.printer.print_ticket(issued)
        except Exception as exc:  # a printer driver's failure must not hide the number
            log.warning("printing ticket %s failed: %r", issued.ticket.number, exc)
            outcome = PrintOutcome(
                "none", "", self.tr("The printer did not print: the number is issued and shown on screen")
            )
        self.last_print = outcome
        note = outcome.message
        if issued.sms_queued:
            note += "\n" + self.tr("The number was also sent by SMS.")
        self.print_note.setText(note)
        self.print_note.setStyleSheet("color: #b3261e; font-weight: 600;" if outcome.kind == "none" else "")
        self.issued.emit(issued)

    def _issue_failed(self, exc: BaseException) -> None:
        log.info("issuing a number refused or failed: %r", exc)
        self._say(error_text(exc))
        self._update_issue_button()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _data_changed(self, topics: frozenset[str]) -> None:
        if "lobby_service" in topics:
            self.load_services()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Issue a number"))
        self.services_note.setText(self.tr("No services are set up for this branch yet; ask an administrator."))
        self.priority_caption.setText(self.tr("Priority"))
        self.priority_buttons[None].setText(self.tr("None"))
        self.priority_buttons["elderly"].setText(self.tr("Elderly"))
        self.priority_buttons["disabled"].setText(self.tr("Disabled"))
        self.sms.setText(self.tr("The customer agrees to an SMS when their turn is near"))
        self.issue_button.setText(self.tr("Issue number"))
        self.issue_button.setShortcut(QKeySequence(ISSUE_SHORTCUT))  # after the text: setText resets it
        self.issue_button.setToolTip(self.tr("Issue and print the number ({key})").format(key=ISSUE_SHORTCUT))
        self._render_who()
        if self._services:
            self._render_services(preselect=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
