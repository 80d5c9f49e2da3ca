"""``contactdesk bench flows``: the flow runner's step and open times, validation, and a customer's history.

Figures:

* ``flow_step_p95_ms`` (and ``_p50_``): :meth:`FlowRunner.answer` — the answer written (its ``flow_run_step``
  row and the run, in one transaction), branches taken, the next step rendered into a ``RunView`` — in a
  200-step flow (say, ask and branch steps, texts with customer variables), walked from start to end;
* ``flow_open_p95_ms``: :meth:`FlowRunner.start` for a customer the runner has not seen: the run created and
  the customer context read (masked identifiers, products, open complaints) and the first step rendered;
* ``flow_validate_ms``: :func:`services.flows.validation.validate` of a 500-step flow (every step kind and
  action, templates looked up), the slowest of the timed runs;
* ``flow_history_p95_ms``: a customer's last 20 runs (:func:`services.flows.history.last_runs`) on a fresh
  pooled connection per call, with ``--runs`` runs stored (default 10,000,000 on PostgreSQL, 1,000,000 on
  SQLite; ``--quick`` 50,000), generated inside the database (``generate_series`` / a recursive CTE) and
  ANALYZEd.  ``flow_history_plan`` shows the query plan.

The database is ``--database URL`` (reused when it holds enough customers, seeded when empty) or a temporary
SQLite file; the issue's targets are for PostgreSQL with 1,000,000 customers.  Runs are added to the bench's
own flow only (``bench_history``); a second run on the same database reuses them.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from typing import Any

from services.bench_harness import BenchError, percentile, seeded_database, time_calls

DEFAULT_CUSTOMERS = 1_000_000
QUICK_CUSTOMERS = 2_000
DEFAULT_RUNS_PG = 10_000_000
DEFAULT_RUNS_SQLITE = 1_000_000
QUICK_RUNS = 50_000
SAMPLES, QUICK_SAMPLES = 400, 100
OPENS, QUICK_OPENS = 200, 40
VALIDATIONS, QUICK_VALIDATIONS = 20, 5
STEP_FLOW_STEPS = 200
VALIDATE_FLOW_STEPS = 500
CHUNK = 1_000_000
HISTORY_FLOW = "bench_history"
STEP_FLOW = "bench_step200"
DESCRIPTION = "the flow runner: answer to next step, opening a run, validating, a customer's history"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark (for the harness)."""
    parser.add_argument(
        "--runs", type=int, help="flow runs stored for the history figure (default 10,000,000 on PostgreSQL)"
    )
    parser.add_argument("--samples", type=int, help=f"timed answers (default {SAMPLES})")


def _log(message: str) -> None:
    print(f"[bench flows] {message}", file=sys.stderr, flush=True)


# -- the flows ----------------------------------------------------------------------------------------------------
def step_flow(code: str = STEP_FLOW, steps: int = STEP_FLOW_STEPS) -> dict[str, Any]:
    """A linear flow of ``steps`` steps, in groups of four: say (customer variables), ask a choice, a branch on
    the answer and the customer's tier, ask an amount; then an end."""
    out: list[dict[str, Any]] = []
    i = 0
    while len(out) < steps - 1:
        out.append(
            {
                "id": f"g{i}_say",
                "kind": "say",
                "title": {"zh_CN": f"第 {i + 1} 段", "en": f"Part {i + 1}"},
                "text": {
                    "zh_CN": "{{ customer.name }}{{ customer.title }}，您是我行{{ customer.tier }}客户，"
                    "资产 {{ customer.aum|cny }}。" + "这一段说明业务规则和注意事项。" * 10,
                    "en": "{{ customer.title }} {{ customer.surname }}: part " + str(i + 1),
                },
            }
        )
        out.append(
            {
                "id": f"g{i}_pick",
                "kind": "ask",
                "var": f"pick{i}",
                "text": "请客户选择办理方式：",
                "answer": {
                    "type": "choice",
                    "options": [
                        {"value": "counter", "label": {"zh_CN": "柜台", "en": "Counter"}},
                        {"value": "app", "label": {"zh_CN": "手机银行", "en": "App"}},
                        {"value": "phone", "label": {"zh_CN": "电话", "en": "Phone"}},
                    ],
                },
            }
        )
        condition = {
            "all": [
                {"var": f"answers.pick{i}", "op": "eq", "value": "app"},
                {"var": "customer.tier", "op": "in", "value": ["private", "diamond"]},
            ]
        }
        out.append({"id": f"g{i}_route", "kind": "branch", "cases": [{"when": condition}]})
        out.append(
            {
                "id": f"g{i}_amount",
                "kind": "ask",
                "var": f"amount{i}",
                "text": "金额（元）？上一项选择：{{ answers.pick" + str(i) + " }}",
                "answer": {"type": "amount", "min": 0, "max": 1_000_000},
            }
        )
        i += 1
    out = out[: steps - 1]
    out.append({"id": "done", "kind": "end", "outcome": "other"})
    for step, following in itertools.pairwise(out):  # a line: each step leads to the next
        if step["kind"] == "branch":
            step["cases"][0]["next"] = following["id"]
            step["default"] = following["id"]
        else:
            step["next"] = following["id"]
    if out[-2]["kind"] == "branch":  # a branch cut off at the end would read an answer nobody asked
        out[-2] = {"id": out[-2]["id"], "kind": "say", "text": "结束前确认。", "next": "done"}
    return {
        "schema": "contactdesk.flow/1",
        "code": code,
        "name": {"zh_CN": "基准流程", "en": "Bench flow"},
        "start": "g0_say",
        "steps": out,
    }


