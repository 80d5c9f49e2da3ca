"""The report's cells, table and chart, from results built by hand."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt

from desktop.ui.reports.cells import cell_text, seconds_text
from desktop.ui.reports.chart import ReportChart, label_step, pen_is_dashed
from desktop.ui.reports.table_model import RAW_ROLE, ReportTableModel

from . import samples

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_cells_read_as_a_supervisor_expects() -> None:
    assert cell_text(None, "int") == "—" and cell_text(float("nan"), "percent") == "—"
    assert cell_text(93.44, "percent") == "93.4%"
    assert cell_text(75, "seconds") == "1:15" and seconds_text(3723) == "1:02:03"
    assert cell_text(12345, "int") == "12,345"
    assert cell_text(0, "seconds") == "0:00"


def test_the_table_formats_and_aligns(qapp: Any) -> None:
    model = ReportTableModel()
    model.set_result(samples.service_level())
    assert model.rowCount() == 48 and model.columnCount() == 5
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Service level"
    busy = model.index(20, 0)
    assert model.data(busy) == "10:00"
    assert model.data(model.index(20, 3)) == "70.0%"
    assert model.data(model.index(20, 4)) == "0:35"
    assert model.data(model.index(0, 3)) == "—", "no calls: a dash, never 0% or an error"
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.data(model.index(20, 1), Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.data(busy, Qt.ItemDataRole.TextAlignmentRole) != right
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 3), RAW_ROLE) == 90.0
    assert model.data(model.index(47, 3), RAW_ROLE) is None, "missing values sort last"


def test_x_labels_thin_out_so_they_never_overlap() -> None:
    labels = samples.half_hours()
    assert label_step(labels, 3000, lambda t: 40) == 1
    step = label_step(labels, 600, lambda t: 40)
    assert step > 1 and (48 / step) * (40 + 14) <= 600 + 54


def test_the_chart_draws_series_axes_and_the_dashed_target(qtbot: Any) -> None:
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(900, 380)
    chart.show()
    result = samples.service_level()
    chart.show_result(result)
    assert set(chart.items) == {"offered", "service_level"}
    assert isinstance(chart.items["offered"], pg.BarGraphItem)
    assert chart.items["offered"] in chart.right.addedItems, "the calls are on the right axis"
    assert chart.plot.getAxis("right").isVisible()
    line = chart.target_line
    assert line is not None and line.value() == 80.0 and pen_is_dashed(line.pen)
    assert line.label is not None and line.label.format == "Target 80%"
    assert [item.text for _sample, item in chart.legend.items] == ["Offered", "Service level"]
    qtbot.waitUntil(lambda: 1 < len(chart.shown_labels) < 48)  # thinned at this width
    assert chart.shown_labels[0] == "00:00"
    text = chart.hover_text(20)
    assert text.splitlines() == ["10:00", "Offered: 38", "Service level: 70.0%", "Target 80%: 80.0%"]
    centre = chart.plot.vb.mapViewToScene(QPointF(20, 10))
    assert chart.index_at(centre) == 20
    chart.show_result(samples.speed())
    assert not chart.plot.getAxis("right").isVisible() and chart.target_line is None
    assert chart.hover_text(0).splitlines()[1] == "ASA: 0:20"


def test_category_labels_are_translated_too(qtbot: Any, translations: Any) -> None:
    """Lifecycle stages and tiers come as English sources: the axis and the tooltip say them in Chinese."""
    from services.reports.types import ReportResult, Series

    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(800, 360)
    chart.show()
    stages = ("Prospect", "Active", "Dormant")
    chart.show_result(
        ReportResult("lifecycle", "Lifecycle funnel", stages, (Series("customers", "Customers", (4, 123, 32), "bar"),))
    )
    qtbot.waitUntil(lambda: chart.shown_labels == ["潜在客户", "活跃", "休眠"])
    assert chart.hover_text(1).splitlines()[0] == "活跃"
