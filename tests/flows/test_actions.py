"""Action steps through the real services: messages, complaints, service requests, reminders, referrals,
transfers and customer changes — confirmed first, done once, and every refusal a clear result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text, update

from db.migrate import upgrade
from db.models import (
    Call,
    CallQueue,
    CustomerPhone,
    FlowRunStep,
    Interaction,
    MessageTemplate,
    OutboxMessage,
    Referral,
    Reminder,
    Ticket,
    TicketDraft,
)
from db.pii import lookup_key, phone_key
from services.flows.actions import ActionResult
from services.flows.runner import PERFORMING_SECONDS, FlowRunner, RunView
from services.permissions import Principal
from tests.flows import runner_rig
from tests.flows.runner_rig import World


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from runner_rig.world(request.param, request, tmp_path_factory)


def _one_action(
    code: str,
    action: dict[str, Any],
    *,
    on_error: str | None = None,
    ask: dict[str, Any] | None = None,
    identity: bool = False,
) -> dict[str, Any]:
    """A flow: [identity check] → [ask] → the action → end (→ an error end when ``on_error``)."""
    steps: list[dict[str, Any]] = []
    if identity:
        steps.append(
            {"id": "verify", "kind": "identity_check", "checks": ["birth_date"], "next": "first", "fail": "done"}
        )
    if ask is not None:
        steps.append({"id": "first", "kind": "ask", **ask, "next": "act"})
    else:
        steps.append({"id": "first", "kind": "say", "text": "开始", "next": "act"})
    act: dict[str, Any] = {"id": "act", "kind": "action", "action": action, "next": "done"}
    if on_error:
        act["on_error"] = on_error
        steps.append({"id": on_error, "kind": "end", "outcome": "other"})
    steps.append(act)
    steps.append({"id": "done", "kind": "end", "outcome": "service"})
    return {
        "schema": "contactdesk.flow/1",
        "code": code,
        "name": f"操作 {code}",
        "start": "verify" if identity else "first",
        "steps": steps,
    }


def _to_action(
    runner: FlowRunner,
    who: Principal,
    code: str,
    customer: int | None,
    answer: Any = None,
    *,
    identity: dict[str, str] | None = None,
) -> RunView:
    view = runner.start(who, code, customer)
    if view.step_id == "verify":
        view = runner.answer(who, view.run_id, identity)
    view = runner.answer(who, view.run_id, answer)
    assert view.step_id == "act" and view.action is not None, view
    return view


def _count(engine: Engine, model: Any, *where: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def test_send_template_queues_once_however_often_confirmed(world: World) -> None:
    world.publish(
        _one_action(
            "a_sms",
            {
                "type": "send_template",
                "template": "card_loss_confirmation_sms",
                "channel": "sms",
                "values": {"card_tail": "answers.tail"},
            },
            ask={"var": "tail", "answer": {"type": "text", "max_length": 4}},
        )
    )
    agent = world.principal("agent01")
    cid = world.customer()
    runner = world.runner()
    view = _to_action(runner, agent, "a_sms", cid, "6789")
    assert view.action["description"] == "发送短信（模板 card_loss_confirmation_sms）"  # type: ignore[index]
    assert _count(world.engine, OutboxMessage, OutboxMessage.customer_id == cid) == 0  # nothing before confirming
    done = runner.confirm(agent, view.run_id, step_id="act")
    assert done.status == "finished" and done.path[-1].shown.startswith("短信已")
    again = runner.confirm(agent, view.run_id, step_id="act")  # a double key press
    assert again.status == "finished"
    with world.engine.connect() as conn:
        body = conn.execute(select(OutboxMessage.body_text).where(OutboxMessage.customer_id == cid)).scalars().all()
    assert len(body) == 1 and "6789" in body[0]


def test_an_interrupted_action_is_done_once_when_confirmed_again(world: World) -> None:
    world.publish(
        _one_action(
            "a_again",
            {
                "type": "send_template",
                "template": "card_loss_confirmation_sms",
                "channel": "sms",
                "values": {"card_tail": "answers.tail"},
            },
            ask={"var": "tail", "answer": {"type": "text"}},
        )
    )
    agent = world.principal("agent01")
    cid = world.customer(offset=1)
    clock = [dt.datetime.now(dt.UTC)]
    runner = world.runner(clock=lambda: clock[0])
    view = _to_action(runner, agent, "a_again", cid, "1111")
    first = runner.confirm(agent, view.run_id)
    assert first.status == "finished"
    # The desk died after the message was queued but before the run moved on: the run is put back as it was
    # then (the action's row says "being done"); a second confirm must not send a second message.
    with world.engine.begin() as conn:
        conn.execute(
            update(FlowRunStep)
            .where(FlowRunStep.run_id == view.run_id, FlowRunStep.kind == "action")
            .values(action_result={"state": "performing"})
        )
        conn.execute(text("DELETE FROM flow_run_step WHERE run_id = :r AND kind = 'end'"), {"r": view.run_id})
        conn.execute(
            text("UPDATE flow_run SET status = 'active', current_step = 'act', finished_at = NULL WHERE id = :r"),
            {"r": view.run_id},
        )
    fresh = world.runner(clock=lambda: clock[0])
    busy = fresh.confirm(agent, view.run_id)
    assert busy.step_id == "act" and busy.error is not None and "being done" in busy.error[1]
    clock[0] += dt.timedelta(seconds=PERFORMING_SECONDS + 1)
    done = fresh.confirm(agent, view.run_id)
    assert done.status == "finished"
    assert _count(world.engine, OutboxMessage, OutboxMessage.customer_id == cid) == 1


def test_a_template_retired_after_publishing_is_a_clear_message(world: World) -> None:
    with world.engine.begin() as conn:
        conn.execute(
            update(MessageTemplate)
            .where(MessageTemplate.code == "birthday_greeting_sms")
            .values(status="retired", version=MessageTemplate.version + 1)
        )
    world.publish(
        _one_action("a_retired", {"type": "send_template", "template": "birthday_greeting_sms", "channel": "sms"})
    )
    world.publish(
        _one_action(
            "a_retired_on",
            {"type": "send_template", "template": "birthday_greeting_sms", "channel": "sms"},
            on_error="failed",
        )
    )
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer(offset=2)
    view = runner.confirm(agent, _to_action(runner, agent, "a_retired", cid).run_id)
    assert view.status == "active" and view.step_id == "act"
    assert view.error is not None and "retired or not approved" in view.error[1] and "停用" in view.error[0]
    assert view.action_result is not None and view.action_result["ok"] is False
    assert runner.resume(agent, view.run_id).error == view.error  # shown again after a restart
    assert runner.back(agent, view.run_id).step_id == "first"
    other = runner.confirm(agent, _to_action(runner, agent, "a_retired_on", cid).run_id)
    assert other.status == "finished" and other.step_id == "failed" and other.outcome == "other"
    assert _count(world.engine, OutboxMessage, OutboxMessage.customer_id == cid) == 0


def test_register_complaint_feeds_the_intake(world: World) -> None:
    world.publish(
        _one_action(
            "a_complaint",
            {"type": "register_complaint", "category": "fee_dispute", "summary": "对{{ answers.what }}有异议"},
            ask={"var": "what", "answer": {"type": "text"}},
            identity=True,
        )
    )
    world.publish(
        _one_action("a_complaint_open", {"type": "register_complaint"}, ask={"var": "what", "answer": {"type": "text"}})
    )
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer(offset=3)
    view = _to_action(
        runner, agent, "a_complaint", cid, "年费", identity={"birth_date": world.facts(cid)["birth_date"]}
    )
    done = runner.confirm(agent, view.run_id)
    assert done.status == "finished", done.error
    with world.engine.connect() as conn:
        ticket = conn.execute(
            select(Ticket.number, Ticket.category, Ticket.summary, Ticket.identity_verified, Ticket.kind)
            .where(Ticket.customer_id == cid)
            .order_by(Ticket.id.desc())
            .limit(1)
        ).one()
    assert ticket.number in done.path[-1].shown and ticket.category == "fee_dispute"
    assert ticket.summary == "对年费有异议" and ticket.identity_verified is True and ticket.kind == "complaint"
    # No category in the flow: the intake form gets a prefilled draft for the agent to complete.
    view = _to_action(runner, agent, "a_complaint_open", cid, "服务态度")
    done = runner.confirm(agent, view.run_id)
    assert done.status == "finished"
    result = done.path[-1].shown
    assert "草稿" in result
    with world.engine.connect() as conn:
        draft = conn.execute(
            select(TicketDraft.status, TicketDraft.customer_id, TicketDraft.payload)
            .where(TicketDraft.customer_id == cid, TicketDraft.status == "open")
            .order_by(TicketDraft.id.desc())
            .limit(1)
        ).one()
    assert draft.payload["summary"].startswith("来自服务流程") and "服务态度" in draft.payload["description"]


def test_service_request_is_a_service_ticket_for_the_back_office(world: World) -> None:
    world.publish(
        _one_action("a_service", {"type": "service_request", "kind": "card_reissue", "summary": "补办银行卡"})
    )
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer(offset=4)
    done = runner.confirm(agent, _to_action(runner, agent, "a_service", cid).run_id)
    assert done.status == "finished", done.error
    with world.engine.connect() as conn:
        kind, category, summary = conn.execute(
            select(Ticket.kind, Ticket.category, Ticket.summary).where(Ticket.customer_id == cid)
        ).one()
    assert (kind, category, summary) == ("service", "card_reissue", "补办银行卡")


def test_reminders_and_call_backs_are_made_once(world: World) -> None:
    world.publish(
        _one_action(
            "a_remind",
            {"type": "create_reminder", "kind": "follow_up", "title": "回访：{{ answers.topic }}", "due_in_days": 3},
            ask={"var": "topic", "answer": {"type": "text"}},
        )
    )
    world.publish(_one_action("a_callback", {"type": "schedule_callback", "in_minutes": 30}))
    world.publish(
        _one_action("a_badkind", {"type": "create_reminder", "kind": "party", "title": "x", "due_in_days": 1})
    )
    agent = world.principal("agent01")
    now = dt.datetime(2026, 3, 5, 2, 0, tzinfo=dt.UTC)
    runner = world.runner(clock=lambda: now)
    cid = world.customer(offset=5)
    view = _to_action(runner, agent, "a_remind", cid, "理财到期")
    runner.confirm(agent, view.run_id)
    runner.confirm(agent, view.run_id, step_id="act")
    runner.confirm(agent, _to_action(runner, agent, "a_callback", cid).run_id)
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(Reminder.kind, Reminder.title, Reminder.due_at, Reminder.assigned_to_id)
            .where(Reminder.customer_id == cid, Reminder.created_by_id == agent.user_id)
            .order_by(Reminder.kind)
        ).all()
    assert [(r.kind, r.title) for r in rows] == [
        ("callback", "回电客户：操作 a_callback"),
        ("follow_up", "回访：理财到期"),
    ]
    due = {r.kind: runner_rig_aware(r.due_at) for r in rows}
    assert due["follow_up"] == now + dt.timedelta(days=3) and due["callback"] == now + dt.timedelta(minutes=30)
    assert all(r.assigned_to_id == agent.user_id for r in rows)
    bad = runner.confirm(agent, _to_action(runner, agent, "a_badkind", cid).run_id)
    assert bad.error is not None and "Unknown reminder kind" in bad.error[1]


def runner_rig_aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_referral_from_a_flow_reaches_the_customers_manager(world: World) -> None:
    world.publish(_one_action("a_refer", {"type": "refer_to_manager", "interest": "私人银行"}))
    runner = world.runner()
    agent = world.principal("agent01")
    cid = world.customer(offset=6)
    done = runner.confirm(agent, _to_action(runner, agent, "a_refer", cid).run_id)
    assert done.status == "finished", done.error
    lobby = world.principal("lobby01")
    mine = world.customer(branch_id=lobby.branch_id)
    done = runner.confirm(lobby, _to_action(runner, lobby, "a_refer", mine).run_id)
    assert done.status == "finished", done.error
    with world.engine.connect() as conn:
        referral = conn.execute(
            select(Referral.from_user_id, Referral.interest, Referral.status, Referral.branch_id).where(
                Referral.customer_id == mine
            )
        ).one()
        by_agent = conn.execute(
            select(Referral.from_user_id, Referral.source, Referral.to_user_id, Referral.accept_by).where(
                Referral.customer_id == cid
            )
        ).one()
    assert referral == (lobby.user_id, "私人银行", "new", lobby.branch_id)
    # through the lobby's referral service: routed (the manager, else the branch's pool) with a time to accept
    assert by_agent.from_user_id == agent.user_id and by_agent.source == "flow"
    assert by_agent.to_user_id is not None and by_agent.accept_by is not None


def test_update_customer_goes_through_the_versioned_save(world: World) -> None:
    world.publish(
        _one_action(
            "a_phone",
            {"type": "update_customer", "field": "phone", "from_answer": "new_phone"},
            ask={"var": "new_phone", "pii": True, "answer": {"type": "text", "max_length": 20}},
        )
    )
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer(offset=7)
    with world.engine.connect() as conn:
        before = conn.execute(text("SELECT version FROM customer WHERE id = :c"), {"c": cid}).scalar_one()
    view = _to_action(runner, agent, "a_phone", cid, "139 0000 4321")
    assert view.answers["new_phone"] == "139****4321"
    done = runner.confirm(agent, view.run_id)
    assert done.status == "finished", done.error
    with world.engine.connect() as conn:
        primary = conn.execute(
            select(CustomerPhone.id, CustomerPhone.e164_masked)
            .where(CustomerPhone.customer_id == cid)
            .order_by(CustomerPhone.is_primary.desc(), CustomerPhone.id)
            .limit(1)
        ).one()
        # found by its key the way every search finds a number (peppered on PostgreSQL)
        by_key = conn.execute(
            select(CustomerPhone.id).where(
                CustomerPhone.customer_id == cid,
                CustomerPhone.e164_key == lookup_key(conn, phone_key("+8613900004321")),
            )
        ).scalar()
        after = conn.execute(text("SELECT version FROM customer WHERE id = :c"), {"c": cid}).scalar_one()
        summary = conn.execute(select(Interaction.summary).where(Interaction.id == done.interaction_id)).scalar_one()
    assert by_key == primary.id and primary.e164_masked == "139****4321" and after == before + 1
    assert "13900004321" not in summary
    # Typed before a restart, the new number is kept masked only: the agent is asked to type it again.
    view = _to_action(runner, agent, "a_phone", cid, "13900005555")
    lost = world.runner().confirm(agent, view.run_id)
    assert lost.status == "active" and lost.error is not None and "enter it again" in lost.error[1]


def test_transfer_without_a_call_is_refused_clearly(world: World) -> None:
    from services.calls import CallService

    world.publish(_one_action("a_transfer", {"type": "transfer_queue", "queue": "complaints"}))
    agent = world.principal("agent01")
    runner = world.runner(calls=CallService(world.engine))
    view = runner.confirm(agent, _to_action(runner, agent, "a_transfer", world.customer()).run_id)
    assert view.error is not None and view.error[1] == "This run has no call to transfer."
    no_phone = world.runner()  # a desk without the phone system
    view = no_phone.confirm(agent, _to_action(no_phone, agent, "a_transfer", world.customer()).run_id)
    assert view.error is not None and "no phone system" in view.error[1]


@pytest.fixture
def telephony_world(tmp_path: Path) -> Iterator[tuple[Engine, Any, Any]]:
    from db.engine import make_engine
    from gateway.inprocess import start_inprocess
    from gateway.simulator.runner import Chaos
    from services.config import Settings
    from tests.telephony.world import build_world

    engine = make_engine(f"sqlite:///{(tmp_path / 'tel.db').as_posix()}")
    upgrade(engine)
    tel_world = build_world(engine)
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=3,
        chaos=Chaos(0.0, 0.0),
        worker_interval=0.05,
    )
    try:
        yield engine, tel_world, tel
    finally:
        tel.stop()
        engine.dispose()


def test_transfer_to_a_queue_through_the_gateway(telephony_world: tuple[Engine, Any, Any]) -> None:
    from services.agent_state import AgentStateService
    from services.call_control import QueuedCallControl
    from services.calls import CallService
    from tests.telephony.helpers import call_row, wait_for
    from tests.telephony.world import SINGLE_PHONE

    engine, tel_world, tel = telephony_world
    agent_id = tel_world.agents["agent01"]
    AgentStateService(engine).set_state(agent_id, "available")
    sid = tel.place_call(SINGLE_PHONE, digits="1", patience=3000.0, talk=3000.0)
    calls = CallService(engine, QueuedCallControl(engine))
    offer = wait_for(lambda: calls.pending_offer(agent_id))
    assert calls.accept(agent_id, offer.call_id).ok
    doc = _one_action("a_queue", {"type": "transfer_queue", "queue": "complaints"})
    holder = World(str(engine.url), engine, "sqlite")
    holder.publish(doc)
    agent = Principal(agent_id, "agent01", "agent", 1, None, "ws", "坐席1")
    runner = FlowRunner(engine, holder.audit, calls=calls)
    view = runner.start(agent, "a_queue", tel_world.single, offer.call_id)
    view = runner.answer(agent, view.run_id)
    done = runner.confirm(agent, view.run_id)
    assert done.status == "finished", done.error
    assert done.path[-1].shown == "已转接至队列 complaints。"
    with engine.connect() as conn:
        queue = conn.execute(
            select(CallQueue.name).join(Call, Call.queue_id == CallQueue.id).where(Call.id == offer.call_id)
        ).scalar_one()
        channel = conn.execute(select(Interaction.channel).where(Interaction.id == done.interaction_id)).scalar_one()
    assert queue == "complaints" and channel == "call_in"
    assert call_row(engine, sid).state in ("queued", "offered", "connected")
    assert isinstance(ActionResult(True, "a", "b").to_data(), dict)
