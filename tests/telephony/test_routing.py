"""Routing: VIPs first then longest wait, the longest-idle agent with the skill, offer timeouts, and two
routers at once on PostgreSQL never offering one call twice."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import Counter

import pytest
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.models import AgentStateLog, Call, CallOffer, ChangeFeed
from db.write import write_txn
from gateway import events, offers, routing
from gateway.signature import Params
from services.agent_state import AgentStateService, StateChangeRefused
from services.calls import CallService

from .helpers import new_sid
from .world import SINGLE_PHONE, UNKNOWN_PHONE, VIP_PHONE, World

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
CLOCK_SLACK = dt.timedelta(milliseconds=50)


def _queue_call(engine: Engine, from_: str, at: dt.datetime, digits: str = "1") -> int:
    sid = new_sid()
    params = Params({"CallSid": [sid], "From": [from_], "To": ["+862160000000"], "Digits": [digits]})
    with write_txn(engine) as conn:
        events.apply_incoming(conn, params, at)
        events.apply_menu(conn, params, at)
        return int(conn.execute(select(Call.id).where(Call.call_sid == sid)).scalar_one())


def _available(engine: Engine, agent_id: int, at: dt.datetime) -> None:
    AgentStateService(engine, clock=lambda: at).set_state(agent_id, "available")


def test_vip_first_then_longest_wait(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    early = _queue_call(engine, UNKNOWN_PHONE, T0)
    later = _queue_call(engine, SINGLE_PHONE, T0 + dt.timedelta(seconds=30))
    vip = _queue_call(engine, VIP_PHONE, T0 + dt.timedelta(seconds=60), digits="1")  # VIP, in 'general'
    _available(engine, world.agents["agent02"], T0)  # general only
    now = T0 + dt.timedelta(seconds=90)
    order = []
    for _ in range(3):
        made = routing.route(engine, now)
        assert len(made) == 1
        order.append(made[0].call_id)
        CallService(engine, clock=lambda: now).decline(world.agents["agent02"], made[0].call_id)
        with write_txn(engine) as conn:  # take it out of the way so the next one is offered
            conn.execute(Call.__table__.update().where(Call.id == made[0].call_id).values(state="completed"))
    assert order == [vip, early, later]


def test_longest_idle_agent_with_the_skill_gets_the_offer(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    a = world.agents
    _available(engine, a["agent02"], T0)  # longest idle, but no credit-card skill
    _available(engine, a["agent01"], T0 + dt.timedelta(seconds=5))
    _available(engine, a["agent03"], T0 + dt.timedelta(seconds=10))  # credit-card skill
    card = _queue_call(engine, SINGLE_PHONE, T0 + dt.timedelta(seconds=20), digits="2")
    general = _queue_call(engine, UNKNOWN_PHONE, T0 + dt.timedelta(seconds=21), digits="1")
    made = {o.call_id: o.agent_id for o in routing.route(engine, T0 + dt.timedelta(seconds=30))}
    assert made == {card: a["agent03"], general: a["agent02"]}
    # Each offered agent sees exactly its offer; the state change is logged.
    service = CallService(engine)
    assert service.pending_offer(a["agent03"]).call_id == card  # type: ignore[union-attr]
    assert service.pending_offer(a["agent01"]) is None
    with engine.connect() as conn:
        states = [s for (s,) in conn.execute(select(AgentStateLog.state).where(AgentStateLog.user_id == a["agent03"]))]
    assert states == ["available", "offered"]
    # The offers' feed rows name the agent, so the offered desktop (and only it) looks at once.
    with engine.connect() as conn:
        fed = conn.execute(
            select(ChangeFeed.entity_id, ChangeFeed.payload).where(
                ChangeFeed.entity == "call", ChangeFeed.action == "offered"
            )
        ).all()
    assert sorted((int(e), p["agent_id"]) for e, p in fed) == sorted(made.items())


def test_unanswered_offer_moves_on_and_the_agent_is_not_responding(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    a = world.agents
    _available(engine, a["agent02"], T0)
    _available(engine, a["agent01"], T0 + dt.timedelta(seconds=1))
    call = _queue_call(engine, SINGLE_PHONE, T0 + dt.timedelta(seconds=2))
    first = routing.route(engine, T0 + dt.timedelta(seconds=3))
    assert [(o.call_id, o.agent_id) for o in first] == [(call, a["agent02"])]
    assert offers.expire(engine, T0 + dt.timedelta(seconds=10)) == []  # not yet (15 s)
    assert len(offers.expire(engine, T0 + dt.timedelta(seconds=19))) == 1
    states = AgentStateService(engine)
    assert states.state(a["agent02"]).state == "not_responding"
    second = routing.route(engine, T0 + dt.timedelta(seconds=19))
    assert [(o.call_id, o.agent_id) for o in second] == [(call, a["agent01"])]
    with engine.connect() as conn:
        statuses = dict(
            conn.execute(select(CallOffer.agent_id, CallOffer.status).where(CallOffer.call_id == call)).all()
        )
    assert statuses == {a["agent02"]: "expired", a["agent01"]: "pending"}
    # The call kept its place: enqueued_at is unchanged.
    # A not-responding agent comes back by choosing Available again.
    assert states.set_state(a["agent02"], "available").state == "available"


def test_agent_states_and_their_rules(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    service = AgentStateService(engine)
    agent = world.agents["agent01"]
    assert service.state(agent).state == "offline"
    with pytest.raises(StateChangeRefused):
        service.set_state(agent, "break")  # a reason is required
    assert service.set_state(agent, "break", "lunch").reason == "lunch"
    with pytest.raises(StateChangeRefused):
        service.set_state(agent, "on_call")
    service.set_state(agent, "available")
    _queue_call(engine, SINGLE_PHONE, T0)
    routing.route(engine)
    with pytest.raises(StateChangeRefused):
        service.set_state(agent, "offline")  # an offer is ringing
    with engine.connect() as conn:
        log = conn.execute(
            select(AgentStateLog.state, AgentStateLog.ended_at)
            .where(AgentStateLog.user_id == agent)
            .order_by(AgentStateLog.id)
        ).all()
    assert [s for s, _ in log] == ["break", "available", "offered"]
    assert all(end is not None for _, end in log[:-1]) and log[-1][1] is None


@pytest.mark.postgres
def test_two_routers_on_postgres_never_offer_a_call_twice(pg_database_url: str) -> None:
    from db.migrate import upgrade

    from .world import build_world

    engine = make_engine(pg_database_url, pool_size=10)
    try:
        upgrade(engine)
        _two_routers(engine, build_world(engine))
    finally:
        engine.dispose()


def _two_routers(engine: Engine, world: World) -> None:
    calls = [
        _queue_call(engine, UNKNOWN_PHONE if i % 2 else SINGLE_PHONE, T0 + dt.timedelta(seconds=i)) for i in range(40)
    ]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def router() -> None:
        try:
            barrier.wait(10)
            for _ in range(60):
                routing.route(engine)
                offers_made = CallService(engine)
                for agent in world.agents.values():  # agents decline at once, so calls move around a lot
                    offer = offers_made.pending_offer(agent)
                    if offer is not None:
                        offers_made.decline(agent, offer.call_id)  # the agent is available again at once
        except BaseException as exc:
            errors.append(exc)

    for agent in world.agents.values():
        AgentStateService(engine).set_state(agent, "available")
    threads = [threading.Thread(target=router) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                CallOffer.call_id, CallOffer.agent_id, CallOffer.status, CallOffer.offered_at, CallOffer.responded_at
            ).order_by(CallOffer.call_id, CallOffer.offered_at, CallOffer.id)
        ).all()
        pending = conn.execute(select(CallOffer.call_id).where(CallOffer.status == "pending")).scalars().all()
        offered_calls = conn.execute(select(Call.id).where(Call.state == "offered")).scalars().all()
    assert rows, "the routers made no offers"
    # At no time is one call offered to two agents: at most one open offer per call, one per agent.
    assert max(Counter(pending).values(), default=0) <= 1
    assert sorted(pending) == sorted(offered_calls)
    per_agent = Counter(r[1] for r in rows if r[2] == "pending")
    assert max(per_agent.values(), default=0) <= 1
    assert set(r[0] for r in rows) <= set(calls)
    # Over time too: a call's next offer starts only after the previous one was answered (both times are read
    # under the row locks; the slack is for the wall clock's granularity, not for an overlap).
    for previous, current in itertools.pairwise(rows):
        if previous[0] == current[0]:
            assert previous[4] is not None and previous[4] <= current[3] + CLOCK_SLACK, (previous, current)
