"""desktop.ui.accessibility: the focused control scrolled into view even when the focus comes from outside its
scroll area; a label too small for its text carries the text in its tooltip."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import SIGNAL, QPoint, QRect, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.ui.accessibility import keep_focus_in_view, text_is_cut, tip_when_cut

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def shown(widget: QWidget, area: QScrollArea) -> bool:
    """True when all of ``widget`` lies inside the scroll area's viewport."""
    viewport = area.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


@pytest.fixture
def form(qtbot: Any) -> tuple[QWidget, QLineEdit, QScrollArea, list[QPushButton], QLineEdit]:
    """A field, a scroll area of 30 buttons (only a few show) and another field, in a shown, active window."""
    top = QWidget()
    layout = QVBoxLayout(top)
    before, after = QLineEdit(), QLineEdit()
    content = QWidget()
    column = QVBoxLayout(content)
    buttons = [QPushButton(f"Button {n}") for n in range(30)]
    for button in buttons:
        column.addWidget(button)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    for widget in (before, area, after):
        layout.addWidget(widget)
    qtbot.addWidget(top)
    top.resize(320, 240)
    top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow)
    return top, before, area, buttons, after


def test_shift_tab_from_below_shows_the_last_control(qtbot: Any, form: Any) -> None:
    keep_focus_in_view()
    _top, _before, area, buttons, after = form
    assert not shown(buttons[-1], area), "the last button starts out of view"
    after.setFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert buttons[-1].hasFocus()
    qtbot.waitUntil(lambda: shown(buttons[-1], area))


def test_tab_round_to_the_top_shows_the_first_control_again(qtbot: Any, form: Any) -> None:
    keep_focus_in_view()
    _top, before, area, buttons, _after = form
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert not shown(buttons[0], area)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert buttons[0].hasFocus()
    qtbot.waitUntil(lambda: shown(buttons[0], area))


def test_asking_again_connects_nothing_more(qapp: Any) -> None:
    keep_focus_in_view()
    signal = SIGNAL("focusChanged(QWidget*,QWidget*)")
    connected = qapp.receivers(signal)
    keep_focus_in_view()
    keep_focus_in_view(qapp)
    assert qapp.receivers(signal) == connected


@pytest.fixture
def caption(qtbot: Any) -> QLabel:
    """A caption in a shown window, given its owner's tooltip and watched by :func:`tip_when_cut`."""
    label = QLabel("Relationship manager")
    label.setToolTip("Who looks after the customer")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    tip_when_cut(label)
    return label


def test_a_label_cut_off_carries_its_text_in_the_tooltip(qtbot: Any, caption: QLabel) -> None:
    caption.resize(caption.sizeHint())
    qtbot.waitUntil(lambda: caption.toolTip() == "Who looks after the customer")
    caption.resize(40, caption.height())
    qtbot.waitUntil(lambda: caption.toolTip() == "Relationship manager\nWho looks after the customer")
    caption.resize(caption.sizeHint().width() + 20, caption.height())
    qtbot.waitUntil(lambda: caption.toolTip() == "Who looks after the customer")


def test_the_owner_may_change_the_tooltip_and_the_text(qtbot: Any, caption: QLabel) -> None:
    caption.resize(40, caption.height())
    qtbot.waitUntil(lambda: caption.toolTip().startswith("Relationship manager\n"))
    caption.setToolTip("Assigned by the branch")
    caption.setText("Customer manager")
    qtbot.waitUntil(lambda: caption.toolTip() == "Customer manager\nAssigned by the branch")


def test_a_wrapped_label_too_short_for_its_lines_is_cut(qtbot: Any) -> None:
    label = QLabel("A long explanation that needs several lines when the label is narrow")
    label.setWordWrap(True)
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    tip_when_cut(label)
    label.setFixedSize(120, label.fontMetrics().height())
    qtbot.waitUntil(lambda: label.toolTip() == label.text())
    assert text_is_cut(label)
    label.setFixedSize(120, label.heightForWidth(120))
    qtbot.waitUntil(lambda: label.toolTip() == "")


def test_a_dialog_of_a_scrolled_widget_leaves_the_scroll_area_alone(qtbot: Any, form: Any) -> None:
    keep_focus_in_view()
    _top, _before, area, buttons, _after = form
    dialog = QDialog(buttons[-1])  # a dialog whose parent sits far down in the scroll area
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    assert area.verticalScrollBar().value() == 0, "another window's focus scrolls nothing here"
    dialog.close()
