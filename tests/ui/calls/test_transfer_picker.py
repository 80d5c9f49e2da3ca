"""The transfer picker (F8): search by name, pinyin, initials or login, colleagues with their state (those who can
take the call first, the others greyed out), queues too; arrows and Enter transfer, Esc closes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, update

from db.models import User
from db.write import write_txn
from desktop.ui.calls import CallCenter
from gateway.inprocess import InProcessTelephony
from services.agent_state import AgentStateService
from tests.telephony.helpers import call_row
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import QT_NOISE, Agent01Window, make_available

pytestmark = QT_NOISE
LONG = {"patience": 3000.0, "talk": 3000.0}
NAMES = {"agent02": "王小明", "agent03": "李娜", "agent04": "张伟"}


def _call_state(center: CallCenter) -> str | None:
    snap = center.controller.snapshot
    return snap.call.state if snap is not None and snap.call is not None else None


def test_transfer_picker_finds_colleagues_shows_who_can_take_the_call_and_works_by_keyboard(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    with write_txn(engine) as conn:
        for username, name in NAMES.items():
            conn.execute(update(User).where(User.username == username).values(display_name=name))
    states = AgentStateService(engine)
    make_available(engine, w.agents["agent01"])
    sid = telephony.place_call(SINGLE_PHONE, digits="1", **LONG)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is not None, timeout=10_000
    )
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    make_available(engine, w.agents["agent03"])
    states.set_state(w.agents["agent04"], "break", "lunch")  # agent02 stays offline

    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: center.bar.transfer_picker is not None and center.bar.transfer_picker.isVisible())
    picker = center.bar.transfer_picker
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.search)  # type at once
    qtbot.waitUntil(lambda: len(picker.targets()) >= 3, timeout=5000)
    colleagues = [(target, pickable) for target, pickable in picker.targets() if target[0] == "agent"]
    assert colleagues[0] == (("agent", w.agents["agent03"]), True)  # the one who can take it comes first
    assert sorted(colleagues[1:]) == [(("agent", 2), False), (("agent", 4), False)]  # offline, on a break
    assert (("queue", "complaints"), True) in picker.targets()
    texts = [picker.list.item(row).text() for row in range(picker.list.count())]
    assert any("张伟" in t and "小休" in t for t in texts)  # the state is shown

    qtbot.keyClicks(picker.search, "wxm")  # initials
    assert picker.targets() == [(("agent", 2), False)]
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # offline: nothing happens
    assert picker.isVisible()
    picker.search.clear()
    qtbot.keyClicks(picker.search, "zhangwei")  # pinyin
    assert picker.targets() == [(("agent", 4), False)]
    picker.search.clear()
    qtbot.keyClicks(picker.search, "general")  # a queue by its name
    assert picker.targets() == [(("queue", "general"), True)]
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)  # Esc closes; the call stays here
    qtbot.waitUntil(lambda: center.bar.transfer_picker is None or not center.bar.transfer_picker.isVisible())
    assert call_row(engine, sid).agent_id == w.agents["agent01"]

    window.activateWindow()  # a window system gives the window back the keyboard; the test platform needs asking
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: center.bar.transfer_picker is not None and center.bar.transfer_picker.isVisible())
    picker = center.bar.transfer_picker
    qtbot.waitUntil(lambda: len(picker.targets()) >= 3, timeout=5000)
    qtbot.keyClicks(picker.search, "li")  # 李娜 (lina); the login agent02..04 has no "li"
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.current_target() == ("agent", w.agents["agent03"])
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: center.controller.snapshot.state == "available", timeout=10_000)
    row = call_row(engine, sid)
    assert (row.state, row.agent_id) == ("connected", w.agents["agent03"])
