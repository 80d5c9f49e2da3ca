"""The style sheet draws one focus ring on every kind of control the keyboard reaches.

A form holds one control of each kind, styled by the application's own style sheet.  Real Tab presses walk
through it; each control, once it has the focus, must show a 2 px ring in the accent colour along its edge
(dark navy on a button filled with the accent), and must not show it before.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app import style_sheet
from desktop.ui.widgets import configure_record_table

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ACCENT = QColor("#1f5fa8")
NAVY = QColor("#0b2a4f")


def _form() -> tuple[QWidget, list[tuple[str, QWidget, QColor]]]:
    form = QWidget()
    form.setStyleSheet(style_sheet())
    layout = QVBoxLayout(form)
    controls: list[tuple[str, QWidget, QColor]] = []

    def add(name: str, widget: QWidget, ring: QColor = ACCENT) -> None:
        layout.addWidget(widget)
        controls.append((name, widget, ring))

    add("push button", QPushButton("确定"))
    flat = QPushButton("Flat")
    flat.setFlat(True)
    add("flat button", flat)
    primary = QPushButton("登录")
    primary.setObjectName("primaryButton")
    add("primary button", primary, NAVY)
    link = QToolButton()
    link.setText("登记投诉")
    link.setObjectName("revealButton")
    link.setProperty("link", True)
    link.setAutoRaise(True)
    link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    add("link button", link)
    other_link = QToolButton()
    other_link.setText("Edit")
    other_link.setProperty("link", True)
    other_link.setAutoRaise(True)
    other_link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    add("any link", other_link)
    tool = QToolButton()
    tool.setText("Tool")
    tool.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    add("tool button", tool)
    flat_tool = QToolButton()
    flat_tool.setText("Flat tool")
    flat_tool.setAutoRaise(True)
    flat_tool.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    add("flat tool button", flat_tool)
    add("line edit", _line_edit())
    add("search box", _line_edit("searchBox"))
    combo = QComboBox()
    combo.addItems(["短信", "邮件"])
    add("combo box", combo)
    spin = QSpinBox()
    spin.setValue(5)
    add("spin box", spin)
    add("check box", QCheckBox("同意"))
    add("radio button", QRadioButton("选项"))
    records = QListWidget()
    records.addItems(["one", "two"])
    add("list", records)
    table = QTableView()
    table.setModel(QStandardItemModel(3, 2, table))
    configure_record_table(table)
    add("table", table)
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "概览")
    tabs.addTab(QWidget(), "产品")
    add("tab bar", tabs.tabBar())
    layout.addWidget(tabs)
    notes = QPlainTextEdit("notes")
    notes.setTabChangesFocus(True)
    add("text edit", notes)
    return form, controls


def _line_edit(name: str = "") -> QWidget:
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit("王晓燕")
    edit.setObjectName(name)
    return edit


def _edge(widget: QWidget) -> QRect:
    if hasattr(widget, "tabRect"):  # a tab bar: the current tab (less the 2 px margin between tabs)
        return widget.tabRect(widget.currentIndex()).adjusted(0, 0, -2, 0)  # type: ignore[attr-defined]
    return widget.rect()


def _ring(image: QImage, rect: QRect, color: QColor) -> bool:
    """Both pixels of a 2 px ring in ``color`` at the middle of the top, left and right edges of ``rect``."""
    points = [
        QPoint(rect.center().x(), rect.top()),
        QPoint(rect.center().x(), rect.top() + 1),
        QPoint(rect.left(), rect.center().y()),
        QPoint(rect.left() + 1, rect.center().y()),
        QPoint(rect.right(), rect.center().y()),
        QPoint(rect.right() - 1, rect.center().y()),
    ]
    return all(QColor(image.pixel(p)) == color for p in points)


def test_every_kind_of_control_shows_the_ring_when_tab_reaches_it(qtbot: Any) -> None:
    form, controls = _form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    focused = QApplication.focusWidget()
    if focused is not None:  # showing the form gave the first control the focus
        focused.clearFocus()
    before = {name: widget.grab().toImage() for name, widget, _ring_color in controls}
    first = controls[0][1]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    for index, (name, widget, color) in enumerate(controls):
        if index:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda widget=widget: widget.hasFocus())
        QApplication.processEvents()
        rect = _edge(widget)
        assert not _ring(before[name], rect, color), f"{name}: a ring already without the focus"
        assert _ring(widget.grab().toImage(), rect, color), f"{name}: no focus ring"


def test_the_ring_moves_nothing(qtbot: Any) -> None:
    """Focused or not, a button, link, check box or radio button keeps its size and its text stays where it was.

    (Fields show a cursor and a selection when focused; a raised tool button trades its native bevel for the
    ring; a view's viewport moves by a pixel.)"""
    form, controls = _form()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    steady = ("push button", "flat button", "primary button", "link button", "any link", "flat tool button")
    for name, widget, _color in controls:
        if name not in (*steady, "check box", "radio button"):
            continue
        size = widget.sizeHint()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda widget=widget: widget.hasFocus())
        assert widget.sizeHint() == size, name
        focused = widget.grab().toImage()
        widget.clearFocus()
        QApplication.processEvents()
        plain = widget.grab().toImage()
        inner = widget.rect().adjusted(3, 3, -3, -3)  # inside the ring: the same pixels
        assert focused.copy(inner) == plain.copy(inner), f"{name}: the content moved with the focus"
