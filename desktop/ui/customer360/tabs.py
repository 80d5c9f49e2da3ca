"""Table tabs of the 360° view: a table in a loading/error/empty pane, and the timeline with its filter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import labels
from ..widgets import configure_record_table
from .models import RecordTableModel, TimelineModel

MAX_SAMPLE_WIDTH = 220
TIMELINE_CHANNELS = ("call_in", "call_out", "sms", "email", "wechat", "branch_visit", "visit", "event")


def tab_shortcuts(tabs: QTabWidget) -> list[QShortcut]:
    """Ctrl+1, Ctrl+2, … show the first, second, … tab of ``tabs``.

    They work anywhere in the window while ``tabs`` is shown.  When the focus was on the page being
    left, it moves to the tab bar (it would otherwise fall on whatever comes next in the window).
    """

    def show(index: int) -> None:
        focus = QApplication.focusWidget()
        leaving = tabs.currentWidget()
        tabs.setCurrentIndex(index)
        if focus is not None and leaving is not None and leaving.isAncestorOf(focus) and index != tabs.indexOf(leaving):
            tabs.tabBar().setFocus(Qt.FocusReason.ShortcutFocusReason)

    shortcuts = []
    for index in range(min(tabs.count(), 9)):
        shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), tabs)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda index=index: show(index))
        shortcuts.append(shortcut)
    return shortcuts


def with_shortcut(text: str, shortcut: QShortcut) -> str:
    """``text (Ctrl+2)``: a tooltip naming the shortcut as the platform writes it."""
    return f"{text} ({shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)})"


class RecordTable(QTableView):
    """Read-only table: whole rows, fixed row heights, widths from sample texts, one stretching column."""

    def __init__(
        self,
        model: RecordTableModel,
        stretch_column: int,
        parent: QWidget | None = None,
        *,
        hide_order: tuple[int, ...] = (),
    ) -> None:
        super().__init__(parent)
        self._stretch = stretch_column
        self._hide_order = hide_order
        self.setModel(model)
        configure_record_table(self)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.apply_metrics()

    def apply_metrics(self) -> None:
        """Row height and column widths from the font."""
        metrics = QFontMetrics(self.font())
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Sample-text widths; when narrow, drop the least important columns (``hide_order``) first.

        The stretch column takes what is left, but never less than half its sample width; whatever
        still does not fit elides (with the full text in the tooltip) rather than scrolling sideways.
        """
        model = self.model()
        if not isinstance(model, RecordTableModel):
            return
        metrics = QFontMetrics(self.font())
        widths = [
            min(
                MAX_SAMPLE_WIDTH,
                max(metrics.horizontalAdvance(text) for text in c.samples() or [""]),
            )
            for c in model.columns
        ]
        widths = [
            max(w, metrics.horizontalAdvance(model.headerData(i, Qt.Orientation.Horizontal) or "")) + 28
            for i, w in enumerate(widths)
        ]
        available = (self.viewport().width() or self.width()) - 2
        hidden: set[int] = set()
        stretch_min = widths[self._stretch] // 2
        total = sum(w for i, w in enumerate(widths) if i != self._stretch) + stretch_min
        for col in self._hide_order:
            if total <= available:
                break
            hidden.add(col)
            total -= widths[col]
        others = sum(w for i, w in enumerate(widths) if i != self._stretch and i not in hidden)
        header = self.horizontalHeader()
        for i, width in enumerate(widths):
            self.setColumnHidden(i, i in hidden)
            if i == self._stretch:
                width = max(stretch_min, available - others)
            header.resizeSection(i, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.apply_metrics()
        elif event.type() == QEvent.Type.LanguageChange:
            self.fit_columns()


class TimelinePanel(QWidget):
    """Channel filter, the timeline table and a footer saying how much is loaded.

    Signals:
        channel_changed(object): the filter changed (a channel code or None).
    """

    channel_changed = Signal(object)

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.caption = QLabel(self)
        self.channel = QComboBox(self)
        self.channel.setObjectName("channelFilter")
        self.channel.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table = RecordTable(model, stretch_column=3, parent=self, hide_order=(2, 5, 4))
        self.table.setObjectName("timelineTable")
        self.footer = QLabel(self)
        self.footer.setObjectName("muted")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.caption)
        bar.addWidget(self.channel)
        bar.addStretch(1)
        bar.addWidget(self.footer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.channel.currentIndexChanged.connect(self._changed)
        model.rowsInserted.connect(self._update_footer)
        model.modelReset.connect(self._update_footer)
        model.loading_changed.connect(self._update_footer)
        self.retranslate()

    def current_channel(self) -> str | None:
        """The selected channel code, None for all."""
        data = self.channel.currentData()
        return data or None

    def set_channel(self, code: str | None) -> None:
        """Select a channel (None: all)."""
        index = self.channel.findData(code or "")
        self.channel.setCurrentIndex(max(0, index))

    def _changed(self, _index: int) -> None:
        self.channel_changed.emit(self.current_channel())

    def _update_footer(self, *_args: object) -> None:
        count = self.model.rowCount()
        if self.model.loading and count:
            text = self.tr("{count} loaded · loading more…").format(count=count)
        elif self.model.at_end:
            text = self.tr("{count} contacts").format(count=count)
        else:
            text = self.tr("{count} loaded · scroll for more").format(count=count)
        self.footer.setText(text)

    def retranslate(self) -> None:
        """Texts, keeping the selected channel."""
        current = self.current_channel()
        self.caption.setText(self.tr("Channel"))
        self.channel.blockSignals(True)
        self.channel.clear()
        self.channel.addItem(self.tr("All channels"), "")
        for code in TIMELINE_CHANNELS:
            self.channel.addItem(labels.channel(code), code)
        self.channel.setCurrentIndex(max(0, self.channel.findData(current or "")))
        self.channel.blockSignals(False)
        self._update_footer()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
