"""The flow runner on a seeded database (SQLite and PostgreSQL): steps, answers, back, versions, timeline,
resume after a restart, the journal replay, the loop guard, PII and the ``flow.run`` right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from db.models import AuditLog, FlowRun, FlowRunStep, Interaction, OutboxMessage
from services.flows.definition import parse
from services.flows.errors import FlowNotAllowed, FlowNotFound
from services.flows.runner import (
    FLOW_STEP,
    MAX_STEP_VISITS,
    InvalidAnswer,
    StepMoved,
    check_answer,
    mask_text,
    replay_handler,
)
from services.permissions import PermissionDenied
from services.sync.journal import Journal
from services.sync.replay import replay
from tests.flows import runner_rig
from tests.flows.runner_rig import World, card_flow, say_chain


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from runner_rig.world(request.param, request, tmp_path_factory)


@pytest.fixture(scope="module")
def card(world: World) -> int:
    return world.publish(card_flow())


def _identity(world: World, customer_id: int, *, right: int) -> dict[str, str]:
    """Answers to the card flow's three checks, the first ``right`` of them correct."""
    facts = world.facts(customer_id)
    wrong = {
        "id_tail4": "0000" if facts["id_tail4"] != "0000" else "1111",
        "birth_date": "1900-01-01",
        "recent_transaction": "1",
    }
    good = {
        "id_tail4": facts["id_tail4"],
        "birth_date": facts["birth_date"],
        "recent_transaction": str(facts["txn_out"] or facts["txn_in"]),
    }
    names = ["id_tail4", "birth_date", "recent_transaction"]
    return {n: (good[n] if i < right else wrong[n]) for i, n in enumerate(names)}


def test_start_renders_the_say_step_with_masked_customer_values(world: World, card: int) -> None:
    agent = world.principal("agent01")
    cid = world.customer()
    view = world.runner().start(agent, "t_card", cid)
    assert (view.step_id, view.kind, view.status, view.version_no) == ("greet", "say", "active", 1)
    with world.engine.connect() as conn:
        name, masked, raw = conn.execute(
            text("SELECT name, id_number_masked, id_number FROM customer WHERE id = :c"), {"c": cid}
        ).one()
    assert name in view.text and masked in view.text and raw not in view.text
    assert "*" in view.text and agent.display_name in view.text
    assert view.title == "问候" and not view.can_back and view.path == ()
    english = world.runner().resume(world.principal("agent01", locale="en"), view.run_id)
    assert english.text.startswith("Hello ") and english.title == "Greeting"


def test_a_role_without_flow_run_is_refused_and_audited(world: World, card: int) -> None:
    admin = world.principal("admin")
    with world.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    with pytest.raises(PermissionDenied):
        world.runner().start(admin, "t_card", world.customer())
    with world.engine.connect() as conn:
        last = conn.execute(select(AuditLog.action, AuditLog.detail).order_by(AuditLog.id.desc()).limit(1)).one()
        after = conn.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    assert after == before + 1 and last.action == "permission_denied" and "flow.run" in last.detail


def test_a_customer_outside_the_agents_scope_is_refused(world: World, card: int) -> None:
    lobby = world.principal("lobby01")
    with world.engine.connect() as conn:
        other = conn.execute(
            text("SELECT id FROM customer WHERE branch_id <> :b ORDER BY id LIMIT 1"), {"b": lobby.branch_id}
        ).scalar_one()
    with pytest.raises(PermissionDenied):
        world.runner().start(lobby, "t_card", other)


