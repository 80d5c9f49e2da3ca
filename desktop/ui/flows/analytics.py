"""Flow analytics (supervisors, ``report.view``): runs, completion, duration, outcomes, drop-off per step.

The figures come from :func:`services.flows.analytics.summary` on the database worker.  The drop-off is a
horizontal bar chart (pyqtgraph): one bar per step a run can stop at (every step but the ends), named by the
step's title in the interface language, so long Chinese names never overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from .. import fmt
from .canvas import heat_colour


def step_name(step: dict[str, Any], locale: str) -> str:
    title = step.get("title")
    if isinstance(title, dict):
        title = title.get("en" if locale == "en" else "zh_CN")
    return str(title or step.get("id") or "")


class AnalyticsPanel(QWidget):
    """The figures of one flow: a version chooser, the key figures, outcomes and the drop-off chart.

    Args:
        tasks: the task manager.
        load: ``(code, version_no | None) -> (FlowStats, steps as dicts)`` (runs on the database worker).
        versions: ``code -> [FlowInfo]`` (runs on the database worker).
    """

    def __init__(
        self,
        tasks: Any,
        load: Callable[[str, int | None], tuple[Any, list[dict[str, Any]]]],
        versions: Callable[[str], list[Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("flowAnalytics")
        self._tasks, self._load, self._versions = tasks, load, versions
        self.code: str | None = None
        self.stats: Any = None
        self.steps: list[dict[str, Any]] = []
        self.bars: list[str] = []  # the step ids charted, bottom to top
        self.version = QComboBox(self)
        self.version.setObjectName("flowAnalyticsVersion")
        self.figures = {key: QLabel(self) for key in ("runs", "completion", "duration", "open")}
        self.outcomes = QListWidget(self)
        self.outcomes.setObjectName("flowOutcomes")
        self.outcomes.setMaximumWidth(320)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.chart = pg.PlotWidget(self, background="w")
        self.chart.setObjectName("flowDropChart")
        self.chart.setMenuEnabled(False)
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.bar_item: pg.BarGraphItem | None = None
        self.captions = {key: QLabel(self) for key in (*self.figures, "version", "outcomes")}
        form = QFormLayout()
        form.addRow(self.captions["version"], self.version)
        self.captions["version"].setBuddy(self.version)
        for key, label in self.figures.items():
            form.addRow(self.captions[key], label)
        form.addRow(self.captions["outcomes"], self.outcomes)
        self.captions["outcomes"].setBuddy(self.outcomes)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.error)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.chart, 1)
        self.version.activated.connect(lambda _i: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "version": self.tr("Version"),
            "runs": self.tr("Runs"),
            "completion": self.tr("Completion rate"),
            "duration": self.tr("Average duration"),
            "open": self.tr("Still open"),
            "outcomes": self.tr("Outcomes"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        if self.version.count():
            self.version.setItemText(0, self.tr("All versions"))
        self.chart.setAccessibleName(self.tr("Drop-off per step"))
        self.version.setAccessibleName(self.tr("Version"))
        self.outcomes.setAccessibleName(self.tr("Outcomes"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_flow(self, code: str, version_no: int | None = None) -> None:
        """Show the figures of ``code`` (a version, or every version); loads the version list first."""
        self.code = code
        self._tasks.run_db(
            lambda: self._versions(code),
            on_success=lambda infos: self._versions_loaded(infos, version_no),
            on_failure=self._failed,
            owner=self,
            key=f"flow-analytics-versions-{id(self)}",
            label="flow versions",
        )

    def _versions_loaded(self, infos: list[Any], version_no: int | None) -> None:
        self.version.clear()
        self.version.addItem(self.tr("All versions"), None)
        for info in infos:
            self.version.addItem(f"v{info.version_no}", info.version_no)
        self.version.setCurrentIndex(max(0, self.version.findData(version_no)))
        self.refresh()

    def refresh(self) -> None:
        code, version = self.code, self.version.currentData()
        if code is None:
            return
        self._tasks.run_db(
            lambda: self._load(code, version),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
            key=f"flow-analytics-{id(self)}",
            label="flow analytics",
        )

    def _loaded(self, found: tuple[Any, list[dict[str, Any]]]) -> None:
        self.stats, self.steps = found
        self.error.hide()
        self._show()

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None)
        self.error.setText(str(message("zh_CN" if fmt.is_chinese() else "en")) if callable(message) else str(exc))
        self.error.show()

    # -- drawing ------------------------------------------------------------------------------------------
    def _show(self) -> None:
        stats = self.stats
        if stats is None:
            for label in self.figures.values():
                label.setText("—")
            return
        self.figures["runs"].setText(
            self.tr("{runs} ({finished} finished, {abandoned} abandoned)").format(
                runs=stats.runs, finished=stats.finished, abandoned=stats.abandoned
            )
        )
        rate = stats.completion_rate
        self.figures["completion"].setText("—" if rate is None else f"{rate * 100:.1f}%")
        seconds = stats.average_duration_s
        self.figures["duration"].setText(
            "—" if seconds is None else self.tr("{m} min {s} s").format(m=int(seconds // 60), s=int(seconds % 60))
        )
        self.figures["open"].setText(str(stats.open))
        self.outcomes.clear()
        for outcome, count in stats.outcomes.items():
            self.outcomes.addItem(f"{outcome} · {count}")
        self._draw_chart()

    def _draw_chart(self) -> None:
        locale = "zh_CN" if fmt.is_chinese() else "en"
        stats = self.stats
        steps = [s for s in self.steps if s.get("kind") != "end"]
        steps.reverse()  # the first step at the top of a horizontal chart
        stopped = {d.step_id: d.stopped for d in stats.drop_off}
        values = [stopped.get(str(s.get("id")), 0) for s in steps]
        self.bars = [str(s.get("id")) for s in steps]
        plot = self.chart.getPlotItem()
        plot.clear()
        top = max(values, default=0)
        brushes = [heat_colour(v / top if top else 0.0) for v in values]
        self.bar_item = pg.BarGraphItem(
            x0=0, y=list(range(len(values))), height=0.7, width=values, brushes=brushes, pen=pg.mkPen("#7f1d1d")
        )
        plot.addItem(self.bar_item)
        font = QFont(self.font())
        left, bottom = plot.getAxis("left"), plot.getAxis("bottom")
        left.setTicks([[(i, step_name(s, locale)) for i, s in enumerate(steps)]])
        for axis in (left, bottom):
            axis.setTickFont(font)
            axis.setTextPen(pg.mkPen(QColor("#1f2937")))
            axis.setPen(pg.mkPen(QColor("#64748b")))
        left.setWidth(
            max(
                80,
                min(
                    260,
                    max((self.fontMetrics().horizontalAdvance(step_name(s, locale)) for s in steps), default=0) + 16,
                ),
            )
        )
        plot.setLabel("bottom", self.tr("Runs that stopped at the step"))
        plot.setTitle(self.tr("Drop-off per step"), color="#1f2937")
        plot.setYRange(-0.6, max(0, len(values) - 0.4), padding=0)
        plot.setXRange(0, max(1, top) * 1.1, padding=0)
        spacing = max(1, math.ceil(max(1, top) / 8))  # whole runs only: no 0.5 on the axis
        bottom.setTickSpacing(spacing, spacing)
        plot.showGrid(x=True, y=False, alpha=0.2)

    def heat(self) -> dict[str, float]:
        """Share of the runs that stopped at each step (for the canvas overlay)."""
        if self.stats is None:
            return {}
        return {d.step_id: self.stats.drop_rate(d.step_id) for d in self.stats.drop_off}
