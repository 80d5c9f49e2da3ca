"""The queue-rules dialog: a supervisor sets, per queue, how the wallboard counts its service level and when it
alerts.  The formula the tile's tooltip publishes is shown live under the fields, so what is saved is what the
board will say.  Saving names the version that was read; when another supervisor saved in between, the dialog
says so and reloads, keeping nothing silently.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from services.wallboard.queue_settings import QueueRulesRow, QueueRulesStale, QueueSettingsService
from services.wallboard.types import ABANDON_RULES, QueueRules

from .. import fmt
from ..i18n import error_text
from . import figures as f


class QueueRulesDialog(QDialog):
    """Edit one queue's wallboard rules at a time (see the module docstring).

    Args:
        service: a :class:`QueueSettingsService` for the signed-in supervisor.
        tasks: the desktop's TaskManager (reads and saves run off the GUI thread).
        queue_id: the queue to show first (None: the first one).
    """

    def __init__(
        self, service: QueueSettingsService, tasks: Any, parent: QWidget | None = None, *, queue_id: int | None = None
    ):
        super().__init__(parent)
        self.service = service
        self.tasks = tasks
        self._rows: list[QueueRulesRow] = []
        self._want = queue_id
        self.setWindowTitle(self.tr("Queue rules"))
        self.queue = QComboBox()
        self.sl = self._spin(1, 600, self.tr(" s"))
        self.target = self._spin(1, 100, " %")
        self.short = self._spin(0, 120, self.tr(" s"))
        self.rule = QComboBox()
        for code, text in zip(ABANDON_RULES, self._rule_names(), strict=True):
            self.rule.addItem(text, code)
        self.reset = QTimeEdit()
        self.reset.setDisplayFormat("HH:mm")
        self.warn_waiting = self._spin(1, 1000, "")
        self.crit_waiting = self._spin(1, 1000, "")
        self.warn_wait = self._spin(1, 7200, self.tr(" s"))
        self.crit_wait = self._spin(1, 7200, self.tr(" s"))
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setObjectName("queueRulesFormula")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("queueRulesMessage")
        form = QFormLayout()
        form.addRow(self.tr("Queue"), self.queue)
        form.addRow(self.tr("Answered within"), self.sl)
        form.addRow(self.tr("Service level target"), self.target)
        form.addRow(self.tr("Short abandon up to"), self.short)
        form.addRow(self.tr("Abandons"), self.rule)
        form.addRow(self.tr("Daily reset"), self.reset)
        form.addRow(self.tr("Waiting calls: warning"), self.warn_waiting)
        form.addRow(self.tr("Waiting calls: critical"), self.crit_waiting)
        form.addRow(self.tr("Longest wait: warning"), self.warn_wait)
        form.addRow(self.tr("Longest wait: critical"), self.crit_wait)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.formula)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.queue.currentIndexChanged.connect(self._show_queue)
        for spin in (self.sl, self.short):
            spin.valueChanged.connect(self._update_formula)
        self.rule.currentIndexChanged.connect(self._update_formula)
        self.reset.timeChanged.connect(self._update_formula)
        self.setMinimumWidth(460)
        self._set_enabled(False)
        self.load()

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    def _rule_names(self) -> tuple[str, str, str]:
        return (
            self.tr("Leave short abandons out"),
            self.tr("Count every abandon against the level"),
            self.tr("Leave every abandon out"),
        )

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.queue, self.sl, self.target, self.short, self.rule, self.reset):
            widget.setEnabled(on)
        for widget in (self.warn_waiting, self.crit_waiting, self.warn_wait, self.crit_wait):
            widget.setEnabled(on)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(on)

    # --- reading -----------------------------------------------------------------------------------------

    def load(self) -> None:
        self.message.setText(self.tr("Loading the queues…"))
        self.tasks.run_db(self.service.queues, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, rows: list[QueueRulesRow]) -> None:
        self._rows = rows
        self.queue.blockSignals(True)
        self.queue.clear()
        for row in rows:
            label = row.label_zh if fmt.is_chinese() else row.label_en
            self.queue.addItem(label or row.name, row.queue_id)
        self.queue.blockSignals(False)
        if not rows:
            self.message.setText(self.tr("There are no queues to set up."))
            return
        index = max(0, self.queue.findData(self._want)) if self._want is not None else 0
        self.queue.setCurrentIndex(index)
        self._show_queue(index)
        self._set_enabled(True)
        self.message.clear()

    def _show_queue(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        self._want = row.queue_id
        self._show_rules(row.rules)

    def _show_rules(self, rules: QueueRules) -> None:
        self.sl.setValue(rules.sl_threshold_s)
        self.target.setValue(rules.sl_target_pct)
        self.short.setValue(rules.short_abandon_s)
        self.rule.setCurrentIndex(max(0, self.rule.findData(rules.abandon_rule)))
        self.reset.setTime(QTime.fromString(rules.day_reset, "HH:mm"))
        self.warn_waiting.setValue(rules.warn_waiting)
        self.crit_waiting.setValue(rules.crit_waiting)
        self.warn_wait.setValue(rules.warn_wait_s)
        self.crit_wait.setValue(rules.crit_wait_s)
        self._update_formula()

    def rules(self) -> QueueRules:
        """The rules as the fields show them."""
        return QueueRules(
            sl_threshold_s=self.sl.value(),
            sl_target_pct=self.target.value(),
            short_abandon_s=self.short.value(),
            abandon_rule=str(self.rule.currentData()),
            day_reset=self.reset.time().toString("HH:mm"),
            warn_waiting=self.warn_waiting.value(),
            crit_waiting=self.crit_waiting.value(),
            warn_wait_s=self.warn_wait.value(),
            crit_wait_s=self.crit_wait.value(),
        )

    def _update_formula(self, *_args: object) -> None:
        self.formula.setText(f.sl_formula(self.rules()))

    # --- saving ------------------------------------------------------------------------------------------

    def save(self) -> None:
        index = self.queue.currentIndex()
        if not 0 <= index < len(self._rows):
            return
        row = self._rows[index]
        rules = self.rules()
        self._set_enabled(False)
        self.message.setText(self.tr("Saving…"))
        self.tasks.run_db(
            lambda: self.service.save(row.queue_id, row.version, rules),
            on_success=lambda _version: self.accept(),
            on_failure=self._save_failed,
            owner=self,
        )

    def _save_failed(self, exc: BaseException) -> None:
        self._set_enabled(True)
        if isinstance(exc, QueueRulesStale):
            typed = self.rules()
            self.message.setText(error_text(exc))
            self.tasks.run_db(
                self.service.queues,
                on_success=lambda rows: self._reloaded(rows, typed),
                on_failure=self._failed,
                owner=self,
            )
            return
        self.message.setText(error_text(exc))

    def _reloaded(self, rows: list[QueueRulesRow], typed: QueueRules) -> None:
        """After a conflict: the other supervisor's version is now the one saved over, the fields keep what this
        supervisor typed, and the message shows what the other one saved."""
        self._loaded(rows)
        theirs = next((row.rules for row in rows if row.queue_id == self._want), None)
        self._show_rules(typed)
        if theirs is not None:
            self.message.setText(
                self.tr(
                    "Another supervisor saved this queue meanwhile: {theirs} Your values are kept; Save replaces them."
                ).format(theirs=f.sl_formula(theirs))
            )

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