def test_walk_back_reevaluates_and_the_finished_run_is_on_the_timeline(world: World, card: int) -> None:
    agent = world.principal("agent01")
    cid = world.customer(offset=1)
    runner = world.runner()
    view = runner.start(agent, "t_card", cid)
    view = runner.answer(agent, view.run_id, step_id="greet")
    assert view.kind == "identity_check" and [c.name for c in view.checks] == [
        "id_tail4",
        "birth_date",
        "recent_transaction",
    ]
    view = runner.answer(agent, view.run_id, _identity(world, cid, right=2), step_id="verify")
    assert view.step_id == "which" and view.path[-1].shown == "2/3 通过"
    assert [c.key for c in view.choices] == ["1", "2"]
    view = runner.answer(agent, view.run_id, "2")  # digit key: credit
    view = runner.answer(agent, view.run_id, "4321")
    assert view.step_id == "disclose" and view.kind == "read_aloud" and "4321" in view.text
    assert [p.step_id for p in view.path] == ["greet", "verify", "which", "tail", "route"]
    # back twice: to the card kind; the later steps are set aside
    view = runner.back(agent, view.run_id)
    assert view.step_id == "tail" and view.previous == "4321"
    view = runner.back(agent, view.run_id)
    assert view.step_id == "which" and view.previous == "信用卡" and "card_kind" not in view.answers
    view = runner.answer(agent, view.run_id, "debit")
    view = runner.answer(agent, view.run_id, "8765")
    assert view.step_id == "notify" and view.kind == "action"  # the branch now takes the default
    assert view.action is not None and "card_loss_confirmation_sms" in view.action["description"]
    view = runner.confirm(agent, view.run_id)
    assert view.status == "finished" and view.outcome == "service.card_loss"
    assert view.disposition == "service.card_loss"  # a disposition code of the seed: prefills the wrap-up
    assert view.duration_s is not None and view.interaction_id is not None
    with world.engine.connect() as conn:
        subject, summary, channel, customer = conn.execute(
            select(Interaction.subject, Interaction.summary, Interaction.channel, Interaction.customer_id).where(
                Interaction.id == view.interaction_id
            )
        ).one()
        rows = conn.execute(
            select(FlowRunStep.step_id, FlowRunStep.kind, FlowRunStep.undone)
            .where(FlowRunStep.run_id == view.run_id)
            .order_by(FlowRunStep.seq)
        ).all()
        stored = conn.execute(select(FlowRun.status, FlowRun.path).where(FlowRun.id == view.run_id)).one()
        queued = conn.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.customer_id == cid)
        ).scalar_one()
    assert subject == "服务流程：挂失测试" and channel == "branch_visit" and customer == cid
    assert "路径：greet → verify → which → tail → route → notify → done" in summary
    assert "卡种：借记卡" in summary and "身份核验：2/3 通过" in summary and "用时：" in summary
    assert "结果：service.card_loss" in summary and "send_template" in summary
    assert queued == 1 and stored.status == "finished" and stored.path[-1]["step"] == "done"
    undone = [(r.step_id, r.kind) for r in rows if r.undone]
    assert ("which", "ask") in undone and ("route", "branch") in undone
    kept = [(r.step_id, r.kind) for r in rows if not r.undone]
    assert kept[-4:] == [("tail", "ask"), ("route", "branch"), ("notify", "action"), ("done", "end")]
    # an ended run takes no more answers, and confirming again does nothing
    with pytest.raises(FlowNotAllowed):
        runner.answer(agent, view.run_id, "x")
    assert runner.confirm(agent, view.run_id, step_id="notify").status == "finished"


def test_failed_identity_check_takes_the_fail_path(world: World, card: int) -> None:
    agent = world.principal("agent01")
    cid = world.customer(offset=2)
    runner = world.runner()
    view = runner.start(agent, "t_card", cid)
    runner.answer(agent, view.run_id)
    view = runner.answer(agent, view.run_id, _identity(world, cid, right=1))
    assert view.status == "finished" and view.outcome == "other" and view.step_id == "refused"
    with world.engine.connect() as conn:
        answer = conn.execute(
            select(FlowRunStep.answer).where(FlowRunStep.run_id == view.run_id, FlowRunStep.kind == "identity_check")
        ).scalar_one()
    facts = world.facts(cid)
    assert answer["results"] == {"id_tail4": "passed", "birth_date": "failed", "recent_transaction": "failed"}
    assert facts["id_tail4"] not in str(answer) and facts["birth_date"] not in str(answer)


