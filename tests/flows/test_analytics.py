"""Flow analytics per code and version, and a customer's history of runs (with the index they rely on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import insert, select, text

from db.models import FlowRun, ServiceFlow
from services.flows import analytics, history
from services.flows.errors import FlowNotFound
from services.permissions import PermissionDenied
from tests.flows import runner_rig
from tests.flows.runner_rig import World, say_chain


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from runner_rig.world(request.param, request, tmp_path_factory)


def _flow(code: str, outcomes: tuple[str, ...] = ("inquiry.balance", "other")) -> dict[str, object]:
    """ask yes/no → end with one outcome or another; a say step in between on the "yes" side."""
    return {
        "schema": "contactdesk.flow/1",
        "code": code,
        "name": code,
        "start": "q",
        "steps": [
            {"id": "q", "kind": "ask", "var": "ok", "answer": {"type": "yes_no"}, "next": "route"},
            {
                "id": "route",
                "kind": "branch",
                "cases": [{"when": {"var": "answers.ok", "op": "eq", "value": True}, "next": "explain"}],
                "default": "no",
            },
            {"id": "explain", "kind": "say", "text": "说明", "next": "yes"},
            {"id": "yes", "kind": "end", "outcome": outcomes[0]},
            {"id": "no", "kind": "end", "outcome": outcomes[1]},
        ],
    }


def test_summary_counts_completion_drop_off_duration_and_outcomes(world: World) -> None:
    world.publish(_flow("n_stats"))
    agent = world.principal("agent01")
    start = dt.datetime(2026, 3, 5, 1, 0, tzinfo=dt.UTC)
    clock = [start]
    runner = world.runner(clock=lambda: clock[0])
    cid = world.customer()

    def run(*answers: object, abandon: bool = False, seconds: int = 60) -> None:
        clock[0] += dt.timedelta(minutes=5)
        view = runner.start(agent, "n_stats", cid)
        clock[0] += dt.timedelta(seconds=seconds)
        for answer in answers:
            view = runner.answer(agent, view.run_id, answer)
        if abandon:
            runner.abandon(agent, view.run_id)

    run(True, None, seconds=60)  # finished: inquiry.balance
    run(True, None, seconds=120)  # finished: inquiry.balance
    run(False, seconds=30)  # finished: other
    run(True, abandon=True)  # stopped at "explain"
    run(abandon=True)  # stopped at "q"
    run(abandon=True)  # stopped at "q"
    run()  # still open at "q"
    stats = analytics.summary(world.engine.connect(), "n_stats", 1)
    assert (stats.runs, stats.finished, stats.abandoned, stats.open) == (7, 3, 3, 1)
    assert stats.completion_rate == pytest.approx(3 / 6)
    assert stats.average_duration_s == pytest.approx((60 + 120 + 30) / 3)
    assert dict(stats.outcomes) == {"inquiry.balance": 2, "other": 1}
    assert [(d.step_id, d.abandoned, d.open) for d in stats.drop_off] == [("q", 2, 1), ("explain", 1, 0)]
    assert stats.drop_rate("q") == pytest.approx(3 / 7) and stats.drop_rate("yes") == 0.0
    # A second version: per version, and the code as a whole.
    world.publish(_flow("n_stats", ("inquiry.product", "other")))
    runner.answer(agent, runner.start(agent, "n_stats", cid).run_id, True)
    with world.engine.connect() as conn:
        second = analytics.summary(conn, "n_stats", 2)
        both = analytics.summary(conn, "n_stats")
        assert (second.runs, second.open, second.finished, second.completion_rate) == (1, 1, 0, None)
        assert both.runs == 8 and both.open == 2
        with pytest.raises(FlowNotFound):
            analytics.summary(conn, "n_stats", 9)


def test_preview_runs_are_left_out(world: World) -> None:
    flow_id = world.publish(_flow("n_preview"), status="draft")
    boss = world.principal("super01")
    runner = world.runner()
    runner.answer(boss, runner.start(boss, flow_id, world.customer()).run_id, False)
    with world.engine.connect() as conn:
        stats = analytics.summary(conn, "n_preview", 1)
        assert stats.runs == 0 and stats.completion_rate is None and stats.average_duration_s is None
        runs = history.last_runs(conn, world.customer())
        assert runs and all(r.code != "n_preview" for r in runs)  # the customer's real runs only


def test_history_lists_a_customers_last_runs_newest_first(world: World) -> None:
    world.publish(say_chain("n_hist", 1))
    agent = world.principal("agent01")
    cid = world.customer(offset=3)
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    clock = [base]
    runner = world.runner(clock=lambda: clock[0])
    made = []
    for i in range(5):
        clock[0] = base + dt.timedelta(days=i)
        view = runner.start(agent, "n_hist", cid)
        if i % 2 == 0:
            view = runner.answer(agent, view.run_id)
        made.append(view.run_id)
    with world.engine.connect() as conn:
        runs = history.last_runs(conn, cid, limit=3)
        assert [r.run_id for r in runs] == made[::-1][:3]
        newest = runs[0]
        assert (newest.code, newest.version_no, newest.status, newest.outcome) == ("n_hist", 1, "finished", "other")
        assert newest.interaction_id is not None and newest.started_at == base + dt.timedelta(days=4)
        assert runs[1].status == "active" and runs[1].current_step == "s0" and runs[1].finished_at is None
        assert len(history.last_runs(conn, cid, limit=1000)) == 5
    found = history.customer_history(world.engine, agent, cid, audit=world.audit, limit=2)
    assert [r.run_id for r in found] == made[::-1][:2]
    lobby = world.principal("lobby01")
    with world.engine.connect() as conn:
        outside = conn.execute(
            text("SELECT id FROM customer WHERE branch_id <> :b ORDER BY id LIMIT 1"), {"b": lobby.branch_id}
        ).scalar_one()
    with pytest.raises(PermissionDenied):
        history.customer_history(world.engine, lobby, outside, audit=world.audit)


def test_history_and_analytics_use_their_indexes(world: World) -> None:
    """With many runs stored, both read an index range, never the whole table."""
    agent = world.principal("agent01")
    with world.engine.begin() as conn:
        flow_id = conn.execute(select(ServiceFlow.id).where(ServiceFlow.code == "n_hist")).scalar_one()
        customers = list(conn.execute(text("SELECT id FROM customer ORDER BY id LIMIT 200")).scalars())
        start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        conn.execute(
            insert(FlowRun),
            [
                {
                    "flow_id": flow_id,
                    "customer_id": customers[i % len(customers)],
                    "user_id": agent.user_id,
                    "started_at": start + dt.timedelta(minutes=i),
                    "status": "finished",
                    "current_step": "done",
                    "answers": {},
                    "path": [],
                    "outcome": "other",
                    "duration_s": 30,
                    "version": 1,
                }
                for i in range(20_000)
            ],
        )
        conn.execute(text("ANALYZE"))
    cid = customers[7]
    query = history.last_runs_query(cid, 20)
    with world.engine.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN " if world.backend == "sqlite" else "EXPLAIN "
        plan = "\n".join(str(r[-1]) for r in conn.execute(text(explain + str(compiled))).all())
        runs = history.last_runs(conn, cid)
    assert "ix_flow_run_customer_started" in plan, plan
    assert len(runs) == 20 and runs == sorted(runs, key=lambda r: r.started_at, reverse=True)
