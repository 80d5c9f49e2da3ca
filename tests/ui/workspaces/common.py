"""What the cross-cutting checks share: reporting, naming a widget, where a widget is, what a stop is.

Widgets are named by their path of ``Class#objectName`` (the last few levels) and, where they have one, their
text, so that a failure says which control on which screen is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from desktop.ui.widgets import ElidedLabel


def summary(found: list[tuple[str, str]]) -> str:
    """``(where, problem)`` pairs as one line per problem, naming every place it was seen."""
    places: dict[str, list[str]] = {}
    for where, problem in found:
        seen = places.setdefault(problem, [])
        if where not in seen:
            seen.append(where)
    return "\n".join(f"{problem}  [{', '.join(where)}]" for problem, where in places.items())


# -- naming -----------------------------------------------------------------------------------------


def path(widget: QWidget, levels: int = 4) -> str:
    """``Parent#name/Child#name/...`` of the last ``levels`` levels, with the widget's text if it has one."""
    parts: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(parts) < levels:
        name = current.objectName()
        parts.append(f"{type(current).__name__}#{name}" if name else type(current).__name__)
        current = current.parentWidget()
    text = shown_text(widget)
    described = "/".join(reversed(parts))
    return f"{described} {text[:40]!r}" if text else described


def shown_text(widget: QWidget) -> str:
    if isinstance(widget, ElidedLabel):
        return widget.fullText()
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        return str(widget.text())
    if isinstance(widget, QComboBox):
        return str(widget.currentText())
    return ""


def plain(text: str) -> str:
    """Text as shown: mnemonics (``&F``) dropped, ``&&`` kept as one ``&``."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def carries(tooltip: str, text: str) -> bool:
    """True when ``tooltip`` carries the words of ``text`` (spacing, punctuation, line breaks and mnemonics aside:
    a tooltip may set out on two lines what one line joins with a dash)."""
    words, tip = _words(plain(text)), plain(plain_of_rich(tooltip))
    return words in _words(tip) if words else plain(text).strip() in tip


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def plain_of_rich(text: str) -> str:
    if not GuiQt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


# -- geometry ---------------------------------------------------------------------------------------


def rect_in_window(widget: QWidget) -> QRect:
    window = widget.window()
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def rect_text(rect: QRect) -> str:
    return f"{rect.width()}×{rect.height()} at ({rect.x()}, {rect.y()})"


def shown_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` its ancestors let show (window coordinates)."""
    shown = rect_in_window(widget)
    parent = widget.parentWidget()
    while parent is not None:
        shown = shown.intersected(rect_in_window(parent))
        parent = parent.parentWidget()
    return shown


def in_scrolled_content(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose scrolled content ``widget`` is part of (None: not inside one)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            return parent
        child, parent = parent, parent.parentWidget()
    return None


def visible_widgets(root: QWidget) -> Iterator[QWidget]:
    """Every widget of ``root``'s window shown now (dialogs and other windows left out)."""
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.window() is root.window():
            yield widget


def is_stop(widget: QWidget) -> bool:
    """A widget Tab may land on (what Qt's focus chain takes: tab focus, shown, enabled, no focus proxy)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
        and not widget.isWindow()
    )


def qt_inner(widget: QWidget) -> bool:
    """True for a piece Qt puts inside its own widgets (Qt names it and sizes it, not the application)."""
    parent = widget.parentWidget()
    if widget.objectName().startswith("qt_"):
        return True
    if isinstance(parent, QTabBar) and isinstance(widget, QAbstractButton):
        return True  # the tab bar's scroll arrows
    if isinstance(parent, (QLineEdit, QComboBox, QAbstractSpinBox)):
        return True  # a line edit's clear button, a combo's or spin box's editor
    return type(widget).__name__ in ("QTableCornerButton", "QDockWidgetTitleButton", "QToolBarExtension")