def test_identity_attempts_are_limited_per_run(world: World) -> None:
    doc = {
        "schema": "contactdesk.flow/1",
        "code": "t_retry",
        "name": "核验重试",
        "start": "verify",
        "steps": [
            {"id": "verify", "kind": "identity_check", "checks": ["birth_date"], "next": "ok", "fail": "again"},
            {"id": "again", "kind": "say", "text": "请再试一次", "next": "verify"},
            {"id": "ok", "kind": "end", "outcome": "other"},
        ],
    }
    world.publish(doc)
    agent = world.principal("agent01")
    cid = world.customer(offset=3)
    runner = world.runner()
    view = runner.start(agent, "t_retry", cid)
    for _ in range(3):
        view = runner.answer(agent, view.run_id, {"birth_date": "1900-01-01"})
        assert view.step_id == "again"
        view = runner.answer(agent, view.run_id)
    right = {"birth_date": world.facts(cid)["birth_date"]}
    view = runner.answer(agent, view.run_id, right)  # the 4th attempt is not compared any more
    assert view.step_id == "again" and view.path[-1].shown.endswith("（次数已用完）")


def test_an_end_names_the_wrap_up_disposition_its_outcome_is_not(world: World, card: int) -> None:
    """The refused end's outcome ("card_refused") is for the analytics; its ``disposition`` prefills the wrap-up.
    A group head ("other": it has codes under it) is never offered, as the wrap-up cannot pick it."""
    doc = card_flow("t_card_dispo")
    refused = next(s for s in doc["steps"] if s["id"] == "refused")
    refused.update(outcome="card_refused", disposition="service.card_loss")
    world.publish(doc)
    agent = world.principal("agent01")
    cid = world.customer(offset=3)
    runner = world.runner()
    view = runner.start(agent, "t_card_dispo", cid)
    runner.answer(agent, view.run_id)
    view = runner.answer(agent, view.run_id, _identity(world, cid, right=0))
    assert (view.status, view.outcome, view.disposition) == ("finished", "card_refused", "service.card_loss")
    plain = world.runner().start(agent, "t_card", world.customer(offset=4))
    world.runner().answer(agent, plain.run_id)
    ended = world.runner().answer(agent, plain.run_id, _identity(world, world.customer(offset=4), right=0))
    assert (ended.outcome, ended.disposition) == ("other", None)


def test_answers_are_typed_and_refused_in_both_languages() -> None:
    flow = parse(
        {
            "schema": "contactdesk.flow/1",
            "code": "t_types",
            "name": "类型",
            "start": "c",
            "steps": [
                {"id": "c", "kind": "ask", "var": "c", "answer": runner_rig.CHOICE_CARD, "next": "y"},
                {"id": "y", "kind": "ask", "var": "y", "answer": {"type": "yes_no"}, "next": "t"},
                {"id": "t", "kind": "ask", "var": "t", "answer": {"type": "text", "max_length": 5}, "next": "n"},
                {"id": "n", "kind": "ask", "var": "n", "answer": {"type": "number", "min": 1, "max": 10}, "next": "a"},
                {"id": "a", "kind": "ask", "var": "a", "answer": {"type": "amount", "min": 100}, "next": "d"},
                {"id": "d", "kind": "ask", "var": "d", "answer": {"type": "date", "min": 0, "max": 30}, "next": "e"},
                {"id": "e", "kind": "end"},
            ],
        }
    )
    today = dt.date(2026, 3, 5)

    def ok(step: str, value: Any) -> Any:
        return check_answer(flow.step(step), value, today)

    def refused(step: str, value: Any) -> InvalidAnswer:
        with pytest.raises(InvalidAnswer) as err:
            check_answer(flow.step(step), value, today)
        assert err.value.zh and err.value.en and err.value.zh != err.value.en
        return err.value

    assert ok("c", "credit") == "credit" and ok("c", "1") == "debit" and ok("c", 2) == "credit"
    assert "1–2" in refused("c", "3").en and refused("c", "gold")
    assert ok("y", "是") is True and ok("y", "2") is False and ok("y", False) is False and ok("y", "No") is False
    refused("y", "maybe")
    assert ok("t", "  abc ") == "abc"
    assert "at most 5" in refused("t", "abcdef").en and refused("t", "   ")
    assert ok("n", "7") == 7 and ok("n", 2.5) == 2.5 and ok("n", Decimal("10")) == 10
    assert "between 1 and 10" in refused("n", 11).en and refused("n", "seven")
    assert ok("a", "5,000.50元") == 5000.5 and ok("a", "¥100") == 100
    assert "two decimals" in refused("a", "100.123").en and "negative" in refused("a", "-5").en
    assert "at least 100" in refused("a", 99).en
    assert ok("d", "2026-03-05") == "2026-03-05" and ok("d", "2026年4月4日") == "2026-04-04"
    assert "before 2026-03-05" in refused("d", "2026-03-04").en and "after" in refused("d", "2026-04-05").en
    refused("d", "2026-02-30")


