"""The template editor at 1366×768 (as a supervisor's page in the main window): the buttons are on screen
without scrolling, and a new template says nothing is wrong before the supervisor has typed or tried to save."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea

from desktop.tasks import TaskManager
from desktop.ui.main_window import _scrolling
from desktop.ui.messaging import TemplateEditor
from tests.messaging.world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
# What a page gets of a 1366×768 screen in the main window: the task bar, title, menu, tabs, call bar and status
# bar take the rest.
PAGE = (1366, 560)


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(350)  # the checks are debounced
    assert tasks.wait_idle(10_000)


def problems(editor: TemplateEditor) -> list[str]:
    return [editor.problems.item(i).text() for i in range(editor.problems.count())]


def on_page(area: QScrollArea, widget: Any) -> bool:
    """Whether ``widget`` is wholly inside what the page's scroll area shows."""
    top_left = widget.mapTo(area.viewport(), QPoint(0, 0))
    bottom_right = widget.mapTo(area.viewport(), QPoint(widget.width() - 1, widget.height() - 1))
    shown = area.viewport().rect()
    return widget.isVisible() and shown.contains(top_left) and shown.contains(bottom_right)


@pytest.fixture
def page(qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any) -> tuple[QScrollArea, TemplateEditor]:
    editor = TemplateEditor(tasks, sqlite_world.service, sqlite_world.author_p)
    area = _scrolling(editor)  # as the main window holds it
    qtbot.addWidget(area)
    area.resize(*PAGE)
    area.show()
    settle(qtbot, tasks)
    return area, editor


def test_the_buttons_are_on_screen_at_1366x768(
    qtbot: Any, page: tuple[QScrollArea, TemplateEditor], tasks: TaskManager
) -> None:
    area, editor = page
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert area.verticalScrollBar().maximum() == 0, "the page itself does not scroll"
    for key, button in editor.buttons.items():
        assert on_page(area, button), key
    assert on_page(area, editor.new_button)
    # An approved template chosen from the list: the workflow buttons are still in view.
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_Down)
    settle(qtbot, tasks)
    assert editor.current is not None
    assert all(on_page(area, b) for b in editor.buttons.values())
    assert area.verticalScrollBar().maximum() == 0


def test_a_new_template_shows_problems_only_once_touched_or_saved(
    qtbot: Any, page: tuple[QScrollArea, TemplateEditor], tasks: TaskManager
) -> None:
    _area, editor = page
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert problems(editor) == [], "nothing typed yet: nothing to complain about"
    assert editor.error.isHidden()
    # Typing in the text and clearing it again: now the empty text is a problem.
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "x")
    qtbot.keyClick(editor.body, Qt.Key.Key_Backspace)
    settle(qtbot, tasks)
    assert problems(editor) == ["正文：正文不能为空。"]

    # Another new template, saved untouched: every problem shows at once.
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert problems(editor) == []
    qtbot.mouseClick(editor.buttons["save"], Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert "正文：正文不能为空。" in problems(editor)
    assert editor.current is None  # nothing was saved
