"""The input part of the flow runner: one widget per kind of step, built from the service's ``RunView``.

Each input offers ``value()`` (what goes to ``FlowRunner.answer``), ``focus_first()`` and ``is_empty()``
(Backspace on an empty field goes back).  Choices and yes/no are picked with digit keys (and Y/N); the
identity check has one field per question and never shows what the record holds.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

YES_KEYS = (Qt.Key.Key_Y,)
NO_KEYS = (Qt.Key.Key_N,)


class StepInput(QWidget):
    """Base of the step inputs.

    Signals:
        submitted(): the agent pressed Enter in the input (or picked a choice with its digit key).
        back_requested(): Backspace in an empty input.
    """

    submitted = Signal()
    back_requested = Signal()

    def value(self) -> Any:
        return None

    def is_empty(self) -> bool:
        return True

    def focus_first(self) -> None:
        self.setFocus()


class _Line(QLineEdit):
    """A line edit that reports Backspace when empty (to go back) and Enter (to move on)."""

    back = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace and not self.text():
            self.back.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ChoiceInput(StepInput):
    """Options as radio buttons, "1 借记卡"; a digit key picks and moves on, Y/N for yes/no."""

    def __init__(self, choices: Any, *, yes_no: bool, previous: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowChoices")
        self.yes_no = yes_no
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self.values: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for i, item in enumerate(choices):
            key = item.key or ""
            if yes_no:
                key = f"{item.key}/{'Y' if item.value is True else 'N'}"
            button = QRadioButton(f"{key}  {item.label}" if key else item.label, self)
            button.setObjectName(f"flowChoice{i}")
            button.setAccessibleName(item.label)
            if previous is not None and item.label == previous:
                button.setChecked(True)
            self.group.addButton(button, i)
            layout.addWidget(button)
            self.buttons.append(button)
            self.values.append(item.value)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def value(self) -> Any:
        index = self.group.checkedId()
        return self.values[index] if 0 <= index < len(self.values) else None

    def is_empty(self) -> bool:
        return self.group.checkedId() < 0

    def focus_first(self) -> None:
        checked = self.group.checkedButton()
        (checked or (self.buttons[0] if self.buttons else self)).setFocus()

    def pick(self, index: int) -> bool:
        """Check option ``index`` (0-based) and submit; False when there is none."""
        if not 0 <= index < len(self.buttons):
            return False
        self.buttons[index].setChecked(True)
        self.buttons[index].setFocus()
        self.submitted.emit()
        return True

    def handle_key(self, event: QKeyEvent) -> bool:
        """Digit keys 1–9 (and Y/N for yes/no) pick; True when the key was used."""
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return self.pick(key - Qt.Key.Key_1)
        if self.yes_no and key in YES_KEYS:
            return self.pick(self.values.index(True))
        if self.yes_no and key in NO_KEYS:
            return self.pick(self.values.index(False))
        return False


class LineInput(StepInput):
    """Text, number, amount: one line (the service checks the value and says what is expected)."""

    def __init__(self, answer_type: str, spec: Any, previous: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.answer_type = answer_type
        self.edit = _Line(self)
        self.edit.setObjectName("flowAnswer")
        if answer_type == "text" and spec.get("max_length"):
            self.edit.setMaxLength(int(spec["max_length"]))
        if previous:
            self.edit.setText(previous)
            self.edit.selectAll()
        self.edit.returnPressed.connect(self.submitted)
        self.edit.back.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        return self.edit.text().strip()

    def is_empty(self) -> bool:
        return not self.edit.text()

    def focus_first(self) -> None:
        self.edit.setFocus()


class DateInput(StepInput):
    """A date (YYYY-MM-DD), within the step's range of days from today."""

    def __init__(self, spec: Any, previous: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setObjectName("flowDate")
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        today = QDate.currentDate()
        if spec.get("min") is not None:
            self.edit.setMinimumDate(today.addDays(int(spec["min"])))
        if spec.get("max") is not None:
            self.edit.setMaximumDate(today.addDays(int(spec["max"])))
        found = QDate.fromString(previous or "", "yyyy-MM-dd")
        self.edit.setDate(found if found.isValid() else today)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        return self.edit.date().toString("yyyy-MM-dd")

    def is_empty(self) -> bool:
        return False

    def focus_first(self) -> None:
        self.edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class IdentityInput(StepInput):
    """One field per identity question; the record's value is never shown (only passed / not after answering)."""

    def __init__(self, checks: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, _Line] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for check in checks:
            edit = _Line(self)
            edit.setObjectName(f"flowCheck_{check.name}")
            edit.setAccessibleName(check.label)
            edit.returnPressed.connect(self.submitted)
            edit.back.connect(self._back_if_all_empty)
            form.addRow(check.label, edit)
            self.fields[check.name] = edit

    def _back_if_all_empty(self) -> None:
        if self.is_empty():
            self.back_requested.emit()

    def value(self) -> Any:
        return {name: edit.text().strip() for name, edit in self.fields.items() if edit.text().strip()}

    def is_empty(self) -> bool:
        return not any(edit.text() for edit in self.fields.values())

    def focus_first(self) -> None:
        if self.fields:
            next(iter(self.fields.values())).setFocus()


def make_input(view: Any, parent: QWidget | None = None) -> StepInput | None:
    """The input for the step ``view`` shows (None for steps without one: say, read aloud, action, end)."""
    if view.ended:
        return None
    if view.kind == "ask":
        if view.answer_type in ("choice", "yes_no"):
            return ChoiceInput(view.choices, yes_no=view.answer_type == "yes_no", previous=view.previous, parent=parent)
        if view.answer_type == "date":
            return DateInput(view.answer_spec, view.previous, parent)
        return LineInput(view.answer_type or "text", view.answer_spec, view.previous, parent)
    if view.kind == "identity_check":
        return IdentityInput(view.checks, parent)
    return None