def test_a_refused_answer_stores_nothing(world: World) -> None:
    world.publish(say_chain("t_refuse", 3))
    agent = world.principal("agent01")
    runner = world.runner()
    view = runner.start(agent, "t_refuse", world.customer())
    view = runner.answer(agent, view.run_id)
    with pytest.raises(InvalidAnswer):
        runner.answer(agent, view.run_id, "not a number")
    with world.engine.connect() as conn:
        kinds = conn.execute(select(FlowRunStep.kind).where(FlowRunStep.run_id == view.run_id)).scalars().all()
    assert kinds == ["say"]
    assert runner.answer(agent, view.run_id, "3").step_id == "s2"


def test_resume_after_a_restart_loses_nothing(world: World, card: int) -> None:
    agent = world.principal("agent01")
    cid = world.customer(offset=4)
    first = world.runner()
    view = first.start(agent, "t_card", cid)
    assert first.confirm(agent, view.run_id, step_id="greet").step_id == "verify"  # Enter on a say step
    first.answer(agent, view.run_id, _identity(world, cid, right=3))
    first.answer(agent, view.run_id, "credit")
    # The desk crashed: a new process, new caches, the same database.
    second = world.runner()
    assert [b.run_id for b in second.active_runs(agent, customer_id=cid)] == [view.run_id]
    again = second.resume(agent, view.run_id)
    assert again.step_id == "tail" and again.answers["card_kind"] == "credit"
    assert [p.step_id for p in again.path] == ["greet", "verify", "which"]
    assert second.answer(agent, view.run_id, "1111").step_id == "disclose"


def test_a_run_finishes_on_the_version_it_started_with(world: World) -> None:
    world.publish(say_chain("t_versions", 2))
    agent = world.principal("agent01")
    runner = world.runner()
    old = runner.start(agent, "t_versions", world.customer())
    world.publish(say_chain("t_versions", 6))  # version 2 published, version 1 retired
    old = runner.answer(agent, old.run_id)
    assert old.version_no == 1 and old.step_id == "s1"
    assert runner.answer(agent, old.run_id, 1).status == "finished"
    new = runner.start(agent, "t_versions", world.customer())
    assert new.version_no == 2
    with world.engine.connect() as conn:
        retired = conn.execute(
            text("SELECT id FROM service_flow WHERE code = 't_versions' AND version_no = 1")
        ).scalar()
    with pytest.raises(FlowNotAllowed):
        runner.start(agent, int(retired), world.customer())
    with pytest.raises(FlowNotFound):
        runner.start(agent, "t_nosuch", world.customer())


