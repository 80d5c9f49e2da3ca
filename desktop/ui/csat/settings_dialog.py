"""Per-queue satisfaction-survey settings for supervisors, opened from the message templates page.

The templates page is where a supervisor already writes and approves the survey's SMS, so the button that
sets who gets it (sampling, quiet hours, the gap per customer, the low-score threshold) sits beside "New
template".  It is shown only to roles with ``csat.configure``; the service refuses the others anyway, and on
PostgreSQL the database does.  Saving names the version read: when another supervisor saved in between, the
dialog says so and reloads that queue.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from services.csat.rules import SurveyRules
from services.csat.settings import CsatSettingsService, QueueSurvey, StaleRules

from .. import fmt
from ..i18n import error_text


class CsatSettingsDialog(QDialog):
    """Edit one queue's survey settings at a time.

    Args:
        service: the settings service; principal: the signed-in supervisor; tasks: the desktop's TaskManager.
    """

    def __init__(self, service: CsatSettingsService, principal: Any, tasks: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("csatSettingsDialog")
        self.service, self.principal, self.tasks = service, principal, tasks
        self._rows: list[QueueSurvey] = []
        self.setWindowTitle(self.tr("Satisfaction surveys"))
        self.queue = QComboBox()
        self.queue.setObjectName("csatQueue")
        self.enabled = QCheckBox(self.tr("Send a survey after answered calls"))
        self.sample = self._spin(0, 100, " %")
        self.template = QComboBox()
        self.template.setObjectName("csatTemplate")
        self.quiet_start, self.quiet_end = QTimeEdit(), QTimeEdit()
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        self.gap = self._spin(0, 365, self.tr(" days"))
        self.low = self._spin(1, 4, "")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("csatMessage")
        form = QFormLayout()
        form.addRow(self.tr("Queue"), self.queue)
        form.addRow("", self.enabled)
        form.addRow(self.tr("Calls surveyed"), self.sample)
        form.addRow(self.tr("SMS template"), self.template)
        form.addRow(self.tr("Quiet hours from"), self.quiet_start)
        form.addRow(self.tr("Quiet hours until"), self.quiet_end)
        form.addRow(self.tr("Not the same customer again within"), self.gap)
        form.addRow(self.tr("Low score (follow-up) at or below"), self.low)
        hint = QLabel(self.tr("A survey due in the quiet hours waits until they end. Customers who opted out of SMS "
                              "or have no mobile are not surveyed. A low score opens a to-do for the agent's "
                              "supervisor."))  # fmt: skip
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.queue.currentIndexChanged.connect(self._show_queue)
        self.setMinimumWidth(520)
        self._set_enabled(False)
        self.load()

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.queue, self.enabled, self.sample, self.template, self.quiet_start, self.quiet_end, self.gap,
                self.low)  # fmt: skip

    def _set_enabled(self, on: bool) -> None:
        for widget in self._fields():
            widget.setEnabled(on)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(on)

    # --- reading -----------------------------------------------------------------------------------------
    def load(self, queue_id: int | None = None) -> None:
        self.message.setText(self.tr("Loading the queues…"))
        self.tasks.run_db(
            lambda: self.service.queues(self.principal),
            on_success=lambda found: self._loaded(found, queue_id),
            on_failure=self._failed,
            owner=self,
        )

    def _loaded(self, found: tuple[list[QueueSurvey], list[str]], queue_id: int | None = None) -> None:
        rows, codes = found
        self._rows = rows
        self.template.clear()
        for code in codes:
            self.template.addItem(code, code)
        self.queue.blockSignals(True)
        self.queue.clear()
        for row in rows:
            self.queue.addItem(row.label_zh if fmt.is_chinese() else row.label_en, row.queue_id)
        self.queue.blockSignals(False)
        if not rows:
            self.message.setText(self.tr("There are no queues to set up."))
            return
        index = max(0, self.queue.findData(queue_id)) if queue_id is not None else 0
        self.queue.setCurrentIndex(index)
        self._show_queue(index)
        self._set_enabled(True)
        self.message.clear()

    def _show_queue(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        rules = self._rows[index].rules
        self.enabled.setChecked(rules.enabled)
        self.sample.setValue(rules.sample_pct)
        if self.template.findData(rules.template_code) < 0:
            self.template.addItem(rules.template_code, rules.template_code)
        self.template.setCurrentIndex(self.template.findData(rules.template_code))
        self.quiet_start.setTime(QTime.fromString(rules.quiet_start, "HH:mm"))
        self.quiet_end.setTime(QTime.fromString(rules.quiet_end, "HH:mm"))
        self.gap.setValue(rules.min_gap_days)
        self.low.setValue(rules.low_score)

    def rules(self) -> SurveyRules:
        """The current queue's rules as the fields show them (with the version read)."""
        base = self._rows[self.queue.currentIndex()].rules
        return dataclasses.replace(
            base,
            enabled=self.enabled.isChecked(),
            sample_pct=self.sample.value(),
            template_code=str(self.template.currentData() or ""),
            quiet_start=self.quiet_start.time().toString("HH:mm"),
            quiet_end=self.quiet_end.time().toString("HH:mm"),
            min_gap_days=self.gap.value(),
            low_score=self.low.value(),
        )

    # --- saving ------------------------------------------------------------------------------------------
    def save(self) -> None:
        if not 0 <= self.queue.currentIndex() < len(self._rows):
            return
        rules = self.rules()
        self._set_enabled(False)
        self.message.setText(self.tr("Saving…"))
        self.tasks.run_db(
            lambda: self.service.save(self.principal, rules),
            on_success=lambda _saved: self.accept(),
            on_failure=lambda exc: self._save_failed(exc, rules.queue_id),
            owner=self,
        )

    def _save_failed(self, exc: BaseException, queue_id: int) -> None:
        self._set_enabled(True)
        if isinstance(exc, StaleRules):
            self.load(queue_id)
            self.message.setText(error_text(exc))
            return
        self.message.setText(error_text(exc))

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))


class SurveySettingsButton(QPushButton):
    """ "Satisfaction surveys…" for the templates page: opens :class:`CsatSettingsDialog`."""

    def __init__(self, tasks: Any, engine: Any, principal: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csatSettingsButton")
        self.tasks, self.engine, self.principal = tasks, engine, principal
        self.clicked.connect(self.open_dialog)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Satisfaction surveys…"))
        self.setToolTip(self.tr("Which calls get an SMS survey, per queue"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_dialog(self) -> CsatSettingsDialog:
        from services.audit import AuditTrail

        audit = AuditTrail(workstation=getattr(self.principal, "workstation", None))
        dialog = CsatSettingsDialog(CsatSettingsService(self.engine, audit), self.principal, self.tasks, self)
        dialog.open()
        return dialog


def add_survey_button(layout: Any, tasks: Any, service: Any, principal: Any) -> SurveySettingsButton | None:
    """Add the button to ``layout`` for a role with ``csat.configure`` (the templates page's one-line hook)."""
    from services.permissions import allowed

    if not allowed(principal.role, "csat.configure"):
        return None
    button = SurveySettingsButton(tasks, service.engine, principal)
    layout.addWidget(button)
    return button
