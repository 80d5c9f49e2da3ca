"""The ticket panel docked beside the 360° view, in a signed-in desktop at 1366×768 (real widgets, live desk)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import create_engine, select

from db.models.sync import Presence
from desktop.ui.tickets import TicketPanel

from .test_access import Desktop, db_url, signed_in, start  # noqa: F401 - fixtures of the signed-in desktop

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

OPEN = ("new", "acknowledged", "in_progress", "pending_customer", "pending_internal", "reopened")


def presence_of(url: str, ticket_id: int) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Presence.mode).where(Presence.entity == "ticket", Presence.entity_id == str(ticket_id))
            )
            return [str(mode) for mode in rows.scalars()]
    finally:
        engine.dispose()


def test_ticket_docks_beside_the_customer(
    qtbot: Any,
    start: Callable[..., Desktop],  # noqa: F811 - the fixture imported above
    showcase: dict[str, Any],
    db_url: str,  # noqa: F811 - the fixture imported above
) -> None:
    desktop = start()
    window = signed_in(qtbot, desktop, "agent01")
    window.resize(1366, 768)
    view = window.customer_view
    dock = view.ticket_dock
    assert dock is not None and dock.isHidden()
    view.open_customer(showcase["rich"])
    qtbot.waitUntil(lambda: view.header_card.header is not None, timeout=10_000)

    # Double-click in the Tickets tab: the ticket opens beside the customer, on the same tab page.
    view.show_tab("tickets")
    qtbot.waitUntil(lambda: view.tickets_model.rowCount() > 0, timeout=10_000)
    first = view.tickets_model.record(0)
    view.tickets_table.activated.emit(view.tickets_model.index(0, 0))
    assert window.tabs.currentIndex() == 0 and dock.isVisible() and dock.ticket_id == first.id
    qtbot.waitUntil(lambda: dock.panel.view is not None, timeout=10_000)
    assert isinstance(dock.panel, TicketPanel) and dock.panel.available_actions()
    assert dock.title.fullText().startswith(first.number)
    qtbot.wait(50)
    # Both fit at 1366×768: the customer page and the ticket pane keep usable widths.
    assert view.page.width() >= 540, (view.page.width(), dock.width())
    assert dock.width() >= dock.minimumWidth()
    assert view.page.isVisible() and dock.panel.header.isVisible()
    table = view.tickets_table  # the customer's tickets beside the pane: fewer columns, never sideways scrolling
    for width in (1280, 1366):  # a laptop, and the agents' desktops
        window.resize(width, 768)
        qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=5_000)
        assert not any(table.isColumnHidden(c) for c in (0, 2, 3, 6)), "number, summary, status and deadline stay"
    head = dock.panel.header
    assert head.working_days.isVisibleTo(head), "an open complaint: deadline, time left and working days"
    parts = (head.deadline, head.remaining, head.working_days)

    def cut() -> list[str]:  # nothing cut: each shows its whole text inside the card
        return [
            w.text()
            for w in parts
            if w.width() < w.sizeHint().width() or w.geometry().right() > head.contentsRect().right()
        ]

    assert not cut()
    page = view.page.width()
    window.resize(1100, 768)  # a narrower window (or beside the call panel): the pane keeps its width
    qtbot.waitUntil(lambda: view.page.width() < page, timeout=5_000)
    assert not cut()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: view.header_card.columns == 2, timeout=5_000)  # two fields to a row when narrow
    assert window.search_panel.isHidden(), "the search side made room"
    # The live desk gave the docked panel presence and the journal.
    assert dock.panel.presence is not None and dock.panel.composer.journal is window.live
    qtbot.waitUntil(lambda: presence_of(db_url, first.id) == ["viewing"], timeout=10_000)

    # Closing the pane leaves the ticket and gives the search side its room back.
    dock.close_button.click()
    assert dock.isHidden() and dock.ticket_id is None
    qtbot.waitUntil(lambda: presence_of(db_url, first.id) == [], timeout=10_000)
    assert window.search_panel.isVisible()

    # The "open complaints" chip opens the open complaint with the least time left.
    records = [view.tickets_model.record(i) for i in range(view.tickets_model.rowCount())]
    open_complaints = [r for r in records if r.kind == "complaint" and r.status in OPEN]
    assert open_complaints, "the showcase customer has an open complaint"
    chip = view.header_card.findChild(QWidget, "complaintsChip")
    assert chip is not None and chip.isVisible()
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    urgent = min(open_complaints, key=lambda r: (r.regulatory_deadline or far, r.id))
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.ticket_id == urgent.id, timeout=10_000)
    assert view.current_tab() == "tickets"

    # "Open in tickets workspace": the pane closes and the workspace shows the ticket.
    qtbot.waitUntil(lambda: dock.panel.view is not None, timeout=10_000)
    dock.workspace_button.click()
    assert dock.isHidden() and window.tabs.currentWidget() is window.tickets
    qtbot.waitUntil(lambda: window.tickets.panel.ticket_id == urgent.id, timeout=10_000)

    # Another customer: a ticket pane of the previous one does not stay open.
    window.tabs.setCurrentIndex(0)
    view.open_ticket(first.id)
    assert dock.isVisible()
    view.close_customer()
    assert dock.isHidden()