def test_the_loop_guard_stops_a_run_that_goes_round(world: World) -> None:
    ring = say_chain("t_ring", 2, loop=True)
    world.publish(ring)
    agent = world.principal("agent01")
    runner = world.runner()
    view = runner.start(agent, "t_ring", world.customer())
    for i in range(2 * MAX_STEP_VISITS):
        view = runner.answer(agent, view.run_id, i if view.kind == "ask" else None)
        if view.status != "active":
            break
    assert view.status == "abandoned" and view.error is not None and "loop" in view.error[1]
    # a ring of branches alone never waits for the agent: the guard stops it within one call
    auto = {
        "schema": "contactdesk.flow/1",
        "code": "t_spin",
        "name": "自转",
        "start": "a",
        "steps": [
            {"id": "a", "kind": "branch", "cases": [], "default": "b"},
            {"id": "b", "kind": "branch", "cases": [], "default": "a"},
        ],
    }
    world.publish(auto)
    spun = runner.start(agent, "t_spin", world.customer())
    assert spun.status == "abandoned" and spun.error is not None and "循环" in spun.error[0]


def test_pii_answers_are_masked_everywhere(world: World) -> None:
    doc = {
        "schema": "contactdesk.flow/1",
        "code": "t_pii",
        "name": "联系方式",
        "start": "phone",
        "steps": [
            {
                "id": "phone",
                "kind": "ask",
                "title": "新手机",
                "var": "new_phone",
                "pii": True,
                "answer": {"type": "text", "max_length": 20},
                "next": "say",
            },
            {"id": "say", "kind": "say", "text": "将改为 {{ answers.new_phone }}", "next": "done"},
            {"id": "done", "kind": "end", "outcome": "service.update_info"},
        ],
    }
    world.publish(doc)
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer()
    view = runner.start(agent, "t_pii", cid)
    view = runner.answer(agent, view.run_id, "13912345678")
    assert view.answers["new_phone"] == "139****5678" and "13912345678" not in view.text
    view = runner.answer(agent, view.run_id)
    with world.engine.connect() as conn:
        stored = conn.execute(select(FlowRun.answers, FlowRun.path).where(FlowRun.id == view.run_id)).one()
        rows = conn.execute(
            select(FlowRunStep.answer, FlowRunStep.answer_masked).where(FlowRunStep.run_id == view.run_id)
        ).all()
        summary = conn.execute(select(Interaction.summary).where(Interaction.id == view.interaction_id)).scalar_one()
    everything = f"{stored} {rows} {summary}"
    assert "13912345678" not in everything and "139****5678" in summary
    assert mask_text("zhang.san@example.com") == "z***@example.com"
    assert mask_text("110101198003051234") == "110***********1234" and mask_text("上海市") == "上**"


def test_only_the_agent_of_a_run_moves_it(world: World, card: int) -> None:
    view = world.runner().start(world.principal("agent01"), "t_card", world.customer())
    with pytest.raises(FlowNotAllowed):
        world.runner().answer(world.principal("agent02"), view.run_id)


def test_a_stale_desk_and_a_double_key_press(world: World, card: int) -> None:
    agent = world.principal("agent01")
    runner = world.runner()
    view = runner.start(agent, "t_card", world.customer())
    runner.answer(agent, view.run_id, step_id="greet", client_key="k-1")
    again = runner.answer(agent, view.run_id, step_id="greet", client_key="k-1")  # the same key: nothing twice
    assert again.step_id == "verify"
    with pytest.raises(StepMoved):
        runner.answer(agent, view.run_id, step_id="greet")
    with world.engine.connect() as conn:
        says = conn.execute(
            select(func.count()).where(FlowRunStep.run_id == view.run_id, FlowRunStep.kind == "say")
        ).scalar_one()
    assert says == 1


