"""The search panel: one box for every identifier, a lazy result table and self-explaining empty states."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager

from .. import labels
from ..badge import BadgeDelegate, colour_role_badge
from ..widgets import StatePane, configure_record_table
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


class ResultTable(QTableView):
    """The result table: fixed row heights, whole-row selection; Enter or double-click opens a row."""

    open_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doubleClicked.connect(self.open_requested)
        self.setObjectName("searchResults")
        configure_record_table(self)  # uniform row heights: no per-row sizing
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setItemDelegateForColumn(
            COL_TIER, BadgeDelegate(colour_role_badge(SearchResultModel.BadgeColorRole), self)
        )
        self.apply_metrics()

    def apply_metrics(self) -> None:
        """Row height and column widths from the current font."""
        metrics = QFontMetrics(self.font())
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        self.fit_columns()

    def preferred_widths(self) -> dict[int, int]:
        """Widths each column needs for typical content."""
        m = QFontMetrics(self.font())
        pad = 30

        def widest(texts: list[str]) -> int:
            return max(m.horizontalAdvance(t) for t in texts)

        tiers = [labels.tier_badge(code, 5) for code in ("mass", "affluent", "gold", "platinum", "diamond", "private")]
        return {
            COL_NAME: m.horizontalAdvance("欧阳晓明明") + pad,
            COL_PHONE: m.horizontalAdvance("138****0000") + pad,
            COL_ID: m.horizontalAdvance("110***********123X") + pad,
            COL_TIER: widest(tiers) + pad + 16,
            COL_LIFECYCLE: widest(labels.all_labels(labels.LIFECYCLE)) + pad,
            COL_BRANCH: m.horizontalAdvance("上海陆家嘴支行") + pad,
            COL_MANAGER: m.horizontalAdvance("欧阳晓明") + pad,
        }

    def fit_columns(self) -> None:
        """Show as many columns as fit (dropping the least important), giving spare width to the name."""
        if self.model() is None:
            return
        widths = self.preferred_widths()
        available = self.viewport().width() or self.width()
        hidden: set[int] = set()
        total = sum(widths.values())
        for col in HIDE_ORDER:
            if total <= available:
                break
            hidden.add(col)
            total -= widths[col]
        header = self.horizontalHeader()
        spare = max(0, available - total)
        for col in range(len(COLUMNS)):
            self.setColumnHidden(col, col in hidden)
            if col in hidden:
                continue
            extra = spare if col == COL_NAME else 0
            header.resizeSection(col, widths[col] + extra)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

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
        self.hint = QLabel(self)
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
        self.hint.setText(self.tr("Searching…"))

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
            self.table.selectRow(0)
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
        self.hint.setText(self.tr("Some rows could not be loaded. Scroll to try again."))

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
                self.table.selectRow(0)

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
                self.table.selectRow(0)
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
            self.hint.setText(self.tr("Enter opens a customer · ↓ moves into the results · Ctrl+F comes back here"))
            self.pane.show_empty(
                self.tr("Type a phone number, name or other identifier to start"),
                self.tr("Accepted: phone, name, pinyin or initials, ID last 4–6, CIF, account or card number")
                + "\n"
                + self.tr("Examples: 13812345678 · 张伟 · zhangwei · zw · 1234 · CIF000000000123"),
            )
        elif self._state == "nomatch":
            self.hint.setText(self.tr("Searched by {kind}").format(kind=labels.label(labels.SEARCH_KINDS, result.kind)))
            self.pane.show_empty(
                self.tr("No matching customer"),
                self.tr(
                    "Check the input, or try another identifier such as the phone number or the last 4–6 characters of the ID."  # noqa: E501
                ),
            )
        elif self._state == "invalid":
            message = labels.label(labels.SEARCH_MESSAGES, result.message) if result.message else ""
            self.hint.setText(self.tr("Input not recognised"))
            self.pane.show_empty(self.tr("Cannot search for this input"), message or self.tr("Check the input."))
        elif self._state == "error":
            self.hint.setText(self.tr("Search failed"))
            self.pane.show_error(
                self.tr("The search failed ({error}). Check the connection and try again.").format(
                    error=type(self._error).__name__ if self._error else ""
                )
            )
        elif self._state in ("results", "searching") and result is not None and result.ids:
            count = len(result.ids)
            kind = labels.label(labels.SEARCH_KINDS, result.kind)
            if result.truncated:
                self.hint.setText(
                    self.tr("Searched by {kind} · first {count} customers").format(kind=kind, count=count)
                )
                self.banner.setText(
                    self.tr("Too many results: only the first {count} are shown. Please type more.").format(count=count)
                )
                self.banner.show()
            else:
                self.hint.setText(self.tr("Searched by {kind} · {count} customers").format(kind=kind, count=count))
            self.pane.show_content()

    def retranslate(self) -> None:
        """All visible texts in the current language."""
        self.title.setText(self.tr("Find a customer"))
        self.box.setPlaceholderText(self.tr("Phone / name / pinyin / ID last 4–6 / CIF / account or card no."))
        self.model.retranslate()
        self.table.fit_columns()
        if self._state != "searching":
            self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
