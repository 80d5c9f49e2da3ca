"""The lobby workspace: the pages a role's lobby rights give, as tabs of one page of the main window.

Lobby managers: check-in, the board, a counter, today's appointments, referrals (sent, and the monthly table).
Customer managers: their referral inbox, a counter, appointments, the monthly table.  The lobby display is a
window of its own (:meth:`LobbyWorkspace.open_display`).  A customer picked anywhere here opens in the 360° view
(:attr:`LobbyWorkspace.open_customer`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from services.permissions import allowed

from .desk import LobbyDesk

# The rights that make a lobby workspace worth showing.
LOBBY_RIGHTS = ("queue_ticket.issue", "counter.serve", "referral.accept")


def wants_lobby(role: str) -> bool:
    """Whether ``role`` works in the lobby (agents only refer and book, from the 360° view)."""
    return any(allowed(role, right) for right in LOBBY_RIGHTS)


def wants_lobby_services(role: str) -> bool:
    """Whether ``role`` uses any lobby service (the workspace, or referral and appointment dialogs)."""
    return wants_lobby(role) or allowed(role, "referral.create") or allowed(role, "appointment.book")


class LobbyWorkspace(QWidget):
    """The lobby pages of one signed-in person.

    Signals:
        open_customer(int): a customer was chosen (served at a counter, recognised at check-in, a referral's).
        appointment_requested(int, int): book an appointment for (customer, referral id or 0).
    """

    open_customer = Signal(int)
    appointment_requested = Signal(int, int)

    def __init__(self, tasks: Any, desk: LobbyDesk, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lobbyWorkspace")
        self.tasks, self.desk, self.principal = tasks, desk, principal
        self.tabs = QTabWidget()
        self.tabs.setObjectName("lobbyTabs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        role = principal.role
        self.checkin: Any = None
        self.board: Any = None
        self.counter: Any = None
        self.appointments: Any = None
        self.referrals: Any = None
        self.report: Any = None
        self.display: Any = None  # the lobby display window, once opened
        if allowed(role, "queue_ticket.issue"):
            from .board_page import BoardPage
            from .checkin_page import CheckinPage

            self.checkin = CheckinPage(tasks, desk, principal)
            self.checkin.open_customer.connect(self.open_customer)
            self.tabs.addTab(self.checkin, "")
            self.board = BoardPage(tasks, desk, principal)
            self.tabs.addTab(self.board, "")
        if allowed(role, "referral.accept") or allowed(role, "queue_ticket.issue"):
            from .referral_inbox import ReferralInbox

            self.referrals = ReferralInbox(tasks, desk, principal)
            self.referrals.open_customer.connect(self.open_customer)
            self.referrals.appointment_requested.connect(self.appointment_requested)
            # A customer manager's day starts with their inbox.
            self.tabs.insertTab(0 if allowed(role, "referral.accept") else self.tabs.count(), self.referrals, "")
        if allowed(role, "counter.serve"):
            from .counter_page import CounterPage

            self.counter = CounterPage(tasks, desk, principal)
            self.counter.open_customer.connect(self.open_customer)
            self.tabs.addTab(self.counter, "")
        if allowed(role, "appointment.book") and wants_lobby(role):
            from .appointments_page import AppointmentsPage

            self.appointments = AppointmentsPage(tasks, desk, principal)
            self.tabs.addTab(self.appointments, "")
        if allowed(role, "report.view") and (allowed(role, "referral.create") or allowed(role, "referral.accept")):
            from .referral_report import ReferralReport

            self.report = ReferralReport(tasks, desk, principal)
            self.tabs.addTab(self.report, "")
        self.tabs.setCurrentIndex(0)
        self.retranslate()

    def focus_first(self) -> None:
        """Put the keyboard where the day starts: the check-in box, else the first page."""
        page = self.tabs.currentWidget()
        target = getattr(page, "focus_first", None) or getattr(page, "focus_box", None)
        if callable(target):
            target()
        elif page is not None:
            page.setFocus()

    def open_display(self, watch: Any = None) -> Any:
        """Open (or raise) the lobby display of this desktop's branch, full screen on another screen if any."""
        from PySide6.QtGui import QGuiApplication

        from .display_window import DisplayWindow

        if self.display is None:
            self.display = DisplayWindow(self.tasks, self.desk, self.principal.branch_id, watch=watch)
        screens = QGuiApplication.screens()
        here = self.window().screen() if self.window() is not None else None
        others = [s for s in screens if s is not here]
        self.display.show_on(others[0] if others else here or QGuiApplication.primaryScreen())
        return self.display

    def close_display(self) -> None:
        if self.display is not None:
            self.display.close()
            self.display.deleteLater()
            self.display = None

    def retranslate(self) -> None:
        names = (
            (self.checkin, self.tr("Check-in")),
            (self.board, self.tr("Lobby board")),
            (self.referrals, self.tr("Referrals")),
            (self.counter, self.tr("Counter")),
            (self.appointments, self.tr("Appointments")),
            (self.report, self.tr("Referral report")),
        )
        for page, name in names:
            if page is not None:
                self.tabs.setTabText(self.tabs.indexOf(page), name)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
