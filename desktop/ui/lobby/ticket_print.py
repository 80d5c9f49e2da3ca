"""The printed queue ticket: an 80 mm receipt painted with QPainter, on the branch's printer or into a PDF.

The number is issued before anything is printed, so a missing or failing printer never loses it: the screen
shows the number in any case and this module only says where the paper went (or that there was none).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from services.lobby.types import IssuedTicket

from .. import fmt

PAPER_WIDTH_MM = 80.0
PAPER_HEIGHT_MM = 120.0
MARGIN_MM = 4.0


def available_printers() -> list[QPrinterInfo]:
    """The printers this machine knows (a function so a test can stand in for the machine)."""
    return list(QPrinterInfo.availablePrinters())


def default_printer() -> QPrinterInfo | None:
    """The default printer, else the first one, else None."""
    printers = available_printers()
    if not printers:
        return None
    default = QPrinterInfo.defaultPrinter()
    if not default.isNull() and any(p.printerName() == default.printerName() for p in printers):
        return default
    return printers[0]


@dataclass(frozen=True)
class PrintOutcome:
    """Where a ticket went: ``pdf`` (with its path), ``printer`` (its name) or ``none`` (no printer)."""

    kind: str
    target: str = ""
    message: str = ""


class TicketPrinter(QObject):
    """Prints issued numbers; its texts follow the interface language (translation context ``TicketPrinter``)."""

    def __init__(self, pdf_folder: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pdf_folder = pdf_folder

    def print_ticket(self, issued: IssuedTicket) -> PrintOutcome:
        """Print ``issued``: into ``pdf_folder`` when set (the demo), else on the default printer."""
        if self.pdf_folder:
            folder = Path(self.pdf_folder)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / pdf_name(issued)
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(path))
            self._paint(printer, issued)
            return PrintOutcome("pdf", str(path), self.tr("Ticket saved as {path}").format(path=path.name))
        info = default_printer()
        if info is None:
            return PrintOutcome("none", "", self.tr("No printer: the number is issued and shown on screen"))
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        if not self._paint(printer, issued):
            return PrintOutcome(
                "none",
                info.printerName(),
                self.tr("The printer did not print: the number is issued and shown on screen"),
            )
        return PrintOutcome("printer", info.printerName(), self.tr("Ticket printed"))

    def _paint(self, printer: QPrinter, issued: IssuedTicket) -> bool:
        size = QPageSize(QSizeF(PAPER_WIDTH_MM, PAPER_HEIGHT_MM), QPageSize.Unit.Millimeter, "receipt80")
        margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
        printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter))
        printer.setDocName(f"ticket {issued.ticket.number}")
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            rect = printer.pageLayout().paintRectPixels(printer.resolution())
            paint_ticket(painter, QRectF(0, 0, rect.width(), rect.height()), self.lines(issued))
        finally:
            painter.end()
        return True

    def lines(self, issued: IssuedTicket) -> TicketLines:
        """What the ticket says, in the interface language."""
        service = issued.service_name_zh if fmt.is_chinese() else issued.service_name_en
        if issued.counters_open == 0 or issued.estimated_wait_min is None:
            wait = self.tr("No counter is open for this service right now")
        else:
            wait = self.tr("Estimated wait: about {n} min").format(n=issued.estimated_wait_min)
        return TicketLines(
            branch=issued.branch_name,
            number=issued.ticket.number,
            service=service,
            ahead=self.tr("People ahead of you: {n}").format(n=issued.ahead),
            wait=wait,
            issued=self.tr("Issued {time}").format(time=fmt.datetime(issued.ticket.issued_at)),
            footer=self.tr("Please wait for your number to be called"),
        )


@dataclass(frozen=True)
class TicketLines:
    branch: str
    number: str
    service: str
    ahead: str
    wait: str
    issued: str
    footer: str


def pdf_name(issued: IssuedTicket) -> str:
    """A file name per number and day (a reprint overwrites the same file)."""
    day = issued.ticket.service_day.isoformat() if isinstance(issued.ticket.service_day, dt.date) else "day"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", issued.ticket.number)
    return f"ticket-{issued.ticket.branch_id}-{day}-{safe}.pdf"


def paint_ticket(painter: QPainter, rect: QRectF, lines: TicketLines) -> None:
    """Paint the ticket into ``rect``: sizes are fractions of its width, so any resolution looks the same."""
    width = rect.width()
    y = rect.top()
    gap = width * 0.03

    def block(text: str, scale: float, *, bold: bool = False) -> None:
        nonlocal y
        font = QFont(painter.font())
        font.setPixelSize(max(6, int(width * scale)))
        font.setBold(bold)
        painter.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        box = QFontMetricsF(font).boundingRect(QRectF(rect.left(), 0, width, 10_000), flags, text)
        painter.drawText(QRectF(rect.left(), y, width, box.height()), flags, text)
        y += box.height() + gap

    painter.save()
    painter.setPen(Qt.GlobalColor.black)
    block(lines.branch, 0.065, bold=True)
    painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
    y += gap
    block(lines.service, 0.075)
    block(lines.number, 0.26, bold=True)
    block(lines.ahead, 0.06)
    block(lines.wait, 0.06)
    block(lines.issued, 0.05)
    painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
    y += gap
    block(lines.footer, 0.055)
    painter.restore()