def test_journal_replay_applies_each_step_once(world: World, card: int, tmp_path: Path) -> None:
    agent = world.principal("agent01")
    runner = world.runner()
    cid = world.customer(offset=5)
    view = runner.start(agent, "t_card", cid)
    journal = Journal(tmp_path / "journal.db")
    try:
        # typed while the database was away: kept in the journal in order
        def put(n: int, step: str, value: Any) -> None:
            payload = {"run_id": view.run_id, "op": "answer", "step_id": step, "value": value, "client_key": f"j-{n}"}
            journal.put(FLOW_STEP, f"{view.run_id}:{n}", payload)

        put(1, "greet", None)
        put(2, "verify", _identity(world, cid, right=3))
        put(3, "which", "debit")
        report = replay(journal, {FLOW_STEP: replay_handler(world.runner(), agent)})
        assert report.complete and len(report.applied) == 3 and not report.refused
        assert runner.resume(agent, view.run_id).step_id == "tail"
        # the same entries again (a replay that was cut off after writing): nothing happens twice
        put(3, "which", "debit")
        put(4, "greet", None)
        report = replay(journal, {FLOW_STEP: replay_handler(world.runner(), agent)})
        assert len(report.applied) == 1 and len(report.refused) == 1
        assert "moved on" in report.refused[0][1].en
        with world.engine.connect() as conn:
            asks = conn.execute(
                select(func.count()).where(FlowRunStep.run_id == view.run_id, FlowRunStep.kind == "ask")
            ).scalar_one()
        assert asks == 1 and runner.resume(agent, view.run_id).step_id == "tail"
    finally:
        journal.close()


def test_a_draft_runs_as_a_preview_for_its_author_only(world: World) -> None:
    doc = card_flow("t_draft")
    flow_id = world.publish(doc, status="draft")
    with pytest.raises(PermissionDenied):
        world.runner().start(world.principal("agent01"), flow_id, world.customer())
    boss = world.principal("super01")
    runner = world.runner()
    cid = world.customer(offset=6)
    view = runner.start(boss, flow_id, cid)
    assert view.status == "preview"
    runner.answer(boss, view.run_id)
    runner.answer(boss, view.run_id, _identity(world, cid, right=3))
    runner.answer(boss, view.run_id, "debit")
    view = runner.answer(boss, view.run_id, "1234")
    view = runner.confirm(boss, view.run_id)
    assert view.finished_at is not None and view.interaction_id is None and view.outcome == "service.card_loss"
    assert view.path[-1].shown.startswith("预览，未执行")
    with world.engine.connect() as conn:
        queued = conn.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.customer_id == cid)
        ).scalar_one()
    assert queued == 0


def _walk_answer(view: Any, facts: dict[str, Any]) -> Any:
    """A plausible answer to the current step of any flow (the first option, a valid number or date...)."""
    if view.kind == "identity_check":
        known = {
            "id_tail4": facts["id_tail4"],
            "birth_date": facts["birth_date"],
            "recent_transaction": str(facts["txn_out"] or facts["txn_in"]),
        }
        return {check.name: known[check.name] for check in view.checks}
    if view.kind != "ask":
        return None
    kind, spec = view.answer_type, view.answer_spec
    if kind in ("choice", "yes_no"):
        return "1"
    if kind in ("number", "amount"):
        return spec.get("min") if spec.get("min") is not None else 1
    if kind == "date":
        return (runner_rig.today() + dt.timedelta(days=int(spec.get("min") or 0) + 1)).isoformat()
    name = view.step_id or ""
    if "phone" in name or "mobile" in name:
        return "13912345678"
    if "mail" in name:
        return "flow.test@example.com"
    return "测试"[: int(spec.get("max_length") or 2)]


def test_every_starter_flow_runs_to_an_end(world: World) -> None:
    from services.flows.starters import install_starter_flows, starter_flows

    install_starter_flows(world.engine)
    agent = world.principal("agent01")
    runner = world.runner()
    for offset, flow in enumerate(starter_flows()):
        cid = world.customer(offset=10 + offset)
        facts = world.facts(cid)
        view = runner.start(agent, flow.code, cid)
        for _ in range(200):
            assert not view.render_problem, (flow.code, view.step_id, view.text)
            if view.status != "active" or view.error is not None:
                break
            if view.kind in ("read_aloud", "action", "say"):
                view = runner.confirm(agent, view.run_id, step_id=view.step_id)
            else:
                view = runner.answer(agent, view.run_id, _walk_answer(view, facts), step_id=view.step_id)
        if view.status == "active":  # stopped by an action the agent may not do here (e.g. no call to transfer)
            assert view.kind == "action" and view.error is not None and view.error[0] and view.error[1], view
        else:
            assert view.status == "finished" and view.outcome, (flow.code, view.path)
