"""The escalation scan killed halfway on PostgreSQL: every warning, breach and escalation still exists exactly once.

The scan commits one transaction per batch, and every mark in a batch is a guarded update or a uniquely keyed
row written together with its event and alerts.  So a process killed (SIGKILL, no clean-up) after some batches
leaves those batches whole and the rest untouched, and the next scans (here two at once) finish exactly the rest.
The kill is timed by what the database shows (committed warning events), not by a sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, String, cast, func, select, text

from db.models import Ticket, TicketEscalation, TicketEvent

from .conftest import FixedClock, World, build_world, cst
from .test_escalation_jobs import alert_rows, event_counts

ROOT = Path(__file__).resolve().parents[2]
TICKETS = 3000
NOW = cst(2026, 3, 18, 1, 0)  # both warning points and the deadline passed for every ticket
KILL_AFTER = 300  # warning events committed before the first scan is killed (well short of TICKETS)
DEADLINE_S = 900.0  # generous: the machine running the tests may be busy


def _clone_tickets(world: World, total: int) -> None:
    """One complaint made by the service, copied inside the database to ``total`` tickets (clock rows added
    as the scan's backfill adds them: next check at receipt, so every copy is due)."""
    from services.tickets.records import backfill_clocks

    first = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    columns = [c.name for c in Ticket.__table__.columns if c.name not in ("id", "number")]
    names = ", ".join(columns)
    copied = ", ".join(f"t.{c}" for c in columns)
    with world.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO ticket (number, {names}) SELECT t.number || '-' || g.n, {copied} "
                "FROM ticket t CROSS JOIN generate_series(2, :total) AS g(n) WHERE t.id = :id"
            ),
            {"total": total, "id": first.id},
        )
        backfill_clocks(conn)


def _scan(url: str, start: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tests.tickets.scan_process", url, repr(start), NOW.isoformat()]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _warnings(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(TicketEvent.kind == "warning")).scalar_one())


def _duplicates(engine: Engine) -> int:
    """Events recorded more than once for the same ticket, kind and content."""
    e = TicketEvent.__table__.c
    key = (e.ticket_id, e.kind, cast(e.data, String))
    with engine.connect() as conn:
        groups = select(*key).group_by(*key).having(func.count() > 1).subquery()
        return int(conn.execute(select(func.count()).select_from(groups)).scalar_one())


@pytest.mark.postgres
@pytest.mark.timeout(1800)
def test_a_scan_killed_halfway_then_two_scans_at_once_leave_each_event_exactly_once(
    pg_database_url: str, clock: FixedClock
) -> None:
    from db.engine import make_engine
    from db.migrate import upgrade

    engine = make_engine(pg_database_url, pool_size=4)
    try:
        upgrade(engine)
        world = build_world(engine, clock)
        _clone_tickets(world, TICKETS)
        before = event_counts(engine)

        victim = _scan(pg_database_url, 0.0)
        try:
            deadline = time.monotonic() + DEADLINE_S
            while _warnings(engine) < KILL_AFTER:
                assert victim.poll() is None, f"the scan ended ({victim.returncode}) before it could be killed"
                assert time.monotonic() < deadline, "the scan committed no batch in time"
            victim.send_signal(signal.SIGKILL)
        finally:
            victim.kill()
            victim.communicate(timeout=30)
        assert victim.returncode == -signal.SIGKILL
        partial = _warnings(engine)
        assert KILL_AFTER <= partial < TICKETS  # killed partway: some batches whole, the rest not begun
        assert _duplicates(engine) == 0

        start = time.time() + 5  # both processes connected by then
        procs = [_scan(pg_database_url, start) for _ in range(2)]
        for proc in procs:
            _out, err = proc.communicate(timeout=DEADLINE_S)
            assert proc.returncode == 0, err
        again = _scan(pg_database_url, 0.0)  # a later scan finds nothing left to record
        out, err = again.communicate(timeout=DEADLINE_S)
        assert again.returncode == 0, err
        assert '"warnings": 0' in out and '"breaches": 0' in out and '"escalations": 0' in out

        kinds = event_counts(engine) - before
        assert kinds["warning"] == kinds["breach"] == TICKETS
        assert kinds["escalated"] == 2 * TICKETS  # the last warning point, then the breach
        assert _duplicates(engine) == 0
        with engine.connect() as conn:
            escalations = conn.execute(
                select(TicketEscalation.reason, TicketEscalation.user_id, func.count()).group_by(
                    TicketEscalation.reason, TicketEscalation.user_id
                )
            ).all()
        assert Counter({(reason, user): n for reason, user, n in escalations}) == {
            ("warning", world.supervisor): TICKETS,
            ("breach", world.supervisor): TICKETS,
            ("breach", world.owner): TICKETS,
        }
        assert Counter(alert_rows(engine)) == {
            (world.handler, "warning"): TICKETS,
            (world.handler, "breach"): TICKETS,
            (world.supervisor, "escalated"): 2 * TICKETS,
            (world.owner, "escalated"): TICKETS,
        }
    finally:
        engine.dispose()


def test_the_scan_bench_touches_only_the_due_tickets(tmp_path: Path) -> None:
    from desktop.bench.escalation_scan import measure

    figures = measure(f"sqlite:///{(tmp_path / 'scan.db').as_posix()}", quick=True)
    assert figures["escalation_scan_tickets"] == 20_000
    assert figures["escalation_scan_examined"] == figures["escalation_scan_due"] > 0
    assert figures["escalation_scan_ms"] > 0 and figures["escalation_scan_events"] > 0
