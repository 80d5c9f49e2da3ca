"""Exports of a report: XLSX (the filters, the table with number formats, the chart as a picture), PDF (title,
filters, chart, the table across as many pages as it needs, header repeated) and PNG (the chart alone).

Everything is taken from a :class:`ReportDocument` — the texts already in the interface language — so a file says
what the screen said.  No Pillow is needed: the chart's PNG bytes go into the workbook as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from .cells import NUMERIC_KINDS
from .chart import chart_font

NUMBER_FORMATS = {
    "int": "#,##0",
    "percent": "0.0%",
    "seconds": "[m]:ss",
    "money": '"¥"#,##0.00',
    "decimal": "#,##0.00",
    "date": "yyyy-mm-dd",
}
SECONDS_PER_DAY = 86_400
HEADER_FILL = "E5E7EB"
IMAGE_ROW_PX = 20  # a sheet row's height in pixels, to leave room under the picture


@dataclass(frozen=True)
class ReportDocument:
    """One report as exported: texts in the interface language, values as the report gave them."""

    title: str
    filters: tuple[tuple[str, str], ...]
    headers: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    texts: tuple[tuple[str, ...], ...]
    chart: QImage | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    generated: str = ""


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError("could not encode the chart as PNG")
    buffer.close()
    return bytes(data.data())


class _PngImage(SheetImage):
    """A picture for openpyxl from PNG bytes (its own loader needs Pillow, which this project does not ship)."""

    def __init__(self, data: bytes, width: int, height: int) -> None:
        self.ref = data
        self.width, self.height = width, height
        self.format = "png"

    def _data(self) -> bytes:
        return bytes(self.ref)


def export_png(image: QImage, path: str | Path) -> Path:
    """The chart alone as a PNG file."""
    target = Path(path)
    if image.isNull() or not image.save(str(target), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write {target}")
    return target


def _sheet_value(value: object, kind: str) -> object:
    """The cell value Excel computes with: a fraction for %, a day fraction for durations, blank for none."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "percent" and isinstance(value, int | float | Decimal):
        return float(value) / 100
    if kind == "seconds" and isinstance(value, int | float | Decimal):
        return float(value) / SECONDS_PER_DAY
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float | dt.date):
        return value
    return str(value)


