"""Complaint escalations on the desktop: the supervisors' inbox, and status-bar notices for every ticket user.

* :class:`EscalationsPage` — the escalations addressed to the signed-in user that they have not acknowledged
  yet, newest first (ticket number, reason, level, deadline, the ticket's status, when): Enter or a double
  click opens the ticket in the tickets workspace, "Acknowledge" (Ctrl+K) takes the selected one off the list.
  It follows the user's alert topic (``ticket_alert:<id>``, :mod:`services.tickets.alerts`) and the tickets
  it lists, so an escalation made by the scan, by a handler or acknowledged on another desktop shows at once.
* :class:`AlertNotices` — says on the status bar when a warning, a breach or an escalation addressed to the
  signed-in user arrives (the escalation scan runs in the gateway, or in-process on the embedded database).
* :func:`attach_escalations` — puts both into the main window (the inbox for roles with ``ticket.view_team``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStatusBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.permissions import Principal, allowed
from services.tickets import alerts
from services.tickets.alerts import TicketAlert
from services.tickets.escalation import Escalation

from . import fmt, labels
from .i18n import error_text
from .listed_rows import ListedRows
from .translate import QT_TRANSLATE_NOOP
from .widgets import StatePane, configure_record_table

log = logging.getLogger(__name__)

INBOX_RIGHT = "ticket.view_team"  # who gets the inbox: the people escalations go to (supervisors)
ACKNOWLEDGE_KEY = "Ctrl+K"
REFRESH_DELAY_MS = 300  # a burst of changes reloads once
NOTICE_MS = 15_000  # how long the status bar shows an alert
BREACH_COLOR = QColor("#c0392b")
COLUMNS = (
    QT_TRANSLATE_NOOP("EscalationsPage", "Ticket"),
    QT_TRANSLATE_NOOP("EscalationsPage", "Reason"),
    QT_TRANSLATE_NOOP("EscalationsPage", "Level"),
    QT_TRANSLATE_NOOP("EscalationsPage", "Deadline"),
    QT_TRANSLATE_NOOP("EscalationsPage", "Status"),
    QT_TRANSLATE_NOOP("EscalationsPage", "Escalated at"),
)
REASONS = {
    "warning": QT_TRANSLATE_NOOP("EscalationsPage", "Deadline close"),
    "breach": QT_TRANSLATE_NOOP("EscalationsPage", "Deadline missed"),
    "manual": QT_TRANSLATE_NOOP("EscalationsPage", "Escalated by hand"),
}


class EscalationsPage(ListedRows, QWidget):
    """The escalations addressed to the signed-in user, with "Open ticket" and "Acknowledge".

    Args:
        tasks: the desktop's task manager.
        service: the :class:`~services.tickets.TicketService` (or a deferred one; used on the database worker).
        principal: the signed-in user.

    Signals:
        open_requested(int): open this ticket (Enter or a double click on a row, or "Open ticket").
        acknowledged(int): an escalation was acknowledged from this page (its id).
        count_changed(int): the number of open escalations changed (the tab title shows it).
        arrived(int): that many escalations appeared since the list was last loaded (not on the first load).
        title_changed(): :meth:`tab_title` changed (count or language).
    """

    open_requested = Signal(int)
    acknowledged = Signal(int)
    count_changed = Signal(int)
    arrived = Signal(int)
    title_changed = Signal()

    def __init__(self, tasks: TaskManager, service: Any, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationsPage")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._topic = alerts.topic(principal.user_id)
        self.escalations: list[Escalation] = []
        self.listed = False
        self._seen: set[int] = set()
        self._last_acknowledged: str | None = None  # the ticket number, for the status line
        self._failure: BaseException | None = None
        self._load_failure: BaseException | None = None

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("escalationsTable")
        configure_record_table(self.table)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter, or a double click
        self.pane = StatePane(self.table, self)

        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("escalationsRefresh")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("escalationOpen")
        self.acknowledge_button = QPushButton(self)
        self.acknowledge_button.setObjectName("escalationAcknowledge")
        self.acknowledge_shortcut = QShortcut(QKeySequence(ACKNOWLEDGE_KEY), self)
        self.acknowledge_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.acknowledge_shortcut.activated.connect(self.acknowledge_selected)
        self.status = QLabel(self)
        self.status.setObjectName("escalationsStatus")
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.acknowledge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.pane, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.setTabOrder(self.table, self.acknowledge_button)
        self.setTabOrder(self.acknowledge_button, self.open_button)
        self.setTabOrder(self.open_button, self.refresh_button)

        self.refresh_button.clicked.connect(self._refresh_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        self.pane.retry.connect(self._refresh_clicked)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        tasks.changed.connect(self._data_changed)
        self.retranslate()
        self._update_buttons()
        self.pane.show_loading()
        self.refresh()

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Escalations"))
        self.hint.setText(
            self.tr(
                "Complaints escalated to you: close to their regulatory deadline, past it, or escalated by their "
                "handler. Open one to act on it, then acknowledge it to take it off this list."
            )
        )
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.refresh_button.setText(self.tr("Refresh"))
        self.open_button.setText(self.tr("Open ticket"))
        self.open_button.setToolTip(self.tr("Open the selected escalation's ticket (Enter or double-click)"))
        self.acknowledge_button.setText(self.tr("Acknowledge"))
        keys = QKeySequence(ACKNOWLEDGE_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        self.acknowledge_button.setToolTip(
            self.tr("Mark the selected escalation as seen and take it off the list ({keys})").format(keys=keys)
        )
        self.acknowledge_shortcut.setWhatsThis(self.tr("Acknowledge the selected escalation"))
        for row, item in enumerate(self.escalations):
            for column, text in enumerate(self._cells(item)):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setText(text)
        self._fit_columns()
        if self.listed:
            self._show_count()
            if not self.escalations:
                self._show_empty()
        if self._load_failure is not None:
            self.pane.show_failure(self._load_failure)
        if self._failure is not None:
            self.error.setText(self._failure_text(self._failure))
        self.title_changed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def tab_title(self) -> str:
        """The main window's tab title: the page's name and, when there are any, the number waiting."""
        if self.escalations:
            return self.tr("Escalations ({n})").format(n=len(self.escalations))
        return self.tr("Escalations")

    def reason_label(self, reason: str) -> str:
        return self.tr(REASONS[reason]) if reason in REASONS else reason

    def _cells(self, item: Escalation) -> tuple[str, str, str, str, str, str]:
        return (
            item.number,
            self.reason_label(item.reason),
            str(item.level) if item.level else "—",
            fmt.datetime(item.due_at),
            labels.label(labels.TICKET_STATUS, item.status),
            fmt.datetime(item.at),
        )

    def _fit_columns(self) -> None:
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)

    def _show_count(self) -> None:
        parts = []
        if self._last_acknowledged is not None:
            parts.append(self.tr("Escalation of {number} acknowledged.").format(number=self._last_acknowledged))
        n = len(self.escalations)
        if n == 1:
            parts.append(self.tr("1 escalation is waiting for you."))
        elif n:
            parts.append(self.tr("{n} escalations are waiting for you.").format(n=n))
        self.status.setText(" ".join(parts))

    def _show_empty(self) -> None:
        self.pane.show_empty(
            self.tr("No escalations for you"),
            self.tr("Complaints escalated to you appear here as they happen, with a notice on the status bar."),
        )

    # -- the list ---------------------------------------------------------------------------------------------
    def _data_changed(self, topics: frozenset[str]) -> None:
        if self._topic in topics or any(f"ticket:{e.ticket_id}" in topics for e in self.escalations):
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Reload the list (on the database worker)."""
        service, me = self._service, self._principal.user_id
        self._tasks.run_db(
            lambda: service.escalations_for(me),
            on_success=self._show,
            on_failure=self._load_failed,
            key=f"escalations-{id(self)}",
            owner=self,
            busy=not self.listed,
            label="escalations",
        )

    def _show(self, found: list[Escalation]) -> None:
        chosen = self.current()
        chosen_row = self.table.currentRow()
        first = not self.listed
        before = len(self.escalations)
        self._load_failure = None
        self.escalations = list(found)
        self.listed = True
        ids = {item.id for item in self.escalations}
        new = ids - self._seen
        self._seen |= ids
        self.table.blockSignals(True)
        try:
            self.table.clearSelection()
            self.table.setRowCount(len(self.escalations))
            for row, item in enumerate(self.escalations):
                for column, text in enumerate(self._cells(item)):
                    cell = QTableWidgetItem(text)
                    cell.setData(Qt.ItemDataRole.UserRole, item.id)
                    if item.reason == "breach":
                        cell.setForeground(BREACH_COLOR)
                    self.table.setItem(row, column, cell)
        finally:
            self.table.blockSignals(False)
        self._fit_columns()
        if self.escalations:
            self.pane.show_content()
            if chosen is None or not self.select(chosen.id):  # kept; else the one now in its place
                self.select_row(min(max(chosen_row, 0), len(self.escalations) - 1))
        else:
            self._show_empty()
        self._show_count()
        self._update_buttons()
        if first or before != len(self.escalations):
            self.count_changed.emit(len(self.escalations))
            self.title_changed.emit()
        if new and not first:
            self.arrived.emit(len(new))

    def listed_items(self) -> list[Escalation]:
        return self.escalations

    def _update_buttons(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.acknowledge_button.setEnabled(chosen)

    # -- actions ----------------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        """Open the selected escalation's ticket."""
        item = self.current()
        if item is not None:
            self.open_requested.emit(item.ticket_id)

    def acknowledge_selected(self) -> None:
        """Acknowledge the selected escalation (it leaves the list)."""
        item = self.current()
        if item is None or not self.acknowledge_button.isEnabled():
            return
        service, who = self._service, self._principal
        self.error.hide()
        self._failure = None
        self.acknowledge_button.setEnabled(False)

        def done(_result: Any) -> None:
            self._last_acknowledged = item.number
            self.acknowledged.emit(item.id)
            self.refresh()

        self._tasks.run_db(
            lambda: service.acknowledge_escalation(who, item.id),
            on_success=done,
            on_failure=self._acknowledge_failed,
            owner=self,
            changes=(self._topic,),
            label="acknowledge escalation",
        )

    def _acknowledge_failed(self, exc: BaseException) -> None:
        self._failure = exc
        self._last_acknowledged = None
        self.error.setText(self._failure_text(exc))
        self.error.show()
        self.refresh()

    def _failure_text(self, exc: BaseException) -> str:
        if hasattr(exc, "zh") and hasattr(exc, "en"):  # a refusal: say why
            return error_text(exc)
        return self.tr("Could not acknowledge the escalation ({error}). Try again.").format(error=type(exc).__name__)


class AlertNotices(QObject):
    """Says on the status bar when a complaint alert for the signed-in user arrives.

    What was there at sign-in is no news: the first load only remembers it.  Alerts that arrive while one is
    still shown are counted together; a language switch says the notice again in the new language.

    Args:
        tasks: the desktop's task manager (its ``changed`` topics bring the alerts' arrival).
        service: the ticket service (``alerts_for``), used on the database worker.
        principal: the signed-in user.
        status_bar: where the notice goes.
        inbox: the user has the escalations inbox (an escalation notice points to it).

    Signals:
        announced(object): the list of :class:`~services.tickets.alerts.TicketAlert` just shown, newest first.
    """

    announced = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        service: Any,
        principal: Principal,
        status_bar: QStatusBar,
        *,
        inbox: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._service = service
        self._user = principal.user_id
        self._topic = alerts.topic(principal.user_id)
        self._status = status_bar
        self._inbox = inbox
        self._seen: set[int] | None = None  # None until the first load
        self.shown: list[TicketAlert] = []  # on the status bar now
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.check)
        tasks.changed.connect(self._changed)
        status_bar.messageChanged.connect(self._message_changed)
        if parent is not None:
            parent.installEventFilter(self)  # the window's language change
        self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and self.shown:
            self._say()
        return False

    def _changed(self, topics: frozenset[str]) -> None:
        if self._topic in topics:
            self._timer.start()

    def check(self) -> None:
        """Read the user's newest alerts (on the database worker) and announce the new ones."""
        service, me = self._service, self._user
        self._tasks.run_db(
            lambda: service.alerts_for(me),
            on_success=self._loaded,
            on_failure=lambda exc: log.warning("complaint alerts not read: %r", exc),
            key=f"ticket-alerts-{id(self)}",
            owner=self,
            busy=False,
            label="complaint alerts",
        )

    def _loaded(self, found: list[TicketAlert]) -> None:
        ids = {alert.id for alert in found}
        if self._seen is None:
            self._seen = ids
            return
        new = [alert for alert in found if alert.id not in self._seen]
        self._seen |= ids
        if not new:
            return
        self.shown = new + self.shown
        self._say()
        self.announced.emit(new)

    def _say(self) -> None:
        self._text = self.notice_text(self.shown)
        self._status.showMessage(self._text, NOTICE_MS)

    def _message_changed(self, message: str) -> None:
        if self.shown and message != self._text:
            self.shown = []  # timed out, or another notice took the place

    def notice_text(self, shown: list[TicketAlert]) -> str:
        """The notice for ``shown`` (newest first)."""
        text = self.alert_text(shown[0])
        if len(shown) > 1:
            text = self.tr("{n} new complaint alerts. Latest: {text}").format(n=len(shown), text=text)
        return text

    def alert_text(self, alert: TicketAlert) -> str:
        due = fmt.datetime(alert.due) if alert.due is not None else ""
        if alert.kind == "warning":
            return self.tr("Complaint {number} passed deadline warning {level} of {of}; decide by {due}.").format(
                number=alert.number, level=alert.level, of=alert.of, due=due
            )
        if alert.kind == "breach":
            return self.tr("Complaint {number} missed its deadline ({due}).").format(number=alert.number, due=due)
        if alert.reason == "breach":
            text = self.tr("Complaint {number} was escalated to you: it missed its deadline ({due}).")
        elif alert.reason == "manual":
            text = self.tr("Complaint {number} was escalated to you by its handler.")
        else:
            text = self.tr("Complaint {number} was escalated to you: its deadline ({due}) is close.")
        text = text.format(number=alert.number, due=due)
        if self._inbox:
            text += " " + self.tr("See “Escalations”.")
        return text


def attach_escalations(window: Any, service: Any, principal: Principal) -> EscalationsPage | None:
    """Add the escalations inbox (for roles with :data:`INBOX_RIGHT`) and the alert notices to the main window.

    Sets ``window.escalations`` (the page, or None) and ``window.alert_notices``; the page's "open" shows the
    ticket in the window's tickets workspace (``window.show_tickets``).
    """
    page: EscalationsPage | None = None
    if allowed(principal.role, INBOX_RIGHT):
        inbox = page = EscalationsPage(window.tasks, service, principal)
        tabs = window.tabs
        tabs.addTab(inbox, inbox.tab_title())

        def retitle() -> None:
            tabs.setTabText(tabs.indexOf(inbox), inbox.tab_title())
            menus = getattr(window, "menus", None)  # the View menu's tab actions say what the tabs say
            if menus is not None:
                menus.sync_tab_texts()

        inbox.title_changed.connect(retitle)
        inbox.open_requested.connect(window.show_tickets)
    window.escalations = page
    window.alert_notices = AlertNotices(
        window.tasks, service, principal, window.statusBar(), inbox=page is not None, parent=window
    )
    return page
