"""The campaign page's custom-filter editor: rows of field / operator / value from the service's whitelist.

The fields and operators are exactly those of :mod:`services.messaging.audiences`
(``FIELDS``, ``OPERATORS``); a value is converted to the field's type here (whole numbers, amounts, dates,
text; "is one of" takes a list separated by commas) and each condition is checked by the service's own
validation, so the page shows the same message the service would give — per row, before any preview.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from services.messaging import audiences as rules
from services.messaging.errors import MessagingError

from ..translate import QT_TRANSLATE_NOOP
from .common import language

MAX_ROWS = 20  # as many as the service accepts
OPERATOR_TEXT = {
    "=": QT_TRANSLATE_NOOP("ConditionRow", "equals"),
    "!=": QT_TRANSLATE_NOOP("ConditionRow", "does not equal"),
    "<": QT_TRANSLATE_NOOP("ConditionRow", "less than"),
    "<=": QT_TRANSLATE_NOOP("ConditionRow", "at most"),
    ">": QT_TRANSLATE_NOOP("ConditionRow", "more than"),
    ">=": QT_TRANSLATE_NOOP("ConditionRow", "at least"),
    "in": QT_TRANSLATE_NOOP("ConditionRow", "is one of"),
    "not_in": QT_TRANSLATE_NOOP("ConditionRow", "is none of"),
}
PLACEHOLDER = {"int": "3", "money": "50000.00", "date": "2026-03-05", "text": "gold"}
_SPLIT = re.compile(r"[,，、;；]")


class ConditionRow(QWidget):
    """One condition: field, operator, value, remove."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QComboBox(self)
        self.field.setObjectName("filterField")
        # As wide as its longest field name in the language shown (the names change with the language).
        self.field.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for name in rules.FIELDS:
            self.field.addItem("", name)
        self.op = QComboBox(self)
        self.op.setObjectName("filterOperator")
        for op in rules.OPERATORS:
            self.op.addItem("", op)
        self.value = QLineEdit(self)
        self.value.setObjectName("filterValue")
        self.remove = QToolButton(self)
        self.remove.setObjectName("filterRemove")
        self.remove.setText("×")
        self.problem = QLabel(self)
        self.problem.setObjectName("filterProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.field, 0, 0)
        grid.addWidget(self.op, 0, 1)
        grid.addWidget(self.value, 0, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.problem, 1, 0, 1, 4)
        grid.setColumnStretch(2, 1)
        self.field.currentIndexChanged.connect(self._placeholder)
        for signal in (self.field.currentIndexChanged, self.op.currentIndexChanged, self.value.textChanged):
            signal.connect(self._edited)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.retranslate()

    def retranslate(self) -> None:
        """Field and operator names, the tooltip and the value's hint in the interface language.

        Only the item texts change: the chosen field and operator (item data) and the value stay.
        """
        chinese = language() == "zh_CN"
        for i in range(self.field.count()):
            _col, _kind, zh, en = rules.FIELDS[self.field.itemData(i)]
            self.field.setItemText(i, zh if chinese else en)
        for i in range(self.op.count()):
            self.op.setItemText(i, self.tr(OPERATOR_TEXT[self.op.itemData(i)]))
        self.remove.setToolTip(self.tr("Remove this condition"))
        self.remove.setAccessibleName(self.remove.toolTip())  # not "×": a screen reader says what it does
        self.value.setAccessibleName(self.tr("Value"))
        self._placeholder()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set(self, field: str, op: str, value: str) -> None:
        self.field.setCurrentIndex(self.field.findData(field))
        self.op.setCurrentIndex(self.op.findData(op))
        self.value.setText(value)

    def _placeholder(self) -> None:
        kind = rules.FIELDS[self.field.currentData()][1]
        hint = PLACEHOLDER[kind]
        self.value.setPlaceholderText(
            hint if self.op.currentData() not in ("in", "not_in") else self.tr("{a}, {b}").format(a=hint, b=hint)
        )

    def _edited(self) -> None:
        self._placeholder()
        self.problem.hide()
        self.changed.emit()

    def condition(self) -> dict[str, Any]:
        """The condition as the service takes it.

        Raises:
            ValueError: with the message to show (in the interface language).
        """
        field, op = str(self.field.currentData()), str(self.op.currentData())
        kind = rules.FIELDS[field][1]
        text = self.value.text().strip()
        if not text:
            raise ValueError(self.tr("Enter a value."))
        if op in ("in", "not_in"):
            parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
            if not parts:
                raise ValueError(self.tr("Enter one or more values separated by commas."))
            value: Any = [self._typed(kind, p) for p in parts]
        else:
            value = self._typed(kind, text)
        cond = {"field": field, "op": op, "value": value}
        try:
            rules.criteria({"custom": [cond]}, dt.date.today())
        except MessagingError as exc:
            raise ValueError(exc.message(language())) from None
        return cond

    def _typed(self, kind: str, text: str) -> Any:
        if kind == "int":
            if not re.fullmatch(r"-?\d{1,12}", text):
                raise ValueError(self.tr("“{value}” is not a whole number.").format(value=text))
            return int(text)
        if kind == "money":
            try:
                amount = Decimal(text.replace(",", ""))
            except InvalidOperation:
                amount = Decimal("NaN")
            if not amount.is_finite():
                raise ValueError(self.tr("“{value}” is not an amount.").format(value=text))
            return str(amount)
        if kind == "date":
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise ValueError(self.tr("“{value}” is not a date (YYYY-MM-DD).").format(value=text)) from None
        if len(text) > 64:
            raise ValueError(self.tr("The value is too long (64 characters at most)."))
        return text

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class CustomFilterEditor(QWidget):
    """Conditions that all must hold, feeding the campaign's ``custom`` segment filter.

    Signals:
        changed(): a condition was added, removed or edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customFilterEditor")
        self.rows: list[ConditionRow] = []
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("filterAdd")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.empty = QLabel(self)
        self.empty.setObjectName("filterEmpty")
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty, 1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.rows_box)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        """The button and the empty-state text (each row retranslates itself)."""
        self.add_button.setText(self.tr("Add condition"))
        self.empty.setText(self.tr("No custom conditions."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add_row(self, field: str | None = None, op: str = "=", value: str = "") -> ConditionRow:
        """Add a condition (prefilled when ``field`` is given)."""
        row = ConditionRow(self)
        if field is not None:
            row.set(field, op, value)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self._update()
        self.changed.emit()
        return row

    def remove_row(self, row: ConditionRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self.rows_box.removeWidget(row)
            row.deleteLater()
            self._update()
            self.changed.emit()

    def _update(self) -> None:
        self.add_button.setEnabled(len(self.rows) < MAX_ROWS)
        self.empty.setVisible(not self.rows)

    def conditions(self) -> list[dict[str, Any]]:
        """The valid conditions; every row's problem is shown under it.

        Raises:
            ValueError: some row is not valid (the message says how many).
        """
        out: list[dict[str, Any]] = []
        bad = 0
        for row in self.rows:
            try:
                out.append(row.condition())
                row.show_problem("")
            except ValueError as exc:
                row.show_problem(str(exc))
                bad += 1
        if bad:
            raise ValueError(self.tr("Correct the custom conditions marked below ({n}).").format(n=bad))
        return out
