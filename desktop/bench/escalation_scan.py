"""``contactdesk bench escalation``: one run of the complaint escalation scan on a large ticket table.

Figures:

* ``escalation_scan_ms``: the slowest of a few :meth:`TicketService.scan` runs (all batches, commits included),
  each finding ``escalation_scan_due`` tickets whose next check has come among ``tickets`` (default
  1,000,000; ``--quick`` 20,000);
* ``escalation_scan_examined``: the tickets the last run examined — it must equal the due ones: the scan reads
  the ``ticket_clock.next_check_at`` index range, never the whole table; ``escalation_scan_events``: the
  warnings, breaches and overdue marks that run wrote.

The tickets are the ones :mod:`desktop.bench.tickets` generates inside the database (about 3 % open, each
with a clock).  A real gateway scans every minute, so each run finds only the tickets whose check time fell in
the last minute: the bench parks every open ticket's next check an hour ahead, as a previous scan would have,
and then arms a fresh 1 % of the open tickets (a different set each run) as due now.  An armed ticket has
passed its warning points and usually its deadline, so each writes a warning, a breach and escalations: the
busiest kind of minute, not the average one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from services.bench_harness import BenchError

DEFAULT_TICKETS = 1_000_000
QUICK_TICKETS = 20_000
RUNS = 3
DUE_SHARE = 0.01  # of the open tickets, armed as due before each run
DESCRIPTION = "one escalation scan run on a large ticket table (only the due tickets touched)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark (for the harness)."""
    parser.add_argument("--tickets", type=int, help=f"tickets to bulk-load (default {DEFAULT_TICKETS:,})")


def _log(message: str) -> None:
    print(f"[bench escalation] {message}", file=sys.stderr, flush=True)


def _arm(engine: Any, now: dt.datetime, run: int, share: float) -> int:
    """Park every open clock an hour ahead, then make the ``run``-th slice of ``share`` of them due now."""
    from sqlalchemy import func, select, update

    from db.models import TicketClock

    k = TicketClock.__table__.c
    with engine.begin() as conn:
        conn.execute(
            update(TicketClock)
            .where(k.next_check_at <= now + dt.timedelta(minutes=5))
            .values(next_check_at=now + dt.timedelta(hours=1))
        )
        open_count = int(conn.execute(select(func.count()).where(k.open_due_at.is_not(None))).scalar_one())
        due = max(1, int(open_count * share))
        chosen = (
            select(k.ticket_id)
            .where(k.open_due_at.is_not(None), k.warn_level == 0)
            .order_by(k.ticket_id)
            .offset(run * due)
            .limit(due)
            .scalar_subquery()
        )
        conn.execute(
            update(TicketClock).where(k.ticket_id.in_(chosen)).values(next_check_at=now - dt.timedelta(minutes=1))
        )
        armed = int(conn.execute(select(func.count()).where(k.next_check_at <= now)).scalar_one())
    return armed


def measure(url: str, *, tickets: int = DEFAULT_TICKETS, quick: bool = False) -> dict[str, float]:
    """Load ``tickets`` complaints into ``url`` (migrated first; reused by a second run) and time the scan.

    Raises:
        BenchError: the database cannot be used (unreachable, or holds tickets this bench did not make).
    """
    from db.engine import DatabaseError, make_engine
    from db.migrate import upgrade
    from services.tickets import TicketConfig, TicketService

    from .tickets import _bulk_load, _setup_org

    if quick:
        tickets = min(tickets, QUICK_TICKETS)
    try:
        engine = make_engine(url, pool_size=4)
    except DatabaseError as exc:
        raise BenchError(str(exc)) from exc
    try:
        upgrade(engine)
        org = _setup_org(engine)
        load_s = _bulk_load(engine, tickets, org)
        service = TicketService.open(engine, config=TicketConfig(complaint_owner="bench_sup"))
        service.backfill_clocks()
        service.scan(dt.datetime.now(dt.UTC) - dt.timedelta(days=3650))  # the first scan's backfill, warmed
        timings: list[float] = []
        report: Any = None
        due = 0
        for run in range(RUNS):
            now = dt.datetime.now(dt.UTC)
            due = _arm(engine, now, run, DUE_SHARE)
            started = time.perf_counter()
            report = service.scan(now)
            timings.append((time.perf_counter() - started) * 1000.0)
            _log(f"run {run + 1}: {report.examined} examined in {timings[-1]:.0f} ms")
        if report.examined != due:
            raise BenchError(f"the scan examined {report.examined} tickets, {due} were due")
        return {
            "escalation_scan_ms": round(max(timings), 3),
            "escalation_scan_min_ms": round(min(timings), 3),
            "escalation_scan_due": float(due),
            "escalation_scan_examined": float(report.examined),
            "escalation_scan_events": float(report.warnings + report.breaches + report.sla_overdue),
            "escalation_scan_tickets": float(tickets),
            "escalation_scan_load_s": round(load_s, 1),
        }
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> dict[str, Any]:
    """``contactdesk bench escalation``: on ``--database`` or a temporary SQLite file."""
    workdir: Path | None = None
    url = args.database
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="cd-bench-escalation-"))
        url = f"sqlite:///{(workdir / 'escalation.db').as_posix()}"
    try:
        figures: dict[str, Any] = dict(measure(url, tickets=args.tickets or DEFAULT_TICKETS, quick=bool(args.quick)))
        figures["backend"] = "postgresql" if url.startswith("postgresql") else "sqlite"
        return figures
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
