"""The escalation scan as it runs: alerts to the people concerned, once each; two scanning processes at the same
moment on PostgreSQL; the job the gateway and the embedded desktop run."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.models import ChangeFeed, TicketEscalation, TicketEvent
from gateway.jobs import JobScheduler
from gateway.lobby_jobs import NEAR_TURN, SWEEP
from gateway.standard_jobs import (
    CSAT_SURVEYS,
    DESK_WATCH,
    ESCALATION_SCAN,
    REPORT_AGGREGATES,
    SCAN_ENV,
    EscalationScan,
    scan_interval,
    standard_jobs,
)
from services.config import Settings
from services.tickets import alerts
from services.tickets.escalation import escalations_for

from .conftest import FixedClock, World, build_world, cst
from .soon import warning_soon

ROOT = Path(__file__).resolve().parents[2]


def alert_rows(engine: Engine) -> list[tuple[int, str]]:
    """(user, action) of every alert, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(ChangeFeed.entity_id, ChangeFeed.action)
            .where(ChangeFeed.entity == alerts.ENTITY)
            .order_by(ChangeFeed.id)
        ).all()
    return [(int(user), action) for user, action in rows]


def event_counts(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(dict(conn.execute(select(TicketEvent.kind, func.count()).group_by(TicketEvent.kind)).all()))


# -- alerts --------------------------------------------------------------------------------------------------


def test_the_scan_alerts_the_handler_the_supervisor_and_the_owner_once_each(world: World) -> None:
    created = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    world.clock.set(cst(2026, 3, 10, 5, 0))  # past the 50 % point
    world.service.scan()
    world.service.scan()
    assert alert_rows(world.engine) == [(world.handler, "warning")]
    (first,) = world.service.alerts_for(world.handler)
    assert (first.kind, first.ticket_id, first.number, first.level, first.of) == (
        "warning",
        created.id,
        created.number,
        1,
        2,
    )
    assert first.due == cst(2026, 3, 17, 23, 59, 59)
    world.clock.set(cst(2026, 3, 15, 9, 0))  # the last point: escalated to the supervisor
    world.service.scan()
    world.clock.set(cst(2026, 3, 18, 0, 0))  # breached: the supervisor and the owner
    world.service.scan()
    world.service.scan()
    assert alert_rows(world.engine) == [
        (world.handler, "warning"),
        (world.handler, "warning"),
        (world.supervisor, "escalated"),
        (world.handler, "breach"),
        (world.supervisor, "escalated"),
        (world.owner, "escalated"),
    ]
    to_owner = world.service.alerts_for(world.owner)
    assert [(a.kind, a.reason, a.number) for a in to_owner] == [("escalated", "breach", created.number)]
    to_supervisor = world.service.alerts_for(world.supervisor)
    assert [a.reason for a in to_supervisor] == ["breach", "warning"], "newest first"
    assert world.service.alerts_for(world.handler2) == []


def test_acknowledging_tells_the_other_desktops_and_keeps_the_first_time(world: World) -> None:
    created = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    world.clock.set(cst(2026, 3, 18, 0, 0))
    world.service.scan()
    (item,) = world.service.escalations_for(world.owner)
    owner = world.principal(world.owner, "supervisor")
    first_time = world.clock.now
    world.service.acknowledge_escalation(owner, item.id)
    world.clock.advance(minutes=5)
    world.service.acknowledge_escalation(owner, item.id)  # from a second desktop: no harm
    (seen,) = world.service.escalations_for(world.owner, include_acknowledged=True)
    assert seen.acknowledged_at == first_time and world.service.escalations_for(world.owner) == []
    assert alert_rows(world.engine)[-2:] == [(world.owner, "acknowledged"), (world.owner, "acknowledged")]
    assert [a.kind for a in world.service.alerts_for(world.owner)] == ["escalated"], "an acknowledgement is no news"
    assert created.id == item.ticket_id


def test_an_escalation_by_hand_alerts_its_addressee(world: World) -> None:
    created = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    world.service.escalate(world.agent, created.id, "客户情绪激动，要求主管回电")
    (alert,) = world.service.alerts_for(world.supervisor)
    (item,) = world.service.escalations_for(world.supervisor)
    assert (alert.kind, alert.reason, alert.ticket_id, alert.level) == ("escalated", "manual", created.id, 1)
    assert (item.reason, item.ticket_id) == ("manual", created.id)


# -- two scanners at the same moment --------------------------------------------------------------------------


@pytest.mark.postgres
def test_two_scanning_processes_at_once_write_each_event_and_alert_once(
    pg_database_url: str, clock: FixedClock
) -> None:
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(pg_database_url, pool_size=4)
    try:
        upgrade(engine)
        world = build_world(engine, clock)
        count = 40
        for _ in range(count):
            world.service.create_complaint(
                world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
            )
        start = time.time() + 6  # both processes are up and connected by then
        now = cst(2026, 3, 18, 1, 0).isoformat()  # both warning points and the deadline passed
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "tests.tickets.scan_process", pg_database_url, repr(start), now]
        procs = [
            subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [proc.communicate(timeout=120) for proc in procs]
        for proc, (_out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err
        reports = [json.loads(out.strip().splitlines()[-1]) for out, _err in outputs]
        assert sum(r["warnings"] for r in reports) == count and sum(r["breaches"] for r in reports) == count
        assert sum(r["escalations"] for r in reports) == 3 * count
        kinds = event_counts(engine)
        assert kinds["warning"] == kinds["breach"] == count and kinds["escalated"] == 2 * count
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(TicketEscalation)).scalar_one() == 3 * count
        sent = Counter(alert_rows(engine))
        assert sent == {
            (world.handler, "warning"): count,
            (world.handler, "breach"): count,
            (world.supervisor, "escalated"): 2 * count,
            (world.owner, "escalated"): count,
        }
    finally:
        engine.dispose()


# -- the job ---------------------------------------------------------------------------------------------------


def test_the_scan_interval_comes_from_the_environment() -> None:
    assert scan_interval({}) == 60.0
    assert scan_interval({SCAN_ENV: "0.5"}) == 0.5
    assert scan_interval({SCAN_ENV: "0"}) == 0.0
    for bad in ("soon", "-1", "nan"):
        with pytest.raises(ValueError, match=SCAN_ENV):
            scan_interval({SCAN_ENV: bad})
    settings = Settings(data_dir=Path("."))
    assert [j.name for j in standard_jobs(None, settings, escalation_scan=0)] == [  # type: ignore[arg-type]
        DESK_WATCH,
        NEAR_TURN,
        SWEEP,
        CSAT_SURVEYS,
        REPORT_AGGREGATES,
    ]
    job, *_others = standard_jobs(None, settings, escalation_scan=2.5, first_delay=9)  # type: ignore[arg-type]
    assert (job.name, job.interval, job.first_delay) == (ESCALATION_SCAN, 2.5, 2.5)


def test_the_job_scans_with_the_wall_clock_as_the_threshold_passes(migrated_engine: Engine, tmp_path: Path) -> None:
    world = build_world(migrated_engine, FixedClock(dt.datetime.now(dt.UTC)))
    ticket, warning_at = warning_soon(world, 4.0)
    scan = EscalationScan(migrated_engine, Settings(data_dir=tmp_path))
    scheduler = JobScheduler(
        migrated_engine, [standard_jobs(migrated_engine, Settings(data_dir=tmp_path), escalation_scan=0.2)[0]]
    )
    assert scan()["warnings"] == 0, "not yet"
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while not [e for e in world.service.ticket_events(ticket) if e.kind == "warning"]:
            assert time.monotonic() < deadline, "no warning from the job"
            time.sleep(0.05)
        assert dt.datetime.now(dt.UTC) >= warning_at
        assert scheduler.wait_for_runs(ESCALATION_SCAN, scheduler.states[ESCALATION_SCAN].runs + 2, 10)
    finally:
        scheduler.stop()
    warnings = [e for e in world.service.ticket_events(ticket) if e.kind == "warning"]
    assert len(warnings) == 1 and warnings[0].data["level"] == 1
    assert [e.reason for e in escalations_for_user(world)] == ["warning"], "the only point is the last one"
    assert [a.kind for a in world.service.alerts_for(world.handler)] == ["warning"]
    status = scheduler.status()[ESCALATION_SCAN]
    assert status["failures"] == 0 and status["runs"] >= 3 and status["last_result"]["warnings"] == 0


def escalations_for_user(world: World) -> list:
    with world.engine.connect() as conn:
        return escalations_for(conn, world.supervisor)