def export_xlsx(doc: ReportDocument, path: str | Path) -> Path:
    """A workbook with one sheet: title, filters, the table (bold header, number formats), then the chart."""
    target = Path(path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "".join(ch for ch in doc.title if ch not in "[]:*?/\\")[:31] or "Report"
    sheet["A1"] = doc.title
    sheet["A1"].font = Font(bold=True, size=14)
    row = 2
    for label, value in doc.filters:
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
        row += 1
    if doc.generated:
        sheet.cell(row=row, column=1, value=doc.generated).font = Font(italic=True, color="6B7280")
        row += 1
    row += 1
    header_row = row
    for col, header in enumerate(doc.headers, start=1):
        cell = sheet.cell(row=header_row, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        if doc.kinds[col - 1] in NUMERIC_KINDS:
            cell.alignment = Alignment(horizontal="right")
    for values in doc.rows:
        row += 1
        for col, kind in enumerate(doc.kinds, start=1):
            raw = values[col - 1] if col - 1 < len(values) else None
            cell = sheet.cell(row=row, column=col, value=_sheet_value(raw, kind))  # type: ignore[arg-type]
            if kind in NUMBER_FORMATS and cell.value is not None:
                cell.number_format = NUMBER_FORMATS[kind]
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for col, header in enumerate(doc.headers, start=1):
        widest = max([len(header) * 2, *(len(t[col - 1]) + 2 for t in doc.texts if col - 1 < len(t))], default=8)
        sheet.column_dimensions[get_column_letter(col)].width = min(40, max(10, widest))
    row += 2
    for note in doc.notes:
        sheet.cell(row=row, column=1, value=note).font = Font(italic=True)
        row += 1
    if doc.chart is not None and not doc.chart.isNull():
        picture = _PngImage(png_bytes(doc.chart), doc.chart.width(), doc.chart.height())
        picture.anchor = f"A{row + 1}"
        sheet.add_image(picture)
    book.save(target)
    return target


class _PdfPages:
    """Draws the document onto A4 landscape pages, starting a new page (header repeated) when one is full."""

    def __init__(self, doc: ReportDocument, path: Path) -> None:
        self.doc = doc
        self.writer = QPdfWriter(str(path))
        self.writer.setTitle(doc.title)
        self.writer.setCreator("ContactDesk")
        self.writer.setResolution(144)
        layout = QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(12, 12, 12, 12)
        )
        self.writer.setPageLayout(layout)
        self.painter = QPainter()
        if not self.painter.begin(self.writer):
            raise OSError(f"could not write {path}")
        self.page = QRectF(self.painter.viewport())  # the printable area in device pixels
        self.font = chart_font(10)
        self.bold = chart_font(10)
        self.bold.setBold(True)
        self.title_font = chart_font(16)
        self.title_font.setBold(True)
        self.y = 0.0
        self.pages = 1

    def line_height(self, font: object) -> float:
        self.painter.setFont(font)  # type: ignore[arg-type]
        return float(self.painter.fontMetrics().height()) * 1.35

    def text(self, value: str, font: object, colour: str = "#111827") -> None:
        height = self.line_height(font)
        self.painter.setPen(QColor(colour))
        self.painter.drawText(QRectF(0, self.y, self.page.width(), height), Qt.AlignmentFlag.AlignVCenter, value)
        self.y += height

    def new_page(self) -> None:
        self.writer.newPage()
        self.pages += 1
        self.y = 0.0

    def chart(self, image: QImage) -> None:
        width = self.page.width()
        height = min(image.height() * width / max(1, image.width()), self.page.height() * 0.55)
        width = image.width() * height / max(1, image.height())
        if self.y + height > self.page.height():
            self.new_page()
        self.painter.drawImage(QRectF(0, self.y, width, height), image)
        self.y += height + self.line_height(self.font) * 0.5

    def table(self) -> None:
        doc = self.doc
        if not doc.headers:
            return
        self.painter.setFont(self.font)
        metrics = QFontMetrics(self.painter.font())
        natural = [
            max([metrics.horizontalAdvance(h) + 24, *(metrics.horizontalAdvance(t[i]) + 24 for t in doc.texts)])
            for i, h in enumerate(doc.headers)
        ]
        scale = min(1.0, self.page.width() / max(1, sum(natural)))
        widths = [w * scale for w in natural]
        height = self.line_height(self.font)
        self._row(doc.headers, widths, height, header=True)
        for index, texts in enumerate(doc.texts):
            if self.y + height > self.page.height():
                self.new_page()
                self._row(doc.headers, widths, height, header=True)
            self._row(texts, widths, height, shade=index % 2 == 1)

    def _row(self, texts: tuple[str, ...], widths: list[float], height: float, *, header: bool = False,
             shade: bool = False) -> None:  # fmt: skip
        painter = self.painter
        if header or shade:
            painter.fillRect(QRectF(0, self.y, sum(widths), height), QColor("#e5e7eb" if header else "#f8fafc"))
        painter.setFont(self.bold if header else self.font)
        painter.setPen(QColor("#111827"))
        metrics = painter.fontMetrics()
        x = 0.0
        for i, width in enumerate(widths):
            text = texts[i] if i < len(texts) else ""
            numeric = self.doc.kinds[i] in NUMERIC_KINDS
            align = (
                Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            ) | Qt.AlignmentFlag.AlignVCenter
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 16))
            painter.drawText(QRectF(x + 8, self.y, width - 16, height), align, shown)
            x += width
        painter.setPen(QColor("#cbd5e1"))
        painter.drawLine(0, int(self.y + height), int(x), int(self.y + height))
        self.y += height

    def finish(self) -> None:
        self.painter.end()


def export_pdf(doc: ReportDocument, path: str | Path) -> int:
    """A PDF of the report; returns how many pages it took."""
    target = Path(path)
    pages = _PdfPages(doc, target)
    try:
        pages.text(doc.title, pages.title_font)
        for label, value in doc.filters:
            pages.text(f"{label}: {value}", pages.font, "#374151")
        if doc.generated:
            pages.text(doc.generated, pages.font, "#6b7280")
        pages.y += pages.line_height(pages.font) * 0.5
        if doc.chart is not None and not doc.chart.isNull():
            pages.chart(doc.chart)
        pages.table()
        for note in doc.notes:
            if pages.y + pages.line_height(pages.font) > pages.page.height():
                pages.new_page()
            pages.text(note, pages.font, "#374151")
    finally:
        pages.finish()
    return pages.pages
