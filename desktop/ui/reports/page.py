"""The "Reports" page: the report list on the left; filters, the chart and its table on the right; exports.

Every run goes to the database worker (a newer run supersedes an older one), so changing a filter never blocks
the window.  An empty result shows the report's own reason; a failure says what went wrong and keeps the filters.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from services.reports.types import ReportResult

from .. import fmt
from ..i18n import error_text
from ..widgets import StatePane, configure_record_table
from .cells import report_text
from .chart import ReportChart, render_chart
from .export import ReportDocument, export_pdf, export_png, export_xlsx
from .filters import FilterBar

EXPORT_CHART_SIZE = (1400, 640)
NAME_ROLE = Qt.ItemDataRole.UserRole
LIST_MAX_WIDTH = 240


class ReportsPage(QWidget):
    """Reports for ``principal`` from ``service`` (``catalogue()``, ``filters()``, ``run(name, flt)``).

    Signals:
        loaded(): a run finished (with data, empty or failed).
    """

    loaded = Signal()

    def __init__(
        self, tasks: Any, service: Any, principal: Any, parent: QWidget | None = None, **filter_options: Any
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.tasks, self.service, self.principal = tasks, service, principal
        self.catalogue: tuple[Any, ...] = ()
        self.result: ReportResult | None = None
        self.runs = 0  # runs started (tests wait on it)
        self.failure: BaseException | None = None
        self._started = False
        self.list = QListWidget(self)
        self.list.setObjectName("reportList")
        self.list.setMinimumWidth(120)
        self.list.setMaximumWidth(LIST_MAX_WIDTH)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.filters = FilterBar(self, **filter_options)
        self.title = QLabel(self)
        self.title.setObjectName("reportTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.problem = QLabel(self)
        self.problem.setObjectName("dialogError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = {key: QPushButton(self) for key in ("xlsx", "pdf", "png")}
        for key, button in self.buttons.items():
            button.setObjectName(f"reportExport_{key}")
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, k=key: self.export_with_dialog(k))
        self.chart = ReportChart(self)
        self.table = QTableView(self)
        self.table.setObjectName("reportTable")
        configure_record_table(self.table)
        from .table_model import ReportTableModel

        self.model = ReportTableModel(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.state = StatePane(split, self)
        self.state.retry.connect(self.rerun)
        for button in self.buttons.values():
            self.filters.scope.addWidget(button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.filters)
        right.addWidget(self.title)
        right.addWidget(self.problem)
        right.addWidget(self.state, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        self.list.currentItemChanged.connect(lambda _now, _before: self._report_chosen())
        self.filters.changed.connect(self.rerun)
        self.retranslate()

    # -- loading --------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the report list and the filter choices (once; the tab calls this when first shown)."""
        if self._started:
            return
        self._started = True
        self.state.show_loading()
        service = self.service
        self.tasks.run_db(
            lambda: (tuple(service.catalogue()), service.filters()),
            on_success=self._catalogue_loaded,
            on_failure=self._failed,
            owner=self,
            key=f"reports-catalogue-{id(self)}",
            label="report list",
        )

    def _catalogue_loaded(self, found: tuple[tuple[Any, ...], Any]) -> None:
        self.catalogue, choices = found
        self.filters.set_choices(choices)
        self.list.blockSignals(True)
        self.list.clear()
        for info in self.catalogue:
            item = QListWidgetItem(report_text(info.title))
            item.setData(NAME_ROLE, info.name)
            item.setToolTip(report_text(info.title))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._fit_list()
        if self.list.count():
            self.list.setCurrentRow(0)
            self._report_chosen()

    def _fit_list(self) -> None:
        """The report list as wide as its longest title (in the language in force), within bounds."""
        metrics = self.list.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.list.item(r).text()) for r in range(self.list.count())), default=0)
        self.list.setFixedWidth(max(120, min(LIST_MAX_WIDTH, widest + 28)))

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(NAME_ROLE))

    def select_report(self, name: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(NAME_ROLE) == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def _report_chosen(self) -> None:
        name = self.current_name()
        info = next((i for i in self.catalogue if i.name == name), None)
        self.filters.set_grain_offered(bool(info is not None and info.has_grain))
        self.rerun()

    def rerun(self) -> None:
        """Run the chosen report with the filters as they are now (off the GUI thread)."""
        name = self.current_name()
        if name is None:
            return
        problem = self.filters.problem()
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.problem.hide()
        flt = self.filters.value()
        service = self.service
        self.runs += 1
        self.state.show_loading()
        self._set_exports(False)
        self.tasks.run_db(
            lambda: service.run(name, flt),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
            key=f"reports-run-{id(self)}",
            label="report",
        )

    def _loaded(self, result: ReportResult) -> None:
        self.failure = None
        self.show_result(result)
        self.loaded.emit()

    def show_result(self, result: ReportResult) -> None:
        """Show ``result`` (the chart, the table; or its empty state)."""
        self.result = result
        self.title.setText(report_text(result.title))
        self.chart.show_result(None if result.empty else result)
        self.model.set_result(None if result.empty else result)
        if result.empty:
            self.state.show_empty(self.tr("Nothing to show"), report_text(result.empty_reason or ""))
        else:
            self.state.show_content()
            self.table.resizeColumnsToContents()
        self._set_exports(not result.empty)

    def _failed(self, exc: BaseException) -> None:
        self.failure = exc
        if hasattr(exc, "zh") and hasattr(exc, "en"):
            self.state.show_error(error_text(exc))
        else:
            self.state.show_error(
                self.tr("The report could not be run ({error}). Check the connection and try again.").format(
                    error=type(exc).__name__
                )
            )
        self._set_exports(False)
        self.loaded.emit()

    def _set_exports(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    # -- export ---------------------------------------------------------------------------------------------
    def document(self) -> ReportDocument:
        """The report in view as a document for the exports (texts in the interface language)."""
        result = self.result
        if result is None or result.empty:
            raise LookupError("no report to export")
        now = dt.datetime.now(fmt.display_zone())
        return ReportDocument(
            title=report_text(result.title),
            filters=tuple(self.filters.described()),
            headers=tuple(report_text(c.label) for c in result.columns),
            kinds=tuple(c.kind for c in result.columns),
            rows=result.rows,
            texts=tuple(tuple(row) for row in self.model.texts()) if self.model.result is result else (),
            chart=render_chart(result, *EXPORT_CHART_SIZE) if result.series else None,
            notes=tuple(report_text(n) for n in result.notes),
            generated=self.tr("Generated {when}").format(when=fmt.datetime(now)),
        )

    def export_to(self, kind: str, path: str | Path) -> Path:
        """Write the report in view as ``kind`` (xlsx, pdf, png) to ``path``."""
        target = Path(path)
        if kind == "png":
            return export_png(render_chart(self._require(), *EXPORT_CHART_SIZE), target)
        doc = self.document()
        if kind == "xlsx":
            return export_xlsx(doc, target)
        if kind == "pdf":
            export_pdf(doc, target)
            return target
        raise ValueError(kind)

    def _require(self) -> ReportResult:
        if self.result is None or self.result.empty:
            raise LookupError("no report to export")
        return self.result

    def export_with_dialog(self, kind: str) -> None:
        result = self.result
        if result is None or result.empty:
            return
        start, end = self.filters.dates()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"{report_text(result.title)}_{start:%Y%m%d}-{end:%Y%m%d}.{kind}")
        patterns = {
            "xlsx": self.tr("Excel workbook (*.xlsx)"),
            "pdf": self.tr("PDF document (*.pdf)"),
            "png": self.tr("PNG image (*.png)"),
        }
        path, _chosen = QFileDialog.getSaveFileName(self, self.tr("Export report"), suggested, patterns[kind])
        if not path:
            return
        try:
            self.export_to(kind, path)
        except OSError as exc:
            self.problem.setText(self.tr("Could not write the file: {error}").format(error=exc))
            self.problem.show()

    # -- language -------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.buttons["xlsx"].setText(self.tr("Export XLSX"))
        self.buttons["pdf"].setText(self.tr("Export PDF"))
        self.buttons["png"].setText(self.tr("Chart PNG"))
        self.list.setAccessibleName(self.tr("Reports"))
        self.table.setAccessibleName(self.tr("Report table"))
        for row in range(self.list.count()):
            item = self.list.item(row)
            info = next((i for i in self.catalogue if i.name == item.data(NAME_ROLE)), None)
            if info is not None:
                item.setText(report_text(info.title))
                item.setToolTip(report_text(info.title))
        self._fit_list()
        if self.result is not None:
            self.show_result(self.result)
        if self.failure is None and self.problem.isVisible():
            problem = self.filters.problem()
            self.problem.setText(problem or "")
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.start()
