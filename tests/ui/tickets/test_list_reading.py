"""The ticket list as it reads on a 1366×768 screen, in Chinese and after switching to English: category labels
rather than codes, the customer and the summary in view, nothing cut, and texts that follow the language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox

from desktop.ui.tickets import TicketListView, TicketsWorkspace
from desktop.ui.tickets.model import (
    COL_CATEGORY,
    COL_CUSTOMER,
    COL_LEFT,
    COL_NUMBER,
    COL_STATUS,
    COL_SUMMARY,
    COLUMNS,
)
from tests.tickets.conftest import cst

from .conftest import Desk

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
MARGINS = 8  # what a cell keeps free on its left and right


def text_room(box: QComboBox) -> int:
    """The width a combo box draws its current text in (its edit field, less a pixel each side)."""
    opt = QStyleOptionComboBox()
    box.initStyleOption(opt)
    field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField)
    return field.width() - 2


def fits(box: QComboBox) -> bool:
    return box.fontMetrics().horizontalAdvance(box.currentText()) <= text_room(box)


def assert_cells_fit(workspace: TicketsWorkspace) -> None:
    """Every visible column but the summary (which stretches; its tooltip has it whole) shows its texts whole."""
    table, model = workspace.list.table, workspace.list.model
    header, metrics = table.horizontalHeader(), table.fontMetrics()
    shown = [c for c in range(len(COLUMNS)) if not table.isColumnHidden(c)]
    assert {COL_NUMBER, COL_CUSTOMER, COL_CATEGORY, COL_SUMMARY, COL_STATUS, COL_LEFT} <= set(shown)
    for column in shown:
        if column == COL_SUMMARY:
            assert header.sectionSize(column) >= 100
            continue
        for row in range(model.rowCount()):
            text = str(model.index(row, column).data())
            assert metrics.horizontalAdvance(text) + MARGINS <= header.sectionSize(column), (column, text)
    assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()  # no sideways scrolling


def test_the_supervisor_list_reads_at_1366(qtbot, desk: Desk, translations) -> None:
    w = desk.world
    card = desk.complaint(
        cst(2026, 2, 27, 10), team_id=w.team, kind="service", category="card_replacement", summary="借记卡补卡寄送"
    )
    fee = desk.complaint(cst(2026, 2, 25, 10), team_id=w.team, customer_id=w.customer2, summary="年费扣收有异议")
    desk.at(cst(2026, 3, 2, 9))
    workspace = TicketsWorkspace(desk.tasks, desk.service, desk.supervisor)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 700)
    with qtbot.waitSignal(workspace.list.list_loaded, timeout=10_000):
        workspace.show()
    model = workspace.list.model
    assert sorted(model.ids()) == sorted([card, fee])

    def cell(ticket_id: int, column: int) -> str:
        row = model.row_of(ticket_id)
        assert row is not None
        return str(model.index(row, column).data())

    assert cell(card, COL_CATEGORY) == "补卡"  # a service request's category, not "card_replacement"
    assert cell(fee, COL_CATEGORY) == "收费争议"  # the taxonomy's label, as the intake shows it
    assert cell(fee, COL_CUSTOMER) == "欧阳晓明"  # supervisors may reveal, so names are whole (agents: 欧阳**)
    assert cell(card, COL_SUMMARY) == "借记卡补卡寄送"
    assert model.headerData(COL_SUMMARY, Qt.Orientation.Horizontal) == "摘要"
    assert_cells_fit(workspace)

    # A click on the service request opens it; its header names the category too.
    table = workspace.list.table
    rect = table.visualRect(model.index(model.row_of(card) or 0, COL_NUMBER))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: workspace.panel.view is not None and workspace.panel.view.detail.row.id == card)
    assert workspace.panel.header.summary.fullText().startswith("补卡 · ")

    translations.switch("en")
    qtbot.waitUntil(lambda: cell(card, COL_CATEGORY) == "Card replacement", timeout=5_000)
    assert cell(fee, COL_CATEGORY) == "Fee dispute"
    qtbot.waitUntil(lambda: model.headerData(COL_SUMMARY, Qt.Orientation.Horizontal) == "Summary", timeout=5_000)
    qtbot.waitUntil(lambda: assert_cells_fit(workspace), timeout=5_000)  # once the widths follow the language


def test_switching_to_english_retranslates_the_empty_state_and_the_view_box_fits(
    qtbot, desk: Desk, translations
) -> None:
    view = TicketListView(desk.tasks, desk.service, desk.agent)
    qtbot.addWidget(view)
    view.resize(750, 600)  # the list's share of the tickets tab at 1366 px
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        view.show()
        view.start()
    view.view_box.setFocus()
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        qtbot.keyClick(view.view_box, Qt.Key.Key_End)  # the last view: everything the agent may see
    assert view.view_box.currentText() == "我可查看的全部"
    assert view.pane.state == "empty" and view.pane.empty.title.text() == "没有工单"
    loads = view.model.pages_loaded

    translations.switch("en")
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.pane.empty.title.text() == "No tickets", timeout=2_000)
    assert view.pane.empty.detail.text() == "Tickets of your team appear here as they come in."
    assert view.model.pages_loaded == loads  # no reload was needed
    assert view.view_box.currentText() == "Everything I can see"
    qtbot.waitUntil(lambda: fits(view.view_box), timeout=2_000)
    for box in (view.status_box, view.category_box):
        assert fits(box) or box.toolTip().endswith(box.currentText())  # whole, or elided with the whole in a tip

    # The filter's own empty state follows the language too.
    view.search_box.setFocus()
    with qtbot.waitSignal(view.list_loaded, timeout=10_000):
        qtbot.keyClicks(view.search_box, "nothing like this")
        qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert view.pane.empty.title.text() == "No tickets match"
    translations.switch("zh_CN")
    QApplication.processEvents()
    qtbot.waitUntil(lambda: view.pane.empty.title.text() == "没有符合条件的工单", timeout=2_000)
    qtbot.waitUntil(lambda: fits(view.view_box), timeout=2_000)
