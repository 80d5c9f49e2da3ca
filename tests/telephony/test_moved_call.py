"""A supervisor moves a waiting caller to another queue (services.wallboard.interventions): the real gateway
carries the caller over to the new queue at Twilio (the simulator), routing offers the call to an agent of the
new queue, and that agent's accept dequeues the caller from there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from db.models import Call, CallCommand
from gateway.inprocess import InProcessTelephony, start_inprocess
from gateway.simulator.runner import Chaos
from services.agent_state import AgentStateService
from services.audit import AuditTrail
from services.call_control import QueuedCallControl
from services.calls import CallService
from services.config import Settings
from services.permissions import Principal
from services.wallboard.interventions import Interventions

from .helpers import call_row, wait_for
from .world import SINGLE_PHONE, World

LONG = {"patience": 3000.0, "talk": 3000.0}


@pytest.fixture
def telephony(sqlite_world: tuple[Engine, World], tmp_path: Path) -> Iterator[InProcessTelephony]:
    engine, _ = sqlite_world
    tel = start_inprocess(
        engine, Settings(data_dir=tmp_path), traffic=False, speed=0.01, seed=5, chaos=Chaos(0.0, 0.0),
        worker_interval=0.05,
    )  # fmt: skip
    try:
        yield tel
    finally:
        tel.stop()


def _state(engine: Engine, sid: str) -> str | None:
    row = call_row(engine, sid)  # None until the gateway has the incoming call
    return None if row is None else str(row.state)


def _members(telephony: InProcessTelephony, queue: str) -> set[str]:
    queues = telephony.simulator.state.queues.values()
    return set(next((q.members for q in queues if q.friendly_name == queue), {}))


def test_a_moved_caller_is_answered_from_the_new_queue(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    sid = telephony.place_call(SINGLE_PHONE, digits="3", **LONG)  # complaints: nobody is available for it
    wait_for(lambda: _state(engine, sid) == "queued" and sid in _members(telephony, "complaints"))
    call_id = int(call_row(engine, sid).id)
    supervisor = Principal(user_id=world.agents["agent04"], username="agent04", role="supervisor", workstation="WB")
    Interventions(engine, supervisor, AuditTrail(workstation="WB")).move_call(call_id, world.queues["vip"])
    wait_for(lambda: sid in _members(telephony, "vip"))  # the gateway ran the to_queue command
    assert sid not in _members(telephony, "complaints")
    with engine.connect() as conn:
        assert conn.execute(select(CallCommand.status).where(CallCommand.call_id == call_id)).scalar() == "done"
    agent = world.agents["agent01"]  # vip and general; nobody else is available
    AgentStateService(engine).set_state(agent, "available")
    service = CallService(engine, QueuedCallControl(engine))
    offer = wait_for(lambda: service.pending_offer(agent))
    assert offer.call_id == call_id and offer.queue_name == "vip"
    result = service.accept(agent, call_id)
    assert result.ok, result.message
    with engine.connect() as conn:
        assert conn.execute(select(Call.state, Call.queue_id).where(Call.id == call_id)).one() == (
            "connected",
            world.queues["vip"],
        )
