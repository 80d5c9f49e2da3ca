"""The board itself: the "not current" banner, the alert banner, the tiles and the agent table.

The tab and the full-screen TV window each hold one, fed the same filtered snapshot by the page; only the size
of the type differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import fmt
from .agents_model import AgentsModel
from .alerts import AlertBanner
from .board_data import FilteredBoard
from .tiles import TILE_MIN_WIDTH, DeadlinesTile, FloorTile, QueueTile, Tile

TICK_MS = 1_000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TileGrid(QWidget):
    """Tiles in as many columns as fit the width; the scroll area around it scrolls down through many queues."""

    SPACING = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.SPACING)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tiles: list[Tile] = []
        self.columns = 0
        self.tile_width = TILE_MIN_WIDTH
        self.setMinimumWidth(TILE_MIN_WIDTH)

    def set_scale(self, scale: float) -> None:
        """Larger type needs wider tiles (so fewer columns)."""
        self.tile_width = round(TILE_MIN_WIDTH * scale)
        self.setMinimumWidth(self.tile_width)
        for tile in self.tiles:
            tile.setMinimumWidth(self.tile_width)
        self._place(force=True)

    def set_tiles(self, tiles: list[Tile]) -> None:
        if tiles != self.tiles:
            self.tiles = tiles
            self._place(force=True)

    def columns_for(self, width: int) -> int:
        return max(1, (width + self.SPACING) // (self.tile_width + self.SPACING))

    def _place(self, *, force: bool = False) -> None:
        columns = self.columns_for(self.width())
        if columns == self.columns and not force:
            return
        self.columns = columns
        while self.grid.count():
            self.grid.takeAt(0)
        for index, tile in enumerate(self.tiles):
            tile.setMinimumWidth(self.tile_width)
            self.grid.addWidget(tile, index // columns, index % columns)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = -(-len(self.tiles) // columns)
        for row in range(self.grid.rowCount()):  # the tiles keep their height; the space left goes below them
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(rows, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()


class BoardView(QWidget):
    """What the board shows (see the module docstring).

    Args:
        scale: the size of the type (1 in the tab; more on the TV).
        clock: this workstation's "now" (tests), for the ticking times of the agents.
    """

    def __init__(
        self, parent: QWidget | None = None, *, scale: float = 1.0, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardView")
        self._clock = clock
        self.scale = scale
        self.board: FilteredBoard | None = None
        self.stale = False
        self.stale_banner = QLabel(self)
        self.stale_banner.setObjectName("wallboardStale")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.setStyleSheet(
            "QLabel#wallboardStale { background: #7f1d1d; color: #ffffff; padding: 8px 10px; font-weight: 700; }"
        )
        self.stale_banner.hide()
        self.alerts = AlertBanner(self)
        self.grid = TileGrid()
        self.floor_tile = FloorTile(self.grid)
        self.deadlines_tile = DeadlinesTile(self.grid)
        self.queue_tiles: dict[int, QueueTile] = {}
        self.tile_area = QScrollArea(self)
        self.tile_area.setObjectName("wallboardTiles")
        self.tile_area.setWidgetResizable(True)
        self.tile_area.setFrameShape(QFrame.Shape.NoFrame)
        self.tile_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tile_area.setWidget(self.grid)
        self.model = AgentsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("wallboardAgents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tile_area)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.user_sized = False  # once the supervisor drags the splitter, their split stays
        self.splitter.splitterMoved.connect(self._user_sized)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stale_banner)
        layout.addWidget(self.alerts)
        layout.addWidget(self.splitter, 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.set_scale(scale)

    def _user_sized(self) -> None:
        self.user_sized = True

    def _split(self) -> None:
        """The agent table gets the height its rows need, at most two fifths; the tiles get the rest."""
        if self.user_sized:
            return
        total = self.splitter.height() - self.splitter.handleWidth()
        if total <= 0:
            return
        rows = max(3, self.model.rowCount())
        wanted = self.table.horizontalHeader().height() + rows * self.table.verticalHeader().defaultSectionSize() + 4
        table = min(wanted, int(total * 0.4))
        self.splitter.setSizes([total - table, table])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._split()

    def set_scale(self, scale: float) -> None:
        """Type size for the tab (1) or the TV (larger)."""
        self.scale = scale
        for tile in self._tiles():
            tile.set_scale(scale)
        self.grid.set_scale(scale)
        for widget, px in ((self.table, 13), (self.alerts, 15), (self.stale_banner, 15)):
            font = QFont(widget.font())
            font.setPixelSize(round(px * scale))
            widget.setFont(font)
        header_font = QFont(self.table.horizontalHeader().font())  # a style may give headers a font of their own
        header_font.setPixelSize(round(13 * scale))
        self.table.horizontalHeader().setFont(header_font)
        self.table.verticalHeader().setDefaultSectionSize(round(26 * scale))

    def _tiles(self) -> list[Tile]:
        return [self.floor_tile, self.deadlines_tile, *self.queue_tiles.values()]

    def show_board(self, board: FilteredBoard, *, stale: bool) -> None:
        """Show ``board`` (the snapshot under the filter); ``stale``: the link is lost, these are old figures."""
        self.board = board
        self.stale = stale
        snapshot = board.snapshot
        wanted = {q.queue_id for q in board.queues}
        for queue_id in [k for k in self.queue_tiles if k not in wanted]:
            self.queue_tiles.pop(queue_id).deleteLater()
        for queue in board.queues:
            tile = self.queue_tiles.get(queue.queue_id)
            if tile is None:
                tile = self.queue_tiles[queue.queue_id] = QueueTile(self.grid)
                tile.set_scale(self.scale)
            tile.show_queue(queue, stale=stale)
        self.floor_tile.show_view(board, stale=stale)
        self.deadlines_tile.show_count(snapshot.deadlines_at_risk, stale=stale)
        self.grid.set_tiles(
            [self.floor_tile, self.deadlines_tile, *(self.queue_tiles[q.queue_id] for q in board.queues)]
        )
        self.alerts.show_alerts(board.alerts, stale=stale)
        rows_before = self.model.rowCount()
        self.model.set_agents(board.agents, snapshot.queues, snapshot.at, self._clock())
        if self.model.rowCount() != rows_before:
            self._split()
        self._show_stale()

    def set_stale(self, stale: bool) -> None:
        """The link to the aggregator is lost (True) or back (False); the figures shown stay."""
        if self.board is not None and stale != self.stale:
            self.show_board(self.board, stale=stale)
        self.stale = stale
        self._show_stale()

    def _show_stale(self) -> None:
        at = self.board.snapshot.at if self.board is not None else None
        if at is not None:
            self.stale_banner.setText(
                self.tr(
                    "Connection to the wallboard service lost. These figures are from {time} and are not current."
                ).format(time=fmt.local(at).strftime("%H:%M:%S"))
            )
        else:
            self.stale_banner.setText(self.tr("Connection to the wallboard service lost."))
        self.stale_banner.setVisible(self.stale)
        # The agents' times stop when the figures are old: counting on would claim knowledge we do not have.
        if self.stale or self.board is None:
            self.ticker.stop()
        elif not self.ticker.isActive():
            self.ticker.start()

    def tick(self) -> None:
        """Move the agents' times on a second (between snapshots)."""
        self.model.tick(self._clock())

    def retranslate(self) -> None:
        self.model.retranslate()
        if self.board is not None:
            self.show_board(self.board, stale=self.stale)
        else:
            self._show_stale()
