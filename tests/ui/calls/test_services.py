"""The small service additions the call bar needs: colleagues to transfer to, and the cheap offer probe."""

from __future__ import annotations

from sqlalchemy import Engine

from services.agent_desk import DeskServices, OfferProbe, poll_desk
from services.agent_state import AgentStateService
from services.calls import CallService
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import make_available, ring


def test_available_agents_are_the_transfer_targets(world: tuple[Engine, World]) -> None:
    engine, w = world
    states = AgentStateService(engine)
    assert states.available_agents() == []
    make_available(engine, w.agents["agent02"], w.agents["agent03"], w.agents["agent01"])
    states.set_state(w.agents["agent04"], "break", "lunch")
    found = states.available_agents(exclude=w.agents["agent01"])
    assert [a.id for a in found] == [w.agents["agent02"], w.agents["agent03"]]  # longest idle first
    assert found[0].display_name == "坐席2" and "general" in found[0].skills


def test_offer_probe_and_light_polls(world: tuple[Engine, World]) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    services = DeskServices.create(CallService(engine))
    probe = OfferProbe(engine, agent)
    try:
        make_available(engine, agent)
        first = poll_desk(services, agent, None)
        assert first.state == "available" and first.offer is None and probe() is None
        same = poll_desk(services, agent, None, first, full=False, probe=probe)
        assert same.same_desk(first) and same.pop is None
        call_id = ring(engine, SINGLE_PHONE)
        ringing = poll_desk(services, agent, None, first, full=False, probe=probe)
        assert ringing.offer is not None and ringing.offer.call_id == call_id and ringing.state == "offered"
        assert ringing.pop is not None and ringing.pop.customer_id == w.single  # the card came with the poll
        assert probe() == ringing.offer.offer_id
        again = poll_desk(services, agent, call_id, ringing, full=False, probe=probe)
        assert again.pop is None and again.same_desk(ringing)  # nothing new: the card is not read again
    finally:
        probe.close()
