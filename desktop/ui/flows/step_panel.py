"""The side panel of the flow editor: the fields of the selected step, by kind.

The panel edits one step of the document in its dict form and emits ``changed`` with the new dict; the editor
puts it into the document.  Texts have a Chinese and an English box; an ask step its answer type, options (a
row each) and bounds; a branch its cases, conditions nested in all/any groups (:mod:`.condition_tree`), and
default; an identity check its questions and how many must pass; an action its type and
parameters (a row each); an end its outcome (for the analytics) and the wrap-up disposition it prefills.
Ways out are chosen from the flow's step ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from services.flows.definition import ACTION_KEYS, ACTION_TYPES, ANSWER_TYPES, IDENTITY_CHECKS, STEP_KIND_NAMES

from .cells import scalar, shown
from .condition_tree import ConditionTree

TEXT_PARAMS = ("summary", "title")  # action parameters that are texts in both languages
TARGET_KEYS = ("next", "fail", "on_error", "default")
KINDS_WITH = {
    "text": ("say", "ask", "identity_check", "read_aloud", "action", "end"),
    "next": ("say", "ask", "identity_check", "read_aloud", "action"),
    "fail": ("identity_check",),
    "on_error": ("action",),
    "default": ("branch",),
}


def _text_parts(value: Any) -> tuple[str, str]:
    if isinstance(value, Mapping):
        return str(value.get("zh_CN") or ""), str(value.get("en") or "")
    return str(value or ""), str(value or "")


def _text_value(zh: str, en: str) -> Any:
    if not zh and not en:
        return None
    return zh if zh == en else {"zh_CN": zh, "en": en}


def _table(parent: QWidget, name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(96)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
    return table


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item is not None else ""


class StepPanel(QWidget):
    """Edit one step.

    Signals:
        changed(dict): the step as edited (its dict form).
    """

    changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flowStepPanel")
        self.step: dict[str, Any] = {}
        self._ids: list[str] = []
        self._loading = False
        self.caption = QLabel(self)
        self.caption.setObjectName("flowStepCaption")
        self.kind_label = QLabel(self)
        self.title_zh, self.title_en = QLineEdit(self), QLineEdit(self)
        self.text_zh, self.text_en = QPlainTextEdit(self), QPlainTextEdit(self)
        for name, edit in (("stepTitleZh", self.title_zh), ("stepTitleEn", self.title_en)):
            edit.setObjectName(name)
        for name, box in (("stepTextZh", self.text_zh), ("stepTextEn", self.text_en)):
            box.setObjectName(name)
            box.setTabChangesFocus(True)
            box.setMinimumHeight(70)
            box.setMaximumHeight(130)
        # ask
        self.var = QLineEdit(self)
        self.var.setObjectName("stepVar")
        self.pii = QCheckBox(self)
        self.answer_type = QComboBox(self)
        self.answer_type.setObjectName("stepAnswerType")
        for kind in ANSWER_TYPES:
            self.answer_type.addItem(kind, kind)
        self.options = _table(self, "stepOptions", 3)
        self.bounds = QLineEdit(self)
        self.bounds.setObjectName("stepBounds")
        # branch
        self.conditions = ConditionTree(self)
        # identity check
        self.checks = {name: QCheckBox(name, self) for name in IDENTITY_CHECKS}
        self.required = QSpinBox(self)
        self.required.setRange(1, len(IDENTITY_CHECKS))
        # action
        self.action_type = QComboBox(self)
        self.action_type.setObjectName("stepActionType")
        for kind in ACTION_TYPES:
            self.action_type.addItem(kind, kind)
        self.params = _table(self, "stepParams", 3)
        # end
        self.outcome = QLineEdit(self)
        self.outcome.setObjectName("stepOutcome")
        self.disposition = QLineEdit(self)
        self.disposition.setObjectName("stepDisposition")
        self.targets = {key: QComboBox(self) for key in TARGET_KEYS}
        for key, target in self.targets.items():
            target.setObjectName(f"stepTarget_{key}")
        self.add_row = QPushButton(self)
        self.add_row.setObjectName("stepAddRow")
        self.remove_row = QPushButton(self)
        self.remove_row.setObjectName("stepRemoveRow")
        self._build()
        self._connect()
        self.retranslate()
        self.show_step(None, [])

    def _build(self) -> None:
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}

        def row(key: str, field: Any) -> None:
            label = QLabel(self)
            self.labels[key] = label
            if isinstance(field, QWidget):
                label.setBuddy(field)
            self.form.addRow(label, field)

        row("kind", self.kind_label)
        row("title_zh", self.title_zh)
        row("title_en", self.title_en)
        row("text_zh", self.text_zh)
        row("text_en", self.text_en)
        row("var", self.var)
        row("pii", self.pii)
        row("answer_type", self.answer_type)
        row("options", self.options)
        row("bounds", self.bounds)
        row("conditions", self.conditions)
        checks = QVBoxLayout()
        for check_box in self.checks.values():
            checks.addWidget(check_box)
        self._checks_row = QWidget(self)
        self._checks_row.setLayout(checks)
        checks.setContentsMargins(0, 0, 0, 0)
        row("checks", self._checks_row)
        row("required", self.required)
        row("action_type", self.action_type)
        row("params", self.params)
        row("outcome", self.outcome)
        row("disposition", self.disposition)
        for key, target in self.targets.items():
            row(key, target)
        rows = QHBoxLayout()
        rows.addWidget(self.add_row)
        rows.addWidget(self.remove_row)
        rows.addStretch(1)
        self._rows = QWidget(self)
        self._rows.setLayout(rows)
        rows.setContentsMargins(0, 0, 0, 0)
        row("rows", self._rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def _connect(self) -> None:
        for edit in (self.title_zh, self.title_en, self.var, self.bounds, self.outcome, self.disposition):
            edit.textEdited.connect(self._edited)
        for text_box in (self.text_zh, self.text_en):
            text_box.textChanged.connect(self._edited)
        self.pii.toggled.connect(self._edited)
        self.answer_type.currentIndexChanged.connect(self._answer_type_changed)
        self.action_type.currentIndexChanged.connect(self._action_type_changed)
        for table in (self.options, self.params):
            table.itemChanged.connect(self._edited)
        self.conditions.edited.connect(self._edited)
        for check in self.checks.values():
            check.toggled.connect(self._edited)
        self.required.valueChanged.connect(self._edited)
        for target in self.targets.values():
            target.currentIndexChanged.connect(self._edited)
        self.add_row.clicked.connect(self._add_row)
        self.remove_row.clicked.connect(self._remove_row)

    def retranslate(self) -> None:
        texts = {
            "kind": self.tr("Kind"),
            "title_zh": self.tr("Title (Chinese)"),
            "title_en": self.tr("Title (English)"),
            "text_zh": self.tr("Text (Chinese)"),
            "text_en": self.tr("Text (English)"),
            "var": self.tr("Answer variable"),
            "pii": self.tr("Personal data"),
            "answer_type": self.tr("Answer type"),
            "options": self.tr("Options"),
            "bounds": self.tr("Limits"),
            "conditions": self.tr("Conditions"),
            "checks": self.tr("Questions"),
            "required": self.tr("Must pass"),
            "action_type": self.tr("Action"),
            "params": self.tr("Parameters"),
            "outcome": self.tr("Outcome"),
            "disposition": self.tr("Wrap-up disposition"),
            "next": self.tr("Next step"),
            "fail": self.tr("If it fails"),
            "on_error": self.tr("On error"),
            "default": self.tr("Otherwise"),
            "rows": self.tr("Rows"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        named: dict[str, QWidget] = {
            "answer_type": self.answer_type,
            "action_type": self.action_type,
            "options": self.options,
            "conditions": self.conditions,
            "params": self.params,
            "required": self.required,
            **self.targets,
        }
        for key, widget in named.items():
            widget.setAccessibleName(texts[key])
        checks = {
            "id_tail4": self.tr("Last 4 digits of the ID"),
            "birth_date": self.tr("Date of birth"),
            "recent_transaction": self.tr("A recent transaction"),
        }
        for name, box in self.checks.items():
            box.setText(checks.get(name, name))
        self.pii.setText(self.tr("mask the answer on the timeline and in reports"))
        self.bounds.setPlaceholderText(self.tr("min, max (or the text's maximum length)"))
        self.disposition.setPlaceholderText(self.tr("a disposition code, e.g. service.card_loss (empty: the outcome)"))
        self.options.setHorizontalHeaderLabels(
            [self.tr("Value"), self.tr("Label (Chinese)"), self.tr("Label (English)")]
        )
        self.params.setHorizontalHeaderLabels([self.tr("Parameter"), self.tr("Value"), self.tr("Value (English)")])
        self.add_row.setText(self.tr("Add row"))
        self.remove_row.setText(self.tr("Remove row"))
        self._show_caption()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_caption(self) -> None:
        sid = self.step.get("id")
        self.caption.setText(self.tr("Step {id}").format(id=sid) if sid else self.tr("Choose a step on the canvas"))
        kind = str(self.step.get("kind") or "")
        names = STEP_KIND_NAMES.get(kind)
        self.kind_label.setText((names[1] if _english() else names[0]) if names else kind)

    # -- showing a step -----------------------------------------------------------------------------------
    def show_step(self, step: Mapping[str, Any] | None, step_ids: list[str]) -> None:
        """Fill the panel with ``step`` (None: nothing chosen); ``step_ids``: the ways out to choose from.

        The step this panel just sent back (an edit made here, redrawn on the canvas) is not filled in again:
        that would close the cell being edited and lose the cursor's place.
        """
        if step is not None and self.step and dict(step) == self.step and list(step_ids) == self._ids:
            return
        self._loading = True
        self.step = dict(step or {})
        self._ids = list(step_ids)
        kind = str(self.step.get("kind") or "")
        zh, en = _text_parts(self.step.get("title"))
        self.title_zh.setText(zh)
        self.title_en.setText(en)
        zh, en = _text_parts(self.step.get("text"))
        self.text_zh.setPlainText(zh)
        self.text_en.setPlainText(en)
        self.var.setText(str(self.step.get("var") or ""))
        self.pii.setChecked(bool(self.step.get("pii")))
        answer = dict(self.step.get("answer") or {"type": "yes_no"})
        self.answer_type.setCurrentIndex(max(0, self.answer_type.findData(answer.get("type"))))
        self._fill_options(answer)
        self._fill_conditions()
        for name, box in self.checks.items():
            box.setChecked(name in (self.step.get("checks") or ()))
        self.required.setValue(int(self.step.get("required") or 1))
        action = dict(self.step.get("action") or {"type": ACTION_TYPES[0]})
        self.action_type.setCurrentIndex(max(0, self.action_type.findData(action.get("type"))))
        self._fill_params(action)
        self.outcome.setText(str(self.step.get("outcome") or ""))
        self.disposition.setText(str(self.step.get("disposition") or ""))
        for key, target in self.targets.items():
            target.clear()
            target.addItem("—", None)
            for sid in self._ids:
                target.addItem(sid, sid)
            target.setCurrentIndex(max(0, target.findData(self.step.get(key))))
        self._show_rows(kind)
        self._show_caption()
        self.setEnabled(bool(self.step))
        self._loading = False

    def _show_rows(self, kind: str) -> None:
        def show(key: str, field: QWidget, visible: bool) -> None:
            self.labels[key].setVisible(visible)
            field.setVisible(visible)

        titles: tuple[tuple[str, QWidget], ...] = (("title_zh", self.title_zh), ("title_en", self.title_en))
        for key, widget in titles:
            show(key, widget, bool(kind))
        texts: tuple[tuple[str, QWidget], ...] = (("text_zh", self.text_zh), ("text_en", self.text_en))
        for key, widget in texts:
            show(key, widget, kind in KINDS_WITH["text"])
        ask = kind == "ask"
        asks: tuple[tuple[str, QWidget], ...] = (
            ("var", self.var),
            ("pii", self.pii),
            ("answer_type", self.answer_type),
        )
        for key, widget in asks:
            show(key, widget, ask)
        answer_type = self.answer_type.currentData()
        show("options", self.options, ask and answer_type == "choice")
        show("bounds", self.bounds, ask and answer_type in ("text", "number", "amount", "date"))
        show("conditions", self.conditions, kind == "branch")
        show("checks", self._checks_row, kind == "identity_check")
        show("required", self.required, kind == "identity_check")
        show("action_type", self.action_type, kind == "action")
        show("params", self.params, kind == "action")
        show("outcome", self.outcome, kind == "end")
        show("disposition", self.disposition, kind == "end")
        for key in TARGET_KEYS:
            show(key, self.targets[key], kind in KINDS_WITH[key])
        show("rows", self._rows, ask and answer_type == "choice")

    def _fill_options(self, answer: Mapping[str, Any]) -> None:
        options = list(answer.get("options") or ())
        self.options.setRowCount(len(options))
        for row, option in enumerate(options):
            zh, en = _text_parts(option.get("label"))
            for column, text in enumerate((str(option.get("value", "")), zh, en)):
                self.options.setItem(row, column, QTableWidgetItem(text))
        if answer.get("type") == "text":
            self.bounds.setText(shown(answer.get("max_length")))
        else:
            low, high = answer.get("min"), answer.get("max")
            self.bounds.setText("" if low is None and high is None else f"{shown(low)}, {shown(high)}")

    def _fill_conditions(self) -> None:
        cases = self.step.get("cases")
        self.conditions.set_cases([c for c in cases or () if isinstance(c, Mapping)])

    def _fill_params(self, action: Mapping[str, Any]) -> None:
        required, optional = ACTION_KEYS.get(str(action.get("type")), ((), ()))
        keys = [*required, *optional]
        self.params.blockSignals(True)
        self.params.setRowCount(len(keys))
        for row, key in enumerate(keys):
            name = QTableWidgetItem(key)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.params.setItem(row, 0, name)
            if key in TEXT_PARAMS:
                zh, en = _text_parts(action.get(key))
            else:
                zh, en = shown(action.get(key)), ""
            self.params.setItem(row, 1, QTableWidgetItem(zh))
            self.params.setItem(row, 2, QTableWidgetItem(en))
        self.params.blockSignals(False)

    # -- reading the fields back ---------------------------------------------------------------------------
    def _answer_type_changed(self) -> None:
        if not self._loading:
            self._show_rows(str(self.step.get("kind") or ""))
            self._edited()

    def _action_type_changed(self) -> None:
        if not self._loading:
            self._fill_params({"type": self.action_type.currentData()})
            self._edited()

    def _add_row(self) -> None:
        self.options.insertRow(self.options.rowCount())
        self.options.setCurrentCell(self.options.rowCount() - 1, 0)

    def _remove_row(self) -> None:
        if self.options.currentRow() >= 0:
            self.options.removeRow(self.options.currentRow())
            self._edited()

    def _edited(self, *_args: Any) -> None:
        if self._loading or not self.step:
            return
        self.step = self.collect()
        self.changed.emit(dict(self.step))

    def collect(self) -> dict[str, Any]:
        """The step as the fields say now."""
        kind = str(self.step.get("kind") or "")
        out: dict[str, Any] = {"id": self.step.get("id"), "kind": kind}
        title = _text_value(self.title_zh.text().strip(), self.title_en.text().strip())
        if title is not None:
            out["title"] = title
        if kind in KINDS_WITH["text"]:
            text = _text_value(self.text_zh.toPlainText(), self.text_en.toPlainText())
            if text is not None:
                out["text"] = text
        if kind == "ask":
            out["var"] = self.var.text().strip()
            if self.pii.isChecked():
                out["pii"] = True
            out["answer"] = self._answer()
        elif kind == "branch":
            out["cases"] = self._cases()
        elif kind == "identity_check":
            out["checks"] = [name for name, box in self.checks.items() if box.isChecked()]
            out["required"] = self.required.value()
        elif kind == "action":
            out["action"] = self._action()
        elif kind == "end":
            out["outcome"] = self.outcome.text().strip()
            if self.disposition.text().strip():
                out["disposition"] = self.disposition.text().strip()
        for key in TARGET_KEYS:
            if kind in KINDS_WITH[key] and self.targets[key].currentData():
                out[key] = self.targets[key].currentData()
        return out

    def _answer(self) -> dict[str, Any]:
        kind = self.answer_type.currentData()
        answer: dict[str, Any] = {"type": kind}
        if kind == "choice":
            answer["options"] = [
                {
                    "value": _cell(self.options, r, 0),
                    "label": _text_value(_cell(self.options, r, 1), _cell(self.options, r, 2)) or "",
                }
                for r in range(self.options.rowCount())
                if _cell(self.options, r, 0)
            ]
        elif kind == "text" and scalar(self.bounds.text()) is not None:
            answer["max_length"] = scalar(self.bounds.text())
        elif kind in ("number", "amount", "date"):
            parts = [scalar(p) for p in self.bounds.text().split(",")] + [None, None]
            if parts[0] is not None:
                answer["min"] = parts[0]
            if parts[1] is not None:
                answer["max"] = parts[1]
        return answer

    def _cases(self) -> list[dict[str, Any]]:
        return self.conditions.cases()

    def _action(self) -> dict[str, Any]:
        action: dict[str, Any] = {"type": self.action_type.currentData()}
        for r in range(self.params.rowCount()):
            key = _cell(self.params, r, 0)
            if key in TEXT_PARAMS:
                value = _text_value(_cell(self.params, r, 1), _cell(self.params, r, 2) or _cell(self.params, r, 1))
            else:
                value = scalar(_cell(self.params, r, 1))
            if value is not None:
                action[key] = value
        return action


def _english() -> bool:
    from .. import fmt

    return not fmt.is_chinese()
