"""The queue ticket on paper: an 80 mm receipt written to PDF in the demo, a clear note when there is no
printer (the number is issued and shown all the same), and the texts of an open or a closed service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QApplication

from desktop.ui.lobby import ticket_print
from desktop.ui.lobby.ticket_print import TicketPrinter, paint_ticket
from services.lobby.types import IssuedTicket, QueueTicketView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ISSUED_AT = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def issued(*, counters_open: int = 2, wait: int | None = 12) -> IssuedTicket:
    ticket = QueueTicketView(
        id=7, branch_id=1, service_day=dt.date(2026, 3, 5), number="B017", service_code="noncash", customer_id=None,
        customer_name=None, is_vip=False, vip_level=0, priority=0, priority_reason=None, status="waiting",
        counter_id=None, counter_label=None, issued_at=ISSUED_AT, called_at=None, served_at=None, finished_at=None,
        recalls=0, outcome=None, served_by_id=None, version=1,
    )  # fmt: skip
    return IssuedTicket(
        ticket=ticket, branch_name="中国示范银行北京东城区东直门内大街支行营业部", service_name_zh="非现金业务",
        service_name_en="Non-cash", ahead=4, estimated_wait_min=wait, counters_open=counters_open, sms_queued=False,
    )  # fmt: skip


def test_the_demo_prints_a_pdf_receipt(qapp: QApplication, tmp_path: Path) -> None:
    printer = TicketPrinter(str(tmp_path / "tickets"))
    outcome = printer.print_ticket(issued())
    assert outcome.kind == "pdf"
    path = Path(outcome.target)
    assert path.parent == tmp_path / "tickets" and path.name == "ticket-1-2026-03-05-B017.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1500
    assert path.name in outcome.message


def test_no_printer_says_so_and_prints_nothing(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_print, "available_printers", list)
    outcome = TicketPrinter(None).print_ticket(issued())
    assert outcome.kind == "none"
    assert outcome.message == "No printer: the number is issued and shown on screen"
    assert not list(tmp_path.iterdir())


def test_a_printer_that_will_not_start_is_reported(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ticket_print, "default_printer", QPrinterInfo)  # a printer is configured ...
    monkeypatch.setattr(TicketPrinter, "_paint", lambda *_a: False)  # ... but its painter cannot begin
    outcome = TicketPrinter(None).print_ticket(issued())
    assert outcome.kind == "none"
    assert outcome.message == "The printer did not print: the number is issued and shown on screen"


def test_ticket_lines_say_the_wait_or_that_no_counter_is_open(qapp: QApplication) -> None:
    printer = TicketPrinter(None)
    open_lines = printer.lines(issued())
    assert open_lines.number == "B017" and open_lines.ahead == "People ahead of you: 4"
    assert open_lines.wait == "Estimated wait: about 12 min"
    assert open_lines.footer == "Please wait for your number to be called"
    closed = printer.lines(issued(counters_open=0, wait=None))
    assert closed.wait == "No counter is open for this service right now"


def test_the_number_is_painted_large_across_the_receipt(qapp: QApplication) -> None:
    image = QImage(320, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_ticket(painter, QRectF(0, 0, 320, 480), TicketPrinter(None).lines(issued()))
    painter.end()
    dark_rows = [y for y in range(480) if any(image.pixelColor(x, y).lightness() < 100 for x in range(0, 320, 2))]
    assert dark_rows and max(dark_rows) < 480  # everything fits on the receipt
    # The number's glyphs make the tallest run of inked rows (about a quarter of the width high).
    runs, run = [], 0
    for y in range(480):
        run = run + 1 if y in dark_rows else 0
        runs.append(run)
    assert max(runs) >= 50
