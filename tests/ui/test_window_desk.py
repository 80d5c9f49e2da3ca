"""The agent's window as ``contactdesk app`` builds it (call bar and call pane included): its size, the search
results at 1366×768, its menus and their keys, the keyboard shortcuts dialog, tooltips of toolbar buttons.

Each test signs in through the real sign-in dialog of :class:`desktop.app.Desktop` on a private copy of the
seeded database, and presses real keys.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

from desktop.app import Desktop, LaunchOptions
from desktop.ui.search.model import COL_NAME, COL_TIER
from services.config import Settings
from services.demo_accounts import DEMO_PASSWORD

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
    pytest.mark.qt_log_ignore("This plugin does not support raise"),
]


@pytest.fixture
def desk(qapp: QApplication, qtbot: Any, seeded_sqlite_url: str, tmp_path: Path, translations: Any) -> Iterator[Any]:
    """The desktop signed in as agent01 (an agent: calls, tickets), in Chinese."""
    target = tmp_path / "desk.db"
    shutil.copy(Path(seeded_sqlite_url.removeprefix("sqlite:///")), target)
    settings = Settings(data_dir=tmp_path / "WS-1", workstation_name="WS-1")
    options = LaunchOptions(database_url=f"sqlite:///{target.as_posix()}", embedded=True, language="zh_CN")
    desktop = Desktop(settings, options, tmp_path / "x.log")
    desktop.start_database()
    desktop.start_interface(qapp)
    qtbot.waitUntil(lambda: desktop.access.engine is not None, timeout=20_000)
    dialog = desktop.access.dialog
    dialog.username.setText("agent01")
    dialog.password.setText(DEMO_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desktop.window is not None and desktop.window.isVisible(), timeout=20_000)
    window = desktop.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    yield desktop
    window = desktop.window
    if window is not None:
        window.end_session()
        window.deleteLater()
        desktop.access.window = None
    desktop.access.dialog.hide()
    desktop.access.dialog.deleteLater()
    desktop.shutdown()
    desktop.translations.switch("en")
    qapp.setQuitOnLastWindowClosed(True)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


def _open_customer(qtbot: Any, window: Any, text: str, customer_id: int) -> None:
    panel = window.search_panel
    panel.search_now(text)
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    panel.table.setFocus()
    panel.table.select_row(panel.model.ids.index(customer_id))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    view = window.customer_view
    qtbot.waitUntil(lambda: view.header_pane.state == "content", timeout=10_000)
    qtbot.waitUntil(lambda: not window.tasks.pending, timeout=10_000)


def _menu_actions(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found.extend(_menu_actions(submenu))
        else:
            found.append(action)
    return found


def test_the_agent_window_opens_on_the_screen_and_fits_1280x720(
    desk: Any, qtbot: Any, showcase: dict[str, Any]
) -> None:
    window = desk.window
    assert window.call_center is not None, "the agent's window has the call bar and the call pane"
    # Offscreen (screenshots, probes, tests) the window opens at the deterministic 1366×768, ready to type.
    assert (window.width(), window.height()) == (1366, 768)
    assert window.focusWidget() is window.search_panel.box
    _open_customer(qtbot, window, showcase["rich_name"], showcase["rich"])
    for language in ("zh_CN", "en"):
        desk.translations.switch(language)
        QApplication.processEvents()
        for tab in ("overview", "products", "timeline", "tickets", "reminders"):
            window.customer_view.show_tab(tab)
            qtbot.waitUntil(lambda: not window.tasks.pending, timeout=10_000)
            QApplication.processEvents()
            hint = window.minimumSizeHint().expandedTo(window.minimumSize())
            assert hint.width() <= 1280 and hint.height() <= 720, (language, tab, hint)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_result_column_shown_fits_at_1366x768(
    desk: Any, qtbot: Any, showcase: dict[str, Any], language: str
) -> None:
    window = desk.window
    desk.translations.switch(language)
    window.resize(1366, 768)
    panel = window.search_panel
    panel.search_now(showcase["common_surname"])
    qtbot.waitUntil(lambda: panel.state == "results", timeout=10_000)
    QApplication.processEvents()
    table = panel.table
    shown = [col for col in range(panel.model.columnCount()) if not table.isColumnHidden(col)]
    assert COL_NAME in shown and COL_TIER in shown
    right_edge = max(table.columnViewportPosition(col) + table.columnWidth(col) for col in shown)
    assert right_edge <= table.viewport().width(), "the last column shown (the tier) is not cut"


def test_menus_give_every_action_a_key_and_help_lists_them_all(desk: Any, qtbot: Any) -> None:
    window = desk.window
    menu_actions = [a for m in (window.file_menu, window.view_menu, window.help_menu) for a in _menu_actions(m)]
    assert len(menu_actions) >= 8
    for action in menu_actions:
        assert not action.shortcut().isEmpty(), f"{action.text()!r} has no shortcut"
    # No key does two things in the window.
    keys = [k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if a.isVisible()]
    keys += [s.key().toString() for s in window.findChildren(QShortcut) if not s.key().isEmpty()]
    assert len(keys) == len(set(keys)), sorted(keys)

    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_F1)  # the key itself, not the action
    qtbot.waitUntil(lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible())
    dialog = window.shortcuts_dialog
    assert dialog.windowTitle() == "键盘快捷键"
    listed = dialog.keys_shown()
    for action in menu_actions:
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in listed, action.text()
    assert "F9" in listed, "the call bar's keys (QShortcut objects) are gathered too"
    assert ("锁定屏幕", "Ctrl+L") in dialog.listed()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.shortcuts_dialog is None)

    desk.translations.switch("en")
    window.activateWindow()  # the offscreen platform does not hand activation back when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible())
    assert window.shortcuts_dialog.windowTitle() == "Keyboard shortcuts"
    assert ("Lock screen", "Ctrl+L") in window.shortcuts_dialog.listed()


def test_alt_number_switches_workspace_tabs_and_ctrl_l_locks(desk: Any, qtbot: Any) -> None:
    window = desk.window
    tabs = window.tabs
    assert tabs.count() >= 2
    tab_actions = [a for a, _page in window.menus.tab_actions]
    assert [a.text() for a in tab_actions] == [tabs.tabText(i) for i in range(tabs.count())]
    assert tab_actions[0] in window.view_menu.actions()
    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentWidget() is window.tickets
    assert "Alt+2" in tabs.tabToolTip(1)
    qtbot.keyClick(window.tickets, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 0

    qtbot.keyClick(window.search_panel.box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked)
    # Behind the lock, the window's work keys do nothing.
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0
    assert window.focusWidget() is window.lock_screen.password


def test_toolbar_buttons_name_their_shortcut(desk: Any, qtbot: Any) -> None:
    window = desk.window
    toolbar = window.addToolBar("tools")
    action = QAction("Refresh", window)
    action.setShortcut(QKeySequence("Ctrl+R"))
    toolbar.addAction(action)
    QApplication.processEvents()
    button = toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton)
    assert button.toolTip() == "Refresh (Ctrl+R)"
    action.setText("&Reload")  # e.g. after a language switch
    QApplication.processEvents()
    assert button.toolTip() == "Reload (Ctrl+R)"
