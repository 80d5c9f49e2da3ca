"""The main window: the workspace of the signed-in user's role, a language menu and a status bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.session import SignedInUser
from desktop.tasks import TaskManager
from desktop.wiring import WindowServices

from . import labels
from .accessibility import keep_focus_in_view
from .customer360 import Customer360View
from .customer_workspace import CustomerWorkspace, scrolling
from .lock import LockScreen
from .search import SearchPanel
from .widgets import ElidedLabel
from .window_menus import WindowMenus

if TYPE_CHECKING:
    from .tickets import TicketsWorkspace

_scrolling = scrolling  # the name other modules and tests import

DEFAULT_SIZE = (1366, 768)  # the window's size where no screen tells better (offscreen: screenshots, probes)
NORMAL_SHARE = 0.9  # un-maximized, the window covers this much of the screen's free area
HEADLESS_PLATFORMS = ("offscreen", "minimal")
WEBHOOK_NOTICE_MS = 10_000  # how long the status bar says that the gateway set a webhook aside


def normal_geometry(available: QRect, minimum: tuple[int, int]) -> QRect:
    """The un-maximized window: ``NORMAL_SHARE`` of the screen's free area (taskbar excluded), centred, but
    never smaller than ``minimum`` nor larger than the free area."""
    width = min(available.width(), max(minimum[0], int(available.width() * NORMAL_SHARE)))
    height = min(available.height(), max(minimum[1], int(available.height() * NORMAL_SHARE)))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


class MainWindow(QMainWindow):
    """The application window.

    Args:
        tasks: the background task manager.
        services: search and 360° (tickets and messaging where the role has them), acting for ``user``.
        user: who is signed in (or later, through :meth:`set_session`).
        database: ``describe(url)`` of the database in use.
        switch_language: called with ``zh_CN``/``en`` when the person picks a language.
        language: the language in force.
        reveal: ``(customer_id, field, reason_code, reason_text) -> Revealed`` for roles that may
            reveal masked values (None hides the "Show" buttons).
        reveal_seconds: how long a revealed value stays visible.

    Signals:
        language_requested(str): a language was picked.
        lock_requested(): "Lock screen" was chosen.
        unlock_requested(str): the password typed on the lock screen.
        switch_user_requested(): "Switch user" was chosen (menu or lock screen).
        closing(): the person closed the window (not :meth:`end_session`): the application ends.
    """

    language_requested = Signal(str)
    closing = Signal()
    lock_requested = Signal()
    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        services: WindowServices,
        *,
        user: SignedInUser | None = None,
        database: str = "",
        switch_language: Callable[[str], None] | None = None,
        language: str = "zh_CN",
        timeline_page_size: int = 50,
        reveal: Callable[[int, str, str, str], Any] | None = None,
        reveal_seconds: int = 60,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        keep_focus_in_view()  # a control Tab lands on inside a scroll area is scrolled into view
        self.tasks = tasks
        self.user = user
        self.database = database
        self._switch_language = switch_language
        self._ending = False
        self.live: Any = None  # the LiveDesk (changes, presence, journal), attached after sign-in
        self.wallboard: Any = None  # the wallboard tab and its feed (desktop.wallboard_link), for supervisors
        self.reports: Any = None  # the "Reports" tab (desktop.ui.reports.seat), for report.view
        self.call_center: Any = None  # the call bar and panel, for roles that take calls
        self.flow_seat: Any = None  # the flow runner beside the 360° view (desktop.ui.flows.seat), with flow.run
        self.problem_label: ElidedLabel | None = None  # what does not work, when something does not
        self._line_down: str | None = None  # why the phone line did not start
        self._hidden_while_locked: list[QWidget] = []
        self.workspace = self._build_workspace(services, timeline_page_size, reveal, reveal_seconds)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.workspace, "")
        self.tickets: TicketsWorkspace | None = None
        self.ticket_service: Any = None  # the TicketService, when tickets are part of this window
        self._principal = user if hasattr(user, "user_id") else None
        self.templates: Any = None
        self.campaigns: Any = None
        self.outbox_issues: Any = None
        self.webhook_issues: Any = None  # the gateway's dead letters (WebhookIssuesPage), for supervisors
        self._webhook_notice: tuple[int, str] | None = None  # (new issues, text) while the status bar says so
        self.escalations: Any = None  # the escalations inbox (EscalationsPage), for supervisors
        self.alert_notices: Any = None  # status-bar notices of complaint alerts (desktop.ui.escalations)
        if services.tickets is not None and self._principal is not None:
            self._add_tickets(services.tickets, self._principal)
        if services.messaging is not None and self._principal is not None:
            self._add_messaging(services.messaging, self._principal)
        self.flows: Any = None  # the "Service flows" tab (desktop.ui.flows.workspace): flow.author, report.view
        if services.flows is not None and self._principal is not None:
            self._add_flows(services, self._principal)
        self.lobby: Any = None  # the lobby's seat (desktop.ui.lobby.seat): lobby rights, referrals, appointments
        if services.lobby is not None and self._principal is not None:
            from .lobby.seat import LobbySeat

            self.lobby = LobbySeat(self, self.tasks, services.lobby, self._principal)
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)
        self.lock_screen = LockScreen()
        self.lock_screen.unlock_requested.connect(self.unlock_requested)
        self.lock_screen.switch_user_requested.connect(self.switch_user_requested)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.lock_screen)
        central = QWidget()
        central.setObjectName("central")
        self.banner_area = QVBoxLayout(central)
        self.banner_area.setContentsMargins(0, 0, 0, 0)
        self.banner_area.setSpacing(0)
        self.banner_area.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus(language)
        self._build_status_bar()
        self.retranslate()
        self.resize(*DEFAULT_SIZE)

    def show_for_work(self, *, maximize: bool | None = None) -> None:
        """Show the window for a day's work: maximized on a real screen (so it fits the screen's free area,
        title bar and taskbar excluded); at ``DEFAULT_SIZE`` on a screenless platform, so that screenshots
        and probes come out the same everywhere."""
        if maximize is None:
            maximize = QGuiApplication.platformName() not in HEADLESS_PLATFORMS
        if not maximize:
            self.resize(*DEFAULT_SIZE)
            self.show()
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                hint = self.minimumSizeHint()
                self.setGeometry(normal_geometry(screen.availableGeometry(), (hint.width(), hint.height())))
            self.showMaximized()
        if self.lobby is None or not self.lobby.focus_first():
            self.search_panel.box.setFocus(Qt.FocusReason.OtherFocusReason)  # ready to type a number or a name

    def _build_workspace(
        self,
        services: WindowServices,
        timeline_page_size: int,
        reveal: Callable[[int, str, str, str], Any] | None,
        reveal_seconds: int,
    ) -> CustomerWorkspace:
        return CustomerWorkspace(
            self.tasks,
            services.search,
            services.customer360,
            timeline_page_size=timeline_page_size,
            reveal=reveal,
            reveal_seconds=reveal_seconds,
        )

    @property
    def search_panel(self) -> SearchPanel:
        """The search panel of the customer workspace."""
        return self.workspace.search

    @property
    def customer_view(self) -> Customer360View:
        """The 360° view of the customer workspace."""
        return self.workspace.view

    # -- menus ------------------------------------------------------------------------------------

    def _build_menus(self, language: str) -> None:
        self.menus = WindowMenus(
            self,
            language=language,
            lock=self.lock_requested.emit,
            switch_user=self.switch_user_requested.emit,
            quit=self.close,
            find=self.search_panel.focus_box,
            set_language=self.set_language,
            shortcuts=self.show_shortcuts,
            about=self._about,
        )
        menus = self.menus
        self.file_menu, self.view_menu, self.help_menu = menus.file_menu, menus.view_menu, menus.help_menu
        self.lock_action, self.switch_user_action, self.quit_action = (
            menus.lock_action,
            menus.switch_user_action,
            menus.quit_action,
        )
        self.find_action, self.language_menu = menus.find_action, menus.language_menu
        self.language_group, self.language_actions = menus.language_group, menus.language_actions
        self.shortcuts_action, self.about_action = menus.shortcuts_action, menus.about_action
        self.shortcuts_dialog: Any = None
        menus.add_tab_actions(self.tabs)
        if self.lobby is not None:
            self.lobby.add_menu_actions(self.view_menu)

    def set_session(self, user: Any, database: str) -> None:
        """The signed-in user (a ``Principal`` or ``SignedInUser``) and the database."""
        self.user = user
        self.database = database
        self.lock_screen.set_user(user.display_name, user.username)
        self.retranslate()

    def _add_tickets(self, service: Any, principal: Any) -> None:
        """The "Tickets" workspace, and "New complaint" on the 360° view (roles that take complaints)."""
        from services.permissions import allowed

        from .tickets import TicketsWorkspace, open_intake

        self.tickets = TicketsWorkspace(self.tasks, service, principal)
        self.tabs.addTab(self.tickets, "")
        # A customer's ticket opens in a pane beside the 360° view; from there, in the workspace on request.
        dock = self.customer_view.attach_tickets(service, principal)
        dock.open_in_workspace.connect(self.show_tickets)
        self.customer_view.ticket_dock_changed.connect(self.workspace.make_room)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.ticket_service = service
        from .escalations import attach_escalations

        attach_escalations(self, service, principal)  # the escalations inbox (supervisors), alert notices
        if allowed(principal.role, "ticket.create"):
            card = self.customer_view.header_card
            card.complaint_button.setVisible(True)
            card.complaint_requested.connect(
                lambda: (
                    open_intake(
                        self,
                        self.tasks,
                        service,
                        principal,
                        self.customer_view.customer_id,
                        on_open=self.customer_view.open_ticket,  # the confirmation's "Open ticket"
                    )
                    if self.customer_view.customer_id is not None
                    else None
                )
            )

    def _add_messaging(self, service: Any, principal: Any) -> None:
        """Send from approved templates (360° view); template authoring and campaigns for supervisors."""
        from services.permissions import allowed

        from .messaging import CampaignPanel, OutboxIssuesPage, TemplateEditor, open_compose

        if allowed(principal.role, "message.send"):
            card = self.customer_view.header_card
            card.message_button.setVisible(True)
            card.message_requested.connect(
                lambda: (
                    open_compose(self, self.tasks, service, principal, self.customer_view.customer_id)
                    if self.customer_view.customer_id is not None
                    else None
                )
            )
        if allowed(principal.role, "template.author") or allowed(principal.role, "template.approve"):
            self.templates = TemplateEditor(self.tasks, service, principal)
            self._templates_page = scrolling(self.templates)
            self.tabs.addTab(self._templates_page, "")
        if allowed(principal.role, "campaign.run"):
            self.campaigns = CampaignPanel(self.tasks, service, principal)
            self._campaigns_page = scrolling(self.campaigns)
            self.tabs.addTab(self._campaigns_page, "")
        if allowed(principal.role, "message.settle"):
            self.outbox_issues = OutboxIssuesPage(self.tasks, service, principal)
            self.tabs.addTab(self.outbox_issues, "")
            self._add_webhook_issues(service, principal)

    def _add_flows(self, services: WindowServices, principal: Any) -> None:
        """The "Service flows" tab: the editor for ``flow.author``, the analytics for ``report.view``."""
        from services.audit import AuditTrail
        from services.permissions import allowed

        if not (allowed(principal.role, "flow.author") or allowed(principal.role, "report.view")):
            return
        from .flows.workspace import FlowServices, FlowsWorkspace

        desk, messaging = services.flows, services.messaging
        assert desk is not None
        flow_services = FlowServices(
            desk.engine,
            AuditTrail(workstation=getattr(principal, "workstation", None)),
            principal,
            runner=desk.runner,
            # (a lambda: reading the attribute would make the deferred service here, on the GUI thread)
            find_customer=(lambda cif: messaging.find_customer(cif)) if messaging is not None else None,
        )
        self.flows = FlowsWorkspace(self.tasks, flow_services, principal)
        self.tabs.addTab(self.flows, "")

    def _add_webhook_issues(self, service: Any, principal: Any) -> None:
        """The gateway's dead letters: a tab counting the open ones, and a status-bar notice when one arrives."""
        from desktop.wiring import deferred
        from services.dead_letters import DeadLetterDesk

        from .webhook_issues import WebhookIssuesPage

        # Made on the database worker at first use, like the messaging service it takes the engine from.
        desk = deferred(lambda: DeadLetterDesk(service.engine, audit=service.audit))
        self.webhook_issues = WebhookIssuesPage(self.tasks, desk, principal)
        self.tabs.addTab(self.webhook_issues, "")
        self.webhook_issues.count_changed.connect(self._webhook_issues_counted)
        self.webhook_issues.arrived.connect(self._webhook_issues_arrived)

    def _webhook_issues_counted(self, count: int) -> None:
        page = self.webhook_issues
        self.tabs.setTabText(self.tabs.indexOf(page), page.tab_title())
        self.menus.sync_tab_texts()
        if count == 0 and self._webhook_notice is not None:  # nothing left to look at: the notice goes too
            self.statusBar().clearMessage()

    def _webhook_issues_arrived(self, count: int) -> None:
        shown = self._webhook_notice[0] if self._webhook_notice is not None else 0  # still on the status bar
        self._webhook_notice = (shown + count, "")
        self._say_webhook_notice()

    def _say_webhook_notice(self) -> None:
        """The status-bar notice of new webhook issues, in the language in force (for WEBHOOK_NOTICE_MS)."""
        if self._webhook_notice is None:
            return
        text = self.webhook_issues.arrival_text(self._webhook_notice[0])
        self._webhook_notice = (self._webhook_notice[0], text)
        self.statusBar().showMessage(text, WEBHOOK_NOTICE_MS)

    def _tab_changed(self, index: int) -> None:
        if self.tickets is not None and self.tabs.widget(index) is self.tickets:
            self.tickets.start()

    def ticket_panels(self) -> list[Any]:
        """Every ticket panel of the window (the workspace's, the one beside the 360° view)."""
        panels = [self.tickets.panel] if self.tickets is not None else []
        if self.customer_view.ticket_dock is not None:
            panels.append(self.customer_view.ticket_dock.panel)
        return panels

    def show_tickets(self, ticket_id: int | None = None) -> None:
        """Switch to the tickets workspace (and open one ticket)."""
        if self.tickets is None:
            return
        self.tabs.setCurrentWidget(self.tickets)
        if ticket_id is not None:
            self.tickets.open_ticket(ticket_id)

    def show_line_down(self, reason: str) -> None:
        """Say on the status bar, for good, that the phone line did not start, and why."""
        self._line_down = reason
        if self.problem_label is None:
            self.problem_label = ElidedLabel(parent=self)
            self.problem_label.setObjectName("statusProblem")
            self.problem_label.setStyleSheet("color: #c0392b; font-weight: 600;")
            self.statusBar().insertPermanentWidget(0, self.problem_label, 2)
        text = self.tr("Phone line down: {reason}").format(reason=reason)
        self.problem_label.setFullText(text, text)

    def set_banner(self, banner: QWidget) -> None:
        """Show ``banner`` (e.g. the offline banner) across the top of the window."""
        self.banner_area.insertWidget(0, banner)

    # -- idle lock --------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide every piece of customer data behind the lock screen (idempotent)."""
        if self.locked:
            return
        self.customer_view.hide_sensitive()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self._hidden_while_locked = [
            w for w in (*self.findChildren(QToolBar), *self.findChildren(QDockWidget)) if w.isVisible()
        ]
        for widget in self._hidden_while_locked:
            widget.hide()
        self.menuBar().setEnabled(False)
        self.menus.set_working(False)
        self.lock_screen.reset()
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.password.setFocus()

    def unlock(self) -> None:
        """Back to work after the password was checked."""
        self.lock_screen.reset()
        self.pages.setCurrentWidget(self.tabs)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self.menuBar().setEnabled(True)
        self.menus.set_working(True)

    def end_session(self) -> None:
        """Close this window for good without stopping the application (sign-out, switch user)."""
        self._ending = True
        self.customer_view.hide_sensitive()
        self._stop_live()
        self.close()

    def _stop_live(self) -> None:
        if self.lobby is not None:
            self.lobby.shutdown()  # the lobby display is a window of its own
        center, self.call_center = self.call_center, None
        if center is not None:
            center.shutdown()
        wallboard, self.wallboard = self.wallboard, None
        if wallboard is not None:
            wallboard.stop()
        live, self.live = self.live, None
        if live is not None:
            live.stop()

    def set_language(self, code: str) -> None:
        """Switch the whole interface to ``code`` at run time."""
        self.language_actions[code].setChecked(True)
        if self._switch_language is not None:
            self._switch_language(code)
        self.language_requested.emit(code)

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: every shortcut of this window as it is now, in the language in force."""
        from .shortcuts_dialog import ShortcutsDialog

        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
        self.menus.sync_tab_texts()
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._shortcuts_closed(dialog))
        self.shortcuts_dialog = dialog
        dialog.open()

    def _shortcuts_closed(self, dialog: Any) -> None:
        if self.shortcuts_dialog is dialog:
            self.shortcuts_dialog = None

    def _about(self) -> None:
        from desktop import __version__

        QMessageBox.about(
            self,
            self.tr("About ContactDesk"),
            self.tr("ContactDesk {version}\nCRM and contact-center desktop for retail banking.").format(
                version=__version__
            ),
        )

    # -- status bar -------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.database_label = ElidedLabel(parent=self, mode=Qt.TextElideMode.ElideMiddle)
        self.database_label.setObjectName("statusDatabase")
        self.database_label.setMinimumWidth(120)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        status.addPermanentWidget(self.database_label, 1)
        status.addPermanentWidget(self.user_label, 0)
        status.messageChanged.connect(self._status_message_changed)

    def _status_message_changed(self, message: str) -> None:
        """A notice (``showMessage``) is drawn where the stretching labels sit: they step aside while it shows."""
        for label in (self.database_label, self.problem_label):
            if label is not None:
                label.setVisible(not message)
        if self._webhook_notice is not None and message != self._webhook_notice[1]:
            self._webhook_notice = None  # the notice timed out or gave way

    def retranslate(self) -> None:
        """Every text owned by the window (children retranslate themselves)."""
        if self._line_down is not None:
            self.show_line_down(self._line_down)
        user = self.user
        role = labels.role(user.role) if user is not None else ""
        if user is not None:
            self.setWindowTitle(self.tr("ContactDesk — {user} ({role})").format(user=user.display_name, role=role))
        else:
            self.setWindowTitle("ContactDesk")
        self.tabs.setTabText(self.tabs.indexOf(self.workspace), self.tr("Customers"))
        if self.lobby is not None:
            self.lobby.retranslate()
        if self.tickets is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.tickets), self.tr("Complaints && tickets"))
        if self.templates is not None:
            self.tabs.setTabText(self.tabs.indexOf(self._templates_page), self.tr("Message templates"))
        if self.campaigns is not None:
            self.tabs.setTabText(self.tabs.indexOf(self._campaigns_page), self.tr("Campaigns"))
        if self.outbox_issues is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.outbox_issues), self.tr("Outbox issues"))
        if self.flows is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.flows), self.tr("Service flows"))
        if self.webhook_issues is not None:
            self.tabs.setTabText(self.tabs.indexOf(self.webhook_issues), self.webhook_issues.tab_title())
            self._say_webhook_notice()
        self.menus.retranslate()
        if self.database:
            self.database_label.setFullText(self.tr("Database: {db}").format(db=self.database), self.database)
        else:
            self.database_label.setFullText(self.tr("Connecting to the database…"))
        if user is not None:
            self.user_label.setText(
                self.tr("Signed in: {name} ({username}) · {role}").format(
                    name=user.display_name, username=user.username, role=role
                )
            )
        else:
            self.user_label.setText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._ending:
            self._stop_live()
            self.closing.emit()
            self.tasks.shutdown()
        super().closeEvent(event)
