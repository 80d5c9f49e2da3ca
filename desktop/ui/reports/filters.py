"""The filters above a report: a date range with presets, queues, teams, branches and the grain.

Every change emits ``changed`` once (a preset sets both dates at once), and the page reruns the report.  Dates
are the bank's local dates ("today" in the bank's time zone, not the workstation's), both ends included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from services.reports.types import Grain, ReportFilter

from .. import fmt
from .choices import ChoiceButton

PRESETS = ("today", "last7", "last30", "this_month", "custom")
DEFAULT_PRESET = "last7"


def bank_today() -> dt.date:
    return dt.datetime.now(fmt.display_zone()).date()


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The dates of a preset (None for "custom")."""
    if preset == "today":
        return today, today
    if preset == "last7":
        return today - dt.timedelta(days=6), today
    if preset == "last30":
        return today - dt.timedelta(days=29), today
    if preset == "this_month":
        return today.replace(day=1), today
    return None


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class FilterBar(QWidget):
    """The filters of the report in view; :meth:`value` is the :class:`ReportFilter` they make."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = bank_today) -> None:
        super().__init__(parent)
        self.setObjectName("reportFilters")
        self._today = today
        self.preset = QComboBox(self)
        self.preset.setObjectName("reportPreset")
        for key in PRESETS:
            self.preset.addItem("", key)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit, name in ((self.start, "reportStart"), (self.end, "reportEnd")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_typed)
        self.queues = ChoiceButton("reportQueues", self)
        self.teams = ChoiceButton("reportTeams", self)
        self.branches = ChoiceButton("reportBranches", self)
        self.grain = QComboBox(self)
        self.grain.setObjectName("reportGrain")
        self.grain.addItem("", "interval")
        self.grain.addItem("", "day")
        self.grain.setCurrentIndex(1)
        self.captions = {key: QLabel(self) for key in ("range", "to", "grain")}
        # Two rows, so that the page (and with it the window) stays narrow enough for 1280×720 with the call pane.
        dates = QHBoxLayout()
        dates.setSpacing(6)
        dates.addWidget(self.captions["range"])
        dates.addWidget(self.preset)
        dates.addWidget(self.start)
        dates.addWidget(self.captions["to"])
        dates.addWidget(self.end)
        dates.addSpacing(12)
        dates.addWidget(self.captions["grain"])
        dates.addWidget(self.grain)
        dates.addStretch(1)
        self.scope = QHBoxLayout()  # queues, teams, branches (the page adds its export buttons at the end)
        self.scope.setSpacing(6)
        for button in (self.queues, self.teams, self.branches):
            self.scope.addWidget(button)
            button.changed.connect(self.changed)
        self.scope.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(dates)
        layout.addLayout(self.scope)
        self.captions["range"].setBuddy(self.preset)
        self.captions["grain"].setBuddy(self.grain)
        self.preset.activated.connect(lambda _i: self.apply_preset(self.preset.currentData()))
        self.grain.activated.connect(lambda _i: self.changed.emit())
        self._setting = False
        self.apply_preset(DEFAULT_PRESET, emit=False)
        self.retranslate()

    # -- values ---------------------------------------------------------------------------------------------
    def apply_preset(self, preset: str, *, emit: bool = True) -> None:
        """Set the dates of ``preset`` (today, last7, last30, this_month) and say the filters changed."""
        dates = preset_range(preset, self._today())
        self.preset.setCurrentIndex(self.preset.findData(preset))
        if dates is not None:
            self.set_dates(*dates, emit=False)
        if emit:
            self.changed.emit()

    def set_dates(self, start: dt.date, end: dt.date, *, emit: bool = True) -> None:
        self._setting = True
        try:
            self.start.setDate(_qdate(start))
            self.end.setDate(_qdate(end))
        finally:
            self._setting = False
        if emit:
            self.preset.setCurrentIndex(self.preset.findData("custom"))
            self.changed.emit()

    def _dates_typed(self, _date: QDate) -> None:
        if self._setting:
            return
        self.preset.setCurrentIndex(self.preset.findData("custom"))
        self.changed.emit()

    def today(self) -> dt.date:
        """Today in the bank's time zone (the presets count back from it)."""
        return self._today()

    def set_grain_offered(self, offered: bool) -> None:
        """Only some reports have "per 30 minutes"; the others hide the choice."""
        self.grain.setVisible(offered)
        self.captions["grain"].setVisible(offered)

    def set_choices(self, choices: Any) -> None:
        """The queues, teams and branches the user may pick (from the report service)."""
        for button, name in ((self.queues, "queues"), (self.teams, "teams"), (self.branches, "branches")):
            options = tuple(getattr(choices, name, ()) or ())
            button.set_options(options)
            button.setVisible(bool(options))

    def dates(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def problem(self) -> str | None:
        """Why these filters cannot be run (None when they can)."""
        start, end = self.dates()
        if end < start:
            return self.tr("The end date is before the start date. Choose an end date on or after {start}.").format(
                start=fmt.date(start)
            )
        return None

    def value(self) -> ReportFilter:
        start, end = self.dates()
        grain: Grain = "interval" if self.grain.isVisibleTo(self) and self.grain.currentData() == "interval" else "day"
        return ReportFilter(
            start=start,
            end=end,
            queue_ids=self.queues.selected(),
            team_ids=self.teams.selected(),
            branch_ids=self.branches.selected(),
            grain=grain,
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in words, for the exports: (what, chosen)."""
        start, end = self.dates()
        lines = [(self.tr("Dates"), f"{fmt.date(start)} – {fmt.date(end)}")]
        for button, caption in (
            (self.queues, self.tr("Queues")),
            (self.teams, self.tr("Teams")),
            (self.branches, self.tr("Branches")),
        ):
            if button.options:
                lines.append((caption, button.summary()))
        if self.grain.isVisibleTo(self):
            lines.append((self.tr("Grain"), self.grain.currentText()))
        return lines

    # -- language -------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = {
            "today": self.tr("Today"),
            "last7": self.tr("Last 7 days"),
            "last30": self.tr("Last 30 days"),
            "this_month": self.tr("This month"),
            "custom": self.tr("Custom"),
        }
        for index in range(self.preset.count()):
            self.preset.setItemText(index, texts[self.preset.itemData(index)])
        self.grain.setItemText(0, self.tr("Per 30 minutes"))
        self.grain.setItemText(1, self.tr("Per day"))
        self.captions["range"].setText(self.tr("Dates"))
        self.captions["to"].setText(self.tr("to"))
        self.captions["grain"].setText(self.tr("Grain"))
        self.queues.retranslate(self.tr("All queues"), self.tr("{n} queues"))
        self.teams.retranslate(self.tr("All teams"), self.tr("{n} teams"))
        self.branches.retranslate(self.tr("All branches"), self.tr("{n} branches"))
        self.start.setAccessibleName(self.tr("Start date"))
        self.end.setAccessibleName(self.tr("End date"))
        self.queues.setAccessibleName(self.tr("Queues"))
        self.teams.setAccessibleName(self.tr("Teams"))
        self.branches.setAccessibleName(self.tr("Branches"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
