"""Text that does not fit, and widgets outside the window.

A label (one line: wider than its room; wrapped: taller than its height), a button, a combo box, a tab, a
line edit's placeholder, a column header or a cell of the standard delegate whose text is elided or cut off
without a tooltip carrying it; a visible widget outside the window (scrolled content aside); a scroll area
whose content is wider than it while it cannot scroll sideways; a window that cannot be made the size asked.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

from desktop.ui.widgets import ElidedLabel

from .common import carries, in_scrolled_content, path, plain, qt_inner, rect_in_window, rect_text, visible_widgets

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
PLAIN = QStyledItemDelegate
WRAP_SLACK = 2  # px a wrapped label may be shorter than its text (a descender's antialiasing, not a lost line)


def _label_needs(label: QLabel) -> int:
    text = label.text()
    if (
        GuiQt.mightBeRichText(text)
        if label.textFormat() == Qt.TextFormat.AutoText
        else label.textFormat() == Qt.TextFormat.RichText
    ):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        return int(document.idealWidth() + 0.999)
    metrics = QFontMetrics(label.font())
    shown = plain(text) if label.buddy() is not None else text
    return max(metrics.horizontalAdvance(line) for line in shown.split("\n"))


def label_problem(label: QLabel) -> str | None:
    """Why ``label`` does not show its whole text (None: it does, or its tooltip carries the text)."""
    if isinstance(label, ElidedLabel):
        if label.isElided() and not carries(label.toolTip(), label.fullText()):
            return f"elided without a tooltip: {path(label)}"
        return None
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect().width() - 2 * label.margin() - max(0, label.indent())
    if label.wordWrap():
        needed_height = label.heightForWidth(label.width())
        if needed_height > label.height() + WRAP_SLACK and not carries(label.toolTip(), text):
            return f"wrapped text cut off ({needed_height} px tall in {label.height()} px): {path(label)}"
        return None
    needed = _label_needs(label)
    if needed > room + 1 and not carries(label.toolTip(), text):
        return f"text cut off ({needed} px wide in {room} px, no tooltip): {path(label)}"
    return None


def control_problem(widget: QWidget) -> str | None:
    """Buttons, check boxes, combo boxes, tab bars and placeholders whose text does not fit."""
    if isinstance(widget, QAbstractButton):
        text = widget.text()
        if text and widget.width() < widget.sizeHint().width() and not carries(widget.toolTip(), text):
            return f"button text cut off ({widget.width()} px of {widget.sizeHint().width()}): {path(widget)}"
    elif isinstance(widget, QComboBox):
        text = widget.currentText()
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
        )
        needed = QFontMetrics(widget.font()).horizontalAdvance(text)
        if text and needed > field.width() + 1 and not carries(widget.toolTip(), text):
            return f"combo box text cut off ({needed} px in {field.width()}): {path(widget)}"
    elif isinstance(widget, QTabBar):
        for index in range(widget.count()):
            text = widget.tabText(index)
            if not widget.isTabVisible(index) or not text:
                continue
            if widget.tabRect(index).width() < widget.tabSizeHint(index).width() and not carries(
                widget.tabToolTip(index), text
            ):
                return f"tab {plain(text)!r} elided without a tooltip: {path(widget)}"
    elif isinstance(widget, QLineEdit):
        hint = widget.placeholderText()
        if hint and not widget.text():
            room = widget.width() - 2 * widget.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) - 8
            needed = QFontMetrics(widget.font()).horizontalAdvance(hint)
            if needed > room and not carries(widget.toolTip(), hint):
                return f"placeholder elided without a tooltip ({needed} px in {room}): {path(widget)}"
    return None


def _cannot_scroll_sideways(area: QScrollArea) -> bool:
    content = area.widget()
    if content is None:
        return False
    off = area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    return off and content.width() > area.viewport().width()


def _minimum_width(widget: QWidget) -> int:
    return max(widget.minimumSizeHint().width(), widget.minimumWidth())


def widest_part(window: QWidget) -> str:
    """What makes the window's minimum width: where parts sit side by side, the widest ones; and down the
    widest part, the innermost widget whose minimum makes its parent's (hidden pages of a stack count too)."""
    found: list[str] = []
    current = window
    for _level in range(30):
        children = sorted(
            (c for c in current.findChildren(QWidget, options=DIRECT) if not c.isWindow()),
            key=_minimum_width,
            reverse=True,
        )
        if not children or _minimum_width(children[0]) < 0.5 * _minimum_width(current):
            break
        if _minimum_width(children[0]) < 0.9 * _minimum_width(current):
            parts = ", ".join(f"{path(c, 1)} {_minimum_width(c)} px" for c in children[:3])
            found.append(f"{path(current, 1)} {_minimum_width(current)} px holds {parts}")
        current = children[0]
    found.append(f"innermost: {path(current)} {_minimum_width(current)} px")
    return "; ".join(found)


