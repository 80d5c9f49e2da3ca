"""The campaign page: the existing campaigns above the form; pick a segment, an approved template and a time;
preview; start, pause, resume, cancel; watch the progress and read the report.

Choosing a campaign in the list opens it here (its name, template, segment, progress and buttons); "New
campaign" empties the form.  A segment with no filter would reach every customer: preview and start first ask
whether that is meant, naming how many customers that is.  Start sits apart from preview, below the
results, and asks before it queues anything, naming how many customers will get the message.

Queueing a large campaign takes a while, so it runs on the network pool (its own database connections), not on
the desktop's database worker; progress and the report are polled every few seconds while it runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.messaging import CampaignPreview, CampaignReport, CampaignRow, MessagingService
from services.messaging.variables import open_fields
from services.permissions import Principal

from .. import fmt
from ..translate import QT_TRANSLATE_NOOP
from .campaign_confirm import ask_everyone, ask_start
from .campaign_list import CampaignList
from .common import FieldsForm, error_text, template_title
from .segment_inputs import SegmentInputs

POLL_MS = 2000
SKIP_REASONS = {
    "opt_out": QT_TRANSLATE_NOOP("CampaignPanel", "opted out"),
    "no_consent": QT_TRANSLATE_NOOP("CampaignPanel", "no marketing consent"),
    "no_address": QT_TRANSLATE_NOOP("CampaignPanel", "no usable address"),
    "render": QT_TRANSLATE_NOOP("CampaignPanel", "could not be rendered"),
}


class CampaignPanel(QWidget):
    """Run one campaign at a time from this page; the list above the form opens the others.

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
        self.opened: CampaignRow | None = None  # the campaign chosen in the list (None: a new one)
        self.confirm_box: QMessageBox | None = None  # the question open now (no filter / start)
        self._previewed: str | None = None  # the inputs of the preview shown (a start needs them unchanged)
        self._everyone = False  # the preview shown is of every customer, as confirmed
        self._queueing = False  # a start is on its way: the status line says so
        self.campaigns = CampaignList(tasks, service, principal, self)
        self.heading = QLabel(self)
        self.heading.setObjectName("campaignHeading")
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.name = QLineEdit(self)
        self.name.setObjectName("campaignName")
        self.template = QComboBox(self)
        self.template.setObjectName("campaignTemplate")
        self.inputs = SegmentInputs(self)
        self.tiers, self.stages, self.custom = self.inputs.tiers, self.inputs.stages, self.inputs.custom
        self.maturing, self.birthday = self.inputs.maturing, self.inputs.birthday
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
        self.campaigns.opened.connect(self.open_campaign)
        self.campaigns.new_requested.connect(self.new_campaign)
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
        self.campaigns.reload()

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
        named = {"name": self.name, "template": self.template, "tiers": self.tiers, "stages": self.stages}
        for key, field in (*named.items(), ("maturing", self.maturing), ("time", self.when)):
            self.captions[key].setBuddy(field)  # screen readers name each field by its caption
        previewing = QHBoxLayout()
        previewing.addWidget(self.preview_button)
        previewing.addStretch(1)
        # Starting is apart from previewing: below the results, past a rule, at the other end of the row.
        rule = QFrame(self)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        running = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            running.addWidget(button)
        running.addStretch(1)
        running.addWidget(self.start_button)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addLayout(form)
        column.addLayout(previewing)
        column.addWidget(self.summary)
        column.addWidget(self.sample)
        column.addSpacing(12)
        column.addWidget(rule)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addLayout(running)
        column.addWidget(self.error)
        column.addStretch(1)
        # The existing campaigns above the form, the width of the page (a few rows; the list scrolls).
        self.campaigns.setFixedHeight(190)
        layout = QVBoxLayout(self)
        layout.addWidget(self.campaigns)
        layout.addSpacing(8)
        layout.addWidget(right, 1)

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
        self.inputs.label()
        self.maturing.setSpecialValueText(self.tr("any"))
        self.maturing.setSuffix(self.tr(" days"))
        self.birthday.setText(self.tr("Birthday this week"))
        self.schedule.setText(self.tr("Send at"))
        self.preview_button.setText(self.tr("Preview"))
        self.sample.setAccessibleName(self.tr("Sample messages"))
        self.start_button.setText(self.tr("Start sending…"))
        self._show_heading()
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
        return self.inputs.segment()

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

    # -- opening and new ------------------------------------------------------------------------------------
    def _show_heading(self) -> None:
        """The heading: the name of the campaign shown (opened from the list, or just started), or "New campaign"."""
        name = self.report.name if self.report is not None else self.opened.name if self.opened else None
        if self.campaign_id is None or name is None:
            self.heading.setText(self.tr("New campaign"))
        else:
            self.heading.setText(self.tr("Campaign: {name}").format(name=name))

    def open_campaign(self, row: CampaignRow) -> None:
        """Show a campaign of the list: its name, template, segment and report; the form is read-only unless it
        is still a draft."""
        self._poll.stop()
        self.opened = row
        self.campaign_id = row.id
        self.error.hide()
        self.name.setText(row.name)
        index = next((i for i, t in enumerate(self._templates) if t.id == row.template_id), -1)
        if index >= 0:
            self.template.setCurrentIndex(index)
        self.inputs.set(row.segment_filter)
        self.schedule.setChecked(row.scheduled_at is not None)
        if row.scheduled_at is not None:
            wall = fmt.local(row.scheduled_at).replace(tzinfo=None)
            self.when.setDateTime(QDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, 0))
        self._forget_preview()
        self._set_form_enabled(row.status in ("draft", "queuing"))
        self._show_heading()
        self._show_report(row.report)
        if row.status in ("running", "paused", "queuing") and not row.report.finished:
            self._poll.start()

    def new_campaign(self) -> None:
        """An empty form for a new campaign (the list's selection goes)."""
        self._poll.stop()
        self.opened = None
        self.campaign_id = None
        self.report = None
        self.campaigns.clear_selection()
        self.error.hide()
        self.name.clear()
        self.inputs.set({})
        self.schedule.setChecked(False)
        self._forget_preview()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.clear()
        self._set_form_enabled(True)
        self._show_heading()
        self._update_buttons()
        self.name.setFocus()

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (self.name, self.template, self.schedule, self.fields):
            widget.setEnabled(enabled)
        self.inputs.set_enabled(enabled)
        self.when.setEnabled(enabled and self.schedule.isChecked())

    def _forget_preview(self) -> None:
        self.preview_result = None
        self._previewed = None
        self._everyone = False
        self.summary.clear()
        self.sample.clear()

    # -- preview and start --------------------------------------------------------------------------------
    def _inputs(self, template: Any, segment: dict[str, Any]) -> str:
        """What a preview depends on, as one comparable text."""
        when = self.scheduled_at()
        inputs = [template.id, segment, self.fields.values(), when.isoformat() if when else None]
        return json.dumps(inputs, sort_keys=True, default=str)

    def run_preview(self) -> None:
        """Count and sample the segment (asking first when no filter is set: that would be every customer)."""
        self._preview_then(None)

    def start(self) -> None:
        """Ask, naming how many customers get the message, then queue the campaign and set it running.

        A preview of the form as it is comes first when the one shown is of other inputs (or there is none)."""
        self._preview_then(self._confirm_start)

    def _preview_then(self, then: Callable[[CampaignPreview], None] | None) -> None:
        template = self.current_template()
        if template is None:
            return
        self.error.hide()
        segment = self._checked_segment()
        if segment is None:
            return
        if then is not None and self.preview_result is not None and self._previewed == self._inputs(template, segment):
            then(self.preview_result)  # the preview shown is of these inputs
            return
        if segment:
            self._preview(template, segment, then, everyone=False)
            return

        def counted(total: int) -> None:
            def answered(yes: bool) -> None:
                self.confirm_box = None
                if yes:
                    self._preview(template, segment, then, everyone=True)
                else:
                    self.tiers.setFocus()  # choose a filter

            self.confirm_box = ask_everyone(self, total, answered)

        self._tasks.run_db(
            lambda: self._service.campaign_size(self._principal, segment),
            on_success=counted,
            on_failure=self._failed,
            key=f"campaign-size-{id(self)}",
            owner=self,
            label="campaign size",
        )

    def _preview(
        self,
        template: Any,
        segment: dict[str, Any],
        then: Callable[[CampaignPreview], None] | None,
        *,
        everyone: bool,
    ) -> None:
        fields, when, inputs = self.fields.values(), self.scheduled_at(), self._inputs(template, segment)

        def shown(preview: CampaignPreview) -> None:
            self._previewed, self._everyone = inputs, everyone
            self._show_preview(preview)
            if then is not None:
                then(preview)

        self._tasks.run_db(
            lambda: self._service.preview_campaign(self._principal, template.id, segment, fields, when),
            on_success=shown,
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

    def _confirm_start(self, preview: CampaignPreview) -> None:
        name = self.name.text().strip()

        def answered(yes: bool) -> None:
            self.confirm_box = None
            if yes:
                self._queue()

        self.confirm_box = ask_start(
            self, name, preview, everyone=self._everyone, when=self.scheduled_at(), answered=answered
        )

    def _queue(self) -> None:
        """Create the campaign (or take the draft opened) and queue its messages."""
        template = self.current_template()
        segment = self._checked_segment()
        if template is None or segment is None:
            return
        name, fields, when = self.name.text(), self.fields.values(), self.scheduled_at()
        who, opened = self._principal, self.opened
        self.start_button.setEnabled(False)
        self._queueing = True
        self.status.setText(self.tr("Queueing the messages…"))
        self.error.hide()

        def work() -> CampaignReport:
            if opened is not None:
                return self._service.start_campaign(who, opened.id, opened.version, fields)
            campaign = self._service.create_campaign(who, name, template.id, segment, when)
            return self._service.start_campaign(who, campaign, 1, fields)

        self._tasks.run_net(
            work, on_success=self._started, on_failure=self._start_failed, owner=self, label="start campaign"
        )

    def _started(self, report: CampaignReport) -> None:
        self._queueing = False
        self.campaign_id = report.id
        self._set_form_enabled(False)
        self.started.emit(report.id)
        self._show_report(report)
        self._poll.start()
        self._tasks.notify_changed("campaigns")
        self.campaigns.reload(select_id=report.id)

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

        self._tasks.run_db(
            work,
            on_success=self._show_report,
            on_failure=self._failed,
            owner=self,
            changes=("campaigns",),
            label=action,
        )

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
        self.campaigns.show_report(report)
        self._show_heading()
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
        startable = self.campaign_id is None or status in ("draft", "queuing")
        self.start_button.setEnabled(startable and not self._queueing)
        self.pause_button.setEnabled(status == "running" and not (self.report and self.report.finished))
        self.resume_button.setEnabled(status == "paused")
        self.cancel_button.setEnabled(status in ("running", "paused") and not (self.report and self.report.finished))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()
