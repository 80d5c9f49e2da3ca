"""The tab-order walk: real Tab presses round a window, from its first stop back to it.

It reports a trap (a stop Tab does not leave, or a round of stops Tab keeps going through), a stop never
reached, a stop that cannot be seen (hidden, of no size, outside the window, clipped out of its scroll area)
and a stop whose focused look is its unfocused look (no focus ring).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionFrame,
    QTextEdit,
    QWidget,
)

from .common import in_scrolled_content, is_stop, path, rect_in_window, rect_text, shown_rect

MIN_SHOWN = QPoint(40, 16)  # a focus stop shows at least this much of itself (or all of it, when smaller)


def stops(window: QWidget) -> list[QWidget]:
    """The window's tab stops.

    Found with ``findChildren``, never by following ``nextInFocusChain()``: PySide makes each widget that
    call returns a child of the caller's Python wrapper, and deleting the caller later invalidates wrappers
    the application still holds (its menus, for one).
    """
    return [w for w in window.findChildren(QWidget) if is_stop(w) and w.window() is window]


def next_stop(window: QWidget) -> QWidget | None:
    """Move the focus on to the stop after the focused one, as Qt's focus chain says, without a key press
    (to go on past a trap, or to take the first stop); returns the stop that has the focus now."""
    window.focusNextPrevChild(True)
    QApplication.processEvents()
    return focus_stop()


def focus_stop() -> QWidget | None:
    """The widget holding the keyboard focus, seen through focus proxies."""
    widget = QApplication.focusWidget()
    while widget is not None and widget.focusProxy() is not None:
        widget = widget.focusProxy()
    return widget


def _text_area(widget: QWidget) -> QRect | None:
    """Where a text field shows its text, cursor and selection (None: ``widget`` is no text field)."""
    if isinstance(widget, QLineEdit):
        option = QStyleOptionFrame()
        widget.initStyleOption(option)
        return widget.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, widget)
    inner = widget.lineEdit() if isinstance(widget, (QAbstractSpinBox, QComboBox)) else None
    if inner is not None:
        return inner.geometry()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return widget.viewport().geometry()
    return None


def _look(widget: QWidget) -> QImage:
    """How ``widget`` looks, its text area (a blinking cursor, text selected on focus) painted over: a focus
    ring must show around the text, not only in it."""
    image = widget.grab().toImage()
    area = _text_area(widget)
    if area is not None:
        painter = QPainter(image)
        painter.fillRect(area, QColor("#ff00ff"))
        painter.end()
    return image


def shown_problem(widget: QWidget) -> str | None:
    """Why a focused ``widget`` cannot be seen (None: it can)."""
    window = widget.window()
    if not widget.isVisible():
        return "not visible"
    if widget.width() <= 0 or widget.height() <= 0:
        return f"zero size ({widget.width()}×{widget.height()})"
    mapped = rect_in_window(widget)
    if not window.rect().contains(mapped):
        where = "scrolled out of view" if in_scrolled_content(widget) is not None else "outside the window"
        return f"{where} ({rect_text(mapped)} in a {window.width()}×{window.height()} window)"
    shown = shown_rect(widget)
    if shown.width() < min(widget.width(), MIN_SHOWN.x()) or shown.height() < min(widget.height(), MIN_SHOWN.y()):
        return f"clipped out of view (only {rect_text(shown)} of {rect_text(mapped)} shows)"
    return None


def walk_tab_order(window: QWidget) -> list[str]:
    """Press Tab from the first stop round the whole window; report traps, stops never reached, stops that
    cannot be seen and stops whose focused look is the same as their unfocused look.

    A trap is a stop that Tab does not leave, or a round of stops that Tab keeps going through without coming
    back to the first one; the walk notes it and goes on from the stop after it, so one trap does not hide
    the rest.
    """
    expected = stops(window)
    if not expected:
        return ["the window has no tab stop at all"]
    problems: list[str] = []
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()
    first = next_stop(window)
    if first is None or first not in expected:
        return [f"the focus chain does not start at a stop ({path(first) if first else 'nothing focused'})"]
    visited: list[QWidget] = [first]
    looks: dict[int, QImage] = {id(first): _look(first)}
    why = shown_problem(first)
    if why is not None:
        problems.append(f"invisible stop: {path(first)} is {why}")
    for _press in range(2 * len(expected) + 5):
        before, focused = focus_stop(), QApplication.focusWidget()
        assert before is not None and focused is not None
        QTest.keyClick(focused, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = focus_stop()
        trapped = now is before or (now is not None and now is not first and now in visited)
        if now is None:
            problems.append(f"Tab from {path(before)} left no widget with the focus")
            break
        if trapped:
            if now is before:
                problems.append(f"trap: Tab does not leave {path(before)}")
            else:
                problems.append(f"trap: Tab goes back to {path(now)} from {path(before)}, not on round the window")
            now = next_stop(window)
            if now is None or now in visited:
                break
        elif looks.get(id(before)) == _look(before):
            problems.append(f"no focus ring: {path(before)} looks the same with and without the focus")
        if now is first:
            break
        visited.append(now)
        why = shown_problem(now)
        if why is not None:
            problems.append(f"invisible stop: {path(now)} is {why}")
        looks[id(now)] = _look(now)
    else:
        problems.append(f"the walk did not come back to the first stop {path(first)}")
    problems.extend(
        f"never reached by Tab: {path(w)}"
        for w in expected
        if shiboken6.isValid(w) and w.isVisible() and w not in visited
    )
    return problems
