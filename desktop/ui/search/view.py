"""The search panel: one box for every identifier, a lazy result table and self-explaining empty states."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager

from .. import labels
from ..badge import BadgeDelegate, BadgeLook, colour_role_badge
from ..widgets import ElidedLabel, StatePane, configure_record_table
from .model import (
    COL_BRANCH,
    COL_ID,
    COL_LIFECYCLE,
    COL_MANAGER,
    COL_NAME,
    COL_PHONE,
    COL_TIER,
    COLUMNS,
    SearchResultModel,
)

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
# Columns dropped first when the panel is narrow (the name tooltip still tells branch and manager).
HIDE_ORDER = (COL_MANAGER, COL_BRANCH, COL_LIFECYCLE)
# Then the columns that give up width, one after the other down to their minimum: the ID number (it keeps
# its last characters), the name (names are short), the tier (its name is cut before its VIP level).
SHRINK_ORDER = (COL_ID, COL_NAME, COL_TIER)
TEXT_PAD = 24  # the cell's padding (8 px each side in the style sheet), the style's text margins, a little air
BADGE_PAD = 2 * BadgeDelegate.H_PAD + 12  # the badge's own padding, its margins and a little air
HEADER_PAD = 24  # the header section's padding (8 px each side) and a little air

_Move = QAbstractItemView.CursorAction


class TailElideDelegate(QStyledItemDelegate):
    """Elides a cell's text on the left, so that what ends it (an ID number's last characters) stays."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft  # type: ignore[attr-defined]


