"""The campaign page: pick a segment, an approved template and a time; preview; start, pause, resume, cancel;
watch the progress and read the report.

Queueing a large campaign takes a while, so it runs on the network pool (its own database connections), not on
the desktop's database worker; progress and the report are polled every few seconds while it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import CampaignPreview, CampaignReport, MessagingService
from services.messaging.variables import open_fields
from services.permissions import Principal

from .. import fmt, labels
from ..translate import QT_TRANSLATE_NOOP
from .common import FieldsForm, error_text, template_title
from .filter_editor import CustomFilterEditor

TIERS = ("mass", "affluent", "gold", "platinum", "diamond", "private")
STAGES = ("prospect", "onboarding", "active", "growing", "mature", "dormant", "churn_risk")
POLL_MS = 2000
SKIP_REASONS = {
    "opt_out": QT_TRANSLATE_NOOP("CampaignPanel", "opted out"),
    "no_consent": QT_TRANSLATE_NOOP("CampaignPanel", "no marketing consent"),
    "no_address": QT_TRANSLATE_NOOP("CampaignPanel", "no usable address"),
    "render": QT_TRANSLATE_NOOP("CampaignPanel", "could not be rendered"),
}


def _checklist(parent: QWidget, name: str, codes: tuple[str, ...]) -> QListWidget:
    """Checkable items carrying ``codes`` (texts come from :func:`_label_checklist`)."""
    widget = QListWidget(parent)
    widget.setObjectName(name)
    widget.setFixedHeight(96)
    for code in codes:
        item = QListWidgetItem("", widget)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    return widget


def _label_checklist(widget: QListWidget, text: Callable[[str], str]) -> None:
    """Set every item's text from its code; check states stay."""
    for i in range(widget.count()):
        item = widget.item(i)
        item.setText(text(str(item.data(Qt.ItemDataRole.UserRole))))