def header_problems(header: QHeaderView) -> Iterator[str]:
    model = header.model()
    if model is None or not header.isVisible():
        return
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.sectionSize(logical) <= 0:
            continue
        text = model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not text:
            continue
        size = header.sectionSizeFromContents(logical)
        needed = size.width()
        if header.isSortIndicatorShown() and header.sortIndicatorSection() != logical:
            # the room for the sort arrow, which only the sorted column draws
            needed -= size.height() + header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        if needed > header.sectionSize(logical):
            tip = model.headerData(logical, header.orientation(), Qt.ItemDataRole.ToolTipRole) or ""
            if not carries(str(tip), str(text)):
                yield (
                    f"column header {str(text)!r} elided without a tooltip ({needed} px in "
                    f"{header.sectionSize(logical)}): {path(header.parentWidget() or header)}"
                )


def cell_problems(view: QAbstractItemView, limit: int = 3) -> Iterator[str]:
    """Cells in view whose text is elided while the cell has no tooltip carrying it (at most ``limit``).

    Only cells drawn by the standard delegate are measured: its size hint is the width it needs for the
    whole text."""
    model = view.model()
    if model is None or isinstance(view, QHeaderView):
        return
    viewport = view.viewport().rect()
    found = 0
    top = view.indexAt(QPoint(1, 1))
    row = top.row() if top.isValid() else 0
    try:
        columns = model.columnCount(view.rootIndex())
    except TypeError:  # a list model keeps columnCount to itself: it has one column
        columns = 1
    while found < limit and row < model.rowCount(view.rootIndex()):
        first = model.index(row, 0, view.rootIndex())
        if view.visualRect(first).top() > viewport.bottom():
            break
        for column in range(columns):
            index = model.index(row, column, view.rootIndex())
            rect = view.visualRect(index)
            if rect.isEmpty() or not rect.intersects(viewport):
                continue
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text or type(view.itemDelegateForIndex(index)) is not PLAIN:
                continue  # a delegate of its own (a badge) draws, and elides, in its own way: not measured here
            needed = view.sizeHintForIndex(index).width()
            if needed > rect.width():
                tip = index.data(Qt.ItemDataRole.ToolTipRole) or ""
                if not carries(str(tip), text):
                    found += 1
                    yield f"cell {text[:30]!r} elided without a tooltip (row {row}, column {column}): {path(view)}"
        row += 1


def fit_problems(window: QWidget, size: tuple[int, int]) -> list[str]:
    """Text elided or cut off without a tooltip, and widgets (partly) outside the window, in a window that
    should be ``size``."""
    problems: list[str] = []
    if (window.width(), window.height()) != size:
        problems.append(
            f"the window cannot be {size[0]}×{size[1]}: it stays {window.width()}×{window.height()} "
            f"(its minimum is {window.minimumSizeHint().width()}×{window.minimumSizeHint().height()}; "
            f"the widest part: {widest_part(window)})"
        )
    frame = window.rect()
    for widget in visible_widgets(window):
        mapped = rect_in_window(widget)
        if in_scrolled_content(widget) is None and not frame.contains(mapped):
            problems.append(
                f"outside the window ({rect_text(mapped)} in {frame.width()}×{frame.height()}): {path(widget)}"
            )
        if isinstance(widget, QScrollArea) and _cannot_scroll_sideways(widget):
            problems.append(
                f"content wider than its {widget.viewport().width()} px scroll area, which cannot scroll sideways: "
                f"{path(widget)}"
            )
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = label_problem(widget)
        elif isinstance(widget, (QAbstractButton, QComboBox, QTabBar, QLineEdit)) and not qt_inner(widget):
            problem = control_problem(widget)
        if problem is not None:
            problems.append(problem)
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            problems.extend(header_problems(widget))
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            problems.extend(cell_problems(widget))
    return problems
