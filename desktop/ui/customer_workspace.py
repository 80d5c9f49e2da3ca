"""The customer workspace: search and results on the left, the customer's 360° view on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QWidget

from desktop.tasks import TaskManager

from .customer360 import Customer360View
from .search import SearchPanel

LEFT_SHARE = 0.4
SEARCH_MIN_WIDTH = 320  # the search side: the result columns that matter still fit (see ResultTable)
VIEW_MIN_WIDTH = 520  # the 360° view


class CustomerWorkspace(QSplitter):
    """Search and results on the left (about 40 %), the 360° view on the right."""

    def __init__(
        self,
        tasks: TaskManager,
        search: Any,
        customer360: Any,
        *,
        timeline_page_size: int = 50,
        reveal: Callable[[int, str, str, str], Any] | None = None,
        reveal_seconds: int = 60,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("customerWorkspace")
        self.setChildrenCollapsible(False)
        self.setHandleWidth(6)
        self.search = SearchPanel(tasks, search)
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.view = Customer360View(
            tasks, customer360, timeline_page_size=timeline_page_size, reveal=reveal, reveal_seconds=reveal_seconds
        )
        self.view.setMinimumWidth(VIEW_MIN_WIDTH)
        # On a short screen the 360° view scrolls instead of making the window taller than the screen.
        self.view_area = scrolling(self.view, horizontal=False)
        self.view_area.setObjectName("customerViewArea")
        self.view_area.setMinimumWidth(VIEW_MIN_WIDTH)
        self.addWidget(self.search)
        self.addWidget(self.view_area)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.search.customer_opened.connect(self.view.open_customer)
        self.view.customer_shown.connect(self.search.mark_open)  # the open customer's row stays marked
        tasks.changed.connect(self._changed)
        self._sized = False

    def apply_split(self) -> None:
        """Give the left side ``LEFT_SHARE`` of the width."""
        width = max(self.width(), 800)
        left = int(width * LEFT_SHARE)
        self.setSizes([left, width - left])

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self._sized and self.width() > 0:
            self._sized = True
            self.apply_split()

    def make_room(self, ticket_shown: bool) -> None:
        """A ticket pane opened beside the 360° view: the search side steps aside until it closes."""
        self.search.setVisible(not ticket_shown)
        if not ticket_shown:
            self.apply_split()

    def _changed(self, topics: frozenset[str]) -> None:
        if "customer" in topics:
            self.search.invalidate()


def scrolling(page: QWidget, *, horizontal: bool = True) -> QScrollArea:
    """``page`` in a scroll area, so a tall page still fits a 1280×720 screen (the area itself takes no
    keyboard focus; it scrolls to the focused control)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    return area
