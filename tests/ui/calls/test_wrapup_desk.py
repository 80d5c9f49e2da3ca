"""Wrap-up at 1366×768: the whole disposition tree shows, a filter box narrows it, the keyboard does it all; past
its time the wrap-up stays open and counts the overdue time, the agent gets no offers, and no call is written
without the disposition the agent picks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select

from db.models import AgentStateLog, Call, Interaction
from db.pii import mask_phone, phone_key
from db.write import utcnow, write_txn
from desktop.ui.calls import CallCenter
from gateway import offers
from services import agent_states, call_states
from services.config import DEFAULTS
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import QT_NOISE, Agent01Window, ring, use_catalog_dispositions

pytestmark = QT_NOISE
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _in_wrapup(engine: Engine, world: World, agent: int, *, ended: dt.datetime) -> int:
    """A call this agent talked on, which ended at ``ended``: the agent is in its wrap-up."""
    with write_txn(engine) as conn:
        call_id = conn.execute(
            Call.__table__.insert()
            .values(
                call_sid="CA" + "5" * 32,
                direction="inbound",
                from_e164=SINGLE_PHONE,
                from_masked=mask_phone(SINGLE_PHONE),  # as the gateway writes a call: the number, its mask and key
                from_key=phone_key(SINGLE_PHONE),
                customer_id=world.single,
                match_result="one",
                state="connected",
                received_at=ended - dt.timedelta(minutes=4),
                answered_at=ended - dt.timedelta(minutes=4),
                agent_id=agent,
                queue_id=world.queues["general"],
                notes="客户询问年费",
                version=1,
            )
            .returning(Call.id)
        ).scalar_one()
        agent_states.transition(conn, agent, "on_call", ended - dt.timedelta(minutes=4), call_id=call_id)
        call = call_states.load(conn, call_id=call_id)
        assert call is not None
        call_states.start_wrapup(conn, call, ended)
    return int(call_id)


def _wrapup_ready(center: CallCenter, call_id: int) -> bool:
    panel = center.wrapup
    return panel.call_id == call_id and not panel.loading and panel.isVisible()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_whole_tree_shows_at_1366_by_768_and_the_keyboard_picks_and_submits(
    world: tuple[Engine, World],
    center: CallCenter,
    window: Agent01Window,
    translations: Any,
    language: str,
    qtbot: Any,
) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    use_catalog_dispositions(engine)
    translations.switch(language)
    window.resize(1366, 768)
    call_id = _in_wrapup(engine, w, agent, ended=utcnow())
    qtbot.waitUntil(lambda: _wrapup_ready(center, call_id), timeout=10_000)
    panel = center.wrapup
    tree = panel.tree
    assert len(panel.picker.items()) == 18  # the bank's whole tree: 5 groups, 13 dispositions
    qtbot.waitUntil(lambda: tree.verticalScrollBar().maximum() == 0, timeout=3000)  # every row on the screen
    for item in panel.picker.items():
        rect = tree.visualItemRect(item)
        assert rect.isValid() and tree.viewport().rect().contains(rect), item.text(0)
    assert panel.submit.isVisible() and panel.submit.geometry().bottom() <= panel.height()
    assert center.dock.geometry().bottom() <= window.height()
    # Keyboard only: find the disposition by typing, move with the arrows, Enter picks, Ctrl+Enter submits.
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    assert QApplication.focusWidget() is panel.picker.filter
    for typed in ("guashi", "gsj"):  # the Chinese label by its pinyin, or its initials: 挂失及补卡
        qtbot.keyClicks(panel.picker.filter, typed)
        assert [item.data(0, Qt.ItemDataRole.UserRole) for item in panel.picker.choices()] == ["service.card_loss"]
        panel.picker.filter.clear()
    qtbot.keyClicks(panel.picker.filter, "fee")
    shown = [item.data(0, Qt.ItemDataRole.UserRole) for item in panel.picker.choices()]
    assert shown == ["inquiry.rate", "complaint.fee"]  # "Rates and fees", "Fee dispute"
    assert panel.selected_code() == "inquiry.rate"  # the first match, ready for Enter
    qtbot.keyClick(panel.picker.filter, Qt.Key.Key_Down)
    assert panel.selected_code() == "complaint.fee"
    qtbot.keyClick(panel.picker.filter, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is panel.notes  # on to the summary
    panel.notes.selectAll()
    qtbot.keyClicks(panel.notes, "fee refunded once")
    qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: center.controller.snapshot.state == "available", timeout=10_000)
    with engine.connect() as conn:
        row = conn.execute(
            select(Interaction.disposition, Interaction.summary).where(Interaction.call_id == call_id)
        ).one()
    assert tuple(row) == ("complaint.fee", "fee refunded once")


def test_wrapup_time_comes_from_the_settings(world: tuple[Engine, World], center: CallCenter, qtbot: Any) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    ended = utcnow()
    call_id = _in_wrapup(engine, w, agent, ended=ended)
    qtbot.waitUntil(lambda: _wrapup_ready(center, call_id), timeout=10_000)
    snap = center.controller.snapshot
    assert snap is not None and snap.call is not None and snap.call.wrapup_deadline is not None
    assert DEFAULTS.wrapup_seconds >= 120  # 60 s was too short for a real call's notes
    assert snap.call.wrapup_deadline == ended + dt.timedelta(seconds=DEFAULTS.wrapup_seconds)
    qtbot.waitUntil(lambda: "01:" in center.wrapup.countdown.text(), timeout=3000)  # more than a minute left


def test_an_overdue_wrapup_stays_open_counts_up_and_takes_no_offers(
    world: tuple[Engine, World], center: CallCenter, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    ended = utcnow() - dt.timedelta(seconds=DEFAULTS.wrapup_seconds + 30)
    call_id = _in_wrapup(engine, w, agent, ended=ended)
    qtbot.waitUntil(lambda: _wrapup_ready(center, call_id), timeout=10_000)
    # The gateway's wrap-up job runs: the wrap-up is past its time.
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn) == [agent]
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn) == []  # marked once
    panel = center.wrapup
    qtbot.waitUntil(lambda: panel.countdown.property("state") == "overdue", timeout=5000)
    first = panel.countdown.text()
    assert "+00:3" in first
    qtbot.waitUntil(lambda: panel.countdown.text() != first, timeout=3000)  # the overdue time counts up
    qtbot.waitUntil(lambda: center.bar.state_button.property("state") == "overdue", timeout=3000)
    assert "+" in center.bar.timer_label.text()
    assert panel.isVisible() and panel.submit.isEnabled()
    # Nothing was written for the agent, and the agent gets no call while the wrap-up is open.
    with engine.connect() as conn:
        state, disposition = conn.execute(select(Call.state, Call.disposition).where(Call.id == call_id)).one()
        assert conn.execute(select(Interaction.id).where(Interaction.call_id == call_id)).first() is None
        log = conn.execute(
            select(AgentStateLog.state, AgentStateLog.reason, AgentStateLog.started_at)
            .where(AgentStateLog.user_id == agent)
            .order_by(AgentStateLog.id)
        ).all()
    assert (state, disposition) == ("wrap_up", None)
    assert [(r.state, r.reason) for r in log][-2:] == [("wrap_up", None), ("wrap_up", "overdue")]  # recorded
    waiting = ring(engine, SINGLE_PHONE)  # agent01 takes this queue; nobody else is available
    with engine.connect() as conn:
        assert tuple(conn.execute(select(Call.state, Call.agent_id).where(Call.id == waiting)).one()) == (
            "queued",
            None,
        )
    # The agent submits, by keyboard, with a disposition: only now is the call written.
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    qtbot.keyClicks(panel.picker.filter, "balance")
    qtbot.keyClick(panel.picker.filter, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: center.controller.snapshot.state == "available", timeout=10_000)
    with engine.connect() as conn:
        disposition = conn.execute(select(Interaction.disposition).where(Interaction.call_id == call_id)).scalar()
    assert disposition == "inquiry.balance"
