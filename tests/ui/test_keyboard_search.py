"""The search results by keyboard in the main window: Tab leaves the table, arrows move whole rows, the open
customer's row stays marked, the view never scrolls sideways; and the result count reads right for one."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.session import SignedInUser
from desktop.tasks import TaskManager
from desktop.ui.main_window import MainWindow
from desktop.ui.search.model import COL_NAME, SearchResultModel
from desktop.wiring import WindowServices

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

USER = SignedInUser(1, "agent01", "王晓燕", "agent")


@pytest.fixture
def window(qtbot: Any, tasks: TaskManager, search_service: Any, c360_service: Any, translations: Any) -> MainWindow:
    win = MainWindow(
        tasks,
        WindowServices(search=search_service, customer360=c360_service),
        user=USER,
        switch_language=translations.switch,
        language="zh_CN",
    )
    qtbot.addWidget(win)
    win.show_for_work()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def _results(qtbot: Any, window: MainWindow, text: str) -> Any:
    panel = window.search_panel
    panel.search_now(text)
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.is_loaded(0), timeout=10_000)
    return panel


def _open_row(qtbot: Any, window: MainWindow, row: int) -> int:
    """Walk down to ``row`` with the arrow key from the search box and press Enter; returns the customer id."""
    panel = window.search_panel
    panel.focus_box()
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)  # into the results, on the first row
    for _ in range(row):
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    customer = panel.model.customer_id(row)
    assert customer is not None
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.customer_view.customer_id == customer, timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.open_customer == customer, timeout=10_000)
    return customer


def _selected_rows(table: Any) -> list[int]:
    return sorted({index.row() for index in table.selectionModel().selectedRows()})


def test_tab_and_shift_tab_leave_the_results_and_the_open_row_stays(
    window: MainWindow, qtbot: Any, showcase: dict[str, Any]
) -> None:
    panel = _results(qtbot, window, showcase["common_surname"])
    table = panel.table
    assert panel.model.rowCount() > 4
    customer = _open_row(qtbot, window, 2)
    assert table.hasFocus() and _selected_rows(table) == [2]

    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus(), "Tab goes on to the next control"
    assert window.focusWidget() is not None and not table.isAncestorOf(window.focusWidget())
    assert table.currentIndex().row() == 2 and _selected_rows(table) == [2]

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focusWidget() is panel.box, "Shift+Tab goes back to the search box"
    assert table.currentIndex().row() == 2 and _selected_rows(table) == [2]
    assert panel.model.open_customer == customer


def test_arrows_move_whole_rows_and_the_open_customer_stays_marked(
    window: MainWindow, qtbot: Any, showcase: dict[str, Any]
) -> None:
    panel = _results(qtbot, window, showcase["common_surname"])
    table, model = panel.table, panel.model
    customer = _open_row(qtbot, window, 1)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 3 and _selected_rows(table) == [3]
    assert table.selectionModel().isRowSelected(3), "the whole row is highlighted"
    # The customer on screen is still the one opened, and its row says so.
    assert window.customer_view.customer_id == customer
    assert model.index(1, COL_NAME).data(SearchResultModel.OpenRole) is True
    assert model.index(1, COL_NAME).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(3, COL_NAME).data(SearchResultModel.OpenRole) is False
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert _selected_rows(table) == [1]


def test_the_view_never_scrolls_away_from_the_name(window: MainWindow, qtbot: Any, showcase: dict[str, Any]) -> None:
    window.resize(1280, 720)
    panel = _results(qtbot, window, showcase["common_surname"])
    table = panel.table
    _open_row(qtbot, window, 0)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_End, Qt.Key.Key_Right):
        qtbot.keyClick(table, key)
        assert table.currentIndex().column() == COL_NAME
        assert table.horizontalScrollBar().value() == 0
    assert table.currentIndex().row() == panel.model.rowCount() - 1, "End goes to the last row"
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0
    name = table.visualRect(panel.model.index(0, COL_NAME))
    assert name.left() >= 0 and name.right() <= table.viewport().width()


def test_one_result_is_counted_right_in_both_languages(
    window: MainWindow, qtbot: Any, translations: Any, showcase: dict[str, Any]
) -> None:
    panel = window.search_panel
    panel.search_now(showcase["cif_no"])
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    assert panel.model.rowCount() == 1
    assert panel.hint.fullText().endswith("共 1 位客户")
    translations.switch("en")
    qtbot.waitUntil(lambda: panel.hint.fullText().startswith("Searched by"))
    assert "1 customers" not in panel.hint.fullText()
    assert panel.hint.fullText().endswith("· 1 found")


def test_a_customer_opened_from_elsewhere_leaves_no_other_row_highlighted(
    window: MainWindow, qtbot: Any, showcase: dict[str, Any]
) -> None:
    """A popped call opens a customer who is not among the results: the row opened before must not stay
    highlighted beside another customer's record."""
    panel = _results(qtbot, window, showcase["common_surname"])
    listed = _open_row(qtbot, window, 1)
    assert _selected_rows(panel.table) == [1]
    shown = {panel.model.customer_id(r) for r in range(panel.model.rowCount())}
    other = next(c for c in (showcase["rich"], showcase["full"], showcase["busiest"]) if c not in shown)
    assert other != listed
    window.customer_view.pop_customer(other)
    qtbot.waitUntil(lambda: window.customer_view.customer_id == other, timeout=10_000)
    qtbot.waitUntil(lambda: panel.model.open_customer == other, timeout=10_000)
    assert _selected_rows(panel.table) == []
