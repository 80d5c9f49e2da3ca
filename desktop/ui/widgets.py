"""Small widgets shared by the screens: elided labels, badges and chips, and a loading/error/content pane."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .accessibility import tip_when_cut


class OneOf(QObject):
    """Checkable buttons of which at most one is checked — each its own Tab stop.

    What a touch screen needs from radio buttons, with the keyboard of ordinary buttons: a ``QButtonGroup``
    (exclusive or not) makes its buttons a single Tab stop, which leaves a keyboard user only the arrow keys.
    The subset of ``QButtonGroup`` the lobby uses: ``addButton``, ``removeButton``, ``checkedButton``,
    ``checkedId``, ``buttonToggled``, ``setExclusive`` (off for a moment: to clear the choice).
    """

    buttonToggled = Signal(object, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buttons: list[tuple[QAbstractButton, int]] = []
        self._exclusive = True

    def addButton(self, button: QAbstractButton, id: int = -1) -> None:
        button.setCheckable(True)
        self._buttons.append((button, id))
        button.toggled.connect(lambda on, b=button: self._toggled(b, on))

    def removeButton(self, button: QAbstractButton) -> None:
        self._buttons = [(b, i) for b, i in self._buttons if b is not button]

    def setExclusive(self, exclusive: bool) -> None:
        self._exclusive = exclusive

    def checkedButton(self) -> QAbstractButton | None:
        return next((b for b, _i in self._buttons if b.isChecked()), None)

    def checkedId(self) -> int:
        return next((i for b, i in self._buttons if b.isChecked()), -1)

    def _toggled(self, button: QAbstractButton, on: bool) -> None:
        if self._exclusive:
            if on:
                for other, _i in self._buttons:
                    if other is not button and other.isChecked():
                        other.setChecked(False)
            elif self.checkedButton() is None:  # a click on the chosen one keeps it chosen
                button.blockSignals(True)
                button.setChecked(True)
                button.blockSignals(False)
                return
        self.buttonToggled.emit(button, on)


def record_table(parent: QWidget, name: str, columns: int) -> Any:
    """A read-only QTableWidget of records (:func:`configure_record_table`) whose columns the user may widen,
    the last one taking the rest of the width."""
    from PySide6.QtWidgets import QTableWidget

    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    configure_record_table(table)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: Any, rows: Any, *, keep_selection: bool = True, widest: int | None = None) -> None:
    """Put ``rows`` (rows of texts) in a :func:`record_table`, each cell with itself as tooltip; the columns but
    the last fit their contents (at most ``widest`` px).  Without ``keep_selection`` the selection is cleared."""
    from PySide6.QtWidgets import QTableWidgetItem

    table.blockSignals(True)
    if not keep_selection:
        table.clearSelection()
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.blockSignals(False)
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)
        if widest is not None:
            table.setColumnWidth(column, min(table.columnWidth(column), widest))


def set_header_labels(table: Any, labels: list[str]) -> None:
    """A QTableWidget's column titles, each with itself as tooltip (a narrow column elides its title)."""
    table.setHorizontalHeaderLabels(labels)
    for column, text in enumerate(labels):
        item = table.horizontalHeaderItem(column)
        if item is not None:
            item.setToolTip(text)


class DateField(QDateEdit):
    """A date box that Tab leaves at once (a plain QDateEdit spends Tab on its year, month and day sections,
    which traps a keyboard user; the arrow keys still move between the sections)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class ElidedLabel(QLabel):
    """A one-line label that elides text that does not fit and shows the whole text as tooltip."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = mode
        self._tooltip_extra = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(24)
        self.setFullText(text)

    def fullText(self) -> str:
        """The text before eliding."""
        return self._full

    def setFullText(self, text: str, tooltip: str = "") -> None:
        """Set the text; ``tooltip`` is shown in addition to the full text when elided."""
        self._full = text or ""
        self._tooltip_extra = tooltip
        self._relayout()

    def isElided(self) -> bool:
        """True when the text shown is shorter than the full text."""
        return self.text() != self._full

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = QFontMetrics(self.font()).horizontalAdvance(self._full) + 2 * self.margin() + 4
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._relayout()

    def _relayout(self) -> None:
        available = max(0, self.contentsRect().width() - 2 * self.margin())
        shown = QFontMetrics(self.font()).elidedText(self._full, self._mode, available) if available else self._full
        super().setText(shown)
        parts = []
        if shown != self._full:
            parts.append(self._full)
        if self._tooltip_extra:
            parts.append(self._tooltip_extra)
        self.setToolTip("\n".join(parts))


