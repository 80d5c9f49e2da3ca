"""The small service additions the call bar needs: colleagues to transfer to, and the cheap offer probe."""

from __future__ import annotations

from sqlalchemy import Engine

from services.agent_desk import DeskServices, OfferProbe, poll_desk
from services.agent_state import AgentStateService
from services.calls import CallService
from tests.telephony.world import SINGLE_PHONE, World

from .conftest import make_available, ring


def test_colleagues_to_transfer_to_come_with_their_state_those_who_can_take_a_call_first(
    world: tuple[Engine, World],
) -> None:
    engine, w = world
    states = AgentStateService(engine)
    assert [c.can_take_call for c in states.colleagues()] == [False] * 4  # nobody signed in yet: all offline
    make_available(engine, w.agents["agent02"], w.agents["agent03"], w.agents["agent01"])
    states.set_state(w.agents["agent04"], "break", "lunch")
    found = states.colleagues(exclude=w.agents["agent01"])
    assert [(c.id, c.state, c.can_take_call) for c in found] == [
        (w.agents["agent02"], "available", True),  # longest idle first
        (w.agents["agent03"], "available", True),
        (w.agents["agent04"], "break", False),
    ]
    assert found[2].reason == "lunch"
    assert found[0].display_name == "坐席2" and "general" in found[0].skills
    assert found[0].pinyin == "zuoxi" and found[0].initials == "zx"
    assert found[0].matches("zx") and found[0].matches("agent02") and found[0].matches("坐席")
    assert not found[0].matches("agent03")


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
