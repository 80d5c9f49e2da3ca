"""A shift at the keyboard: F9 puts the cursor in the call notes, hold shows its timer, the state menu ticks the
state in force, and every call action has a key that the Call menu and the tooltips show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import Engine

from desktop.tasks import TaskManager
from desktop.ui.calls import CallCenter, install_call_center, texts
from desktop.ui.calls.keys import shown
from gateway.inprocess import InProcessTelephony
from services.agent_state import AgentStateService
from services.call_control import QueuedCallControl
from services.calls import CallService
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import QT_NOISE, Agent01Window, make_available, principal

pytestmark = QT_NOISE
LONG = {"patience": 3000.0, "talk": 3000.0}  # simulated seconds; x speed 0.01 = 30 s real


class DeskWindow(QMainWindow):
    """A stand-in for the agent's window whose keyboard sits on a link of the 360° view ("编辑")."""

    def __init__(self) -> None:
        super().__init__()
        page = QWidget(self)
        self.edit_link = QPushButton("编辑", page)
        self.edit_link.setObjectName("editLink")
        self.edit_clicks = 0
        self.edit_link.clicked.connect(self._edit_clicked)
        QVBoxLayout(page).addWidget(self.edit_link)
        self.setCentralWidget(page)
        self.help_menu = self.menuBar().addMenu("Help")

    def _edit_clicked(self) -> None:
        self.edit_clicks += 1  # the customer editor would open


def _state(center: CallCenter) -> str | None:
    snap = center.controller.snapshot
    return snap.state if snap is not None else None


def _call_state(center: CallCenter) -> str | None:
    snap = center.controller.snapshot
    return snap.call.state if snap is not None and snap.call is not None else None


def _desk(world: tuple[Engine, World], tasks: TaskManager, window: QMainWindow) -> CallCenter:
    engine, w = world
    calls = CallService(engine, QueuedCallControl(engine, wait_seconds=10))
    return install_call_center(window, tasks, calls, principal(w), None, available_poll_ms=50)


def _ring_here(center: CallCenter, telephony: InProcessTelephony, engine: Engine, w: World, qtbot: Any) -> None:
    make_available(engine, w.agents["agent01"])
    telephony.place_call(SINGLE_PHONE, digits="1", **LONG)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is not None, timeout=10_000
    )


def test_f9_puts_the_cursor_in_the_call_notes(
    world: tuple[Engine, World], tasks: TaskManager, telephony: InProcessTelephony, translations: Any, qtbot: Any
) -> None:
    engine, w = world
    window = DeskWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    center = _desk(world, tasks, window)
    try:
        window.activateWindow()
        window.edit_link.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.edit_link)
        _ring_here(center, telephony, engine, w, qtbot)
        qtbot.keyClick(window, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is center.notes.editor, timeout=5000)
        # The agent starts typing at once: a space first, as they did.
        qtbot.keyClicks(QApplication.focusWidget(), " asks about the annual fee")
        assert center.notes.text() == " asks about the annual fee"
        assert window.edit_clicks == 0  # the customer editor never opened
    finally:
        center.shutdown()


def test_hold_shows_its_timer_and_the_chip_says_on_hold(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    qtbot: Any,
) -> None:
    engine, w = world
    bar = center.bar
    _ring_here(center, telephony, engine, w, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    assert texts.state("on_call") in bar.state_button.text()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: _call_state(center) == "on_hold", timeout=10_000)
    qtbot.waitUntil(lambda: texts.call_state("on_hold") in bar.state_button.text(), timeout=3000)  # 保持中
    assert texts.state("on_call") not in bar.state_button.text()
    assert bar.state_button.property("state") == "on_hold"
    first = bar.timer_label.text()
    assert "00:0" in first
    qtbot.waitUntil(lambda: bar.timer_label.text() != first, timeout=3000)  # the hold timer runs
    assert bar.on_hold_since is not None
    qtbot.keyClick(window, Qt.Key.Key_F7)  # resume
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    qtbot.waitUntil(lambda: texts.state("on_call") in bar.state_button.text(), timeout=3000)
    assert texts.call_state("on_hold") not in bar.state_button.text()
    assert bar.state_button.property("state") == "on_call" and bar.on_hold_since is None


def test_the_state_menu_ticks_the_state_in_force(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    bar = center.bar
    agent = w.agents["agent01"]
    qtbot.waitUntil(lambda: _state(center) == "offline")
    assert all(action.isCheckable() for action in bar.state_actions)
    assert bar.offline_action.actionGroup() is bar.available_action.actionGroup() is not None
    assert [a for a in bar.state_actions if a.isChecked()] == [bar.offline_action]
    AgentStateService(engine).set_state(agent, "available")  # changed elsewhere (another desk, a supervisor)
    qtbot.waitUntil(lambda: bar.available_action.isChecked(), timeout=5000)
    AgentStateService(engine).set_state(agent, "break", "lunch")
    qtbot.waitUntil(lambda: bar.break_actions["lunch"].isChecked(), timeout=5000)
    assert [a for a in bar.state_actions if a.isChecked()] == [bar.break_actions["lunch"]]
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _state(center) == "offline", timeout=5000)
    qtbot.waitUntil(lambda: [a for a in bar.state_actions if a.isChecked()] == [bar.offline_action], timeout=3000)


def _call_menu(window: QMainWindow) -> QMenu:
    titles = [a.text() for a in window.menuBar().actions()]
    found = [a.menu() for a in window.menuBar().actions() if a.menu() is not None and "通话" in a.text()]
    assert found, titles
    menu = found[0]
    assert isinstance(menu, QMenu)
    return menu


def test_every_call_action_has_a_key_shown_in_the_call_menu_and_the_tooltips(
    center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    menu = _call_menu(window)
    entries = window.menuBar().actions()
    assert entries.index(menu.menuAction()) < entries.index(window.help_menu.menuAction())  # before Help
    keys = {a.shortcut().toString() for a in menu.actions() if not a.shortcut().isEmpty()}
    wanted = ["F9", "Shift+F9", "F7", "F8", "F12", "Ctrl+Shift+A", "Ctrl+Shift+B", "Ctrl+Shift+O"]
    wanted += ["Ctrl+Shift+N", "Ctrl+Shift+D", "Ctrl+Enter"]
    assert [k for k in wanted if QKeySequence(k).toString() not in keys] == []
    assert any(a.menu() is center.bar.break_menu for a in menu.actions())  # the break reasons too
    bar = center.bar
    for button, key in (
        (bar.accept_button, "F9"),
        (bar.decline_button, "Shift+F9"),
        (bar.hold_button, "F7"),
        (bar.transfer_button, "F8"),
        (bar.hang_up_button, "F12"),
        (center.wrapup.submit, "Ctrl+Enter"),
    ):
        assert f"({shown(key)})" in button.toolTip(), (button.objectName(), button.toolTip())
    assert f"({shown('Ctrl+Shift+N')})" in center.notes.editor.toolTip()
    tip = bar.state_button.toolTip()
    assert all(shown(key) in tip for key in ("Ctrl+Shift+A", "Ctrl+Shift+B", "Ctrl+Shift+O"))
    # The keys work: the agent becomes available from the keyboard.
    qtbot.waitUntil(lambda: _state(center) == "offline")
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _state(center) == "available", timeout=5000)
