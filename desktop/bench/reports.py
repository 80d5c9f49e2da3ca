"""``contactdesk bench reports``: the reports on a large call history, and how long their aggregates take.

Figures (milliseconds unless named otherwise):

* ``report_sl_30d_ms`` (and ``…_p50_ms``): the service-level report per 30-minute interval over 30 days and
  every queue (:meth:`ReportService.run`, authorisation included), the 95th percentile of ``RUNS`` runs;
* ``report_pareto_ms`` (and ``…_p50_ms``): the customer-value Pareto curve over every customer;
* ``report_backfill_s``: the first upkeep run (:func:`services.reports.aggregate.refresh`), which builds every
  aggregate from the whole history; ``report_upkeep_ms``: the run right after it (nothing new);
  ``report_upkeep_steady_ms`` (and ``…_max_ms``): the median of ``UPKEEP_RUNS`` runs each after a minute of
  new calls at the history's rate (``report_upkeep_steady_calls`` a minute), some of them repeat calls of
  customers who called in the week before — what the per-minute job costs in steady state;
* ``escalation_scan_ms`` and its companions: :func:`desktop.bench.escalation_scan.measure`, on a database of
  its own (its tickets are its own: a sibling database on PostgreSQL, a temporary file on SQLite).

The call table first gets ``--calls`` calls (default 10,000,000; ``--quick`` 20,000) spread over the last
``HISTORY_DAYS`` days and ``QUEUES`` queues, answered by the seeded agents for the seeded customers, with
dispositions; on PostgreSQL generated inside the database (``generate_series``).  A second run on the same
``--database`` reuses them (and the aggregates).  Default size 1,000,000 customers (``--quick`` 2,000).  The
benchmark reads as the database owner: it measures the reports' queries, not row-level security.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from typing import Any

from services.bench_harness import percentile, seeded_database

DESCRIPTION = "the reports on 10M calls of history: service level over 30 days, the Pareto curve, the upkeep"
DEFAULT_CUSTOMERS, QUICK_CUSTOMERS = 1_000_000, 2_000
DEFAULT_CALLS, QUICK_CALLS = 10_000_000, 20_000
DEFAULT_TICKETS = 1_000_000
HISTORY_DAYS = 30
QUEUES = 20
RUNS = 7
UPKEEP_RUNS = 5
CHUNK = 1_000_000
PREFIX = "CABENCH"
DISPOSITIONS = ("balance", "card_lost", "transfer", "fees", "loan", "complaint", "address", "wealth")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--calls", type=int, help=f"calls of history (default {DEFAULT_CALLS:,})")
    parser.add_argument("--tickets", type=int, help=f"tickets for the escalation scan (default {DEFAULT_TICKETS:,})")


def _log(message: str) -> None:
    print(f"[bench reports] {message}", file=sys.stderr, flush=True)


def _queues(engine: Any) -> list[int]:
    """The bench's queues (made once, named ``bench_qNN``)."""
    from sqlalchemy import insert, select

    from db.models import CallQueue

    with engine.begin() as conn:
        have = {n for (n,) in conn.execute(select(CallQueue.name).where(CallQueue.name.like("bench_q%"))).all()}
        for i in range(1, QUEUES + 1):
            name = f"bench_q{i:02d}"
            if name not in have:
                conn.execute(
                    insert(CallQueue).values(name=name, label_zh=f"测试队列{i}", label_en=f"Bench {i}", skills=[])
                )
        return [int(i) for (i,) in conn.execute(select(CallQueue.id).where(CallQueue.name.like("bench_q%")))]


