"""The supervisor's interventions through the service, on SQLite and PostgreSQL (as the owner: the service calls
the database's functions on PostgreSQL, so these run them too); the logins' rights are in
tests/security/test_intervention_sql.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert, select

from db.models import AgentStateLog, AgentStatus, AuditLog, Call, CallCommand, CallOffer, ChangeFeed
from gateway import routing
from services.audit import AuditTrail
from services.permissions import PermissionDenied, Principal
from services.wallboard import notices
from services.wallboard.interventions import PRIORITY_STEP, InterventionRefused, Interventions
from services.wallboard.waiting import queue_choices, waiting_calls

from .world import Floor, add_call, set_agent

T0 = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(seconds=30)


def _svc(engine: Engine, floor: Floor, who: str = "dai") -> Interventions:
    role = "supervisor" if who == "dai" else "agent"
    principal = Principal(user_id=floor.agents[who], username=who, role=role, workstation="WB-1")
    return Interventions(engine, principal, AuditTrail(workstation="WB-1"))


def _audit(engine: Engine, action: str) -> list[tuple[str | None, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(AuditLog.entity_id, AuditLog.detail).where(AuditLog.action == action)).all()
    return [(r[0], r[1]) for r in rows]


def _state(engine: Engine, agent_id: int) -> tuple[str, str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(AgentStatus.state, AgentStatus.reason).where(AgentStatus.user_id == agent_id)).one()
    return row[0], row[1]


def _only_available(engine: Engine, floor: Floor, *names: str) -> None:
    """The named agents available (desks alive at T0 + 1 s), everyone else offline."""
    with engine.begin() as conn:
        for name in ("ann", "bob", "cai", "dai"):
            set_agent(conn, floor.agents[name], "available" if name in names else "offline", T0)


def test_rights_are_refused_and_audited(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    agent = _svc(engine, f, "ann")
    with pytest.raises(PermissionDenied):
        agent.force_state(f.agents["bob"], "offline")
    with pytest.raises(PermissionDenied):
        agent.notify_agent(f.agents["bob"], "hello")
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "queued", T0, wait=0)
    with pytest.raises(PermissionDenied):
        agent.move_call(call, f.queues["vip"])
    denied = _audit(engine, "permission_denied")
    assert {d for _, d in denied} >= {
        '{"permission":"agent.force_state","reason":"role","role":"agent"}',
        '{"permission":"agent.notify","reason":"role","role":"agent"}',
        '{"permission":"call.requeue","reason":"role","role":"agent"}',
    }
    assert _state(engine, f.agents["bob"])[0] == "available"


def test_force_state_logs_feeds_and_audits(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    bob = f.agents["bob"]
    with engine.begin() as conn:
        set_agent(conn, bob, "wrap_up", T0, call_id=None)
    svc = _svc(engine, f)
    with pytest.raises(InterventionRefused) as refused:
        svc.force_state(bob, "break", "lunch")
    assert refused.value.reason == "wrap_up_only" and "wrap-up" in refused.value.message("en")
    svc.force_state(bob, "available", "stuck wrap-up")
    assert _state(engine, bob) == ("available", "supervisor")
    with engine.connect() as conn:
        log = conn.execute(select(AgentStateLog.state, AgentStateLog.ended_at).where(AgentStateLog.user_id == bob))
        assert [(s, e is None) for s, e in log] == [("available", True)]
        feed = conn.execute(
            select(ChangeFeed.action).where(ChangeFeed.entity == "agent", ChangeFeed.entity_id == str(bob))
        )
        assert list(feed.scalars()) == ["available"]
    ((entity_id, detail),) = _audit(engine, "agent_force_state")
    assert entity_id == str(bob) and '"from":"wrap_up"' in (detail or "") and '"to":"available"' in (detail or "")
    svc.force_state(bob, "break", "  team   meeting ")
    assert _state(engine, bob) == ("break", "team meeting")
    with pytest.raises(InterventionRefused) as same:
        svc.force_state(bob, "break")
    assert same.value.reason == "same_state"
    with pytest.raises(InterventionRefused) as bad:
        svc.force_state(bob, "on_call")
    assert bad.value.reason == "bad_state"


def test_an_agent_on_a_call_is_not_forced(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    ann = f.agents["ann"]
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "connected", T0, wait=0, answered_after=1, agent_id=ann)
        set_agent(conn, ann, "on_call", T0, call_id=call)
    with pytest.raises(InterventionRefused) as refused:
        _svc(engine, f).force_state(ann, "offline")
    assert refused.value.reason == "on_call"
    assert _state(engine, ann)[0] == "on_call"
    assert _audit(engine, "agent_force_state") == []


def test_a_moved_call_is_routed_in_its_new_queue(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _only_available(engine, f, "cai")  # credit_card only
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "queued", T0, wait=0)
    now = T0 + dt.timedelta(seconds=1)
    assert routing.route(engine, now) == []  # nobody free has the general skill
    assert [c.call_id for c in waiting_calls(engine, f.queues["general"])] == [call]
    _svc(engine, f).move_call(call, f.queues["credit_card"])
    assert waiting_calls(engine, f.queues["general"]) == []
    (offer,) = routing.route(engine, now)
    assert (offer.call_id, offer.agent_id) == (call, f.agents["cai"])
    with engine.connect() as conn:
        command = conn.execute(select(CallCommand.kind, CallCommand.args).where(CallCommand.call_id == call)).one()
    assert command[0] == "to_queue" and command[1]["queue_name"] == "credit_card"
    ((entity_id, detail),) = _audit(engine, "call_requeue")
    assert entity_id == str(call) and f'"to_queue":{f.queues["credit_card"]}' in (detail or "")


def test_raised_priority_is_served_first(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _only_available(engine, f, "bob")
    with engine.begin() as conn:
        first = add_call(conn, f.queues["general"], "queued", T0 - dt.timedelta(seconds=20), wait=0)
        second = add_call(conn, f.queues["general"], "queued", T0 - dt.timedelta(seconds=10), wait=0)
    svc = _svc(engine, f)
    assert svc.raise_priority(second) == PRIORITY_STEP
    with pytest.raises(InterventionRefused) as lower:
        svc.raise_priority(second, 1)
    assert lower.value.reason == "not_higher"
    assert [c.call_id for c in waiting_calls(engine)] == [second, first]
    (offer,) = routing.route(engine, T0 + dt.timedelta(seconds=1))
    assert offer.call_id == second


def test_an_offered_call_is_withdrawn_then_moved(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _only_available(engine, f, "bob")
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "queued", T0, wait=0)
    (offer,) = routing.route(engine, T0 + dt.timedelta(seconds=1))
    assert _state(engine, f.agents["bob"])[0] == "offered"
    _svc(engine, f).move_call(call, f.queues["vip"])
    assert _state(engine, f.agents["bob"])[0] == "available"
    with engine.connect() as conn:
        assert conn.execute(select(CallOffer.status).where(CallOffer.id == offer.offer_id)).scalar() == "cancelled"
        row = conn.execute(select(Call.state, Call.queue_id, Call.agent_id).where(Call.id == call)).one()
    assert tuple(row) == ("queued", f.queues["vip"], None)


def test_an_answered_call_is_left_alone(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    with engine.begin() as conn:
        call = add_call(conn, f.queues["general"], "connected", T0, wait=0, answered_after=1, agent_id=f.agents["ann"])
        accepting = add_call(conn, f.queues["general"], "offered", T0, wait=0, agent_id=f.agents["bob"])
        conn.execute(insert(CallOffer).values(call_id=accepting, agent_id=f.agents["bob"], status="accepting",
                                              offered_at=T0, expires_at=T0 + dt.timedelta(seconds=15)))  # fmt: skip
    svc = _svc(engine, f)
    for target, reason in ((call, "answered"), (accepting, "answering"), (999_999, "no_call")):
        with pytest.raises(InterventionRefused) as refused:
            svc.move_call(target, f.queues["vip"])
        assert refused.value.reason == reason
    with pytest.raises(InterventionRefused) as answered:
        svc.raise_priority(call, 50)
    assert "already answered" in answered.value.message("en")
    with engine.connect() as conn:
        assert conn.execute(select(Call.queue_id, Call.priority).where(Call.id == call)).one() == (
            f.queues["general"],
            0,
        )
        assert conn.execute(select(CallCommand.id)).first() is None
    assert _audit(engine, "call_requeue") == []
    assert {q.name for q in queue_choices(engine)} == {"general", "vip", "credit_card", "complaints"}


def test_a_message_reaches_the_desk_and_is_read_once(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    ann = f.agents["ann"]
    svc = _svc(engine, f)
    for text, reason in (("   ", "empty_text"), ("长" * 201, "long_text")):
        with pytest.raises(InterventionRefused) as refused:
            svc.notify_agent(ann, text)
        assert refused.value.reason == reason
    with pytest.raises(InterventionRefused) as nobody:
        svc.notify_agent(f.agents["eve"], "inactive")
    assert nobody.value.reason == "no_user"
    notice_id = svc.notify_agent(ann, "  请接听 VIP 队列  ")
    (notice,) = notices.unread(engine, ann)
    assert (notice.id, notice.text, notice.sender) == (notice_id, "请接听 VIP 队列", "dai")
    with engine.connect() as conn:
        topic = conn.execute(select(ChangeFeed.entity, ChangeFeed.entity_id, ChangeFeed.payload)
                             .where(ChangeFeed.entity == "agent_notice")).one()  # fmt: skip
    assert f"{topic[0]}:{topic[1]}" == notices.topic(ann) and topic[2] == {"notice_id": notice_id}
    assert [e for e, _ in _audit(engine, "agent_notify")] == [str(ann)]
    assert notices.mark_read(engine, f.agents["bob"], notice_id) is False  # not bob's
    assert notices.mark_read(engine, ann, notice_id) is True
    assert notices.mark_read(engine, ann, notice_id) is False
    assert notices.unread(engine, ann) == []
