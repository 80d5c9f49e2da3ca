"""The starter flows shipped in ``resources/flows/`` (YAML), installed by the seed and the demo.

Each file is one flow in both languages.  :func:`install_starter_flows` installs the codes the database does
not have yet as version 1, published, approved and published by the seed's supervisor (the shipped document
has no author in the bank, as the starter templates have none), after checking every one against the
database's templates: the message templates they send must be installed first
(:func:`services.messaging.install_starter_templates`).  With ``rules`` it also adds the default rules that
suggest them (:mod:`.choose`) when the database has no rules yet.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select

from db import feed
from db.models import Customer, FlowRule, FlowRun, ServiceFlow, User
from db.models.base import utcnow
from db.write import write_txn
from services.resource_files import resource_path
from services.tickets.taxonomy import load_taxonomy

from . import files
from .authoring import template_statuses
from .choose import add_rule
from .definition import FlowDefinition
from .dispositions import pickable_dispositions
from .errors import FlowInvalid
from .validation import validate

FOLDER = ("flows",)
SEED_SUPERVISOR = "super01"
# The rules that suggest the starters: (priority, queue, IVR choice, condition, flow code, note).
STARTER_RULES: tuple[tuple[int, str | None, str | None, Mapping[str, Any] | None, str, str], ...] = (
    (
        10,
        None,
        None,
        {
            "all": [
                {"var": "call.direction", "op": "eq", "value": "outbound"},
                {"var": "customer.maturing_deposits", "op": "gt", "value": 0},
            ]
        },
        "maturity_reminder_outbound",
        "外呼且客户有近期到期的定期存款 / outbound call, a deposit maturing soon",
    ),
    (
        20,
        None,
        None,
        {
            "all": [
                {"var": "customer.vip_level", "op": "ge", "value": 3},
                {"var": "customer.maturing_deposits", "op": "gt", "value": 0},
            ]
        },
        "deposit_renewal",
        "贵宾客户且有近期到期的定期存款 / VIP with a deposit maturing soon",
    ),
    (50, None, "3", None, "complaint_intake", "IVR 按 3：投诉 / IVR choice 3: complaints"),
    (60, "complaints", None, None, "complaint_intake", "投诉受理队列 / complaints queue"),
    (60, "credit_card", None, None, "card_loss", "信用卡队列 / credit card queue"),
)


def starter_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or resource_path(*FOLDER)).glob("*.yaml"))


def starter_flows(folder: Path | None = None) -> list[FlowDefinition]:
    """Every starter flow, read and checked against the schema.

    Raises:
        FlowFormatError: a starter file is broken (a packaging error).
    """
    return [files.load(path.read_text(encoding="utf-8"), "yaml") for path in starter_files(folder)]


def _supervisor(conn: Connection) -> int | None:
    found = conn.execute(select(User.id).where(User.username == SEED_SUPERVISOR)).scalar()
    if found is None:
        found = conn.execute(
            select(User.id).where(User.role_code == "supervisor", User.is_active.is_(True)).order_by(User.id).limit(1)
        ).scalar()
    return int(found) if found is not None else None


def install_starter_flows(engine: Engine, *, folder: Path | None = None, rules: bool = True, runs: bool = True) -> int:
    """Install the starters missing from the database, published; returns how many were added.

    With ``runs`` (and customers and agents in the database) each newly installed starter gets a small,
    deterministic history of finished and abandoned runs (:func:`_demo_runs`), so that the demo's analytics
    have figures to show.

    Raises:
        FlowInvalid: a starter does not validate against this database (e.g. its templates are missing).
        FlowFormatError: a starter file is broken.
    """
    flows = starter_flows(folder)
    taxonomy = load_taxonomy()
    table: Table = ServiceFlow.__table__  # type: ignore[assignment]
    added = 0
    with write_txn(engine) as conn:
        statuses = template_statuses(conn)
        picks = pickable_dispositions(conn)
        for defn in flows:
            problems = validate(
                defn,
                templates=statuses,
                complaint_categories=lambda c: taxonomy.get(c) is not None,
                dispositions=picks.__contains__ if picks else None,
            )
            if problems:
                raise FlowInvalid(problems, what_zh="安装", what_en="installed")
        present = set(conn.execute(select(table.c.code).distinct()).scalars())
        supervisor = _supervisor(conn)
        at = utcnow()
        installed: list[tuple[int, FlowDefinition]] = []
        for defn in flows:
            if defn.code in present:
                continue
            new_id = conn.execute(
                insert(table)
                .values(
                    code=defn.code,
                    version_no=1,
                    name=defn.name.zh_CN,
                    name_en=defn.name.en,
                    definition=defn.to_data(),
                    status="published",
                    author_id=None,
                    editor_ids=[],
                    submitted_at=at,
                    approver_id=supervisor,
                    approved_at=at,
                    published_by_id=supervisor,
                    published_at=at,
                    created_at=at,
                    updated_at=at,
                )
                .returning(table.c.id)
            ).scalar_one()
            feed.append(conn, "service_flow", int(new_id), "installed")
            installed.append((int(new_id), defn))
            added += 1
        if runs:
            _demo_runs(conn, installed, at)
        if rules and not conn.execute(select(func.count()).select_from(FlowRule)).scalar_one():
            codes = present | {d.code for d in flows}
            for priority, queue, ivr, condition, code, note in STARTER_RULES:
                if code in codes:
                    add_rule(
                        conn,
                        code,
                        priority=priority,
                        queue=queue,
                        ivr_choice=ivr,
                        condition=condition,
                        note=note,
                        at=at,
                    )
    return added


DEMO_RUNS_PER_FLOW = 36
DEMO_ABANDON_CHANCE = 0.025  # per step: the caller hangs up, or the agent gives up
DEMO_STEP_SECONDS = (12, 75)
DEMO_MAX_STEPS = 60


def _demo_walk(defn: FlowDefinition, rng: random.Random) -> tuple[list[str], str, str | None]:
    """One walk through ``defn``: the steps visited, the run's status, and the outcome when it finished."""
    visited: list[str] = []
    step = defn.get_step(defn.start)
    while step is not None and len(visited) < DEMO_MAX_STEPS:
        visited.append(step.id)
        if step.kind == "end":
            return visited, "finished", step.outcome
        if len(visited) > 1 and rng.random() < DEMO_ABANDON_CHANCE:
            return visited, "abandoned", None
        targets = [target for _label, target in step.targets() if target]
        if not targets:
            break
        # the first way out is the usual one (passed, the first case); the others are rarer
        weights = [4] + [1] * (len(targets) - 1)
        step = defn.get_step(rng.choices(targets, weights=weights)[0])
    return visited, "abandoned", None