def _calls_pg(conn: Any, lo: int, hi: int, queues: list[int], agents: list[int], span: tuple[int, int]) -> None:
    from sqlalchemy import text

    conn.execute(
        text(
            f"""
INSERT INTO call (call_sid, direction, state, received_at, enqueued_at, answered_at, ended_at, wrapup_at,
    wrapup_ended_at, queue_id, agent_id, customer_id, disposition, match_result, priority, version)
SELECT '{PREFIX}' || i, 'inbound', CASE WHEN ab THEN 'abandoned' ELSE 'completed' END, at, at,
    CASE WHEN ab THEN NULL ELSE at + w END,
    CASE WHEN ab THEN at + w ELSE at + w + talk END,
    CASE WHEN ab THEN NULL ELSE at + w + talk END,
    CASE WHEN ab THEN NULL ELSE at + w + talk + wrap END,
    (CAST(:queues AS bigint[]))[i % CAST(:nq AS int) + 1],
    CASE WHEN ab THEN NULL ELSE (CAST(:agents AS bigint[]))[(i * 31) % CAST(:na AS int) + 1] END,
    CAST(:cmin AS bigint) + (i * 7919) % CAST(:ccount AS bigint),
    CASE WHEN ab THEN NULL ELSE (CAST(:codes AS text[]))[(i * 17) % CAST(:nd AS int) + 1] END, 'single', 0, 1
FROM (
    SELECT i, i % 10 = 0 AS ab,
        now() - make_interval(secs => ((i * 104729) % {HISTORY_DAYS * 86400})::double precision) AS at,
        make_interval(secs => ((i * 13) % 60)::double precision) AS w,
        make_interval(secs => (60 + (i * 7) % 400)::double precision) AS talk,
        make_interval(secs => (10 + (i * 11) % 90)::double precision) AS wrap
    FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS g(i)
) x"""
        ),
        {"queues": queues, "nq": len(queues), "agents": agents, "na": len(agents), "cmin": span[0],
         "ccount": span[1], "codes": list(DISPOSITIONS), "nd": len(DISPOSITIONS), "lo": lo, "hi": hi},
    )  # fmt: skip


def _calls_rows(lo: int, hi: int, queues: list[int], agents: list[int], span: tuple[int, int]) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(lo, hi):
        ab = i % 10 == 0
        at = now - dt.timedelta(seconds=(i * 104729) % (HISTORY_DAYS * 86400))
        w, talk, wrap = (dt.timedelta(seconds=s) for s in ((i * 13) % 60, 60 + (i * 7) % 400, 10 + (i * 11) % 90))
        rows.append(
            dict(call_sid=f"{PREFIX}{i}", direction="inbound", state="abandoned" if ab else "completed",
                 received_at=at, enqueued_at=at, answered_at=None if ab else at + w,
                 ended_at=at + w if ab else at + w + talk, wrapup_at=None if ab else at + w + talk,
                 wrapup_ended_at=None if ab else at + w + talk + wrap, queue_id=queues[i % len(queues)],
                 agent_id=None if ab else agents[(i * 31) % len(agents)], customer_id=span[0] + (i * 7919) % span[1],
                 disposition=None if ab else DISPOSITIONS[(i * 17) % len(DISPOSITIONS)], match_result="single",
                 priority=0, version=1)
        )  # fmt: skip
    return rows


def fill_calls(engine: Any, total: int) -> float | None:
    """At least ``total`` bench calls; seconds taken, None when they were there."""
    from sqlalchemy import func, insert, select, text

    from db.models import Call, Customer, User

    queues = _queues(engine)
    with engine.connect() as conn:
        have = int(conn.execute(select(func.count()).where(Call.call_sid.like(f"{PREFIX}%"))).scalar_one())
        agents = [int(i) for (i,) in conn.execute(select(User.id).where(User.role_code == "agent"))]
        cmin, cmax = conn.execute(select(func.min(Customer.id), func.max(Customer.id))).one()
    if have >= total:
        return None
    span = (int(cmin), int(cmax) - int(cmin) + 1)
    started = time.perf_counter()
    for lo in range(have, total, CHUNK):
        hi = min(total, lo + CHUNK)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                _calls_pg(conn, lo, hi, queues, agents, span)
            else:
                conn.execute(insert(Call), _calls_rows(lo, hi, queues, agents, span))
        _log(f"calls: {hi:,} of {total:,}")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE call" if conn.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def add_recent_calls(engine: Any, total: int, minute: int) -> int:
    """A minute of new calls received in the minute before now, like the history's (same customers, queues,
    agents and dispositions, so some repeat a call of the week before); returns how many."""
    from sqlalchemy import func, insert, select

    from db.models import Call, Customer, User

    per_minute = max(1, round(total / (HISTORY_DAYS * 1440)))
    queues = _queues(engine)
    with engine.connect() as conn:
        agents = [int(i) for (i,) in conn.execute(select(User.id).where(User.role_code == "agent"))]
        cmin, cmax = conn.execute(select(func.min(Customer.id), func.max(Customer.id))).one()
    lo = total + minute * per_minute
    rows = _calls_rows(lo, lo + per_minute, queues, agents, (int(cmin), int(cmax) - int(cmin) + 1))
    now = dt.datetime.now(dt.UTC)
    stamp = time.time_ns()
    for k, row in enumerate(rows):
        shift = now - dt.timedelta(seconds=k * 60 / per_minute) - row["received_at"]
        for name in ("received_at", "enqueued_at", "answered_at", "ended_at", "wrapup_at", "wrapup_ended_at"):
            if row[name] is not None:
                row[name] += shift
        row["call_sid"] = f"CANEW{stamp}-{k}"  # not the history's prefix: a later run counts those
    with engine.begin() as conn:
        conn.execute(insert(Call), rows)
    return per_minute


