"""The checks of ``tests/ui/workspaces`` themselves, on small made-up windows: each finds the defect it is for
and passes a sound window.

Without these, a check that never fails would look like a workspace without defects.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.pseudo_locale import PseudoTranslator, is_pseudo, pseudo
from desktop.ui.widgets import ElidedLabel

from .workspaces.names import name_problems
from .workspaces.tab_walk import walk_tab_order
from .workspaces.text_fit import fit_problems

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

RING = "QLineEdit, QPushButton, QTableView, QPlainTextEdit { border: 1px solid #b9c3cf; }"
RING += " QLineEdit:focus, QPushButton:focus, QTableView:focus, QPlainTextEdit:focus { border: 2px solid #1f5fa8; }"


def window(qtbot: Any, *widgets: QWidget, style: str = RING, size: tuple[int, int] = (480, 360)) -> QWidget:
    """A shown, active top-level window holding ``widgets`` one below the other."""
    top = QWidget()
    top.setStyleSheet(style)
    layout = QVBoxLayout(top)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(top)
    top.resize(*size)
    top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    qtbot.waitUntil(top.isActiveWindow)
    return top


def table(rows: int = 3, model: QStandardItemModel | None = None) -> QTableView:
    model = model if model is not None else QStandardItemModel(rows, 3)
    for row in range(rows):
        for column in range(3):
            model.setItem(row, column, QStandardItem(f"{row}-{column}"))
    view = QTableView()
    view.setModel(model)
    model.setParent(view)
    view.setCurrentIndex(model.index(0, 0))
    return view


def test_a_sound_window_walks_clean(qtbot: Any) -> None:
    view = table()
    view.setTabKeyNavigation(False)
    top = window(qtbot, QLineEdit(), view, QPushButton("OK"))
    assert walk_tab_order(top) == []


def test_a_table_that_moves_between_cells_on_tab_is_a_trap(qtbot: Any) -> None:
    view = table()
    assert view.tabKeyNavigation()
    top = window(qtbot, QLineEdit(), view, QPushButton("OK"))
    problems = walk_tab_order(top)
    assert any(p.startswith("trap: Tab does not leave QWidget/QTableView") for p in problems), problems


def test_a_text_edit_that_takes_tab_as_input_is_a_trap(qtbot: Any) -> None:
    editor = QPlainTextEdit()
    top = window(qtbot, QLineEdit(), editor, QPushButton("OK"))
    problems = walk_tab_order(top)
    assert any("trap: Tab does not leave QWidget/QPlainTextEdit" in p for p in problems), problems
    assert not any(p.startswith("never reached") for p in problems), "the walk goes on past the trap"
    editor.setTabChangesFocus(True)
    assert walk_tab_order(top) == []


def test_a_stop_without_a_focus_ring_is_reported(qtbot: Any) -> None:
    bare = QLineEdit()
    bare.setObjectName("bare")
    bare.setStyleSheet("QLineEdit#bare { border: 1px solid #b9c3cf; }")  # no :focus look of its own
    top = window(qtbot, QLineEdit(), bare, QPushButton("OK"))
    problems = walk_tab_order(top)
    assert problems == ["no focus ring: QWidget/QLineEdit#bare looks the same with and without the focus"]


def test_a_stop_outside_the_window_is_invisible(qtbot: Any) -> None:
    top = window(qtbot, QLineEdit(), QPushButton("OK"))
    stray = QPushButton("Far away", top)
    stray.setGeometry(top.width() + 20, 10, 80, 24)
    stray.show()
    problems = walk_tab_order(top)
    assert any(p.startswith("invisible stop: QWidget/QPushButton 'Far away' is outside the window") for p in problems)


def test_a_stop_scrolled_into_view_is_visible(qtbot: Any) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    for number in range(30):
        column.addWidget(QPushButton(f"Button {number}"))
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    top = window(qtbot, area, size=(300, 200))
    assert walk_tab_order(top) == []


def test_text_cut_off_without_a_tooltip_is_reported(qtbot: Any) -> None:
    cut = QLabel("A caption much too long for its place")
    cut.setFixedWidth(60)
    tipped = QLabel("Another caption much too long for its place")
    tipped.setFixedWidth(60)
    tipped.setToolTip(tipped.text())
    elided = ElidedLabel("An elided label carries its text in a tooltip")
    elided.setFixedWidth(60)
    row = QWidget()
    line = QHBoxLayout(row)
    for label in (cut, tipped, elided):
        line.addWidget(label)
    line.addStretch(1)
    top = window(qtbot, row)
    problems = fit_problems(top, (480, 360))
    assert len(problems) == 1 and problems[0].startswith("text cut off"), problems
    assert "A caption much too long" in problems[0]


def test_a_column_header_elided_without_a_tooltip_is_reported(qtbot: Any) -> None:
    model = QStandardItemModel(3, 3)
    view = table(model=model)
    model.setHorizontalHeaderLabels(["A long column title", "B", "C"])
    view.horizontalHeader().resizeSection(0, 30)
    top = window(qtbot, view)
    problems = fit_problems(top, (480, 360))
    assert [p for p in problems if p.startswith("column header 'A long column title' elided")], problems
    model.horizontalHeaderItem(0).setToolTip("A long column title")
    assert not [p for p in fit_problems(top, (480, 360)) if p.startswith("column header")]


def test_a_cell_elided_without_a_tooltip_is_reported(qtbot: Any) -> None:
    model = QStandardItemModel(3, 3)
    view = table(model=model)
    model.setItem(1, 0, QStandardItem("A cell whose text is far too long for its column"))
    view.horizontalHeader().resizeSection(0, 60)
    top = window(qtbot, view)
    problems = [p for p in fit_problems(top, (480, 360)) if p.startswith("cell")]
    assert problems == [
        "cell 'A cell whose text is far too l' elided without a tooltip (row 1, column 0): QWidget/QTableView"
    ]
    model.item(1, 0).setToolTip("A cell whose text is far too long\nfor its column")
    assert not [p for p in fit_problems(top, (480, 360)) if p.startswith("cell")]


def test_a_widget_outside_the_window_and_a_window_too_big_are_reported(qtbot: Any) -> None:
    wide = QFrame()
    wide.setMinimumWidth(700)
    top = window(qtbot, wide, size=(480, 360))
    problems = fit_problems(top, (480, 360))
    assert any(p.startswith("the window cannot be 480×360") for p in problems), problems
    stray = QFrame(top)
    stray.setGeometry(top.width() - 10, 0, 50, 20)
    stray.show()
    assert any(p.startswith("outside the window") and "QFrame" in p for p in fit_problems(top, (480, 360)))


def test_names_missing_or_untranslated_are_reported(qtbot: Any) -> None:
    named_by_label = QLineEdit()
    label = QLabel(pseudo("Customer"))
    label.setBuddy(named_by_label)
    unnamed = QLineEdit()
    unnamed.setObjectName("unnamed")
    symbol = QPushButton("×")
    symbol.setObjectName("remove")
    top = window(qtbot, label, named_by_label, unnamed, symbol, QPushButton(pseudo("Save")))
    problems = name_problems(top, "pseudo")
    assert problems == [
        "no accessible name: QWidget/QLineEdit#unnamed",
        "accessible name '×' is not translated: QWidget/QPushButton#remove '×'",
    ]
    assert name_problems(top, "pseudo", data_names=["×"]) == ["no accessible name: QWidget/QLineEdit#unnamed"]
    assert name_problems(top, "zh_CN") == ["no accessible name: QWidget/QLineEdit#unnamed"]


def test_the_pseudo_locale_lengthens_marks_and_keeps_what_code_reads() -> None:
    for source in ("Search", "OK", "Signed in: {name} ({username})", "%1 is editing", "&File", "Complaints && tickets"):
        shown = pseudo(source)
        assert len(shown) >= 1.4 * len(source) and is_pseudo(shown), shown
        assert shown != source and not is_pseudo(source)
    assert pseudo("Signed in: {name} ({count:,})").format(name="王晓燕", count=3).count("王晓燕") == 1
    assert "%1" in pseudo("%1 is editing") and "&&" in pseudo("Complaints && tickets")
    assert "<b>" in pseudo("<b>bold</b>") and "&amp;" in pseudo("a &amp; b")
    assert pseudo("") == ""


def test_the_pseudo_translator_answers_every_lookup(qapp: Any) -> None:
    translator = PseudoTranslator()
    before = QCoreApplication.translate("AnyContext", "Refresh")
    assert QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("AnyContext", "Refresh") == pseudo("Refresh")
        model = QStringListModel()
        assert is_pseudo(model.tr("Refresh"))
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("AnyContext", "Refresh") == before
