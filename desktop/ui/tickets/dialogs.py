"""Small dialogs of the ticket panel's actions: assign, a reason (escalate, complex case, extension,
reopen), decide an extension, merge a repeat.

Each dialog only collects input: OK emits ``submitted(dict)`` and the panel runs the action; on a refusal
the panel calls :meth:`ActionDialog.show_error` and the dialog stays open with what was typed, on success
it closes the dialog.  Strings are translated in context ``TicketDialogs``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from .. import fmt
from . import codes


class ActionDialog(QDialog):
    """Title, an explanation, a form, an inline error line, OK and Cancel.

    Signals:
        submitted(dict): OK was pressed with valid input (see :meth:`values`).
    """

    submitted = Signal(dict)

    def __init__(self, title: str, intro: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketActionDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("TicketDialogs", "Cancel")
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        """The input; subclasses add their fields."""
        return {}

    def problem(self) -> str | None:
        """Why the input cannot be submitted yet (None: it can)."""
        return None

    def show_error(self, text: str) -> None:
        """Show a refusal; the dialog stays open and usable."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)

    def _ok(self) -> None:
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        self.error.hide()
        self.set_busy(True)
        self.submitted.emit(self.values())


class ReasonDialog(ActionDialog):
    """An action that needs a reason: escalate, mark complex, ask for an extension, reopen."""

    def __init__(
        self, title: str, intro: str, ok_text: str, *, label: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(title, intro, ok_text, parent)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reasonEdit")
        self.reason.setFixedHeight(90)
        self.form.addRow(label or QCoreApplication.translate("TicketDialogs", "Reason"), self.reason)

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText().strip()}

    def problem(self) -> str | None:
        return (
            None
            if self.reason.toPlainText().strip()
            else QCoreApplication.translate("TicketDialogs", "Please give the reason.")
        )


class AssignDialog(ActionDialog):
    """Give the ticket to a handler (the service refuses a handler with a conflict of interest)."""

    def __init__(self, people: list[Any], current: int | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("TicketDialogs", "Assign ticket"),
            QCoreApplication.translate(
                "TicketDialogs",
                "Choose the handler. The employee the complaint is about, and anyone above them in their "
                "reporting line, cannot handle it.",
            ),
            QCoreApplication.translate("TicketDialogs", "Assign"),
            parent,
        )
        self.person = QComboBox(self)
        self.person.setObjectName("assigneeBox")
        for p in people:
            team = f" · {p.team_name}" if p.team_name else ""
            self.person.addItem(f"{p.name}{team}", p.id)
        index = self.person.findData(current)
        if index >= 0:
            self.person.setCurrentIndex(index)
        self.form.addRow(QCoreApplication.translate("TicketDialogs", "Handler"), self.person)

    def values(self) -> dict[str, Any]:
        return {"assignee_id": self.person.currentData()}

    def problem(self) -> str | None:
        return (
            None
            if self.person.currentData() is not None
            else QCoreApplication.translate("TicketDialogs", "Choose a handler.")
        )


class ExtensionDecisionDialog(ActionDialog):
    """Approve or reject a requested further extension (+30 days; the customer is notified of an approval)."""

    def __init__(self, number: str, due: Any, extra_days: int, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("TicketDialogs", "Decide the extension"),
            QCoreApplication.translate(
                "TicketDialogs",
                "Ticket {number} asks for a further {days} days beyond {due}. On approval the customer is "
                "told the new deadline and the reason.",
            ).format(number=number, days=extra_days, due=fmt.date(due)),
            QCoreApplication.translate("TicketDialogs", "Record decision"),
            parent,
        )
        self.approve = QRadioButton(QCoreApplication.translate("TicketDialogs", "Approve"), self)
        self.approve.setObjectName("approveExtension")
        self.reject_choice = QRadioButton(QCoreApplication.translate("TicketDialogs", "Reject"), self)
        self.reject_choice.setObjectName("rejectExtension")
        self.approve.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.approve)
        group.addButton(self.reject_choice)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("extensionNote")
        self.note.setFixedHeight(80)
        self.form.addRow(self.approve)
        self.form.addRow(self.reject_choice)
        self.form.addRow(QCoreApplication.translate("TicketDialogs", "Reason (told to the customer)"), self.note)

    def values(self) -> dict[str, Any]:
        return {"approve": self.approve.isChecked(), "note": self.note.toPlainText().strip()}

    def problem(self) -> str | None:
        return (
            None
            if self.note.toPlainText().strip()
            else QCoreApplication.translate("TicketDialogs", "Please give the reason.")
        )


class MergeDialog(ActionDialog):
    """Fold this complaint into an open one of the same customer on the same matter (its deadline is kept)."""

    def __init__(self, number: str, candidates: list[Any], taxonomy: Any, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("TicketDialogs", "Merge a repeat complaint"),
            QCoreApplication.translate(
                "TicketDialogs",
                "Ticket {number} repeats an open complaint. Merging closes it into the original, whose "
                "deadline does not change.",
            ).format(number=number),
            QCoreApplication.translate("TicketDialogs", "Merge"),
            parent,
        )
        self.target = QComboBox(self)
        self.target.setObjectName("mergeTarget")
        for c in candidates:
            due = fmt.date(c.due_at) if c.due_at else "—"
            text = QCoreApplication.translate("TicketDialogs", "{number} · {category} · due {due}").format(
                number=c.number, category=codes.category(taxonomy, c.category), due=due
            )
            self.target.addItem(text, c.id)
        self.form.addRow(QCoreApplication.translate("TicketDialogs", "Merge into"), self.target)
        if not candidates:
            self.show_error(
                QCoreApplication.translate("TicketDialogs", "No open complaint of this customer on the same matter.")
            )
            self.ok_button.setEnabled(False)

    def values(self) -> dict[str, Any]:
        return {"into_id": self.target.currentData()}

    def problem(self) -> str | None:
        return (
            None
            if self.target.currentData() is not None
            else QCoreApplication.translate("TicketDialogs", "Choose the original complaint.")
        )
