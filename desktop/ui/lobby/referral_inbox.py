"""Referrals on the desktop: the customer manager's inbox, and what became of the referrals one sent.

The inbox lists new referrals first (urgent, then by the time they must be accepted by); an overdue one is
shown red with its deadline.  The manager accepts it, marks the customer contacted, books an appointment
(the lead's appointment dialog, through :attr:`ReferralInbox.appointment_requested`), and closes it won (with
the amount) or lost (with the reason).  Both lists follow the ``referral`` topic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_REFERRAL, ReferralView
from services.permissions import Principal, allowed

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import StatePane, fill_table, record_table, set_header_labels
from . import floor_parts as parts
from .desk import LobbyDesk
from .referral_dialogs import LostDialog, WonDialog

OVERDUE_COLOR = QColor("#c0392b")
INBOX_COLUMNS = (
    QT_TRANSLATE_NOOP("ReferralInbox", "Customer"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Interest"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Amount"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Status"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Accept by"),
    QT_TRANSLATE_NOOP("ReferralInbox", "From"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Note"),
)
SENT_COLUMNS = (
    QT_TRANSLATE_NOOP("ReferralInbox", "Customer"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Interest"),
    QT_TRANSLATE_NOOP("ReferralInbox", "To"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Status"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Sent"),
    QT_TRANSLATE_NOOP("ReferralInbox", "Outcome"),
)
# (action, next allowed from these statuses, shortcut)
STEPS = {
    "accept": (("new",), "Ctrl+Shift+A"),
    "mark_contacted": (("new", "accepted"), "Ctrl+Shift+C"),
    "mark_appointment": (("accepted", "contacted"), "Ctrl+Shift+P"),
    "win": (("accepted", "contacted", "appointment"), "Ctrl+Shift+W"),
    "lose": (("new", "accepted", "contacted", "appointment"), "Ctrl+Shift+L"),
}


class ReferralInbox(QWidget):
    """The inbox (customer managers) and the "Sent" list (every referrer).

    Args:
        tasks: the desktop's task manager.
        desk: the lobby services (``desk.referrals`` on the database worker).
        principal: the signed-in user; the inbox shows for ``referral.accept``, "Sent" for ``referral.create``.
        clock: "now" (tests).

    Signals:
        open_customer(int): open this customer (Enter or a double click on a row).
        appointment_requested(int, int): book an appointment for (customer id, referral id); the referral is
            marked "appointment made" at the same time.
    """

    open_customer = Signal(int)
    appointment_requested = Signal(int, int)

    def __init__(
        self,
        tasks: TaskManager,
        desk: LobbyDesk,
        principal: Principal,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], dt.datetime] = parts.utcnow,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralInbox")
        self._tasks, self._desk, self._principal, self._clock = tasks, desk, principal, clock
        self.has_inbox = allowed(principal.role, "referral.accept")
        self.has_sent = allowed(principal.role, "referral.create")
        self.inbox: list[ReferralView] = []
        self.sent: list[ReferralView] = []
        self.loaded = False

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.tabs = QTabWidget(self)
        self.inbox_table = record_table(self, "referralInboxTable", len(INBOX_COLUMNS))
        self.inbox_pane = StatePane(self.inbox_table, self)
        self.sent_table = record_table(self, "referralSentTable", len(SENT_COLUMNS))
        self.sent_pane = StatePane(self.sent_table, self)
        for pane in (self.inbox_pane, self.sent_pane):
            pane.retry.connect(self.refresh)
            pane.show_loading()
        self.inbox_table.itemSelectionChanged.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        inbox_page = QWidget(self)
        row = QHBoxLayout()
        for action, (_from, keys) in STEPS.items():
            button = QPushButton(inbox_page)
            button.setObjectName(f"referral_{action}")
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _c=False, a=action: self.step(a))
            shortcut = QShortcut(QKeySequence(keys), inbox_page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)
            row.addWidget(button)
            self.buttons[action] = button
        row.addStretch(1)
        self.open_button = QPushButton(inbox_page)
        self.open_button.setMinimumHeight(44)
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        inner = QVBoxLayout(inbox_page)
        inner.setContentsMargins(0, 6, 0, 0)
        inner.addWidget(self.inbox_pane, 1)
        inner.addLayout(row)
        if self.has_inbox:
            self.tabs.addTab(inbox_page, "")
        else:
            inbox_page.hide()
        if self.has_sent:
            self.tabs.addTab(self.sent_pane, "")
        else:
            self.sent_pane.hide()
        self.inbox_table.activated.connect(lambda _i: self.open_selected())
        self.sent_table.activated.connect(lambda index: self._open_sent(index.row()))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        parts.live_refresh(tasks, self, lambda topics: FEED_REFERRAL in topics, self.refresh)
        self.retranslate()
        self.refresh()

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Referrals"))
        self.inbox_table.setAccessibleName(self.tr("Referrals to me"))
        self.sent_table.setAccessibleName(self.tr("Referrals I made"))
        if self.has_inbox:
            self.tabs.setTabText(0, self.tr("Inbox"))
        if self.has_sent:
            self.tabs.setTabText(self.tabs.indexOf(self.sent_pane), self.tr("Sent"))
        texts = {
            "accept": self.tr("Accept"),
            "mark_contacted": self.tr("Contacted"),
            "mark_appointment": self.tr("Appointment…"),
            "win": self.tr("Won…"),
            "lose": self.tr("Lost…"),
        }
        for action, text in texts.items():
            keys = QKeySequence(STEPS[action][1]).toString(QKeySequence.SequenceFormat.NativeText)
            self.buttons[action].setText(text)
            self.buttons[action].setToolTip(f"{text} ({keys})")
        self.open_button.setText(self.tr("Open customer"))
        self.open_button.setToolTip(self.tr("Open the customer's 360° view (Enter or double-click)"))
        set_header_labels(self.inbox_table, [self.tr(c) for c in INBOX_COLUMNS])
        set_header_labels(self.sent_table, [self.tr(c) for c in SENT_COLUMNS])
        if self.loaded:
            self._show((self.inbox, self.sent))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload both lists (on the database worker)."""
        svc, me, inbox, sent = self._desk.referrals, self._principal, self.has_inbox, self.has_sent

        def load() -> tuple[list[ReferralView], list[ReferralView]]:
            return (list(svc.inbox(me)) if inbox else []), (list(svc.sent(me)) if sent else [])

        self._tasks.run_db(
            load,
            on_success=self._show,
            on_failure=self._load_failed,
            key=f"referrals-{id(self)}",
            owner=self,
            busy=not self.loaded,
            label="referrals",
        )

    def _load_failed(self, exc: BaseException) -> None:
        self.inbox_pane.show_failure(exc)
        self.sent_pane.show_failure(exc)

    def _show(self, result: tuple[list[ReferralView], list[ReferralView]]) -> None:
        chosen = self.current()
        self.inbox, self.sent = result
        self.inbox.sort(key=lambda r: (r.status != "new", r.urgency != "high", r.accept_by or r.created_at))
        self.loaded = True
        fill_table(self.inbox_table, [self._inbox_cells(r) for r in self.inbox], keep_selection=False, widest=260)
        for row, r in enumerate(self.inbox):
            cells = [self.inbox_table.item(row, column) for column in range(len(INBOX_COLUMNS))]
            for column, cell in enumerate(cells):
                if cell is None:
                    continue
                if r.overdue:
                    cell.setForeground(OVERDUE_COLOR)
                if column == 0 and r.status == "new":
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
        self.inbox_table.resizeColumnToContents(0)
        self.inbox_table.setColumnWidth(0, min(self.inbox_table.columnWidth(0), 260))
        fill_table(self.sent_table, [self._sent_cells(r) for r in self.sent], keep_selection=False, widest=260)
        if self.inbox:
            self.inbox_pane.show_content()
            ids = [r.id for r in self.inbox]
            self.inbox_table.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        else:
            self.inbox_pane.show_empty(
                self.tr("No referrals for you"),
                self.tr("Customers referred to you by the lobby or the call centre appear here; new ones first."),
            )
        if self.sent:
            self.sent_pane.show_content()
        else:
            self.sent_pane.show_empty(
                self.tr("You sent no referrals in the last 30 days"),
                self.tr(
                    "Refer a customer from the lobby check-in or the customer view; here you see what became of it."
                ),
            )
        overdue = sum(r.overdue for r in self.inbox)
        self.status.setText(
            self.tr("{n} open, {late} overdue.").format(n=len(self.inbox), late=overdue) if self.has_inbox else ""
        )
        self._update_buttons()

    def _inbox_cells(self, r: ReferralView) -> tuple[str, ...]:
        accept_by = fmt.datetime(r.accept_by) if r.accept_by else ""
        if r.overdue:
            accept_by = self.tr("overdue since {time}").format(time=accept_by)
        status = parts.label(parts.REFERRAL_STATUS, r.status)
        if r.urgency == "high":
            status = self.tr("{status} · urgent").format(status=status)
        return (
            r.customer_name,
            parts.label(parts.INTERESTS, r.interest),
            parts.label(parts.AMOUNT_BANDS, r.amount_band),
            status,
            accept_by if r.status == "new" else "",
            r.from_user_name,
            r.note or "",
        )

    def _sent_cells(self, r: ReferralView) -> tuple[str, ...]:
        if r.status == "won":
            outcome = self.tr("Won {amount}").format(amount=fmt.money(r.amount)) if r.amount else self.tr("Won")
        elif r.status == "lost":
            outcome = self.tr("Lost: {reason}").format(reason=r.lost_reason or "")
        else:
            outcome = self.tr("open")
        return (
            r.customer_name,
            parts.label(parts.INTERESTS, r.interest),
            r.to_user_name or self.tr("unassigned"),
            parts.label(parts.REFERRAL_STATUS, r.status),
            fmt.datetime(r.created_at),
            outcome,
        )

    # -- actions ----------------------------------------------------------------------------------------------
    def current(self) -> ReferralView | None:
        """The referral chosen in the inbox."""
        rows = self.inbox_table.selectionModel().selectedRows()
        return self.inbox[rows[0].row()] if rows and rows[0].row() < len(self.inbox) else None

    def _update_buttons(self) -> None:
        r = self.current()
        for action, (from_states, _keys) in STEPS.items():
            self.buttons[action].setEnabled(r is not None and r.status in from_states)
        self.open_button.setEnabled(r is not None)

    def open_selected(self) -> None:
        r = self.current()
        if r is not None:
            self.open_customer.emit(r.customer_id)

    def _open_sent(self, row: int) -> None:
        if 0 <= row < len(self.sent):
            self.open_customer.emit(self.sent[row].customer_id)

    def step(self, action: str) -> None:
        """Move the chosen referral on (asking for the amount or the reason where needed)."""
        r = self.current()
        if r is None or not self.buttons[action].isEnabled():
            return
        args: tuple[Any, ...] = ()
        if action == "win":
            won = WonDialog(r.customer_name, self)
            if won.exec() != QDialog.DialogCode.Accepted or won.amount() is None:
                return
            args = (won.amount(),)
        elif action == "lose":
            lost = LostDialog(r.customer_name, self)
            if lost.exec() != QDialog.DialogCode.Accepted or not lost.reason():
                return
            args = (lost.reason(),)
        svc, me = self._desk.referrals, self._principal
        self.error.hide()
        self.buttons[action].setEnabled(False)

        def done(view: ReferralView) -> None:
            if action == "mark_appointment":
                self.appointment_requested.emit(view.customer_id, view.id)
            self.refresh()

        self._tasks.run_db(
            lambda: getattr(svc, action)(me, r.id, r.version, *args),
            on_success=done,
            on_failure=self._failed,
            owner=self,
            label=f"referral {action}",
            changes=(FEED_REFERRAL, f"{FEED_REFERRAL}:{r.id}"),
        )

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(parts.failure_text(exc, self.tr("The referral could not be changed ({error}).")))
        self.error.show()
        self.refresh()
