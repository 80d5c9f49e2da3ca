"""Where the lobby sits in the main window.

* the lobby workspace as a tab (first, and shown, for lobby managers; after the customers for customer managers);
* a customer chosen in the lobby opens in the 360° view of the "Customers" tab;
* "Refer to manager" and "Book appointment" on the 360° header for the roles that may (agents too);
* "Lobby display" (Ctrl+Alt+D) in the View menu opens the display window on another screen;
* a customer manager is told at once when the lobby notifies them that their customer has arrived.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence

from services.permissions import allowed

from .desk import LobbyDesk
from .workspace import LobbyWorkspace, wants_lobby

DISPLAY_KEY = "Ctrl+Alt+D"


class LobbySeat(QObject):
    """The lobby's wiring in one main window (see the module docstring)."""

    def __init__(self, window: Any, tasks: Any, desk: LobbyDesk, principal: Any) -> None:
        super().__init__(window)
        self.window, self.tasks, self.desk, self.principal = window, tasks, desk, principal
        self.workspace: LobbyWorkspace | None = None
        self.display_action: QAction | None = None
        self.notices: Any = None
        self._dialog: Any = None
        if wants_lobby(principal.role):
            self.workspace = LobbyWorkspace(tasks, desk, principal)
            first = principal.role == "lobby_manager"
            window.tabs.insertTab(0 if first else 1, self.workspace, "")
            if first:
                window.tabs.setCurrentWidget(self.workspace)
            self.workspace.open_customer.connect(self.open_customer)
            self.workspace.appointment_requested.connect(self.book_appointment)
        # The memo under the 360° overview, "Refer to manager" and "Book appointment" on its header.
        source = "wrapup" if allowed(principal.role, "call.handle") else "counter"
        window.customer_view.attach_lobby(desk, principal, referral_source=source)

    def attach_live(self, live: Any) -> None:
        """Once the live link is up: a customer manager hears at once that the lobby has their customer."""
        if self.notices is None and allowed(self.principal.role, "referral.accept"):
            from .notify_notice import ManagerNotices

            bridge = getattr(live, "bridge", None)
            self.notices = ManagerNotices(
                self.tasks,
                self.principal,
                self.window.statusBar(),
                changes=bridge.changes if bridge is not None else None,
                parent=self,
            )

    # -- the window's parts --------------------------------------------------------------------------------------
    def add_menu_actions(self, view_menu: Any) -> None:
        """ "Lobby display" in the View menu (lobby managers)."""
        if self.workspace is None or not allowed(self.principal.role, "queue_ticket.issue"):
            return
        action = QAction(self.window)
        action.setShortcut(QKeySequence(DISPLAY_KEY))
        action.triggered.connect(self.open_display)
        view_menu.addSeparator()
        view_menu.addAction(action)
        self.display_action = action
        self.retranslate()

    def attach_wrapup(self, center: Any) -> None:
        """The wrap-up's "Refer to manager…": the caller shown in the 360° view, with source "wrapup"."""
        if center is None or not allowed(self.principal.role, "referral.create"):
            return
        center.wrapup.refer.show()
        # The 360° view's own referral dialog (its source is "wrapup" for those who take calls).
        center.wrapup.referral_requested.connect(lambda _call: self.window.customer_view.lobby.refer())

    def open_display(self) -> Any:
        assert self.workspace is not None
        live = getattr(self.window, "live", None)
        return self.workspace.open_display(getattr(live, "watch", None))

    def focus_first(self) -> bool:
        """Keyboard to the lobby's first field when the lobby is the page shown (True when it took it)."""
        if self.workspace is None or self.window.tabs.currentWidget() is not self.workspace:
            return False
        self.workspace.focus_first()
        return True

    def retranslate(self) -> None:
        if self.workspace is not None:
            self.window.tabs.setTabText(
                self.window.tabs.indexOf(self.workspace), QCoreApplication.translate("LobbySeat", "Branch lobby")
            )
        if self.display_action is not None:
            self.display_action.setText(QCoreApplication.translate("LobbySeat", "Lobby &display"))

    def shutdown(self) -> None:
        if self.workspace is not None:
            self.workspace.close_display()

    # -- actions ---------------------------------------------------------------------------------------------------
    def open_customer(self, customer_id: int) -> None:
        """Show ``customer_id`` in the 360° view of the customers tab."""
        self.window.tabs.setCurrentWidget(self.window.workspace)
        self.window.customer_view.open_customer(customer_id)

    def book_appointment(self, customer_id: int | None, referral_id: int = 0) -> None:
        if customer_id is None:
            return
        from .appointment_dialog import AppointmentDialog

        dialog = AppointmentDialog(self.tasks, self.desk, self.principal, customer_id, parent=self.window)
        if referral_id and hasattr(dialog, "set_referral"):
            dialog.set_referral(referral_id)
        self._show(dialog)

    def _show(self, dialog: Any) -> None:
        self._dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
