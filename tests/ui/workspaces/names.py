"""Accessible names: what a screen reader says for each control.

Every visible control (buttons, fields, combo and spin boxes, item views, tab bars, text edits, and any other
tab stop) must have a name; in the pseudo-locale the name must carry the pseudo markers (it went through
translation) unless it is data, named in an allow-list.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from desktop.ui.pseudo_locale import is_pseudo

from .common import is_stop, path, qt_inner, visible_widgets

CONTROLS: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabBar,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
)


def controls(window: QWidget) -> Iterable[QWidget]:
    """Every visible control a person can operate (Qt's own inner pieces left out: they are named by Qt)."""
    for widget in visible_widgets(window):
        if isinstance(widget, (QScrollBar, QHeaderView)) or qt_inner(widget):
            continue
        if isinstance(widget, CONTROLS) or is_stop(widget):
            yield widget


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else str(interface.text(QAccessible.Text.Name) or "")


def name_problems(window: QWidget, language: str, data_names: Iterable[str] = ()) -> list[str]:
    """Controls without an accessible name; in the pseudo-locale, names that were not translated (unless
    the name is data, listed in ``data_names``)."""
    allowed = set(data_names)
    problems: list[str] = []
    for widget in controls(window):
        name = accessible_name(widget).strip()
        if not name:
            problems.append(f"no accessible name: {path(widget)}")
        elif language == "pseudo" and not is_pseudo(name) and name not in allowed:
            problems.append(f"accessible name {name!r} is not translated: {path(widget)}")
    return problems