def measure_upkeep(engine: Any, total: int) -> dict[str, Any]:
    """The per-minute job in steady state: a minute of calls, then one run (see the module docstring)."""
    from services.reports.aggregate import refresh

    times, per_minute = [], 0
    for minute in range(UPKEEP_RUNS):
        per_minute = add_recent_calls(engine, total, minute)
        started = time.perf_counter_ns()
        refresh(engine)
        times.append((time.perf_counter_ns() - started) / 1e6)
    return {
        "report_upkeep_steady_ms": round(percentile(times, 50), 1),
        "report_upkeep_steady_max_ms": round(max(times), 1),
        "report_upkeep_steady_calls": per_minute,
    }


def _timed(fn: Any, runs: int = RUNS) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        fn()
        out.append((time.perf_counter_ns() - started) / 1e6)
    return out


def measure_reports(engine: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from db.models import User
    from services.audit import AuditTrail
    from services.permissions import Principal
    from services.reports.service import ReportService
    from services.reports.types import ReportFilter

    with engine.connect() as conn:
        sup = conn.execute(select(User.id, User.username).where(User.role_code == "supervisor").limit(1)).one()
    service = ReportService(
        engine, Principal(int(sup.id), sup.username, "supervisor"), audit=AuditTrail(workstation="bench")
    )
    today = dt.datetime.now(dt.UTC).date()
    month = ReportFilter(today - dt.timedelta(days=HISTORY_DAYS - 1), today, grain="interval")
    sl = service.run("service_level", month)
    if sl.empty:
        raise RuntimeError("the service-level report found no calls: the aggregates were not built")
    sl_times = _timed(lambda: service.run("service_level", month))
    pareto_times = _timed(lambda: service.run("value_pareto", ReportFilter(today, today)))
    return {
        "report_sl_30d_ms": round(percentile(sl_times, 95), 3),
        "report_sl_30d_p50_ms": round(percentile(sl_times, 50), 3),
        "report_sl_30d_points": len(sl.x_labels),
        "report_pareto_ms": round(percentile(pareto_times, 95), 3),
        "report_pareto_p50_ms": round(percentile(pareto_times, 50), 3),
    }


def measure_escalation(url: str, tickets: int, quick: bool) -> dict[str, Any]:
    """The escalation scan bench on a database of its own (see the module docstring)."""
    import shutil
    import tempfile
    from pathlib import Path

    try:
        from .escalation_scan import measure
    except ImportError:
        return {"escalation_scan_ms": None}
    if url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        from db.engine import make_engine

        base = make_url(url)
        name = f"{base.database}_escalation"
        admin = make_engine(base.set(database="postgres"))
        try:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                from sqlalchemy import text

                if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                    conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return dict(
            measure(base.set(database=name).render_as_string(hide_password=False), tickets=tickets, quick=quick)
        )
    workdir = Path(tempfile.mkdtemp(prefix="cd-bench-reports-esc-"))
    try:
        return dict(measure(f"sqlite:///{(workdir / 'escalation.db').as_posix()}", tickets=tickets, quick=quick))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from services.reports.aggregate import refresh

    quick = bool(args.quick)
    customers = args.customers or (QUICK_CUSTOMERS if quick else DEFAULT_CUSTOMERS)
    calls = args.calls or (QUICK_CALLS if quick else DEFAULT_CALLS)
    with seeded_database(args, customers) as db:
        seconds = fill_calls(db.engine, calls)
        _log("building the aggregates (the first run backfills the history)")
        started = time.perf_counter()
        built = refresh(db.engine)
        backfill = time.perf_counter() - started
        started = time.perf_counter()
        refresh(db.engine)
        upkeep_ms = (time.perf_counter() - started) * 1000
        figures: dict[str, Any] = measure_reports(db.engine)
        figures.update(measure_upkeep(db.engine, calls))
        figures.update(
            report_backfill_s=round(backfill, 2),
            report_backfill_rows=built,
            report_upkeep_ms=round(upkeep_ms, 1),
            calls=calls,
            calls_seconds=round(seconds, 1) if seconds is not None else None,
            seed_seconds=round(db.seed_seconds, 1) if db.seed_seconds is not None else None,
            customers=db.customers,
            backend=db.backend,
        )
        url = db.url
    _log("escalation scan")
    figures.update(measure_escalation(url, args.tickets or DEFAULT_TICKETS, quick))
    return figures
