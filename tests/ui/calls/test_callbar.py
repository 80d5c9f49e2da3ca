"""The call bar against the real gateway and Twilio simulator: accept, decline, hold, resume, transfer, hang up,
a Twilio error while accepting, the agent's states (logged), click-to-call — and its fit at 1366×768."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import Engine, select

from db.models import AgentStateLog, Call, Interaction
from desktop.ui.calls import CallCenter
from gateway.inprocess import InProcessTelephony
from services.customer360 import Customer360Service
from tests.telephony.helpers import call_row
from tests.telephony.world import SINGLE_PHONE, UNKNOWN_PHONE, World

from .conftest import QT_NOISE, Agent01Window, make_available

pytestmark = QT_NOISE
LONG = {"patience": 3000.0, "talk": 3000.0}  # simulated seconds; x speed 0.01 = 30 s real


def _state(center: CallCenter) -> str | None:
    snap = center.controller.snapshot
    return snap.state if snap is not None else None


def _call_state(center: CallCenter) -> str | None:
    snap = center.controller.snapshot
    return snap.call.state if snap is not None and snap.call is not None else None


def _ringing(center: CallCenter, qtbot: Any, telephony: InProcessTelephony, engine: Engine, w: World) -> str:
    make_available(engine, w.agents["agent01"])
    sid = telephony.place_call(SINGLE_PHONE, digits="1", **LONG)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is not None, timeout=10_000
    )
    return sid


def _requests(telephony: InProcessTelephony, fragment: str) -> list[dict[str, Any]]:
    return [r for r in telephony.simulator.state.requests if fragment in str(r)]


def test_accept_hold_resume_and_hang_up_reach_twilio(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    sid = _ringing(center, qtbot, telephony, engine, w)
    bar = center.bar
    qtbot.keyClick(window, Qt.Key.Key_F9)  # Accept by keyboard
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    assert any(r["operation"].endswith("/Members/{CallSid}.json") for r in telephony.simulator.state.requests)
    assert telephony.simulator.state.rejected == []  # every request fits Twilio's spec
    assert bar.hold_button.isVisible() and bar.hang_up_button.isVisible() and not bar.accept_button.isVisible()
    assert center.notes.isVisible()
    bar.hold_button.click()
    qtbot.waitUntil(lambda: _call_state(center) == "on_hold", timeout=10_000)
    assert call_row(engine, sid).state == "on_hold"
    assert _requests(telephony, "/twilio/voice/hold")
    qtbot.keyClick(window, Qt.Key.Key_F7)  # Resume by keyboard
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    bar.hang_up_button.click()
    qtbot.waitUntil(lambda: _state(center) == "wrap_up", timeout=10_000)
    qtbot.waitUntil(lambda: telephony.simulator.state.calls[sid].ended is not None, timeout=10_000)
    assert center.wrapup.isVisible() and not center.notes.isVisible()
    assert telephony.simulator.state.rejected == []


def test_twilio_error_while_accepting_is_shown_and_the_call_goes_back_to_the_queue(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, qtbot: Any
) -> None:
    engine, w = world
    make_available(engine, w.agents["agent01"])
    sid = telephony.place_call(UNKNOWN_PHONE, digits="1", **LONG)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is not None, timeout=10_000
    )

    async def inject() -> None:
        telephony.simulator.state.inject("POST", r"/Members/", 21211, message="Invalid 'To' Phone Number")

    telephony.simulator_server.run_coroutine(inject())
    center.bar.accept_button.click()
    qtbot.waitUntil(lambda: center.bar.message_text() != "", timeout=10_000)
    message = center.bar.message_text()
    assert "号码无效" in message or "not valid" in message
    assert "queue" in message or "队列" in message
    assert center.bar.message.property("level") == "error"
    assert call_row(engine, sid).state in ("queued", "offered")  # not lost
    assert sid in next(q for q in telephony.simulator.state.queues.values() if q.friendly_name == "general").members
    qtbot.waitUntil(lambda: center.controller.snapshot.offer is None or _state(center) == "offered", timeout=10_000)


def test_decline_lets_the_call_go_to_the_next_agent(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    sid = _ringing(center, qtbot, telephony, engine, w)
    qtbot.keyClick(window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # Decline by keyboard
    qtbot.waitUntil(lambda: _state(center) == "available" and center.card.call_id is None, timeout=10_000)
    assert call_row(engine, sid).state == "queued"
    assert center.bar.message_text() == ""  # declining is no error
    make_available(engine, w.agents["agent02"])  # the next agent gets it
    qtbot.waitUntil(
        lambda: call_row(engine, sid).state == "offered" and call_row(engine, sid).agent_id == 2, timeout=10_000
    )


def test_transfer_to_a_queue_and_to_a_colleague(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    qtbot: Any,
) -> None:
    engine, w = world
    sid = _ringing(center, qtbot, telephony, engine, w)
    center.bar.accept_button.click()
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    make_available(engine, w.agents["agent02"])
    center.notes.editor.setPlainText("客户要求转投诉专席")
    qtbot.keyClick(window, Qt.Key.Key_F8)  # the transfer picker
    qtbot.waitUntil(lambda: center.bar.transfer_picker is not None and center.bar.transfer_picker.isVisible())
    picker = center.bar.transfer_picker
    qtbot.waitUntil(lambda: (("agent", 2), True) in picker.targets(), timeout=5000)
    targets = [target for target, _pickable in picker.targets()]
    assert ("queue", "complaints") in targets and ("queue", "general") in targets
    assert ("agent", 1) not in targets  # not oneself
    qtbot.keyClicks(picker.search, "agent02")
    assert [target for target, _pickable in picker.targets()] == [("agent", 2)]
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _state(center) == "available", timeout=10_000)
    row = call_row(engine, sid)
    assert (row.state, row.agent_id) == ("connected", 2)
    assert _requests(telephony, "client%3Aagent02") or _requests(telephony, "client:agent02")
    with engine.connect() as conn:
        part = conn.execute(
            select(Interaction.summary, Interaction.disposition).where(Interaction.call_id == row.id)
        ).one()
    assert tuple(part) == ("客户要求转投诉专席", "transferred")  # the notes typed went with the transfer


def test_transfer_to_a_queue(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, qtbot: Any
) -> None:
    engine, w = world
    sid = _ringing(center, qtbot, telephony, engine, w)
    center.bar.accept_button.click()
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    center.bar.transfer_to_queue("complaints")
    qtbot.waitUntil(lambda: _state(center) == "available", timeout=10_000)
    assert call_row(engine, sid).state == "queued"
    assert _requests(telephony, "/twilio/voice/requeue")


def test_state_changes_from_the_bar_are_logged_with_their_time(
    world: tuple[Engine, World], center: CallCenter, qtbot: Any
) -> None:
    engine, w = world
    bar = center.bar
    qtbot.waitUntil(lambda: _state(center) == "offline")
    bar.available_action.trigger()
    qtbot.waitUntil(lambda: _state(center) == "available")
    bar.break_actions["lunch"].trigger()
    qtbot.waitUntil(lambda: _state(center) == "break")
    qtbot.waitUntil(lambda: "·" in bar.state_button.text())  # the reason is shown with the state
    bar.offline_action.trigger()
    qtbot.waitUntil(lambda: _state(center) == "offline")
    with engine.connect() as conn:
        log = conn.execute(
            select(AgentStateLog.state, AgentStateLog.reason, AgentStateLog.started_at, AgentStateLog.ended_at)
            .where(AgentStateLog.user_id == w.agents["agent01"])
            .order_by(AgentStateLog.id)
        ).all()
    assert [(r.state, r.reason) for r in log] == [("available", None), ("break", "lunch"), ("offline", None)]
    assert all(r.started_at is not None for r in log) and log[0].ended_at is not None and log[-1].ended_at is None


def test_click_to_call_rings_the_agent_first(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, qtbot: Any
) -> None:
    engine, w = world
    phone_id = Customer360Service(engine).primary_phone(w.single)  # the 360° view's call button names the row
    assert phone_id is not None
    center.call_customer(w.single, phone_id)
    # Generous waits: the agent's leg is answered by the simulator's webhook round trips, which a
    # loaded 2-core CI machine can slow to several seconds.
    qtbot.waitUntil(lambda: _state(center) in ("on_call", "wrap_up"), timeout=30_000)
    created = [r for r in telephony.simulator.state.requests if r["operation"].endswith("/Calls.json")]
    assert created and created[0]["form"]["To"] == "client:agent01"
    # The customer answered: the call was connected.  (The simulated talk lasts about a second at this speed,
    # which a desk poll may not catch while it lasts: the call's own record says it.)
    with engine.connect() as conn:
        call_id = conn.execute(select(Call.id).where(Call.customer_id == w.single).order_by(Call.id.desc())).scalar()

    def answered() -> bool:
        with engine.connect() as conn:
            return conn.execute(select(Call.answered_at).where(Call.id == call_id)).scalar() is not None

    qtbot.waitUntil(answered, timeout=30_000)
    qtbot.waitUntil(lambda: center.card.pop is not None, timeout=10_000)
    assert center.card.pop.customer_id == w.single
    center.call_customer(w.single, phone_id)  # busy now: refused with a message
    qtbot.waitUntil(lambda: center.bar.message_text() != "", timeout=10_000)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_bar_fits_at_1366_by_768(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    translations: Any,
    language: str,
    qtbot: Any,
) -> None:
    engine, w = world
    translations.switch(language)
    window.resize(1366, 768)
    _ringing(center, qtbot, telephony, engine, w)
    center.bar.show_message("该来电已不再分配给您。 / This call is no longer offered to you.")
    bar = center.bar

    def fits() -> list[str]:
        bad = []
        for widget in (bar.state_button, bar.accept_button, bar.decline_button, bar.timer_label):
            if widget.isVisible() and widget.width() < widget.sizeHint().width():
                bad.append(f"{widget.objectName()} {widget.width()} < {widget.sizeHint().width()}")
            if widget.isVisible() and widget.geometry().right() > bar.width():
                bad.append(f"{widget.objectName()} beyond the bar")
        return bad

    qtbot.waitUntil(lambda: not fits(), timeout=3000)
    assert center.toolbar.width() <= window.width()
    center.bar.accept_button.click()
    qtbot.waitUntil(lambda: _call_state(center) == "connected", timeout=10_000)
    for widget in (bar.hold_button, bar.transfer_button, bar.hang_up_button):
        assert widget.isVisible() and widget.width() >= widget.sizeHint().width(), widget.objectName()
        assert widget.geometry().right() <= bar.width()
    assert center.dock.width() >= 300