def _checked(widget: QListWidget) -> list[str]:
    return [
        str(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class CampaignPanel(QWidget):
    """Run one campaign at a time from this page.

    Signals:
        started(int): a campaign was queued and is running (its id).
    """

    started = Signal(int)

    def __init__(
        self, tasks: TaskManager, service: MessagingService, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("campaignPanel")
        self._tasks = tasks
        self._service = service
        self._principal = principal
        self._templates: list[Any] = []
        self.campaign_id: int | None = None
        self.report: CampaignReport | None = None
        self.preview_result: CampaignPreview | None = None
        self._queueing = False  # a start is on its way: the status line says so
        self.name = QLineEdit(self)
        self.name.setObjectName("campaignName")
        self.template = QComboBox(self)
        self.template.setObjectName("campaignTemplate")
        self.tiers = _checklist(self, "campaignTiers", TIERS)
        self.stages = _checklist(self, "campaignStages", STAGES)
        self.maturing = QSpinBox(self)
        self.maturing.setObjectName("campaignMaturing")
        self.maturing.setRange(-1, 366)
        self.maturing.setValue(-1)
        self.birthday = QCheckBox(self)
        self.birthday.setObjectName("campaignBirthday")
        self.custom = CustomFilterEditor(self)
        self.schedule = QCheckBox(self)
        self.schedule.setObjectName("campaignSchedule")
        soon = fmt.local(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).replace(tzinfo=None, second=0, microsecond=0)
        self.when = QDateTimeEdit(QDateTime(soon.year, soon.month, soon.day, soon.hour, soon.minute, 0), self)
        self.when.setObjectName("campaignWhen")
        self.when.setCalendarPopup(True)
        self.when.setEnabled(False)
        self.fields = FieldsForm(self)
        self.fields.hide()
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("campaignPreview")
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("campaignStart")
        self.pause_button = QPushButton(self)
        self.pause_button.setObjectName("campaignPause")
        self.resume_button = QPushButton(self)
        self.resume_button.setObjectName("campaignResume")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("campaignCancel")
        self.summary = QLabel(self)
        self.summary.setObjectName("campaignSummary")
        self.summary.setWordWrap(True)
        self.sample = QPlainTextEdit(self)
        self.sample.setObjectName("campaignSample")
        self.sample.setReadOnly(True)
        self.sample.setFixedHeight(90)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("campaignProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self)
        self.status.setObjectName("campaignStatus")
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self._build()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh_report)
        self.schedule.toggled.connect(self.when.setEnabled)
        self.template.currentIndexChanged.connect(self._template_chosen)
        self.preview_button.clicked.connect(self.run_preview)
        self.start_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(lambda: self._switch("pause"))
        self.resume_button.clicked.connect(lambda: self._switch("resume"))
        self.cancel_button.clicked.connect(lambda: self._switch("cancel"))
        self._update_buttons()
        self.retranslate()
        self._tasks.run_db(
            self._service.usable_templates,
            on_success=self._show_templates,
            on_failure=self._failed,
            owner=self,
            label="campaign templates",
        )

    def _build(self) -> None:
        self.captions = {
            key: QLabel(self) for key in ("name", "template", "tiers", "stages", "maturing", "custom", "time")
        }
        form = QFormLayout()
        form.addRow(self.captions["name"], self.name)
        form.addRow(self.captions["template"], self.template)
        form.addRow(self.captions["tiers"], self.tiers)
        form.addRow(self.captions["stages"], self.stages)
        form.addRow(self.captions["maturing"], self.maturing)
        form.addRow("", self.birthday)
        form.addRow(self.captions["custom"], self.custom)
        when = QHBoxLayout()
        when.addWidget(self.schedule)
        when.addWidget(self.when, 1)
        form.addRow(self.captions["time"], when)
        form.addRow(self.fields)
        buttons = QHBoxLayout()
        for button in (
            self.preview_button,
            self.start_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.sample)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)

    # -- texts --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text of the page in the interface language; what was typed, checked and chosen stays."""
        captions = {
            "name": self.tr("Name"),
            "template": self.tr("Template"),
            "tiers": self.tr("Tiers"),
            "stages": self.tr("Lifecycle stages"),
            "maturing": self.tr("Deposit maturing within"),
            "custom": self.tr("Custom filter"),
            "time": self.tr("Time"),
        }
        for key, text in captions.items():
            self.captions[key].setText(text)
        _label_checklist(self.tiers, labels.tier)
        _label_checklist(self.stages, labels.lifecycle)
        self.maturing.setSpecialValueText(self.tr("any"))
        self.maturing.setSuffix(self.tr(" days"))
        self.birthday.setText(self.tr("Birthday this week"))
        self.schedule.setText(self.tr("Send at"))
        self.preview_button.setText(self.tr("Preview"))
        self.start_button.setText(self.tr("Start"))
        self.pause_button.setText(self.tr("Pause"))
        self.resume_button.setText(self.tr("Resume"))
        self.cancel_button.setText(self.tr("Cancel campaign"))
        for i, t in enumerate(self._templates):
            self.template.setItemText(i, self._template_text(t))
        if self.preview_result is not None:
            self._show_preview(self.preview_result)
        if self._queueing:
            self.status.setText(self.tr("Queueing the messages…"))
        elif self.report is not None:
            self._show_status(self.report)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- input --------------------------------------------------------------------------------------------
    def _show_templates(self, templates: list[Any]) -> None:
        self._templates = templates
        self.template.blockSignals(True)
        self.template.clear()
        for t in templates:
            self.template.addItem(self._template_text(t), t.id)
        self.template.blockSignals(False)
        self._template_chosen()

    def _template_text(self, template: Any) -> str:
        kind = self.tr("SMS") if template.channel == "sms" else self.tr("E-mail")
        return f"{template_title(template)} · {kind}"

    def select_template(self, code: str, locale: str = "zh_CN") -> bool:
        for i, t in enumerate(self._templates):
            if t.code == code and t.locale == locale:
                self.template.setCurrentIndex(i)
                return True
        return False

    def current_template(self) -> Any:
        index = self.template.currentIndex()
        return self._templates[index] if 0 <= index < len(self._templates) else None

    def _template_chosen(self) -> None:
        template = self.current_template()
        if template is not None:
            self.fields.set_fields(open_fields(template.variables), template.variables)

    def segment(self) -> dict[str, Any]:
        """The segment described by the form (see :mod:`services.messaging.audiences`).

        Raises:
            ValueError: a custom condition is not valid (each row shows its problem).
        """
        out: dict[str, Any] = {}
        if tiers := _checked(self.tiers):
            out["tiers"] = tiers
        if stages := _checked(self.stages):
            out["lifecycle_stages"] = stages
        if self.maturing.value() >= 0:
            out["maturing_within_days"] = self.maturing.value()
        if self.birthday.isChecked():
            out["birthday_this_week"] = True
        if custom := self.custom.conditions():
            out["custom"] = custom
        return out

    def _checked_segment(self) -> dict[str, Any] | None:
        """:meth:`segment`, or None after showing why a custom condition is not valid."""
        try:
            return self.segment()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None

    def scheduled_at(self) -> dt.datetime | None:
        if not self.schedule.isChecked():
            return None
        wall: dt.datetime = self.when.dateTime().toPython()  # type: ignore[assignment]
        local = wall.replace(tzinfo=fmt.display_zone())  # the bank's wall clock
        return local.astimezone(dt.UTC)  # type: ignore[no-any-return]

    # -- preview and start --------------------------------------------------------------------------------
    def run_preview(self) -> None:
        template = self.current_template()
        if template is None:
            return
        self.error.hide()
        segment = self._checked_segment()
        if segment is None:
            return
        fields, when = self.fields.values(), self.scheduled_at()
        self._tasks.run_db(
            lambda: self._service.preview_campaign(self._principal, template.id, segment, fields, when),
            on_success=self._show_preview,
            on_failure=self._failed,
            key=f"campaign-preview-{id(self)}",
            owner=self,
            label="campaign preview",
        )

    def _show_preview(self, preview: CampaignPreview) -> None:
        self.preview_result = preview
        skipped = self.tr(", ").join(
            f"{self.tr(SKIP_REASONS.get(k, k))} {n}" for k, n in sorted(preview.skipped.items())
        )
        self.summary.setText(
            self.tr("Customers in the segment: {matched}; will receive it: {sendable}.").format(
                matched=preview.matched, sendable=preview.sendable
            )
            + (" " + self.tr("Skipped: {list}.").format(list=skipped) if skipped else "")
        )
        first = preview.samples[0].rendered if preview.samples else None
        self.sample.setPlainText(first.text if first else "")

    def start(self) -> None:
        template = self.current_template()
        if template is None:
            return
        self.error.hide()
        segment = self._checked_segment()
        if segment is None:
            return
        name, fields, when = self.name.text(), self.fields.values(), self.scheduled_at()
        who = self._principal
        self.start_button.setEnabled(False)
        self._queueing = True
        self.status.setText(self.tr("Queueing the messages…"))
        self.error.hide()

        def work() -> CampaignReport:
            campaign = self._service.create_campaign(who, name, template.id, segment, when)
            return self._service.start_campaign(who, campaign, 1, fields)

        self._tasks.run_net(
            work, on_success=self._started, on_failure=self._start_failed, owner=self, label="start campaign"
        )

    def _started(self, report: CampaignReport) -> None:
        self._queueing = False
        self.campaign_id = report.id
        self.started.emit(report.id)
        self._show_report(report)
        self._poll.start()

    def _start_failed(self, exc: BaseException) -> None:
        self._queueing = False
        self.status.clear()
        self._failed(exc)
        self._update_buttons()

    # -- running ------------------------------------------------------------------------------------------
    def _switch(self, action: str) -> None:
        if self.campaign_id is None or self.report is None:
            return
        method = getattr(self._service, f"{action}_campaign")
        campaign, version = self.campaign_id, self.report.version

        def work() -> CampaignReport:
            method(self._principal, campaign, version)
            return self._service.campaign_report(campaign)

        self._tasks.run_db(work, on_success=self._show_report, on_failure=self._failed, owner=self, label=action)

    def refresh_report(self) -> None:
        campaign = self.campaign_id
        if campaign is None:
            return
        self._tasks.run_db(
            lambda: self._service.campaign_report(campaign),
            on_success=self._show_report,
            on_failure=self._failed,
            key=f"campaign-report-{id(self)}",
            owner=self,
            busy=False,
            label="campaign report",
        )

    def _show_report(self, report: CampaignReport) -> None:
        self.report = report
        done = report.total - report.remaining
        self.progress.setRange(0, max(1, report.total))
        self.progress.setValue(done)
        if report.finished:
            self._poll.stop()
        self._show_status(report)
        self._update_buttons()

    def _show_status(self, report: CampaignReport) -> None:
        state = {
            "running": self.tr("Running"),
            "paused": self.tr("Paused"),
            "cancelled": self.tr("Cancelled"),
            "queuing": self.tr("Queueing"),
            "draft": self.tr("Draft"),
        }.get(report.status, report.status)
        if report.finished:
            state = self.tr("Finished") if report.status == "running" else state
        self.status.setText(
            self.tr(
                "{state} · sent {sent} · delivered {delivered} · failed {failed} · skipped for opt-out {opted} · "
                "waiting {waiting}"
            ).format(
                state=state,
                sent=report.sent,
                delivered=report.delivered,
                failed=report.failed,
                opted=report.skipped_opt_out,
                waiting=report.remaining,
            )
        )

    def _update_buttons(self) -> None:
        status = self.report.status if self.report is not None else None
        self.start_button.setEnabled(self.campaign_id is None)
        self.pause_button.setEnabled(status == "running" and not (self.report and self.report.finished))
        self.resume_button.setEnabled(status == "paused")
        self.cancel_button.setEnabled(status in ("running", "paused") and not (self.report and self.report.finished))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
