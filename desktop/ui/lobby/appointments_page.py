"""Today's appointments of the branch, by slot: check a booked customer in (which issues their number, with
priority inside their slot) or cancel.  Follows the ``appointment`` topic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_APPOINTMENT, FEED_LOBBY, AppointmentView, IssuedTicket
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import StatePane, configure_record_table, set_header_labels
from . import floor_parts as parts
from .desk import LobbyDesk

CHECK_IN_KEY = "Ctrl+Shift+I"
CANCEL_KEY = "Ctrl+Shift+X"
COLUMNS = (
    QT_TRANSLATE_NOOP("AppointmentsPage", "Time"),
    QT_TRANSLATE_NOOP("AppointmentsPage", "Customer"),
    QT_TRANSLATE_NOOP("AppointmentsPage", "Service"),
    QT_TRANSLATE_NOOP("AppointmentsPage", "Status"),
    QT_TRANSLATE_NOOP("AppointmentsPage", "Note"),
)
STATUS_COLORS = {"checked_in": "#1f6fb2", "served": "#2e7d32", "missed": "#c0392b", "cancelled": "#7b8794"}


class AppointmentsPage(QWidget):
    """Today's appointments with "Check in" and "Cancel".

    Args:
        tasks: the desktop's task manager.
        desk: the lobby services (``desk.appointments`` and ``desk.queue`` on the database worker).
        principal: the signed-in lobby manager (their branch).
        clock: "now" (tests).
    """

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
        self.setObjectName("appointmentsPage")
        self._tasks, self._desk, self._principal, self._clock = tasks, desk, principal, clock
        self.items: list[AppointmentView] = []
        self.loaded = False
        self.issued: IssuedTicket | None = None
        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("appointmentsTable")
        configure_record_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _i: self.check_in())
        self.pane = StatePane(self.table, self)
        self.pane.retry.connect(self.refresh)
        self.check_in_button = QPushButton(self)
        self.check_in_button.setObjectName("appointmentCheckIn")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("appointmentCancel")
        for button, keys, slot in (
            (self.check_in_button, CHECK_IN_KEY, self.check_in),
            (self.cancel_button, CANCEL_KEY, self.cancel),
        ):
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _c=False, s=slot: s())
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.number = QLabel(self)
        self.number.setObjectName("appointmentNumber")
        self.number.setStyleSheet("font-size: 28px; font-weight: 700; color: #1f4e8c;")
        self.number.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.number, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.check_in_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pane, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        parts.live_refresh(tasks, self, lambda topics: FEED_APPOINTMENT in topics, self.refresh)
        self.retranslate()
        self.pane.show_loading()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Today's appointments"))
        self.table.setAccessibleName(self.tr("Today's appointments"))
        for button, text, tip, keys in (
            (
                self.check_in_button,
                self.tr("Check in"),
                self.tr("The customer is here: issue their number"),
                CHECK_IN_KEY,
            ),
            (self.cancel_button, self.tr("Cancel appointment"), self.tr("Cancel the selected appointment"), CANCEL_KEY),
        ):
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setText(text)
            button.setToolTip(f"{tip} ({native})")
        set_header_labels(self.table, [self.tr(c) for c in COLUMNS])
        if self.loaded:
            self._show(self.items)
        self._say_issued()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        svc, me = self._desk.appointments, self._principal
        self._tasks.run_db(
            lambda: svc.today(me),
            on_success=self._show,
            on_failure=self.pane.show_failure,
            key=f"appointments-{id(self)}",
            owner=self,
            busy=not self.loaded,
            label="appointments",
        )

    def _show(self, items: list[AppointmentView]) -> None:
        chosen = self.current()
        self.items = sorted(items, key=lambda a: (a.slot_start, a.id))
        self.loaded = True
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for r, a in enumerate(self.items):
            cells = (
                f"{fmt.local(a.slot_start):%H:%M}–{fmt.local(a.slot_end):%H:%M}",
                a.customer_name,
                parts.service_name(a.service_code),
                parts.label(parts.APPOINTMENT_STATUS, a.status),
                a.note or "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 3 and a.status in STATUS_COLORS:
                    item.setForeground(QColor(STATUS_COLORS[a.status]))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        for column in range(len(COLUMNS) - 1):
            self.table.resizeColumnToContents(column)
        if self.items:
            self.pane.show_content()
            ids = [a.id for a in self.items]
            if chosen is not None and chosen.id in ids:
                self.table.selectRow(ids.index(chosen.id))
            else:  # the first still to come
                now = self._clock()
                waiting = [i for i, a in enumerate(self.items) if a.status == "booked" and a.slot_end >= now]
                self.table.selectRow(waiting[0] if waiting else 0)
        else:
            self.pane.show_empty(
                self.tr("No appointments today"),
                self.tr(
                    "Appointments booked by phone, at the lobby or by a customer manager appear here by time slot."
                ),
            )
        self._update_buttons()

    def current(self) -> AppointmentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _update_buttons(self) -> None:
        a = self.current()
        booked = a is not None and a.status == "booked"
        self.check_in_button.setEnabled(booked)
        self.cancel_button.setEnabled(booked)

    def check_in(self) -> None:
        """Issue the selected booked appointment's number (it is marked checked in)."""
        a = self.current()
        if a is None or not self.check_in_button.isEnabled():
            return
        queue, me = self._desk.queue, self._principal
        self.error.hide()
        self.check_in_button.setEnabled(False)

        def done(issued: IssuedTicket) -> None:
            self.issued = issued
            self._say_issued()
            self.refresh()

        self._tasks.run_db(
            lambda: queue.issue(
                me, a.service_code, customer_id=a.customer_id, appointment_id=a.id, branch_id=a.branch_id
            ),
            on_success=done,
            on_failure=self._failed,
            owner=self,
            label="appointment check-in",
            changes=(FEED_APPOINTMENT, f"{FEED_APPOINTMENT}:{a.branch_id}", FEED_LOBBY, f"{FEED_LOBBY}:{a.branch_id}"),
        )

    def _say_issued(self) -> None:
        issued = self.issued
        if issued is None:
            self.number.clear()
            return
        self.number.setText(
            self.tr("Number {number} for {customer} — {ahead} ahead").format(
                number=issued.ticket.number, customer=issued.ticket.customer_name or "", ahead=issued.ahead
            )
        )

    def cancel(self) -> None:
        """Cancel the selected booked appointment (after asking)."""
        a = self.current()
        if a is None or not self.cancel_button.isEnabled():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Cancel appointment"),
            self.tr("Cancel {customer}'s appointment at {time}?").format(
                customer=a.customer_name, time=f"{fmt.local(a.slot_start):%H:%M}"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        svc, me = self._desk.appointments, self._principal
        self.error.hide()
        self._tasks.run_db(
            lambda: svc.cancel(me, a.id, a.version),
            on_success=lambda _v: self.refresh(),
            on_failure=self._failed,
            owner=self,
            label="cancel appointment",
            changes=(FEED_APPOINTMENT, f"{FEED_APPOINTMENT}:{a.branch_id}"),
        )

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(parts.failure_text(exc, self.tr("That did not work ({error}). Try again.")))
        self.error.show()
        self.refresh()