class ResultTable(QTableView):
    """The result table: one row per customer, whole-row selection, fixed row heights.

    Keys: Up/Down/PgUp/PgDn/Home/End move between rows, Enter (or a double-click) opens the row, Tab and
    Shift+Tab leave the table. The view never scrolls sideways: the columns shown always fit its width.
    """

    open_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doubleClicked.connect(self.open_requested)
        self.setObjectName("searchResults")
        configure_record_table(self)  # uniform row heights: no per-row sizing
        self.setTabKeyNavigation(False)  # Tab goes on to the next control, never from cell to cell
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalScrollBar().valueChanged.connect(self._keep_left_edge)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._badge = colour_role_badge(SearchResultModel.BadgeColorRole)
        self.setItemDelegateForColumn(COL_TIER, BadgeDelegate(self._tier_badge, self))
        self.setItemDelegateForColumn(COL_ID, TailElideDelegate(self))
        self.apply_metrics()

    def _tier_badge(self, index: QModelIndex | QPersistentModelIndex) -> BadgeLook | None:
        """The tier badge; in a narrow column the tier's name is cut, never its VIP level."""
        look = self._badge(index)
        vip = index.data(SearchResultModel.VipRole)
        if look is None or not vip:
            return look
        metrics = QFontMetrics(self.font())
        room = self.columnWidth(COL_TIER) - BADGE_PAD + 2
        if metrics.horizontalAdvance(look.text) <= room:
            return look
        suffix = labels.tier_badge(None, int(vip))  # " · VIP3" (no tier)
        tier = labels.tier(index.data(SearchResultModel.TierRole))
        short = metrics.elidedText(tier, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(suffix))
        readable = min(len(tier), 2 if not tier.isascii() else 4)  # "私人…", "Affl…"; less says nothing
        if len(short.removesuffix("…")) >= readable:
            return BadgeLook(short + suffix, look.color, look.outlined)
        # No room for the tier's name: the badge's colour tells it, the tooltip says it.
        return BadgeLook(suffix.strip(" ·"), look.color, look.outlined)

    def apply_metrics(self) -> None:
        """Row height and column widths from the current font."""
        metrics = QFontMetrics(self.font())
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        self.fit_columns()

    def preferred_widths(self) -> dict[int, int]:
        """Widths each column needs for typical content."""
        m = QFontMetrics(self.font())

        def widest(texts: list[str]) -> int:
            return max(m.horizontalAdvance(t) for t in texts)

        tiers = [labels.tier_badge(code, 5) for code in ("mass", "affluent", "gold", "platinum", "diamond", "private")]
        content = {
            COL_NAME: m.horizontalAdvance("欧阳晓明明") + TEXT_PAD,
            COL_PHONE: m.horizontalAdvance("188****8888") + TEXT_PAD,
            COL_ID: m.horizontalAdvance("888***********888X") + TEXT_PAD,
            COL_TIER: widest(tiers) + BADGE_PAD,
            COL_LIFECYCLE: widest(labels.all_labels(labels.LIFECYCLE)) + TEXT_PAD,
            COL_BRANCH: m.horizontalAdvance("上海陆家嘴支行") + TEXT_PAD,
            COL_MANAGER: m.horizontalAdvance("欧阳晓明") + TEXT_PAD,
        }
        headers = self.header_widths()
        return {col: max(width, headers.get(col, 0)) for col, width in content.items()}

    def header_widths(self) -> dict[int, int]:
        """What each column's title needs (titles are bold)."""
        model = self.model()
        if model is None:
            return {}
        bold = self.horizontalHeader().font()
        bold.setBold(True)
        m = QFontMetrics(bold)
        return {
            col: m.horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal) or "")) + HEADER_PAD
            for col in range(len(COLUMNS))
        }

    def minimum_widths(self) -> dict[int, int]:
        """The least width of the columns that give way (never less than their titles): a three-character
        name, an ID number's last characters, the VIP level (the tier's name is cut first, then left out)."""
        m = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)  # the open customer's name is bold
        headers = self.header_widths()
        least = {
            COL_NAME: QFontMetrics(bold).horizontalAdvance("张晓明") + TEXT_PAD,
            COL_ID: m.horizontalAdvance("…**888X") + TEXT_PAD,
            COL_TIER: m.horizontalAdvance("VIP5") + BADGE_PAD,
        }
        return {col: max(width, headers.get(col, 0)) for col, width in least.items()}

    def column_widths(self, available: int) -> dict[int, int]:
        """The width of each column shown in ``available`` pixels (hidden columns are left out).

        Columns are dropped in ``HIDE_ORDER`` until the rest fit; if they still do not, the columns of
        ``SHRINK_ORDER`` give up width in that order, each down to its minimum. Spare width goes to the name.
        """
        widths = self.preferred_widths()
        total = sum(widths.values())
        for col in HIDE_ORDER:
            if total <= available:
                break
            total -= widths.pop(col)
        if total <= available:
            widths[COL_NAME] += available - total
            return widths
        minimum = self.minimum_widths()
        excess = total - available
        for col in SHRINK_ORDER:
            cut = min(excess, max(0, widths[col] - minimum[col]))
            widths[col] -= cut
            excess -= cut
        return widths

    def fit_columns(self) -> None:
        """Show as many columns as fit (dropping the least important), giving spare width to the name."""
        if self.model() is None:
            return
        available = self.viewport().width() or self.width()
        widths = self.column_widths(available)
        header = self.horizontalHeader()
        for col in range(len(COLUMNS)):
            self.setColumnHidden(col, col not in widths)
            if col in widths:
                header.resizeSection(col, widths[col])
        self._keep_left_edge()

    def _keep_left_edge(self, _value: int = 0) -> None:
        """The name column stays in sight: the view is never scrolled sideways."""
        bar = self.horizontalScrollBar()
        if bar.value() != bar.minimum():
            bar.setValue(bar.minimum())

    def moveCursor(self, cursorAction: _Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keys move between rows only; the current cell stays in the name column."""
        current = self.currentIndex()
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if model is None or not rows:
            return super().moveCursor(cursorAction, modifiers)
        if cursorAction in (_Move.MoveLeft, _Move.MoveRight, _Move.MoveNext, _Move.MovePrevious):
            return model.index(current.row(), COL_NAME) if current.isValid() else model.index(0, COL_NAME)
        if cursorAction == _Move.MoveHome:
            return model.index(0, COL_NAME)
        if cursorAction == _Move.MoveEnd:
            return model.index(rows - 1, COL_NAME)
        moved = super().moveCursor(cursorAction, modifiers)
        return model.index(moved.row(), COL_NAME) if moved.isValid() else moved

    def select_row(self, row: int) -> None:
        """Make ``row`` the current, highlighted row and scroll it into view (not sideways)."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, COL_NAME)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:  # e.g. the vertical scroll bar came or went
            self.fit_columns()
        return handled

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.apply_metrics()


class SearchPanel(QWidget):
    """Search box, recognised-input hint, results or an empty state.

    Signals:
        customer_opened(int): Enter or double-click on a result (or Enter on a unique result).
        result_shown(object): a search result was displayed (the SearchResult).
    """

    customer_opened = Signal(int)
    result_shown = Signal(object)

    def __init__(self, tasks: TaskManager, search: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self._tasks = tasks
        self._search = search
        self._state = "start"
        self._last_result: Any = None
        self._error: BaseException | None = None
        self._open_when_unique = False
        self._pending_text: str | None = None
        self._key = f"search-{id(self)}"

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(80)
        self.hint = ElidedLabel(parent=self)  # one line: a narrow panel elides it (the tooltip tells all)
        self.hint.setObjectName("searchHint")
        self.banner = QLabel(self)
        self.banner.setObjectName("truncatedBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.model = SearchResultModel(tasks, search, parent=self)
        self.model.on_fetch_failed(self._rows_failed)
        self.table = ResultTable(self)
        self.table.setModel(self.model)
        self.table.fit_columns()
        results = QFrame(self)
        results.setObjectName("resultsFrame")
        rlay = QVBoxLayout(results)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.setSpacing(6)
        rlay.addWidget(self.banner)
        rlay.addWidget(self.table)
        self.pane = StatePane(results, self)
        self.pane.retry.connect(self._retry)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 6, 8)
        layout.setSpacing(6)
        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.title.setBuddy(self.box)  # screen readers name the search box by the panel's title
        layout.addWidget(self.title)
        layout.addWidget(self.box)
        layout.addWidget(self.hint)
        layout.addWidget(self.pane, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_pending)
        self.box.textChanged.connect(self._text_changed)
        self.box.returnPressed.connect(self._return_pressed)
        self.box.installEventFilter(self)
        self.table.open_requested.connect(self._activated)
        self.retranslate()
        self._render()

    # -- public API -------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``start``, ``searching``, ``results``, ``nomatch``, ``invalid`` or ``error``."""
        return self._state

    @property
    def last_result(self) -> Any:
        """The SearchResult shown, if any."""
        return self._last_result

    def search_now(self, text: str) -> None:
        """Put ``text`` in the box and search at once (no debounce)."""
        self.box.blockSignals(True)
        self.box.setText(text)
        self.box.blockSignals(False)
        self._debounce.stop()
        self._start(text)

    def focus_box(self) -> None:
        """Put the cursor in the search box, text selected."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def invalidate(self) -> None:
        """Customer data changed elsewhere: refetch visible rows."""
        self.model.invalidate()

    def mark_open(self, customer_id: int | None) -> None:
        """``customer_id`` is the customer on screen (None: nobody): its row is marked and highlighted."""
        self.model.set_open_customer(customer_id)
        row = None if customer_id is None else self.model.row_of(customer_id)
        if row is None:  # someone not among the results (a popped call) or nobody: no other row stays highlighted
            self.table.clearSelection()
        elif self.table.currentIndex().row() != row:
            self.table.select_row(row)

    # -- searching --------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self._pending_text = text
        self._open_when_unique = False
        if not text.strip():
            self._debounce.stop()
            self._tasks.supersede(self._key)
            self._show_start()
            return
        self._debounce.start()

    def _run_pending(self) -> None:
        if self._pending_text is not None:
            self._start(self._pending_text)

    def _start(self, text: str) -> None:
        self._pending_text = None
        if not text.strip():
            self._tasks.supersede(self._key)
            self._show_start()
            return
        search = self._search
        page = self.model._page_size

        def work() -> tuple[Any, dict[int, Any]]:
            result = search.search(text)
            rows = search.fetch_rows(result.ids[:page]) if result.ids else {}
            return result, rows

        self._state = "searching"
        self.hint.setFullText(self.tr("Searching…"))

        def cancel() -> None:
            stop = getattr(search, "cancel", None)  # resolved only when needed
            if stop is not None:
                stop()

        self._tasks.run_db(
            work,
            on_success=self._show_result,
            on_failure=self._search_failed,
            key=self._key,
            cancel=cancel,
            owner=self,
            label="search",
        )

    def _show_result(self, payload: tuple[Any, dict[int, Any]]) -> None:
        result, rows = payload
        self._last_result = result
        self._error = None
        if result.kind == "empty":
            self._show_start()
            return
        if result.kind == "invalid":
            self._state = "invalid"
            self.model.clear()
        elif not result.ids:
            self._state = "nomatch"
            self.model.clear()
        else:
            self._state = "results"
            self.model.set_ids(result.ids, rows)
            self.table.scrollToTop()
            self.table.select_row(0)
        self._render()
        self.result_shown.emit(result)
        if self._open_when_unique:
            self._open_when_unique = False
            if len(result.ids) == 1:
                self.customer_opened.emit(result.ids[0])
            elif result.ids:
                self.table.setFocus()

    def _search_failed(self, exc: BaseException) -> None:
        log.warning("search failed: %r", exc)
        self._state = "error"
        self._error = exc
        self._render()

    def _rows_failed(self, exc: BaseException) -> None:
        log.warning("fetching result rows failed: %r", exc)
        self.hint.setFullText(self.tr("Some rows could not be loaded. Scroll to try again."))

    def _retry(self) -> None:
        self._start(self.box.text())

    def _show_start(self) -> None:
        self._state = "start"
        self._last_result = None
        self.model.clear()
        self._render()

    # -- keys and activation ----------------------------------------------------------------------

    def _return_pressed(self) -> None:
        if self._debounce.isActive() or self._state == "searching":
            self._open_when_unique = True
            if self._debounce.isActive():
                self._debounce.stop()
                self._run_pending()
            return
        if self._state == "results":
            rows = self.model.rowCount()
            current = self.table.currentIndex()
            if rows == 1:
                self._activated(self.model.index(0, 0))
            elif current.isValid():
                self._activated(current)
            else:
                self.table.setFocus()
                self.table.select_row(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.select_row(0)
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        cid = self.model.customer_id(index.row()) if index.isValid() else None
        if cid is not None:
            self.customer_opened.emit(cid)

    # -- texts ------------------------------------------------------------------------------------

    def _render(self) -> None:
        """Show the page and texts of the current state (also after a language switch)."""
        self.banner.hide()
        result = self._last_result
        if self._state == "start":
            self.hint.setFullText(self.tr("Enter: open · ↓: into the results · Ctrl+F: back here"))
            self.pane.show_empty(
                self.tr("Type a phone number, name or other identifier to start"),
                self.tr("Accepted: phone, name, pinyin or initials, ID last 4–6, CIF, account or card number")
                + "\n"
                + self.tr("Examples: 13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123"),
            )
        elif self._state == "nomatch":
            self.hint.setFullText(
                self.tr("Searched by {kind}").format(kind=labels.label(labels.SEARCH_KINDS, result.kind))
            )
            self.pane.show_empty(
                self.tr("No matching customer"),
                self.tr(
                    "Check the input, or try another identifier such as the phone number or the last 4–6 characters of the ID."  # noqa: E501
                ),
            )
        elif self._state == "invalid":
            message = labels.label(labels.SEARCH_MESSAGES, result.message) if result.message else ""
            self.hint.setFullText(self.tr("Input not recognised"))
            self.pane.show_empty(self.tr("Cannot search for this input"), message or self.tr("Check the input."))
        elif self._state == "error":
            self.hint.setFullText(self.tr("Search failed"))
            self.pane.show_error(
                self.tr("The search failed ({error}). Check the connection and try again.").format(
                    error=type(self._error).__name__ if self._error else ""
                )
            )
        elif self._state in ("results", "searching") and result is not None and result.ids:
            count = len(result.ids)
            kind = labels.label(labels.SEARCH_KINDS, result.kind)
            # Worded so that any count reads right (1 or 135) in every language.
            if result.truncated:
                self.hint.setFullText(
                    self.tr("Searched by {kind} · showing the first {count}").format(kind=kind, count=count)
                )
                self.banner.setText(
                    self.tr("Too many results; showing only the first {count}. Please type more.").format(count=count)
                )
                self.banner.show()
            else:
                self.hint.setFullText(self.tr("Searched by {kind} · {count} found").format(kind=kind, count=count))
            self.pane.show_content()

    def retranslate(self) -> None:
        """All visible texts in the current language."""
        self.title.setText(self.tr("Find a customer"))
        self.box.setPlaceholderText(self.tr("Phone / name / pinyin / ID last 4–6 / CIF / account or card no."))
        self.table.setAccessibleName(self.tr("Search results"))
        self.model.retranslate()
        self.table.fit_columns()
        if self._state != "searching":
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
