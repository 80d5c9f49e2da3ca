"""The wallboard's tiles: one per queue, the floor's totals and the complaint deadlines at risk.

A tile is a solid block in its level's colour with white figures, so the state of a queue reads from across
the room; the level is also written out (not only a colour).  Figures missing from the snapshot show "—".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from services.wallboard.types import AgentCounts, QueueFigures

from . import figures as f
from .board_data import FilteredBoard

TILE_MIN_WIDTH = 360  # wide enough for five figures of Chinese or English captions side by side
NEUTRAL_COLOR = "#1f3a5f"
AGENT_KEYS = ("available", "on_call", "wrap_up", "break", "offline")


class Figure(QWidget):
    """A value over its caption."""

    def __init__(self, key: str, parent: QWidget | None = None, *, big: bool = False) -> None:
        super().__init__(parent)
        self.big = big
        self.value = QLabel(f.DASH, self)
        self.value.setObjectName(f"wallboard_{key}")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: str, caption: str) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.setAccessibleName(f"{caption} {value}")

    def set_scale(self, scale: float) -> None:
        _font(self.value, (30 if self.big else 19) * scale, bold=True)
        _font(self.caption, 12 * scale)


def _font(widget: QWidget, px: float, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPixelSize(max(10, round(px)))
    font.setBold(bold)
    widget.setFont(font)


class Tile(QFrame):
    """A coloured block: a title, its level in words, rows of figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardTile")
        self.setMinimumWidth(TILE_MIN_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # a row's tiles: one height
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # the keyboard reaches each tile (its tooltip, screen reader)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.level_label = QLabel(self)
        self.level_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.figures: dict[str, Figure] = {}
        self.level = "ok"
        self.color = NEUTRAL_COLOR
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.level_label)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 8, 12, 10)
        self.body.setSpacing(6)
        self.body.addLayout(head)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        self.body.addLayout(self.rows)
        self.body.addStretch(1)
        self._scale = 1.0
        self.set_scale(1.0)

    def add_row(self, keys: tuple[str, ...], *, big: bool = False) -> None:
        row = QGridLayout()
        row.setHorizontalSpacing(4)
        for column, key in enumerate(keys):
            figure = Figure(key, self, big=big)
            figure.set_scale(self._scale)
            self.figures[key] = figure
            row.addWidget(figure, 0, column)
            row.setColumnStretch(column, 1)
        self.rows.addLayout(row)

    def set_figure(self, key: str, value: str, caption: str) -> None:
        self.figures[key].set(value, caption)

    def paint(self, color: str, level_text: str = "") -> None:
        """The tile's colour (its level's, or grey when the figures are not current)."""
        self.color = color
        self.level_label.setText(level_text)
        self.level_label.setVisible(bool(level_text))
        self.setStyleSheet(
            f"QFrame#wallboardTile {{ background: {color}; border-radius: 10px; }}"
            " QFrame#wallboardTile:focus { border: 3px solid #ffd23f; }"
            " QFrame#wallboardTile QLabel { color: #ffffff; background: transparent; }"
        )

    def set_scale(self, scale: float) -> None:
        """Bigger type for the TV."""
        self._scale = scale
        _font(self.title, 18 * scale, bold=True)
        _font(self.level_label, 14 * scale, bold=True)
        for figure in self.figures.values():
            figure.set_scale(scale)

    def set_agents(self, counts: AgentCounts) -> None:
        values = (counts.available, counts.on_call, counts.wrap_up, counts.on_break, counts.offline)
        # One context for every kind of tile (a subclass's own ``tr`` would look in its own).
        captions = (
            QCoreApplication.translate("Tile", "Available"),
            QCoreApplication.translate("Tile", "On call"),
            QCoreApplication.translate("Tile", "Wrap-up"),
            QCoreApplication.translate("Tile", "Break"),
            QCoreApplication.translate("Tile", "Offline"),
        )
        for key, value, caption in zip(AGENT_KEYS, values, captions, strict=True):
            self.set_figure(key, str(value), caption)


class QueueTile(Tile):
    """One queue's figures today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue: QueueFigures | None = None
        self.add_row(("waiting", "longest", "service_level"), big=True)
        self.add_row(("answered", "abandoned", "short", "asa", "aht"))
        self.add_row(AGENT_KEYS)

    def show_queue(self, queue: QueueFigures, *, stale: bool) -> None:
        self.queue = queue
        self.level = queue.level
        self.title.setText(f.queue_label(queue))
        rules = queue.rules
        self.set_figure("waiting", str(queue.waiting), self.tr("Waiting"))
        self.set_figure("longest", f.duration(queue.longest_wait_s), self.tr("Longest wait"))
        self.set_figure(
            "service_level",
            f.percent(queue.service_level),
            # Two lines, said so: a caption that wrapped by itself would be cut on a TV's narrower tiles.
            self.tr("Service level\ntarget {target} %").format(target=rules.sl_target_pct),
        )
        self.set_figure("answered", str(queue.answered), self.tr("Answered"))
        self.set_figure("abandoned", str(queue.abandoned), self.tr("Abandoned"))
        self.set_figure("short", str(queue.short_abandoned), self.tr("Short abandons"))
        self.set_figure("asa", f.duration(queue.asa_s), self.tr("ASA"))
        self.set_figure("aht", f.duration(queue.aht_s), self.tr("AHT"))
        self.set_agents(queue.agents)
        self.setToolTip(f.queue_tooltip(queue))
        self.setAccessibleName(f"{self.title.text()} {f.level_name(queue.level)}")
        self.paint(f.STALE_COLOR if stale else f.level_color(queue.level), f.level_name(queue.level))


class FloorTile(Tile):
    """The floor under the filter: calls and every agent once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardTile")
        self.add_row(("floor_waiting", "floor_answered", "floor_abandoned"), big=True)
        self.add_row(AGENT_KEYS)

    def show_view(self, view: FilteredBoard, *, stale: bool) -> None:
        self.title.setText(self.tr("Floor"))
        self.set_figure("floor_waiting", str(view.waiting), self.tr("Waiting"))
        self.set_figure("floor_answered", str(view.answered), self.tr("Answered"))
        self.set_figure("floor_abandoned", str(view.abandoned), self.tr("Abandoned"))
        self.set_agents(view.totals)
        self.setToolTip(self.tr("The queues shown, and every agent shown counted once"))
        self.paint(f.STALE_COLOR if stale else NEUTRAL_COLOR)


class DeadlinesTile(Tile):
    """Open complaints past their warning point and not yet decided."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.add_row(("deadlines",), big=True)

    def show_count(self, count: int, *, stale: bool) -> None:
        self.title.setText(self.tr("Complaint deadlines at risk"))
        self.set_figure("deadlines", str(count), self.tr("complaints past their warning point, not yet decided"))
        self.setToolTip(self.tr("Open complaints past their warning point and not yet decided (the whole floor)"))
        self.level = "warning" if count else "ok"
        color = f.STALE_COLOR if stale else (f.level_color("warning") if count else NEUTRAL_COLOR)
        self.paint(color)
