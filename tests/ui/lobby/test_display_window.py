"""The lobby display against a fake floor service: what it shows, the live update on its branch's topics
(debounced, within a second), the chime and flash of a new call or a recall, the offline banner and greyed
numbers, reloading when back online, and the full-screen move to a screen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.lobby.chime import Chime, chime_file, chime_wav
from desktop.ui.lobby.display_window import DIM, FLASH_COLOR, DisplayWindow
from services.lobby.types import CalledNumber
from tests.ui.lobby import uib_fakes as fk
from tests.ui.lobby.uib_world import threaded, world

__all__ = ["threaded", "world"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Watch(QObject):
    online_changed = Signal(bool)
    online = True


@pytest.fixture
def inline_tasks(qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(inline=True)
    yield manager
    assert manager.shutdown()


def make(qtbot: Any, tasks: TaskManager, floor: fk.FakeFloor, watch: Any = None) -> DisplayWindow:
    window = DisplayWindow(tasks, fk.desk(floor=floor), 1, watch=watch, chime=Chime(enabled=False))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.state is not None)
    return window


def test_shows_the_newest_call_big_the_previous_and_the_waiting(qtbot: Any, inline_tasks: TaskManager) -> None:
    window = make(qtbot, inline_tasks, fk.FakeFloor())
    assert window.number.text() == "A012" and "3号窗口" in window.counter.text()
    assert [n.text() for n, _ in window.previous] == ["B011", "C010", "D009", "V008"]
    shown = {name.text(): count.text() for name, count in window.waiting_rows if name.isVisibleTo(window)}
    assert shown.get("非现金业务", shown.get("Non-cash")) == "7"
    assert window.notice.text().startswith("温馨提示") and window.notice.scrolling  # too long for one line
    assert window.number.font().pixelSize() > 100  # readable from five metres
    assert window.chime.played == 0  # what was there at start is no news
    assert not window.banner.isVisible()


def test_a_new_call_arrives_live_chimes_and_flashes(qtbot: Any, inline_tasks: TaskManager) -> None:
    floor = fk.FakeFloor()
    window = make(qtbot, inline_tasks, floor)
    reads = floor.names().count("display")
    inline_tasks.notify_changed("lobby:2")  # another branch: nothing to do
    qtbot.wait(250)
    assert floor.names().count("display") == reads
    called = (CalledNumber(300, "B021", "2号窗口", fk.NOW, 0), *floor.display_state.called)
    floor.display_state = dataclasses.replace(floor.display_state, called=called)
    for _ in range(5):  # a burst reads once
        inline_tasks.notify_changed("lobby", "lobby:1")
    qtbot.waitUntil(lambda: window.number.text() == "B021", timeout=1000)
    assert floor.names().count("display") == reads + 1
    assert window.chime.played == 1
    assert window.flashes_left > 0 and FLASH_COLOR in window.now_panel.styleSheet()
    qtbot.waitUntil(lambda: window.flashes_left == 0, timeout=5000)
    assert FLASH_COLOR not in window.now_panel.styleSheet()
    recalled = dataclasses.replace(called[0], recalls=1, called_at=fk.NOW + dt.timedelta(minutes=1))
    floor.display_state = dataclasses.replace(floor.display_state, called=(recalled, *called[1:]))
    inline_tasks.notify_changed("lobby_notice:1")
    qtbot.waitUntil(lambda: window.chime.played == 2, timeout=1000)


def test_offline_banner_greys_the_numbers_and_back_online_reloads(qtbot: Any, inline_tasks: TaskManager) -> None:
    floor = fk.FakeFloor()
    watch = Watch()
    window = make(qtbot, inline_tasks, floor, watch)
    watch.online_changed.emit(False)
    assert window.banner.isVisible() and window.stale
    assert DIM in window.number.styleSheet()
    floor.display_state = dataclasses.replace(floor.display_state, notice="今日正常营业")
    reads = floor.names().count("display")
    watch.online_changed.emit(True)
    qtbot.waitUntil(lambda: window.notice.text() == "今日正常营业", timeout=1000)
    assert floor.names().count("display") == reads + 1
    assert not window.banner.isVisible() and DIM not in window.number.styleSheet()
    floor.fail = OSError("network down")  # a failed read marks the screen out of date too
    window.refresh()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=1000)


def test_empty_lobby_and_show_on_a_screen(qtbot: Any, inline_tasks: TaskManager, qapp: QApplication) -> None:
    floor = fk.FakeFloor(fk.display_state(called=0, notice="", waiting=fk.loads(0, 0, 0, 0, 0, 0)))
    window = make(qtbot, inline_tasks, floor)
    assert window.number.text() == "" and window.counter.text()  # a welcome instead of a number
    assert window.waiting_empty.isVisible() and not window.notice.isVisible()
    window.show_on(qapp.primaryScreen())
    assert window.isFullScreen() and window.screen() is qapp.primaryScreen()


def test_chime_is_a_short_two_tone_wav(tmp_path: Any) -> None:
    data = chime_wav()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE" and 20_000 < len(data) < 60_000
    path = chime_file(tmp_path)
    assert path.read_bytes() == data
    silent = Chime(tmp_path, enabled=False)
    silent.play()
    assert silent.played == 1


# -- on the real floor service (SQLite and PostgreSQL) ---------------------------------------------------------


def test_a_real_call_shows_at_once_with_the_chime(qtbot: Any, world: Any, threaded: Any) -> None:
    from tests.ui.lobby.uib_world import DAY, Clock, engine_of, idle, lobby_desk, local, reset_branch

    me = world.principal("lobby01")
    branch = me.branch_id
    reset_branch(world, branch)
    clock = Clock(local(DAY, 10))
    desk = lobby_desk(world, "lobby01", clock)
    first = desk.queue.issue(me, "cash")
    second = desk.queue.issue(me, "noncash")
    tasks = threaded(engine_of(world, "lobby01"))
    window = DisplayWindow(tasks, desk, branch, chime=Chime(enabled=False))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.state is not None, timeout=15_000)
    assert window.number.text() == "" and window.state.branch_name in window.branch.text()  # type: ignore[union-attr]
    shown = {name.text(): count.text() for name, count in window.waiting_rows if name.isVisibleTo(window)}
    assert shown.get("现金业务", shown.get("Cash")) == "1"
    one = next(c for c in desk.counters.counters(me) if c.number == 1)
    desk.counters.hold(me, one.id, desk.session_id)
    desk.counters.open(me, one.id, desk.session_id)
    called = desk.counters.call_next(me, one.id, desk.session_id)
    assert called is not None and called.number in (first.ticket.number, second.ticket.number)
    tasks.notify_changed("lobby", f"lobby:{branch}")  # what the change feed delivers
    qtbot.waitUntil(lambda: window.number.text() == called.number, timeout=1000)  # within a second
    assert one.label in window.counter.text() and window.chime.played == 1 and window.flashes_left > 0
    desk.counters.recall(me, called.id, called.version)
    tasks.notify_changed(f"lobby:{branch}")
    qtbot.waitUntil(lambda: window.chime.played == 2, timeout=1000)
    idle(qtbot, tasks)
