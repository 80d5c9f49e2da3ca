"""Book a customer a time at a branch: branch, service, day, a half-hour slot with free places, a note.

The slots are read again whenever the branch, service or day changes; the service checks the capacity under a
lock when booking, so a slot taken meanwhile is refused with a message and the list is read again.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_APPOINTMENT, AppointmentView, ServiceType, Slot

from .. import fmt
from ..i18n import error_text
from ..widgets import DateField
from .issue_panel import branch_services, service_name

log = logging.getLogger(__name__)

TOUCH = 44
DAYS_AHEAD = 60
CHANNELS = {"agent": "phone", "supervisor": "phone", "customer_manager": "manager", "lobby_manager": "branch"}


def channel_for(role: str) -> str:
    """How the booking was made, by who makes it: agents by phone, managers themselves, the lobby at the branch."""
    return CHANNELS.get(role, "branch")


def branches_of(desk: Any) -> list[tuple[int, str]]:
    """(id, name) of every branch, by name (worker thread only)."""
    return list(desk.appointments.branches())


class AppointmentDialog(QDialog):
    """Book ``customer_id`` at a branch (default ``branch_id``, else the principal's).  ``booked(AppointmentView)``."""

    booked = Signal(object)
    slots_loaded = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        desk: Any,
        principal: Any,
        customer_id: int,
        *,
        branch_id: int | None = None,
        branches: Sequence[tuple[int, str]] | None = None,
        customer_name: str = "",
        referral_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDialog")
        self._tasks = tasks
        self._desk = desk
        self._principal = principal
        self.customer_id = customer_id
        self.referral_id = referral_id
        self.token = uuid.uuid4().hex
        self.result_view: AppointmentView | None = None
        self._services: list[ServiceType] = []
        self._branch_id = branch_id if branch_id is not None else principal.branch_id
        self.setWindowTitle(self.tr("Book an appointment"))
        self.setMinimumSize(560, 560)

        self.heading = QLabel(self)
        self.heading.setObjectName("panelTitle")
        self.heading.setWordWrap(True)
        self.heading.setText(
            self.tr("Appointment for {name}").format(name=customer_name) if customer_name else self.tr("Appointment")
        )
        self.branch = QComboBox(self)
        self.service = QComboBox(self)
        self.day = DateField(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = QDate.currentDate()
        self.day.setDateRange(today, today.addDays(DAYS_AHEAD))
        self.day.setDate(today)
        self.slots = QListWidget(self)
        self.slots.setObjectName("slotList")
        self.slots.setMinimumHeight(200)
        self.slots.setAccessibleName(self.tr("Free times"))
        self.slots_note = QLabel(self)
        self.slots_note.setObjectName("muted")
        self.slots_note.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("What the appointment is about (optional)"))
        for widget in (self.branch, self.service, self.day, self.note):
            widget.setMinimumHeight(TOUCH)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Branch"), self.branch)
        form.addRow(self.tr("Service"), self.service)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Time"), self.slots)
        form.addRow("", self.slots_note)
        form.addRow(self.tr("Note"), self.note)

        self.message = QLabel(self)
        self.message.setObjectName("dialogError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("background: #e8f5e9; border: 1px solid #81c784; color: #1b5e20; padding: 8px;")
        self.outcome.setVisible(False)
        self.book_button = QPushButton(self.tr("Book"), self)
        self.book_button.setObjectName("primaryButton")
        self.book_button.setDefault(True)
        self.book_button.setMinimumHeight(TOUCH)
        self.book_button.setToolTip(self.tr("Book the chosen time (Enter)"))
        self.book_button.clicked.connect(self.book)
        self.close_button = QPushButton(self.tr("Cancel"), self)
        self.close_button.setMinimumHeight(TOUCH)
        self.close_button.setToolTip(self.tr("Close without booking (Esc)"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

        self.branch.currentIndexChanged.connect(lambda _i: self._branch_changed())
        self.service.currentIndexChanged.connect(lambda _i: self.load_slots())
        self.day.dateChanged.connect(lambda _d: self.load_slots())
        self.slots.itemActivated.connect(lambda _item: self.book())
        if branches is not None:
            self._branches_arrived(list(branches))
        else:
            desk_ = desk
            tasks.run_db(
                lambda: branches_of(desk_),
                on_success=self._branches_arrived,
                on_failure=lambda exc: self._say(error_text(exc)),
                owner=self,
                label="branches",
            )

    def set_referral(self, referral_id: int | None) -> None:
        """Book for this referral (the booking is linked to it and moves it to "appointment")."""
        self.referral_id = referral_id or None

    # -- loading ----------------------------------------------------------------------------------

    def branch_id(self) -> int | None:
        data = self.branch.currentData()
        return None if data is None else int(data)

    def _branches_arrived(self, branches: list[tuple[int, str]]) -> None:
        self.branch.blockSignals(True)
        self.branch.clear()
        for bid, name in branches:
            self.branch.addItem(name, bid)
        index = self.branch.findData(self._branch_id)
        if index < 0 and self._branch_id is not None:
            self.branch.insertItem(0, str(self._branch_id), self._branch_id)
            index = 0
        self.branch.setCurrentIndex(max(0, index))
        self.branch.blockSignals(False)
        self._branch_changed()

    def _branch_changed(self) -> None:
        bid = self.branch_id()
        if bid is None:
            return
        desk, principal = self._desk, self._principal
        self._tasks.run_db(
            lambda: branch_services(desk, principal, bid),
            on_success=lambda services: self._services_arrived(bid, services),
            on_failure=lambda exc: self._say(error_text(exc)),
            key=f"appt-services-{id(self)}",
            owner=self,
            label="branch services",
        )

    def _services_arrived(self, bid: int, services: list[ServiceType]) -> None:
        if bid != self.branch_id():
            return
        previous = self.service.currentData()
        self._services = [s for s in services if not s.vip_only] + [s for s in services if s.vip_only]
        self.service.blockSignals(True)
        self.service.clear()
        for service in self._services:
            self.service.addItem(service_name(service), service.code)
        index = self.service.findData(previous)
        self.service.setCurrentIndex(max(0, index))
        self.service.blockSignals(False)
        self.load_slots()

    def load_slots(self) -> None:
        bid, code = self.branch_id(), self.service.currentData()
        if bid is None or code is None:
            return
        day = self._day()
        appointments = self._desk.appointments
        self.slots.clear()
        self.slots_note.setText(self.tr("Reading the free times…"))
        self._tasks.run_db(
            lambda: appointments.slots(bid, code, day),
            on_success=lambda slots: self._slots_arrived((bid, code, day), slots),
            on_failure=lambda exc: self._say(error_text(exc)),
            key=f"appt-slots-{id(self)}",
            owner=self,
            label="appointment slots",
        )

    def _day(self) -> dt.date:
        day = self.day.date().toPython()
        assert isinstance(day, dt.date)
        return day

    def _slots_arrived(self, asked: tuple[int | None, Any, dt.date], slots: list[Slot]) -> None:
        if asked != (self.branch_id(), self.service.currentData(), self._day()):
            return
        self.slots.clear()
        now = dt.datetime.now(dt.UTC)
        first_free = None
        for slot in slots:
            start, end = fmt.local(slot.start), fmt.local(slot.end)
            past = fmt.local(slot.end) <= now
            if past:
                continue
            free = slot.free
            text = self.tr("{start} – {end}   {free} of {capacity} free").format(
                start=f"{start:%H:%M}", end=f"{end:%H:%M}", free=free, capacity=slot.capacity
            )
            if free == 0:
                text = self.tr("{start} – {end}   full").format(start=f"{start:%H:%M}", end=f"{end:%H:%M}")
            item = QListWidgetItem(text)
            item.setSizeHint(QSize(0, 36))
            item.setData(Qt.ItemDataRole.UserRole, slot.start)
            if free == 0:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            elif first_free is None:
                first_free = self.slots.count()
            self.slots.addItem(item)
        if first_free is not None:
            self.slots.setCurrentRow(first_free)
        if self.slots.count() == 0:
            self.slots_note.setText(self.tr("No times left on this day: choose another day."))
        elif first_free is None:
            self.slots_note.setText(self.tr("Every time on this day is fully booked: choose another day."))
        else:
            self.slots_note.setText(self.tr("Choose a time with the arrows, then Enter to book."))
        self.slots_loaded.emit()

    # -- booking ----------------------------------------------------------------------------------

    def selected_slot(self) -> dt.datetime | None:
        item = self.slots.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, dt.datetime) else None

    def book(self) -> None:
        if self.result_view is not None:
            self.accept()
            return
        start, bid, code = self.selected_slot(), self.branch_id(), self.service.currentData()
        if start is None or bid is None or code is None:
            self._say(self.tr("Choose a time with free places first."))
            self.slots.setFocus()
            return
        appointments, principal, cid = self._desk.appointments, self._principal, self.customer_id
        note = self.note.text().strip() or None
        channel, token, referral_id = channel_for(principal.role), self.token, self.referral_id
        self._say("")
        self.book_button.setEnabled(False)
        self._tasks.run_db(
            lambda: appointments.book(
                principal, cid, bid, code, start, note=note, channel=channel, token=token, referral_id=referral_id
            ),
            on_success=self._booked,
            on_failure=self._failed,
            owner=self,
            changes=(FEED_APPOINTMENT,),
            label="book appointment",
        )

    def _booked(self, view: AppointmentView) -> None:
        self.result_view = view
        start, end = fmt.local(view.slot_start), fmt.local(view.slot_end)
        text = self.tr("Booked at {branch} on {day}, {start} – {end}.").format(
            branch=view.branch_name, day=fmt.date(start), start=f"{start:%H:%M}", end=f"{end:%H:%M}"
        )
        sms = getattr(view, "sms_queued", None)  # a BookedAppointment says whether its confirmation went
        why = str(getattr(view, "sms_zh" if fmt.is_chinese() else "sms_en", "") or "")
        if sms is True:
            text += "\n" + self.tr("An SMS confirmation was sent to the customer.")
        elif sms is False:
            text += "\n" + (why or self.tr("No SMS confirmation was sent."))
        self.outcome.setText(text)
        self.outcome.setVisible(True)
        for widget in (self.branch, self.service, self.day, self.slots, self.note):
            widget.setEnabled(False)
        self.book_button.setText(self.tr("Close"))
        self.book_button.setToolTip("")
        self.book_button.setEnabled(True)
        self.book_button.setFocus()
        self.close_button.setVisible(False)
        self.booked.emit(view)

    def _failed(self, exc: BaseException) -> None:
        log.info("booking refused or failed: %r", exc)
        self.book_button.setEnabled(True)
        self._say(error_text(exc))
        if getattr(exc, "code", None) in ("slot_full", "past_slot", "stale"):
            self.load_slots()  # the slot went meanwhile: show what is left

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
