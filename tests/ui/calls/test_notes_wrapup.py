"""Notes saved as they are typed; the wrap-up draft survives a crash; finishing writes the interaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from sqlalchemy import Engine, select

from db.models import Call, Interaction, Reminder
from db.pii import mask_phone, phone_key
from db.write import utcnow, write_txn
from desktop.demo_calls import enter_wrapup, placer, show_offered_call
from desktop.tasks import TaskManager
from desktop.ui.calls import CallCenter, CallNotes, WrapupPanel, install_call_center
from gateway.inprocess import InProcessTelephony
from services import agent_states, call_states
from services.calls import CallService
from services.wrapup import WrapupService
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import QT_NOISE, Agent01Window, principal

pytestmark = QT_NOISE


def _notes(engine: Engine, call_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Call.notes).where(Call.id == call_id)).scalar()


def _talking(engine: Engine, world: World, agent: int, *, wrapup: bool = False) -> int:
    """A call this agent is on (or has just finished, with ``wrapup``)."""
    at = utcnow()
    with write_txn(engine) as conn:
        call_id = conn.execute(
            Call.__table__.insert()
            .values(
                call_sid="CA" + "7" * 32,
                direction="inbound",
                from_e164=SINGLE_PHONE,
                from_masked=mask_phone(SINGLE_PHONE),  # as the gateway writes a call: the number, its mask and key
                from_key=phone_key(SINGLE_PHONE),
                customer_id=world.single,
                match_result="one",
                state="connected",
                received_at=at,
                answered_at=at,
                agent_id=agent,
                queue_id=world.queues["general"],
                version=1,
            )
            .returning(Call.id)
        ).scalar_one()
        agent_states.transition(conn, agent, "on_call", at, call_id=call_id)
        if wrapup:
            call = call_states.load(conn, call_id=call_id)
            assert call is not None
            call_states.start_wrapup(conn, call, at)
    return int(call_id)


def test_notes_are_saved_as_they_are_typed(world: tuple[Engine, World], tasks: TaskManager, qtbot: Any) -> None:
    engine, w = world
    call_id = _talking(engine, w, w.agents["agent01"])
    notes = CallNotes(tasks, CallService(engine), delay_ms=100)
    qtbot.addWidget(notes)
    notes.show()
    notes.open(call_id, "")
    qtbot.keyClicks(notes.editor, "asks about the annual fee")
    qtbot.waitUntil(lambda: _notes(engine, call_id) == "asks about the annual fee", timeout=5000)
    qtbot.keyClicks(notes.editor, "; waived once")
    qtbot.waitUntil(lambda: _notes(engine, call_id) == "asks about the annual fee; waived once", timeout=5000)


def test_notes_come_back_after_a_crash_during_the_call(
    world: tuple[Engine, World], tasks: TaskManager, window: Agent01Window, qtbot: Any
) -> None:
    engine, w = world
    call_id = _talking(engine, w, w.agents["agent01"])
    center = install_call_center(window, tasks, CallService(engine), principal(w), None)
    qtbot.waitUntil(lambda: center.notes.call_id == call_id, timeout=5000)
    center.notes.editor.setPlainText("客户称卡被吞")
    qtbot.waitUntil(lambda: _notes(engine, call_id) == "客户称卡被吞", timeout=5000)
    center.controller.stop()  # that desktop is gone; a new one starts
    again_window = Agent01Window()
    qtbot.addWidget(again_window)
    again = install_call_center(again_window, tasks, CallService(engine), principal(w), None)
    qtbot.waitUntil(lambda: again.notes.call_id == call_id, timeout=5000)
    assert again.notes.text() == "客户称卡被吞"
    assert again.notes.isVisibleTo(again_window)
    again.shutdown()


def test_wrapup_draft_survives_a_rebuild_of_the_panel(
    world: tuple[Engine, World], tasks: TaskManager, qtbot: Any
) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    call_id = _talking(engine, w, agent, wrapup=True)
    deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    panel = WrapupPanel(tasks, WrapupService(engine), agent, delay_ms=50)  # deleted below, like a crash would
    panel.show()
    panel.open(call_id, deadline)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    assert panel.tree.topLevelItemCount() == 3  # the configured tree: inquiry, complaint, other
    assert not panel.tree.topLevelItem(0).flags() & panel.tree.topLevelItem(0).flags().ItemIsSelectable
    assert panel.select_code("complaint.fee")
    qtbot.keyClicks(panel.notes, "explained the fee; customer satisfied")
    panel.follow_up.setChecked(True)
    qtbot.keyClicks(panel.follow_up_note, "call back Friday")
    qtbot.waitUntil(lambda: "Time left" in panel.countdown.text() or "剩余" in panel.countdown.text())

    def stored() -> bool:
        draft = WrapupService(engine).load_wrapup_draft(agent, call_id)
        return (
            draft is not None
            and draft.notes == "explained the fee; customer satisfied"
            and (draft.follow_up_note == "call back Friday")
        )

    qtbot.waitUntil(stored, timeout=5000)
    panel.deleteLater()  # the desktop crashed: nothing is saved on the way out
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel))
    rebuilt = WrapupPanel(tasks, WrapupService(engine), agent)
    qtbot.addWidget(rebuilt)
    rebuilt.show()
    rebuilt.open(call_id, deadline)
    qtbot.waitUntil(lambda: not rebuilt.loading, timeout=5000)
    assert rebuilt.notes.toPlainText() == "explained the fee; customer satisfied"
    assert rebuilt.selected_code() == "complaint.fee"
    assert rebuilt.follow_up.isChecked() and rebuilt.follow_up_note.text() == "call back Friday"
    assert rebuilt.follow_up_value() is not None


def test_wrapup_after_a_real_call_writes_the_interaction_and_the_reminder(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, qtbot: Any
) -> None:
    engine, w = world
    offer = show_offered_call(center, placer(telephony), SINGLE_PHONE, timeout_s=15)
    assert center.card.call_id == offer.call_id
    call_id = enter_wrapup(center, notes="客户询问年费减免", timeout_s=15)
    panel = center.wrapup
    assert panel.notes.toPlainText() == "客户询问年费减免"  # the call's notes carried into the wrap-up
    panel.submit.click()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=3000)  # no disposition yet
    assert panel.select_code("inquiry.balance")
    panel.follow_up.setChecked(True)
    panel.submit.click()
    qtbot.waitUntil(lambda: center.controller.snapshot.state == "available", timeout=10_000)
    with engine.connect() as conn:
        row = conn.execute(select(Interaction.__table__).where(Interaction.call_id == call_id)).one()
        reminder = conn.execute(select(Reminder.__table__).where(Reminder.customer_id == w.single)).one()
    assert (row.customer_id, row.disposition, row.summary) == (w.single, "inquiry.balance", "客户询问年费减免")
    assert reminder.kind == "follow_up" and reminder.due_at is not None
    assert not panel.isVisible() and center.bar.message.property("level") == "info"


def test_a_desk_still_owing_a_wrap_up_records_it_before_taking_the_next_call(
    world: tuple[Engine, World], center: CallCenter, telephony: InProcessTelephony, qtbot: Any
) -> None:
    """The demo's screen run finds the desk in wrap-up (a call an earlier run left open was closed at start):
    it records that wrap-up, as the agent would, and then the next call rings."""
    engine, _ = world
    show_offered_call(center, placer(telephony), SINGLE_PHONE, timeout_s=15)
    owed = enter_wrapup(center, timeout_s=15)
    assert center.controller.snapshot.state == "wrap_up"
    offer = show_offered_call(center, placer(telephony), SINGLE_PHONE, timeout_s=20)
    assert offer.call_id != owed and center.card.call_id == offer.call_id
    with engine.connect() as conn:
        disposition = conn.execute(select(Interaction.disposition).where(Interaction.call_id == owed)).scalar_one()
    assert disposition, "the owed wrap-up was recorded with a disposition"
