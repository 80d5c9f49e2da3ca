"""PostgreSQL itself checks the supervisor's interventions: each role's own login against cd_force_agent_state,
cd_requeue_call and cd_notify_agent, and the row security of agent_notice."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from db.models import AgentStatus, AuditLog, Call, CallCommand, CallQueue
from services.audit import AuditTrail
from services.wallboard import notices
from services.wallboard.interventions import InterventionRefused, Interventions
from tests.wallboard.world import add_call, set_agent

from .conftest import INSUFFICIENT_PRIVILEGE, SecuredDatabase, run_refused

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _service(secured: SecuredDatabase, username: str) -> Interventions:
    principal = secured.principal(username)
    return Interventions(secured.login_engine(username), principal, AuditTrail(workstation="WB-SQL"))


def _queues(secured: SecuredDatabase) -> dict[str, int]:
    with secured.owner.connect() as conn:
        return {name: int(i) for i, name in conn.execute(select(CallQueue.id, CallQueue.name))}


@pytest.mark.parametrize("username", ["agent01", "lobby01", "cm01", "admin"])
def test_only_a_supervisors_login_may_call_the_functions(secured: SecuredDatabase, username: str) -> None:
    engine = secured.login_engine(username)
    target = secured.user_id("agent01")
    for sql in (
        f"SELECT cd_force_agent_state({target}, 'offline', 'x', 'ws')",
        "SELECT cd_requeue_call(1, 1, 5, 'ws')",
        f"SELECT cd_notify_agent({target}, 'hello', 'ws')",
        f"INSERT INTO agent_notice (to_user_id, text, created_at) VALUES ({target}, 'forged', now())",
    ):
        assert run_refused(engine, sql) == INSUFFICIENT_PRIVILEGE, sql


def test_a_supervisor_forces_a_state_audited_as_themselves(secured: SecuredDatabase) -> None:
    agent = secured.user_id("agent01")
    with secured.owner.begin() as conn:
        set_agent(conn, agent, "wrap_up", NOW - dt.timedelta(minutes=9))
    service = _service(secured, "super01")
    with pytest.raises(InterventionRefused) as refused:
        service.force_state(agent, "offline")
    assert refused.value.reason == "wrap_up_only"
    service.force_state(agent, "available", "stuck")
    with secured.owner.connect() as conn:
        assert conn.execute(select(AgentStatus.state).where(AgentStatus.user_id == agent)).scalar() == "available"
        row = conn.execute(
            select(AuditLog.user_id, AuditLog.workstation, AuditLog.detail)
            .where(AuditLog.action == "agent_force_state", AuditLog.entity_id == str(agent))
            .order_by(AuditLog.id.desc())
        ).first()
    assert row is not None and row[0] == secured.user_id("super01") and row[1] == "WB-SQL"
    assert '"to" : "available"' in row[2] or '"to":"available"' in row[2]


def test_a_supervisor_moves_a_call_and_an_answered_one_is_refused(secured: SecuredDatabase) -> None:
    queues = _queues(secured)
    general, other = queues["general"], next(i for n, i in queues.items() if n != "general")
    with secured.owner.begin() as conn:
        waiting = add_call(conn, general, "queued", NOW, wait=0)
        answered = add_call(conn, general, "connected", NOW, wait=0, answered_after=1)
    service = _service(secured, "super01")
    service.move_call(waiting, other)
    assert service.raise_priority(waiting, 40) == 40
    with pytest.raises(InterventionRefused) as refused:
        service.move_call(answered, other)
    assert "already answered" in refused.value.message("en")
    with secured.owner.connect() as conn:
        assert conn.execute(select(Call.queue_id, Call.priority).where(Call.id == waiting)).one() == (other, 40)
        assert conn.execute(select(Call.queue_id).where(Call.id == answered)).scalar() == general
        kinds = conn.execute(select(CallCommand.kind).where(CallCommand.call_id == waiting)).scalars().all()
        audited = (
            conn.execute(
                select(AuditLog.entity_id).where(
                    AuditLog.action == "call_requeue", AuditLog.entity_id.in_((str(waiting), str(answered)))
                )
            )
            .scalars()
            .all()
        )
    assert kinds == ["to_queue"] and audited == [str(waiting), str(waiting)]


def test_a_notice_is_read_and_dismissed_only_by_its_addressee(secured: SecuredDatabase) -> None:
    agent = secured.user_id("agent01")
    notice_id = _service(secured, "super01").notify_agent(agent, " 请回拨 VIP 客户 ")
    mine = notices.unread(secured.login_engine("agent01"), agent)
    assert [(n.id, n.text) for n in mine] == [(notice_id, "请回拨 VIP 客户")]
    assert notices.unread(secured.login_engine("cm01"), agent) == []  # row security hides it
    assert notices.mark_read(secured.login_engine("cm01"), agent, notice_id) is False
    agent_engine = secured.login_engine("agent01")
    assert run_refused(agent_engine, f"UPDATE agent_notice SET text = 'changed' WHERE id = {notice_id}") == (
        INSUFFICIENT_PRIVILEGE
    )
    assert notices.mark_read(agent_engine, agent, notice_id) is True
    assert notices.unread(agent_engine, agent) == []
    with secured.owner.connect() as conn:
        action = conn.execute(
            text("SELECT action FROM audit_log WHERE action = 'agent_notify' AND entity_id = :e"), {"e": str(agent)}
        ).scalar()
    assert action == "agent_notify"
