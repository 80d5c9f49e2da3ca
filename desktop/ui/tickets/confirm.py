"""What the person sees once a complaint is recorded: its number, the regulator's deadline, and a way to open it.

The intake dialog closes on submit; :class:`IntakeConfirmation` then says which number the complaint got
(the customer will ask for it), how to read it out, and until when the bank has to decide.  "Open ticket" is
the default button, so Enter opens the complaint and Esc closes the message; "Copy number" puts the number
on the clipboard for an e-mail or a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from services.tickets import numbers

from .. import fmt
from . import codes


@dataclass(frozen=True)
class Recorded:
    """A recorded complaint as the confirmation tells of it.

    Attributes:
        ticket_id: the new ticket.
        number: its number.
        due_at: the regulator's deadline (None: no regulatory clock).
        merged_into: ``(id, number)`` of the open complaint it was merged into, if any.
    """

    ticket_id: int
    number: str
    due_at: dt.datetime | None
    merged_into: tuple[int, str] | None = None

    @property
    def open_id(self) -> int:
        """The ticket to open: the complaint that carries on (the original, after a merge)."""
        return self.merged_into[0] if self.merged_into is not None else self.ticket_id


class IntakeConfirmation(QDialog):
    """ "Complaint TS2603-0001 recorded; the regulator's deadline …" with Open ticket / Copy number / Close.

    Signals:
        open_requested(int): the person asked to open the ticket (the original after a merge).
    """

    open_requested = Signal(int)

    def __init__(self, recorded: Recorded, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeConfirmation")
        self.setMinimumWidth(380)
        self.recorded = recorded
        self.title = QLabel(self)
        self.title.setObjectName("confirmationTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.deadline = QLabel(self)
        self.deadline.setObjectName("confirmationDeadline")
        self.merged = QLabel(self)
        self.merged.setObjectName("confirmationMerged")
        self.merged.setWordWrap(True)
        self.merged.setVisible(recorded.merged_into is not None)
        self.spoken = QLabel(self)
        self.spoken.setObjectName("confirmationSpoken")
        self.spoken.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openRecorded")
        self.open_button.setDefault(True)
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyNumber")
        self.copy_button.setAutoDefault(False)
        self.close_button = QPushButton(self)
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.deadline)
        layout.addWidget(self.merged)
        layout.addWidget(self.spoken)
        layout.addSpacing(6)
        layout.addLayout(buttons)

        self.open_button.clicked.connect(self.open_ticket)
        self.copy_button.clicked.connect(self.copy_number)
        self.close_button.clicked.connect(self.reject)
        self.retranslate()

    def open_ticket(self) -> None:
        """Ask for the ticket to be opened, and close."""
        self.open_requested.emit(self.recorded.open_id)
        self.accept()

    def copy_number(self) -> None:
        """Put the complaint's number on the clipboard."""
        QGuiApplication.clipboard().setText(self.recorded.number)
        self.copy_button.setText(self.tr("Copied"))

    def retranslate(self) -> None:
        r = self.recorded
        self.setWindowTitle(self.tr("Complaint recorded"))
        self.title.setText(self.tr("Complaint {number} recorded").format(number=r.number))
        if r.due_at is not None:
            self.deadline.setText(self.tr("Regulator's deadline: {due}").format(due=fmt.datetime(r.due_at)))
        else:
            self.deadline.setText(self.tr("No regulatory deadline"))
        if r.merged_into is not None:
            self.merged.setText(
                self.tr("Merged into {number}, which keeps its own deadline.").format(number=r.merged_into[1])
            )
        self.spoken.setText(
            self.tr("To read to the customer: {spoken}").format(spoken=numbers.read_aloud(r.number, codes.language()))
        )
        self.open_button.setText(self.tr("Open ticket"))
        self.copy_button.setText(self.tr("Copy number"))
        self.close_button.setText(self.tr("Close"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.open_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
