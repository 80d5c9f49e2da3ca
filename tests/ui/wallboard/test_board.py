"""The board's tiles and agent table: figures and "—", the formula tooltip, colours by level, the agents' states
and their times ticking between snapshots, and the fit on a laptop and a full-HD screen without cut text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from desktop.ui.wallboard import figures
from desktop.ui.wallboard.agents_model import CALL, IN_STATE, NAME, QUEUE, STATE, TEAM
from desktop.ui.wallboard.page import WallboardPage
from desktop.ui.wallboard.tiles import QueueTile
from services.wallboard.types import AgentCounts, QueueRules
from tests.ui.wallboard import snapshots as sn

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make(qtbot: Any, *, clock: Any = None, size: tuple[int, int] = (1366, 700)) -> tuple[WallboardPage, Any]:
    source = sn.source()
    page = WallboardPage(source, sn.supervisor(), sound=lambda _level: None, clock=clock or sn.Clock())
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page, source


def value(tile: Any, key: str) -> str:
    return str(tile.figures[key].value.text())


def cell(page: WallboardPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    model = page.view.model
    return model.data(model.index(row, column), role)


def test_a_queue_tile_shows_its_figures(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    tile = page.view.queue_tiles[sn.CARDS]
    assert tile.title.text() == "Credit cards"
    assert [value(tile, k) for k in ("waiting", "longest", "service_level")] == ["3", "01:15", "80 %"]
    assert "80 %" in tile.figures["service_level"].caption.text()  # the target
    assert [value(tile, k) for k in ("answered", "abandoned", "short", "asa", "aht")] == [
        "120",
        "9",
        "4",
        "00:15",
        "04:05",
    ]
    agents = [value(tile, k) for k in ("available", "on_call", "wrap_up", "break", "offline")]
    assert agents == ["2", "3", "1", "1", "4"]
    assert tile.figures["short"].caption.text() == "Short abandons"


def test_missing_figures_show_a_dash(qtbot: Any) -> None:
    page, source = make(qtbot)
    quiet = sn.queue(sn.LOANS, waiting=0, longest_wait_s=None, answered=0, abandoned=0, short_abandoned=0,
                     answered_in_sl=0, asa_s=None, aht_s=None, service_level=None)  # fmt: skip
    source.accept(sn.snapshot(queues=(quiet,)))
    tile = page.view.queue_tiles[sn.LOANS]
    assert [value(tile, k) for k in ("waiting", "longest", "service_level", "asa", "aht")] == ["0", "—", "—", "—", "—"]
    lone = sn.agent(106, aht_s=None, team_name=None)
    source.accept(sn.snapshot(2, queues=(quiet,), agents=(lone,)))
    assert cell(page, 0, TEAM) == "—" and cell(page, 0, CALL) == "—" and cell(page, 0, QUEUE) == "—"


def test_the_tooltip_publishes_the_formula_of_the_queues_rules(qtbot: Any, translations: Any) -> None:
    page, source = make(qtbot)
    strict = sn.queue(sn.LOANS, rules=QueueRules(sl_threshold_s=30, sl_target_pct=90, abandon_rule="count_all"))
    source.accept(sn.snapshot(queues=(sn.queue(sn.CARDS), strict)))
    tip = page.view.queue_tiles[sn.CARDS].toolTip()
    assert tip.splitlines()[0] == "服务水平 = 20 秒内接听 / (接听 + 放弃，不含 5 秒内的短放弃)；每日 00:00 重置"
    assert "目标：80 %" in tip
    assert page.view.queue_tiles[sn.LOANS].toolTip().splitlines()[0] == (
        "服务水平 = 30 秒内接听 / (接听 + 全部放弃)；每日 00:00 重置"
    )
    assert page.view.queue_tiles[sn.CARDS].title.text() == "信用卡服务"
    translations.switch("en")
    qtbot.waitUntil(lambda: page.view.queue_tiles[sn.CARDS].title.text() == "Credit cards")
    assert page.view.queue_tiles[sn.CARDS].toolTip().splitlines()[0] == (
        "Service level = answered within 20 s / (answered + abandoned, short abandons within 5 s excluded);"
        " resets daily at 00:00"
    )
    assert figures.sl_formula(QueueRules(abandon_rule="exclude_all", day_reset="06:00")) == (
        "Service level = answered within 20 s / answered (abandons not counted); resets daily at 06:00"
    )


def test_tiles_are_coloured_by_level_and_say_it(qtbot: Any) -> None:
    page, source = make(qtbot)
    queues = (sn.queue(sn.CARDS, level="critical"), sn.queue(sn.LOANS, level="warning"), sn.queue(sn.GENERAL))
    source.accept(sn.snapshot(queues=queues, deadlines_at_risk=0))
    tiles = page.view.queue_tiles
    assert tiles[sn.CARDS].color == figures.LEVEL_COLORS["critical"] == "#b91c1c"
    assert tiles[sn.LOANS].color == figures.LEVEL_COLORS["warning"]
    assert tiles[sn.GENERAL].color == figures.LEVEL_COLORS["ok"]
    assert figures.LEVEL_COLORS["critical"] in tiles[sn.CARDS].styleSheet()
    assert tiles[sn.CARDS].level_label.text() == "Critical" and tiles[sn.GENERAL].level_label.text() == "Normal"
    assert page.view.deadlines_tile.level == "ok"
    source.accept(sn.snapshot(2, queues=queues, deadlines_at_risk=3))
    assert value(page.view.deadlines_tile, "deadlines") == "3" and page.view.deadlines_tile.level == "warning"


def test_floor_totals_count_every_agent_once(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    floor = page.view.floor_tile
    assert [value(floor, k) for k in ("available", "on_call", "wrap_up", "break", "offline")] == ["1"] * 5
    assert value(floor, "floor_waiting") == "9" and value(floor, "floor_answered") == "360"
    tiles = page.view.grid.tiles
    assert tiles[:2] == [page.view.floor_tile, page.view.deadlines_tile] and len(tiles) == 5


def test_the_agent_table(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot())
    model = page.view.model
    assert model.rowCount() == 5 and model.columnCount() == 8
    assert [cell(page, r, NAME) for r in range(5)] == ["张伟", "李娜", "王芳", "刘洋", "陈静"]
    assert cell(page, 0, STATE) == "On call" and cell(page, 0, QUEUE) == "Credit cards"
    assert cell(page, 0, CALL) == "01:35"
    assert cell(page, 3, STATE) == "Break · Lunch" and cell(page, 3, IN_STATE) == "31:40"
    assert cell(page, 1, STATE, Qt.ItemDataRole.BackgroundRole) is None  # ok: no colour
    assert cell(page, 2, STATE, Qt.ItemDataRole.BackgroundRole) == QColor(figures.LEVEL_COLORS["warning"])
    assert cell(page, 3, STATE, Qt.ItemDataRole.BackgroundRole) == QColor(figures.LEVEL_COLORS["critical"])
    assert "Critical" in cell(page, 3, STATE, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "In state"


def test_times_tick_each_second_between_snapshots(qtbot: Any) -> None:
    clock = sn.Clock(sn.NOW + dt.timedelta(seconds=60))  # this workstation is a minute ahead
    page, source = make(qtbot, clock=clock)
    source.accept(sn.snapshot())
    assert cell(page, 1, IN_STATE) == "01:05" and cell(page, 0, CALL) == "01:35"  # the skew is taken off
    assert page.view.ticker.isActive() and page.view.ticker.interval() == 1000
    clock.advance(3)
    with qtbot.waitSignal(page.view.model.dataChanged, timeout=2000):
        pass  # the next tick of the one-second timer
    assert cell(page, 1, IN_STATE) == "01:08" and cell(page, 0, CALL) == "01:38"
    # The next snapshot's own figures take over.
    later = dataclasses.replace(sn.snapshot(2, at=sn.NOW + dt.timedelta(seconds=4)))
    clock.advance(1)
    source.accept(later)
    assert cell(page, 1, IN_STATE) == "01:09"


def _cut_labels(page: WallboardPage) -> list[str]:
    """Texts of the tiles' labels that do not fit their label."""
    cut = []
    for tile in page.view.grid.tiles:
        for label in tile.findChildren(QLabel):
            if not label.isVisible() or not label.text():
                continue
            metrics = label.fontMetrics()
            width = label.contentsRect().width()
            if label.wordWrap():
                words = label.text().split() if " " in label.text() else [label.text()[:1]]
                too_wide = any(metrics.horizontalAdvance(w) > width for w in words)
                if too_wide or label.height() < label.heightForWidth(label.width()):
                    cut.append(label.text())
            elif metrics.horizontalAdvance(label.text()) > width:
                cut.append(label.text())
    return cut


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_it_fits_without_cut_text(qtbot: Any, translations: Any, size: tuple[int, int], language: str) -> None:
    translations.switch(language)
    page, source = make(qtbot, size=(size[0], size[1] - 110))  # the window's menu, tabs and status bar
    many = tuple(sn.queue(i, level=("ok", "warning", "critical")[i % 3]) for i in range(1, 13))
    source.accept(sn.snapshot(queues=many))
    qtbot.waitUntil(lambda: page.view.grid.columns >= 3)
    assert _cut_labels(page) == []
    area = page.view.tile_area
    assert area.verticalScrollBar().maximum() > 0  # many queues: it scrolls down
    assert page.view.grid.width() <= area.viewport().width()
    assert page.view.table.isVisible() and page.view.table.height() > 100
    assert isinstance(page.view.queue_tiles[1], QueueTile)


def test_agent_counts_of_an_empty_floor(qtbot: Any) -> None:
    page, source = make(qtbot)
    source.accept(sn.snapshot(agents=(), totals=AgentCounts(), queues=()))
    assert page.view.model.rowCount() == 0 and value(page.view.floor_tile, "available") == "0"
