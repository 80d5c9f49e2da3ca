"""The main window: workspace layout, status bar, and switching language at run time."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.session import SignedInUser
from desktop.tasks import TaskManager
from desktop.ui.main_window import MainWindow
from desktop.wiring import WindowServices

# The offscreen platform cannot pass window size hints on and says so whenever a shown top-level
# widget's layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

USER = SignedInUser(1, "agent01", "王晓燕", "agent")


@pytest.fixture
def window(qtbot, tasks: TaskManager, search_service: Any, c360_service: Any, translations) -> MainWindow:
    win = MainWindow(
        tasks,
        WindowServices(search=search_service, customer360=c360_service),
        user=USER,
        database="SQLite · /tmp/x.db",
        switch_language=translations.switch,
        language="zh_CN",
    )
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_workspace_split_and_status_bar(window: MainWindow, qtbot) -> None:
    sizes = window.workspace.sizes()
    share = sizes[0] / sum(sizes)
    assert 0.35 <= share <= 0.45
    assert "SQLite · /tmp/x.db" in window.database_label.fullText()
    assert "王晓燕" in window.user_label.text()
    assert "坐席" in window.user_label.text()  # the role is shown
    assert window.customer_view.stack.currentWidget() is window.customer_view.empty


def test_language_switch_retranslates_visible_text(window: MainWindow, qtbot, showcase) -> None:
    panel = window.search_panel
    view = window.customer_view
    qtbot.waitUntil(lambda: panel.title.text() == "查找客户")
    assert view.tabs.tabText(0) == "概览"
    assert window.view_menu.title() == "视图(&V)"
    panel.search_now(showcase["common_surname"])
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "姓名"

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: panel.title.text() == "Find a customer")
    assert view.tabs.tabText(0) == "Overview"
    assert window.view_menu.title() == "&View"
    assert panel.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    assert panel.hint.text().startswith("Searched by")
    assert "Signed in" in window.user_label.text()
    assert "Call-center agent" in window.user_label.text()

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: panel.title.text() == "查找客户")
    assert panel.hint.text().startswith("按")


def test_opening_from_results_fills_the_right_side(window: MainWindow, qtbot, showcase) -> None:
    panel = window.search_panel
    panel.search_now(showcase["rich_name"])
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    row = panel.model.ids.index(showcase["rich"])
    panel.table.setFocus()
    panel.table.selectRow(row)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    view = window.customer_view
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    assert view.customer_id == showcase["rich"]


def test_find_shortcut_focuses_the_search_box(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    window.find_action.trigger()
    assert window.search_panel.box.hasFocus() or window.focusWidget() is window.search_panel.box
