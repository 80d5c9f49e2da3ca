"""The ticket's history: every event with who and when, worded for people, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from services.tickets.calendar import as_utc

from .. import fmt
from ..table_model import ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import configure_record_table
from . import codes

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    QT_TRANSLATE_NOOP("TicketHistoryModel", "Time"),
    QT_TRANSLATE_NOOP("TicketHistoryModel", "By"),
    QT_TRANSLATE_NOOP("TicketHistoryModel", "What happened"),
)
ALERT_KINDS = {"breach": QColor("#c0392b"), "warning": QColor("#b9770e"), "escalated": QColor("#d35400")}


def _iso_date(value: Any) -> str:
    if not value:
        return ""
    try:
        return fmt.date(as_utc(dt.datetime.fromisoformat(str(value))))
    except ValueError:
        return str(value)


def describe(event: Any, names: dict[int, str]) -> str:
    """One line for an event (its body, when it has one, follows on the next lines)."""
    data = event.data if isinstance(event.data, dict) else {}
    kind = event.kind
    get = data.get
    if kind == "created":
        channel = get("channel")
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Complaint received ({channel})").format(
                channel=codes.label(codes.INTAKE_CHANNELS, channel)
            )
            if channel
            else QCoreApplication.translate("TicketHistoryModel", "Complaint received")
        )
    elif kind == "assigned":
        person = names.get(get("assignee_id") or -1)
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Assigned to {name}").format(name=person)
            if person
            else QCoreApplication.translate("TicketHistoryModel", "Assignment changed")
        )
    elif kind == "status_changed":
        text = QCoreApplication.translate("TicketHistoryModel", "Status: {old} → {new}").format(
            old=codes.status(get("from")), new=codes.status(get("to"))
        )
    elif kind == "comment":
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Customer contacted")
            if get("customer_contact")
            else QCoreApplication.translate("TicketHistoryModel", "Note")
        )
    elif kind == "notice":
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Notice held: no address on file")
            if get("held")
            else QCoreApplication.translate("TicketHistoryModel", "Notice to the customer")
        )
    elif kind == "warning":
        text = QCoreApplication.translate("TicketHistoryModel", "Deadline warning {level} of {of}").format(
            level=get("level"), of=get("of")
        )
    elif kind == "breach":
        text = QCoreApplication.translate("TicketHistoryModel", "Deadline missed")
    elif kind == "escalated":
        who = ", ".join(names.get(u, str(u)) for u in get("to") or [])
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Escalated to {names}").format(names=who)
            if who
            else QCoreApplication.translate("TicketHistoryModel", "Escalated")
        )
    elif kind == "sla_overdue":
        first = get("clock") == "first_response"
        text = (
            QCoreApplication.translate("TicketHistoryModel", "First response overdue")
            if first
            else QCoreApplication.translate("TicketHistoryModel", "Customer update overdue")
        )
    elif kind == "marked_complex":
        text = QCoreApplication.translate("TicketHistoryModel", "Marked as a complex case; new deadline {day}").format(
            day=_iso_date(get("deadline"))
        )
    elif kind == "extension_requested":
        text = QCoreApplication.translate("TicketHistoryModel", "Further extension requested")
    elif kind == "extension_approved":
        text = QCoreApplication.translate("TicketHistoryModel", "Extension approved; new deadline {day}").format(
            day=_iso_date(get("deadline"))
        )
    elif kind == "extension_rejected":
        text = QCoreApplication.translate("TicketHistoryModel", "Extension rejected")
    elif kind == "decided":
        text = QCoreApplication.translate("TicketHistoryModel", "Decided: {outcome}").format(
            outcome=codes.label(codes.OUTCOMES, get("outcome"))
        )
    elif kind == "closed":
        text = QCoreApplication.translate("TicketHistoryModel", "Closed")
    elif kind == "reopened":
        text = QCoreApplication.translate("TicketHistoryModel", "Reopened; new deadline {day}").format(
            day=_iso_date(get("deadline"))
        )
    elif kind == "merged":
        text = QCoreApplication.translate("TicketHistoryModel", "Merged into {number}").format(
            number=get("into_number") or ""
        )
    elif kind == "repeat_merged":
        text = QCoreApplication.translate(
            "TicketHistoryModel", "Repeat complaint {number} merged in; the deadline is kept"
        ).format(number=get("from_number") or "")
    elif kind == "attachment":
        text = QCoreApplication.translate("TicketHistoryModel", "File attached")
    elif kind == "survey_reply":
        score = get("score")
        text = (
            QCoreApplication.translate("TicketHistoryModel", "Survey reply: {score} of 5").format(score=score)
            if score
            else QCoreApplication.translate("TicketHistoryModel", "Survey reply")
        )
    elif kind == "details_changed":
        text = QCoreApplication.translate("TicketHistoryModel", "Details changed")
    else:
        text = kind
    return f"{text}\n{event.body}" if event.body else text


class TicketHistoryModel(ReadOnlyTableModel):
    """Events of one ticket, newest first."""

    header_context = "TicketHistoryModel"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: list[Any] = []
        self._names: dict[int, str] = {}

    def set_events(self, events: list[Any], names: dict[int, str]) -> None:
        self.beginResetModel()
        self._events = sorted(events, key=lambda e: (e.at, e.id), reverse=True)
        self._names = dict(names)
        self.endResetModel()

    def event_at(self, row: int) -> Any | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def kinds(self) -> list[str]:
        """Event kinds, newest first."""
        return [e.kind for e in self._events]

    def row_total(self) -> int:
        return len(self._events)

    def column_titles(self) -> Sequence[str]:
        return COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        e, col = self._events[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return fmt.datetime(e.at)
            if col == 1:
                return e.actor_name or QCoreApplication.translate("TicketHistoryModel", "System")
            text = describe(e, self._names)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text
            return text.replace("\n", " — ", 1).replace("\n", " ")
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return ALERT_KINDS.get(e.kind)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._events:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._events) - 1, len(COLUMNS) - 1))


class TicketHistoryView(QTableView):
    """The history table (the whole text of an event in its tooltip)."""

    def __init__(self, model: TicketHistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketHistory")
        configure_record_table(self)
        self.setModel(model)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