def _demo_runs(conn: Connection, installed: list[tuple[int, FlowDefinition]], at: dt.datetime) -> None:
    """Finished and abandoned runs of the starters just installed, by the seed's agents for its first customers.

    Deterministic for a code (its random generator is seeded by the code); the runs end before ``at``.
    Nothing is added when the database has no customers or no agents (a bare test database).
    """
    if not installed:
        return
    customers = list(conn.execute(select(Customer.id).order_by(Customer.id).limit(200)).scalars())
    agents = list(
        conn.execute(
            select(User.id).where(User.role_code == "agent", User.is_active.is_(True)).order_by(User.id).limit(20)
        ).scalars()
    )
    if not customers or not agents:
        return
    rows: list[dict[str, Any]] = []
    for flow_id, defn in installed:
        rng = random.Random(f"demo-runs:{defn.code}")
        for _ in range(DEMO_RUNS_PER_FLOW):
            visited, status, outcome = _demo_walk(defn, rng)
            seconds = sum(rng.randint(*DEMO_STEP_SECONDS) for _ in visited)
            started = at - dt.timedelta(days=rng.randint(1, 28), minutes=rng.randint(0, 600))
            finished = started + dt.timedelta(seconds=seconds)
            rows.append(
                {
                    "flow_id": flow_id,
                    "customer_id": rng.choice(customers),
                    "call_id": None,
                    "user_id": rng.choice(agents),
                    "started_at": started,
                    "finished_at": finished,
                    "updated_at": finished,
                    "current_step": visited[-1],
                    "answers": {},
                    "outcome": outcome,
                    "status": status,
                    "path": [{"step": sid, "kind": defn.step(sid).kind, "shown": None} for sid in visited],
                    "duration_s": seconds,
                    "version": 1,
                }
            )
    conn.execute(insert(FlowRun), rows)
