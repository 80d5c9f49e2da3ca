"""The exports: an XLSX with the filters, the table and the chart; a PDF across pages; the chart as PNG."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QImage

from desktop.ui.reports.chart import render_chart
from desktop.ui.reports.export import ReportDocument, export_pdf, export_png, export_xlsx
from desktop.ui.reports.table_model import ReportTableModel
from services.reports.types import ReportResult

from . import samples

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def document(result: ReportResult, chart: bool = True) -> ReportDocument:
    model = ReportTableModel()
    model.set_result(result)
    return ReportDocument(
        title="服务水平与话务量",
        filters=(("日期", "2026年12月1日 – 2026年12月7日"), ("队列", "全部队列")),
        headers=tuple(c.label for c in result.columns),
        kinds=tuple(c.kind for c in result.columns),
        rows=result.rows,
        texts=tuple(tuple(r) for r in model.texts()),
        chart=render_chart(result, 1200, 560) if chart else None,
        notes=("只统计已结束的通话。",),
    )


def test_png_is_the_chart_at_its_size(qapp: Any, tmp_path: Path) -> None:
    image = render_chart(samples.service_level(), 1200, 560)
    path = export_png(image, tmp_path / "chart.png")
    loaded = QImage(str(path))
    assert (loaded.width(), loaded.height()) == (1200, 560)
    colours = {loaded.pixel(x, y) for x in range(0, 1200, 23) for y in range(0, 560, 17)}
    assert len(colours) > 5, "something is drawn"


def test_xlsx_has_filters_a_bold_header_number_formats_and_the_chart(qapp: Any, tmp_path: Path) -> None:
    path = export_xlsx(document(samples.service_level()), tmp_path / "report.xlsx")
    book = load_workbook(path)
    sheet = book.active
    assert sheet["A1"].value == "服务水平与话务量" and sheet["A1"].font.bold
    assert (sheet["A2"].value, sheet["B2"].value) == ("日期", "2026年12月1日 – 2026年12月7日")
    header = next(r for r in range(1, 12) if sheet.cell(r, 1).value == "Interval")
    assert [sheet.cell(header, c).value for c in range(1, 6)] == [
        "Interval",
        "Offered",
        "Answered",
        "Service level",
        "ASA",
    ]
    assert all(sheet.cell(header, c).font.bold for c in range(1, 6))
    busy = header + 1 + 20  # 10:00
    assert sheet.cell(busy, 1).value == "10:00"
    assert sheet.cell(busy, 2).value == 38 and sheet.cell(busy, 2).number_format == "#,##0"
    assert sheet.cell(busy, 4).value == pytest.approx(0.70) and sheet.cell(busy, 4).number_format == "0.0%"
    assert sheet.cell(busy, 5).value == dt.timedelta(seconds=35) and sheet.cell(busy, 5).number_format == "[m]:ss"
    assert sheet.cell(header + 1, 4).value is None, "no calls: an empty cell, not 0%"
    assert sheet.max_row >= header + 48
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1 and archive.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        image = QImage.fromData(archive.read(media[0]))
        assert (image.width(), image.height()) == (1200, 560)


def test_pdf_breaks_a_long_table_across_pages_with_chinese_text(qapp: Any, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    pages = export_pdf(document(samples.long_table(400)), path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and pages >= 5
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == pages
    assert re.search(rb"/FontName\s*/\w+\+NotoSansCJK", data), "a CJK font is embedded for the Chinese text"
    short = tmp_path / "short.pdf"
    assert export_pdf(document(samples.speed(), chart=False), short) == 1
    assert b"/Title" in short.read_bytes()