class Badge(QLabel):
    """A small rounded, coloured label (tier, VIP level, status)."""

    def __init__(self, text: str = "", color: str = "#5b6b7f", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("badge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setColor(color)

    def setColor(self, color: str, text_color: str = "#ffffff") -> None:
        """Background and text colours."""
        self.setStyleSheet(
            f"QLabel#badge {{ background: {color}; color: {text_color}; border-radius: 9px;"
            " padding: 1px 8px; font-weight: 600; }"
        )


class Chip(QFrame):
    """An alert chip: a coloured dot and a short text, e.g. "2 open complaints"."""

    LEVEL_COLORS: ClassVar[dict[str, str]] = {
        "danger": "#c0392b",
        "warning": "#b9770e",
        "info": "#1f6fb2",
        "ok": "#2e7d32",
        "muted": "#7b8794",
    }

    def __init__(self, text: str = "", level: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chip")
        self._label = QLabel(text, self)
        self._label.setObjectName("chipText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 10, 2)
        layout.setSpacing(6)
        self._dot = _Dot(self)
        layout.addWidget(self._dot)
        layout.addWidget(self._label)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set(text, level)

    def text(self) -> str:
        """The chip's text."""
        return self._label.text()

    def set(self, text: str, level: str = "info", tooltip: str = "") -> None:
        """Change text, level and tooltip."""
        color = self.LEVEL_COLORS.get(level, self.LEVEL_COLORS["info"])
        self._label.setText(text)
        self._dot.color = QColor(color)
        self.setProperty("level", level)
        self.setToolTip(tooltip)
        self.setAccessibleName(text)  # what a screen reader says for a chip that takes the focus
        c = QColor(color)
        self.setStyleSheet(
            f"QFrame#chip {{ border: 1px solid {color}; border-radius: 10px;"
            f" background: rgba({c.red()}, {c.green()}, {c.blue()}, 22); }}"
            f" QLabel#chipText {{ color: {color}; }}"
        )
        self._dot.update()


class _Dot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = QColor("#1f6fb2")
        self.setFixedSize(8, 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.color)
        painter.drawEllipse(self.rect())


class EmptyState(QWidget):
    """A friendly centred message: a title and an explanation."""

    def __init__(self, title: str = "", detail: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel(title, self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.detail = QLabel(detail, self)
        self.detail.setObjectName("emptyDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(6)
        layout.addWidget(self.detail)
        layout.addStretch(3)

    def set(self, title: str, detail: str = "") -> None:
        """Change both texts."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


class StatePane(QStackedWidget):
    """Loading state, then content, or an inline error with a retry button, or an empty state.

    ``retry`` is emitted when the person asks to try again.
    """

    retry = Signal()

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self._loading = QWidget(self)
        self._loading.setObjectName("loadingState")
        self.loading_label = QLabel(self._loading)
        self.loading_label.setObjectName("loadingLabel")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar(self._loading)
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setFixedSize(160, 4)
        lay = QVBoxLayout(self._loading)
        lay.addStretch(2)
        lay.addWidget(self.loading_label)
        lay.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(3)

        self._error = QWidget(self)
        self._error.setObjectName("errorState")
        self.error_label = QLabel(self._error)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.setWordWrap(True)
        self.retry_button = QPushButton(self._error)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.retry)
        elay = QVBoxLayout(self._error)
        elay.addStretch(2)
        elay.addWidget(self.error_label)
        elay.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignHCenter)
        elay.addStretch(3)

        self.empty = EmptyState(parent=self)
        for page in (self._loading, content, self._error, self.empty):
            self.addWidget(page)
        self.retranslate()
        self.setCurrentWidget(self.empty)

    @property
    def state(self) -> str:
        """``loading``, ``content``, ``error`` or ``empty``."""
        current = self.currentWidget()
        if current is self._loading:
            return "loading"
        if current is self._error:
            return "error"
        if current is self.empty:
            return "empty"
        return "content"

    def show_loading(self) -> None:
        """Show the loading indicator."""
        self.setCurrentWidget(self._loading)

    def show_content(self) -> None:
        """Show the content widget."""
        self.setCurrentWidget(self.content)

    def show_error(self, message: str) -> None:
        """Show ``message`` with a retry button."""
        self.error_label.setText(message)
        self.setCurrentWidget(self._error)

    def show_failure(self, exc: BaseException) -> None:
        """Show an error for a failed load (the details are in the log)."""
        from .i18n import error_text

        if isinstance(exc, LookupError):
            self.show_error(self.tr("This customer no longer exists."))
        elif hasattr(exc, "zh") and hasattr(exc, "en"):  # a refusal (permission, scope): say why
            self.show_error(error_text(exc))
        else:
            self.show_error(
                self.tr("Could not load the data ({error}). Check the connection and try again.").format(
                    error=type(exc).__name__
                )
            )

    def show_empty(self, title: str, detail: str = "") -> None:
        """Show an empty state."""
        self.empty.set(title, detail)
        self.setCurrentWidget(self.empty)

    def retranslate(self) -> None:
        """Texts of the loading and error pages."""
        self.loading_label.setText(self.tr("Loading…"))
        self.retry_button.setText(self.tr("Retry"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def clear_layout(layout: QHBoxLayout | QVBoxLayout) -> None:
    """Remove and delete every item of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)  # type: ignore[arg-type]


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping to the next line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        parent = self.parentWidget()
        for item in self._items:
            widget = item.widget()
            if widget is not None and parent is not None and not widget.isVisibleTo(parent):
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class Card(QFrame):
    """A white panel with a title, used on the overview; ``expand`` lets the body take the height."""

    def __init__(self, parent: QWidget | None = None, *, expand: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel(self)
        self.title.setObjectName("cardTitle")
        tip_when_cut(self.title)  # a title squeezed by a narrow card says itself in full in a tooltip
        self.body = QVBoxLayout()
        self.body.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(self.body, 1 if expand else 0)
        if not expand:
            layout.addStretch(1)


def configure_record_table(view: QTableView) -> None:
    """The settings every read-only record list shares: whole-row single selection, no editing,
    no grid, elided single-line cells, pixel scrolling and fixed row heights (no per-row sizing).
    Tab leaves the list for the next control (arrows move between rows), never from cell to cell."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vheader = view.verticalHeader()
    vheader.setVisible(False)
    vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