def validate_flow(steps: int = VALIDATE_FLOW_STEPS) -> dict[str, Any]:
    """A 500-step flow with every step kind (message and reminder actions; branches that skip ahead)."""
    out: list[dict[str, Any]] = []
    kinds = ("say", "ask", "branch", "read_aloud", "action", "identity_check", "ask_number")
    n = steps - 2
    for i in range(n):
        nxt = f"s{i + 1}" if i + 1 < n else "done"
        kind = kinds[i % len(kinds)]
        sid = f"s{i}"
        if kind == "say":
            out.append({"id": sid, "kind": "say", "text": "{{ customer.name }}，第" + str(i) + "步。", "next": nxt})
        elif kind == "ask":
            out.append(
                {
                    "id": sid,
                    "kind": "ask",
                    "text": "请客户选择：",
                    "var": f"v{i}",
                    "next": nxt,
                    "answer": {
                        "type": "choice",
                        "options": [{"value": "a", "label": "甲"}, {"value": "b", "label": "乙"}],
                    },
                }
            )
        elif kind == "ask_number":
            out.append(
                {
                    "id": sid,
                    "kind": "ask",
                    "text": "数量？",
                    "var": f"n{i}",
                    "answer": {"type": "number", "min": 0},
                    "next": nxt,
                }
            )
        elif kind == "branch":
            skip = f"s{min(i + 3, n - 1)}"
            out.append(
                {
                    "id": sid,
                    "kind": "branch",
                    "default": nxt,
                    "cases": [
                        {
                            "when": {
                                "all": [
                                    {"var": f"answers.v{i - 1}", "op": "eq", "value": "a"},
                                    {"var": "customer.tier", "op": "in", "value": ["gold", "private"]},
                                ]
                            },
                            "next": skip,
                        }
                    ],
                }
            )
        elif kind == "read_aloud":
            out.append({"id": sid, "kind": "read_aloud", "text": "风险提示：{{ customer.risk_level }}。", "next": nxt})
        elif kind == "action":
            action: dict[str, Any]
            if (i // len(kinds)) % 2:
                action = {
                    "type": "send_template",
                    "template": "card_loss_confirmation_sms",
                    "channel": "sms",
                    "values": {"card_tail": f"answers.n{i - 5}"},
                }
            else:
                action = {
                    "type": "create_reminder",
                    "kind": "follow_up",
                    "title": "跟进 {{ customer.name }}",
                    "due_in_days": 3,
                }
            out.append(
                {"id": sid, "kind": "action", "text": "请确认。", "next": nxt, "on_error": nxt, "action": action}
            )
        else:
            out.append(
                {
                    "id": sid,
                    "kind": "identity_check",
                    "text": "请核实身份。",
                    "checks": ["id_tail4", "birth_date"],
                    "required": 1,
                    "next": nxt,
                    "fail": "refused",
                }
            )
    out.append({"id": "done", "kind": "end", "outcome": "other"})
    out.append({"id": "refused", "kind": "end", "outcome": "other"})
    return {
        "schema": "contactdesk.flow/1",
        "code": "bench_validate500",
        "name": "基准500步",
        "start": "s0",
        "steps": out,
    }


def _publish(engine: Any, doc: dict[str, Any]) -> int:
    """The published version of the bench flow ``doc['code']`` (stored once per database)."""
    from sqlalchemy import insert, select

    from db.models import ServiceFlow
    from db.models.base import utcnow

    with engine.begin() as conn:
        found = conn.execute(
            select(ServiceFlow.id).where(ServiceFlow.code == doc["code"], ServiceFlow.status == "published")
        ).scalar()
        if found is not None:
            return int(found)
        now = utcnow()
        name = doc["name"] if isinstance(doc["name"], str) else doc["name"]["zh_CN"]
        return int(
            conn.execute(
                insert(ServiceFlow)
                .values(
                    code=doc["code"],
                    version_no=1,
                    name=name,
                    name_en=name,
                    definition=doc,
                    status="published",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(ServiceFlow.id)
            ).scalar_one()
        )


# -- bulk runs ------------------------------------------------------------------------------------------------------
def _bulk_sql(dialect: str) -> str:
    age = "((n * 7919) % 94608000)"  # seconds before now, over three years
    if dialect == "postgresql":
        source = "generate_series(CAST(:lo AS BIGINT), CAST(:hi AS BIGINT)) AS g(n)"
        stamp = f"to_timestamp(:now_s - {age})"
        finished = f"to_timestamp(:now_s - {age} + 30 + n % 600)"
        prefix = ""
        empty_obj, empty_list = "CAST('{}' AS json)", "CAST('[]' AS json)"
    else:
        source = "seq"
        stamp = f"strftime('%Y-%m-%d %H:%M:%S', :now_s - {age}, 'unixepoch') || '.000000'"
        finished = f"strftime('%Y-%m-%d %H:%M:%S', :now_s - {age} + 30 + n % 600, 'unixepoch') || '.000000'"
        prefix = "WITH RECURSIVE seq(n) AS (SELECT :lo UNION ALL SELECT n + 1 FROM seq WHERE n < :hi) "
        empty_obj, empty_list = "'{}'", "'[]'"
    columns = (
        "flow_id, customer_id, user_id, started_at, finished_at, current_step, answers, outcome, status, path, "
        "duration_s, updated_at, version"
    )
    values = (
        f":flow_id, :c0 + (n % :nc), :user_id, {stamp}, "
        f"CASE WHEN n % 10 = 0 THEN NULL ELSE {finished} END, "
        f"CASE WHEN n % 10 = 0 THEN 'q' ELSE 'done' END, {empty_obj}, "
        "CASE WHEN n % 10 = 0 THEN NULL WHEN n % 3 = 0 THEN 'inquiry.balance' ELSE 'other' END, "
        "CASE WHEN n % 10 = 0 THEN 'abandoned' ELSE 'finished' END, "
        f"{empty_list}, CASE WHEN n % 10 = 0 THEN NULL ELSE 30 + n % 600 END, {stamp}, 1"
    )
    return f"{prefix}INSERT INTO flow_run ({columns}) SELECT {values} FROM {source}"


def _bulk_load(engine: Any, total: int, flow_id: int, user_id: int) -> tuple[int, float]:
    """Top the bench flow's runs up to ``total``; returns (runs stored, seconds spent)."""
    from sqlalchemy import func, select, text

    from db.models import Customer, FlowRun

    with engine.connect() as conn:
        have = int(conn.execute(select(func.count()).where(FlowRun.flow_id == flow_id)).scalar_one())
        low, high, count = conn.execute(select(func.min(Customer.id), func.max(Customer.id), func.count())).one()
    if have >= total:
        _log(f"reusing {have:,} bench runs")
        return have, 0.0
    if high - low + 1 != count:
        raise BenchError("the customers are not numbered contiguously; give a database seeded by contactdesk seed")
    sql = text(_bulk_sql(engine.dialect.name))
    now_s = int(time.time())
    started = time.perf_counter()
    for lo in range(have + 1, total + 1, CHUNK):
        hi = min(lo + CHUNK - 1, total)
        with engine.begin() as conn:
            conn.execute(
                sql,
                {"lo": lo, "hi": hi, "now_s": now_s, "flow_id": flow_id, "user_id": user_id, "c0": low, "nc": count},
            )
        _log(f"runs {hi:,}/{total:,} ({time.perf_counter() - started:,.0f} s)")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE flow_run" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return total, time.perf_counter() - started


# -- the benchmark ---------------------------------------------------------------------------------------------
def _answer_for(view: Any) -> Any:
    if view.kind == "ask":
        return "2" if view.answer_type == "choice" else "1500"
    return None


def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select, text

    from db.models import Customer, User
    from services.audit import AuditTrail
    from services.flows import history
    from services.flows.authoring import template_statuses
    from services.flows.definition import parse
    from services.flows.runner import FlowRunner
    from services.flows.validation import validate
    from services.messaging import install_starter_templates
    from services.permissions import Principal

    quick = bool(args.quick)
    customers = args.customers or (QUICK_CUSTOMERS if quick else DEFAULT_CUSTOMERS)
    samples = args.samples or (QUICK_SAMPLES if quick else SAMPLES)
    opens = QUICK_OPENS if quick else OPENS
    rng = random.Random(args.seed)
    with seeded_database(args, customers) as db:
        engine = db.engine
        backend = engine.dialect.name
        runs = args.runs or (
            QUICK_RUNS if quick else DEFAULT_RUNS_PG if backend == "postgresql" else DEFAULT_RUNS_SQLITE
        )
        install_starter_templates(engine)
        with engine.connect() as conn:
            user = conn.execute(
                select(User.id, User.username, User.role_code, User.branch_id, User.team_id, User.display_name)
                .where(User.role_code == "agent", User.is_active.is_(True))
                .order_by(User.id)
                .limit(1)
            ).one()
            ids = list(conn.execute(select(Customer.id).order_by(Customer.id)).scalars())
        agent = Principal(user[0], user[1], user[2], user[3], user[4], "bench", user[5])
        _publish(engine, step_flow())
        history_flow = _publish(engine, step_flow(HISTORY_FLOW, 9))
        runner = FlowRunner(engine, AuditTrail())

        # -- opening a run (a customer the runner has not seen yet)
        picks = rng.sample(ids, min(len(ids), opens + 20))
        opened: list[int] = []

        def open_one(cid: int) -> None:
            opened.append(runner.start(agent, STEP_FLOW, cid).run_id)

        open_ms = time_calls(open_one, picks[20:], warmup=picks[:20])

        # -- answer -> next step, walking 200-step runs from start to end
        step_ms: list[float] = []
        walked = 0
        while len(step_ms) < samples:
            view = runner.resume(agent, opened[walked])
            walked += 1
            for _ in range(3):  # warm this run's caches as a desk that has it open would have
                if view.status != "active":
                    break
                view = runner.answer(agent, view.run_id, _answer_for(view))
            while view.status == "active" and len(step_ms) < samples:
                value = _answer_for(view)
                began = time.perf_counter_ns()
                view = runner.answer(agent, view.run_id, value)
                step_ms.append((time.perf_counter_ns() - began) / 1e6)

        # -- validating a 500-step flow
        defn = parse(validate_flow())
        with engine.connect() as conn:
            statuses = template_statuses(conn)
        problems = validate(defn, templates=statuses)
        validate_ms = time_calls(
            lambda _: validate(defn, templates=statuses),
            range(QUICK_VALIDATIONS if quick else VALIDATIONS),
            warmup=range(2),
        )

        # -- a customer's history with many runs stored
        stored, load_s = _bulk_load(engine, runs, history_flow, agent.user_id)
        history_picks = rng.sample(ids, min(len(ids), samples + 50))

        def last_runs(cid: int) -> None:
            with engine.connect() as conn:
                history.last_runs(conn, cid)

        history_ms = time_calls(last_runs, history_picks[50:], warmup=history_picks[:50])
        query = history.last_runs_query(history_picks[0], history.DEFAULT_LIMIT)
        with engine.connect() as conn:
            compiled = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            explain = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN "
            plan = "\n".join(str(r[-1]) for r in conn.execute(text(explain + compiled)).all())
        return {
            "backend": backend,
            "customers": db.customers,
            "seed_seconds": None if db.seed_seconds is None else round(db.seed_seconds, 1),
            "flow_step_p50_ms": round(percentile(step_ms, 50), 3),
            "flow_step_p95_ms": round(percentile(step_ms, 95), 3),
            "flow_step_samples": len(step_ms),
            "flow_step_flow_steps": STEP_FLOW_STEPS,
            "flow_open_p50_ms": round(percentile(open_ms, 50), 3),
            "flow_open_p95_ms": round(percentile(open_ms, 95), 3),
            "flow_validate_ms": round(max(validate_ms), 3),
            "flow_validate_p50_ms": round(percentile(validate_ms, 50), 3),
            "flow_validate_steps": len(defn.steps),
            "flow_validate_problems": len(problems),
            "flow_history_p50_ms": round(percentile(history_ms, 50), 3),
            "flow_history_p95_ms": round(percentile(history_ms, 95), 3),
            "flow_runs_stored": stored,
            "flow_runs_load_s": round(load_s, 1),
            "flow_history_plan": plan,
        }


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - ``contactdesk bench flows`` is the way in
    from desktop.bench import BENCHMARKS
    from services.bench_harness import run_benchmark

    return run_benchmark("flows", BENCHMARKS, list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
