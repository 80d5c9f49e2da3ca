"""Wrap-up: the disposition tree, drafts that survive a crash, completing it, and the time limit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from db.models import AgentStateLog, Call, Interaction
from db.pii import mask_phone, phone_key
from db.write import write_txn
from gateway import offers
from services import agent_states, call_states
from services.agent_state import AgentStateService
from services.calls import CallService
from services.config import DEFAULTS
from services.wrapup import WrapupError, WrapupService

from .world import World

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _call_in_wrapup(engine: Engine, world: World, agent: int, at: dt.datetime = T0) -> int:
    """A call that this agent has just finished talking on."""
    with write_txn(engine) as conn:
        call_id = conn.execute(
            Call.__table__.insert()
            .values(
                call_sid="CA" + "7" * 32,
                direction="inbound",
                from_e164="+8613800000001",
                from_masked=mask_phone("+8613800000001"),
                from_key=phone_key("+8613800000001"),
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
        call = call_states.load(conn, call_id=call_id)
        assert call is not None
        call_states.start_wrapup(conn, call, at + dt.timedelta(minutes=3))
    return int(call_id)


def test_disposition_tree_has_leaves_to_choose(world_engine: tuple[Engine, World]) -> None:
    engine, _ = world_engine
    tree = WrapupService(engine).disposition_tree()
    assert [n.code for n in tree] == ["inquiry", "complaint", "other"]
    assert [c.code for c in tree[0].children] == ["inquiry.balance"] and tree[0].children[0].selectable
    assert not tree[0].selectable and tree[2].selectable


def test_draft_survives_a_crash_and_completing_writes_the_interaction(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    agent = world.agents["agent01"]
    call_id = _call_in_wrapup(engine, world, agent)
    follow = T0 + dt.timedelta(days=3)
    WrapupService(engine).save_wrapup_draft(agent, call_id, disposition="inquiry.balance", notes="第一稿")
    WrapupService(engine).save_wrapup_draft(
        agent, call_id, disposition="inquiry.balance", notes="客户查询余额", follow_up_at=follow, follow_up_note="回电"
    )
    # The desktop crashed: a new service (a new process) finds the open wrap-up and its draft.
    fresh = WrapupService(engine)
    assert CallService(engine).current_call(agent).state == "wrap_up"  # type: ignore[union-attr]
    draft = fresh.load_wrapup_draft(agent)
    assert draft is not None
    assert (draft.call_id, draft.disposition, draft.notes, draft.follow_up_at, draft.follow_up_note) == (
        call_id,
        "inquiry.balance",
        "客户查询余额",
        follow,
        "回电",
    )
    # The wrap-up time is the setting's (the queue's own 60 s is shorter).
    assert draft.deadline == T0 + dt.timedelta(minutes=3, seconds=DEFAULTS.wrapup_seconds)
    with pytest.raises(WrapupError):
        fresh.complete_wrapup(agent, call_id, "inquiry", "a branch, not a leaf")
    with pytest.raises(WrapupError):
        fresh.complete_wrapup(world.agents["agent02"], call_id, "inquiry.balance", "someone else's call")
    interaction = fresh.complete_wrapup(agent, call_id, draft.disposition or "", draft.notes, draft.follow_up_at)
    with engine.connect() as conn:
        row = conn.execute(select(Interaction.__table__).where(Interaction.id == interaction)).one()
        call = conn.execute(select(Call.state, Call.disposition, Call.wrapup_ended_at).where(Call.id == call_id)).one()
    assert (row.call_id, row.customer_id, row.channel, row.summary) == (
        call_id,
        world.single,
        "call_in",
        "客户查询余额",
    )
    assert call.state == "completed" and call.disposition == "inquiry.balance" and call.wrapup_ended_at is not None
    assert fresh.load_wrapup_draft(agent) is None
    assert AgentStateService(engine).state(agent).state == "available"


def test_a_wrapup_past_its_time_is_marked_overdue_never_written_without_a_disposition(
    world_engine: tuple[Engine, World],
) -> None:
    engine, world = world_engine
    agent = world.agents["agent01"]
    call_id = _call_in_wrapup(engine, world, agent)
    deadline = T0 + dt.timedelta(minutes=3, seconds=DEFAULTS.wrapup_seconds)
    WrapupService(engine).save_wrapup_draft(agent, call_id, notes="说到一半")
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn, deadline - dt.timedelta(seconds=1)) == []
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn, deadline + dt.timedelta(minutes=1)) == [agent]
    with write_txn(engine) as conn:
        assert offers.enforce_wrapup_limits(conn, deadline + dt.timedelta(minutes=2)) == []  # marked once
    # Still in wrap-up (no offers), overdue from the deadline on; nothing written, the draft kept.
    now = AgentStateService(engine).state(agent)
    assert (now.state, now.reason, now.call_id, now.since) == ("wrap_up", "overdue", call_id, deadline)
    with engine.connect() as conn:
        assert conn.execute(select(Call.state, Call.disposition).where(Call.id == call_id)).one() == ("wrap_up", None)
        assert conn.execute(select(Interaction.id).where(Interaction.call_id == call_id)).first() is None
        log = conn.execute(
            select(AgentStateLog.state, AgentStateLog.reason, AgentStateLog.started_at, AgentStateLog.ended_at)
            .where(AgentStateLog.user_id == agent)
            .order_by(AgentStateLog.id)
        ).all()
    assert [(r.state, r.reason) for r in log] == [("on_call", None), ("wrap_up", None), ("wrap_up", "overdue")]
    assert log[1].ended_at == deadline == log[2].started_at  # the overdue time has a row of its own
    draft = WrapupService(engine).load_wrapup_draft(agent, call_id)
    assert draft is not None and draft.notes == "说到一半"
    # The agent submits with a disposition: written now, and the agent is free.
    WrapupService(engine).complete_wrapup(agent, call_id, "inquiry.balance", "说完了")
    assert AgentStateService(engine).state(agent).state == "available"
    with engine.connect() as conn:
        disposition, subject = conn.execute(
            select(Interaction.disposition, Interaction.subject).where(Interaction.call_id == call_id)
        ).one()
    assert disposition == "inquiry.balance" and "自动" not in subject
