"""``contactdesk bench tickets``: creating a complaint, and the at-risk board, on a large ticket table.

Figures:

* ``ticket_create_p95_ms`` (and ``_p50_``): ``TicketService.create_complaint`` as the intake form calls it —
  one transaction with the number, the ticket, its clock row, the ``created`` event and its change-feed
  row, and the customer's receipt notice (outbox row, ``notice`` event, feed row) — commit included.
  ``ticket_create_bare_p95_ms``: the same without the receipt notice.
* ``at_risk_view_p95_ms`` (and ``_p50_``): the first page (100 rows) of the at-risk board, least time left
  first, with customer and handler names, on a fresh pooled connection per call as the desktop does.
  ``at_risk_team_view_p95_ms``: the same filtered to one team; ``breached_view_p95_ms``: the breached board.
* ``ticket_list_p95_ms``: the first page (100 rows) of a supervisor's "everything I can see" list in deadline
  order, scoped and masked as the desktop's list asks for it; ``ticket_list_deep_p95_ms``: a page half way
  down that list (closed tickets included), reached by keyset paging (``after=`` the previous page's cursor).

The ticket table is first filled with ``--tickets`` complaints (default 1,000,000; ``--quick`` 20,000)
generated inside the database (``generate_series`` / a recursive CTE), about 3 % of them open, with a
clock row each; then ANALYZE, as a production database has statistics.  ``--database URL`` runs on that
database: it is migrated, and it must hold no tickets other than this benchmark's (of its own customers), so
real data is never padded; a second run reuses the tickets of the first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from services.bench_harness import BenchError, percentile, time_calls

DEFAULT_TICKETS = 1_000_000
QUICK_TICKETS = 20_000
SAMPLES = 300
QUICK_SAMPLES = 100
CHUNK = 100_000
CUSTOMERS = 1_000
TEAMS = 5
AGENTS = 25
OPEN_EVERY = 33  # one ticket in 33 is open (≈3 %)
OPEN_STATES = ("new", "acknowledged", "in_progress", "pending_customer", "pending_internal", "reopened")
CATEGORIES = ("fee_dispute", "service_quality", "app_issue", "card_service", "collection", "transaction_dispute")
DESCRIPTION = "complaint creation and the at-risk board on a large ticket table"


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of this benchmark (for the harness)."""
    parser.add_argument("--tickets", type=int, help=f"tickets to bulk-load (default {DEFAULT_TICKETS:,})")
    parser.add_argument("--samples", type=int, help=f"timed calls per figure (default {SAMPLES})")


def _log(message: str) -> None:
    print(f"[bench tickets] {message}", file=sys.stderr, flush=True)


def _setup_org(engine: Any) -> dict[str, Any]:
    """Roles, a branch, teams, agents and customers of the benchmark (made once per database)."""
    from sqlalchemy import insert, select, update

    from db.models import Branch, Customer, Team, User
    from db.repositories.customer_write import add_customer
    from services.permissions import ensure_roles
    from services.tickets.calendar import sync_calendar

    with engine.begin() as conn:
        branch = conn.execute(select(Branch.id).where(Branch.code == "BENCH")).scalar()
        if branch is None:
            ensure_roles(conn)
            year = dt.date.today().year
            sync_calendar(conn, range(year - 3, year + 2))
            branch = conn.execute(
                insert(Branch)
                .values(code="BENCH", name="基准测试支行", city="上海", district="浦东新区", address="世纪大道1号")
                .returning(Branch.id)
            ).scalar_one()
            boss = conn.execute(
                insert(User)
                .values(username="bench_sup", display_name="基准主管", role_code="supervisor", branch_id=branch)
                .returning(User.id)
            ).scalar_one()
            for t in range(TEAMS):
                team = conn.execute(
                    insert(Team)
                    .values(name=f"基准投诉组{t + 1}", kind="complaint_desk", supervisor_id=boss)
                    .returning(Team.id)
                ).scalar_one()
                for a in range(AGENTS // TEAMS):
                    conn.execute(
                        insert(User).values(
                            username=f"bench_{t}_{a}",
                            display_name=f"坐席{t}{a}",
                            role_code="agent",
                            branch_id=branch,
                            team_id=team,
                            reports_to_id=boss,
                        )
                    )
            conn.execute(update(User).where(User.id == boss).values(team_id=team))
            rng = random.Random(7)
            for i in range(CUSTOMERS):
                add_customer(
                    conn,
                    phones=[(f"+86139{rng.randrange(10**8):08d}", "mobile")],
                    cif_no=f"BENCH{i:09d}",
                    name=rng.choice("赵钱孙李周吴郑王") + rng.choice(["伟", "芳", "娜", "敏"]),
                    gender="F",
                    id_type="resident_id",
                    id_number=f"3101011980{i:08d}",
                    branch_id=branch,
                    segment="mass",
                    tier="mass",
                    lifecycle_stage="active",
                )
        customers = sorted(conn.execute(select(Customer.id).where(Customer.cif_no.like("BENCH%"))).scalars())
        teams = sorted(conn.execute(select(Team.id).where(Team.name.like("基准投诉组%"))).scalars())
        agents = sorted(conn.execute(select(User.id).where(User.username.like("bench\\_%", escape="\\"))).scalars())
        boss = conn.execute(select(User.id).where(User.username == "bench_sup")).scalar_one()
    return {"customers": customers, "teams": teams, "agents": agents, "boss": boss}


def _bulk_sql(dialect: str) -> str:
    """One INSERT … SELECT of tickets ``lo``..``hi`` generated inside the database."""
    states = " ".join(f"WHEN {i} THEN '{s}'" for i, s in enumerate(OPEN_STATES))
    cats = " ".join(f"WHEN {i} THEN '{c}'" for i, c in enumerate(CATEGORIES))
    is_open = f"(n % {OPEN_EVERY} = 0)"
    # seconds before now: open tickets within the last 20 days, closed ones within three years before that
    age = f"(CASE WHEN {is_open} THEN (n * 7919) % 1728000 ELSE 1728000 + (n * 104729) % 94608000 END)"
    if dialect == "postgresql":
        source = "generate_series(CAST(:lo AS BIGINT), CAST(:hi AS BIGINT)) AS g(n)"
        stamp = "to_timestamp(:now_s - ({secs}))"
        number = "'BK-' || lpad(n::text, 8, '0')"
        prefix = ""
    else:
        source = "seq"
        stamp = "strftime('%Y-%m-%d %H:%M:%S', :now_s - ({secs}), 'unixepoch') || '.000000'"
        number = "'BK-' || printf('%08d', n)"
        prefix = "WITH RECURSIVE seq(n) AS (SELECT :lo UNION ALL SELECT n + 1 FROM seq WHERE n < :hi) "
    received = stamp.format(secs=age)
    due = stamp.format(secs=f"{age} - 1296000")
    first_response = stamp.format(secs=f"{age} - 86400")
    columns = (
        "number, kind, customer_id, category, severity, status, intake_channel, summary, received_at, "
        "regulatory_deadline, first_response_due, breached, identity_verified, is_complex, team_id, "
        "assignee_id, version, created_at, updated_at"
    )
    values = (
        f"{number}, 'complaint', :c0 + (n % :nc), CASE n % {len(CATEGORIES)} {cats} END, "
        f"CASE WHEN n % 10 = 0 THEN 'major' ELSE 'normal' END, "
        f"CASE WHEN {is_open} THEN CASE (n / {OPEN_EVERY}) % {len(OPEN_STATES)} {states} END ELSE 'closed' END, "
        f"'call_in', '基准测试投诉', {received}, {due}, {first_response}, "
        f"{is_open} AND {age} > 1296000, TRUE, FALSE, :t0 + (n % :nt), :a0 + (n % :na), 1, {received}, {received}"
    )
    return f"{prefix}INSERT INTO ticket ({columns}) SELECT {values} FROM {source}"


def _bulk_load(engine: Any, total: int, org: dict[str, Any]) -> float:
    from sqlalchemy import func, select, text

    from db.models import Ticket
    from services.tickets.records import backfill_clocks

    customers, teams, agents = org["customers"], org["teams"], org["agents"]
    with engine.connect() as conn:
        bench_customer = Ticket.customer_id.between(customers[0], customers[-1])
        foreign = int(
            conn.execute(select(func.count()).where(~bench_customer | Ticket.customer_id.is_(None))).scalar_one()
        )
        bench = int(conn.execute(select(func.count()).where(Ticket.number.like("BK-%"))).scalar_one())
    if foreign:
        raise BenchError("the database holds tickets that this benchmark did not make; give an empty database")
    if bench >= total:
        _log(f"reusing {bench:,} bench tickets")
        return 0.0
    if customers != list(range(customers[0], customers[0] + len(customers))):
        raise BenchError("benchmark customers are not numbered contiguously")
    sql = text(_bulk_sql(engine.dialect.name))
    now_s = int(time.time())
    started = time.perf_counter()
    for lo in range(bench + 1, total + 1, CHUNK):
        hi = min(lo + CHUNK - 1, total)
        with engine.begin() as conn:
            conn.execute(
                sql,
                {
                    "lo": lo,
                    "hi": hi,
                    "now_s": now_s,
                    "c0": customers[0],
                    "nc": len(customers),
                    "t0": teams[0],
                    "nt": len(teams),
                    "a0": agents[0],
                    "na": len(agents),
                },
            )
        _log(f"tickets {hi:,}/{total:,}")
    with engine.begin() as conn:
        backfill_clocks(conn)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return time.perf_counter() - started


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Load the tickets, then time creation and the boards."""
    from sqlalchemy import func, select

    from db.engine import DatabaseError, make_engine
    from db.migrate import upgrade
    from db.models import TicketClock
    from services.permissions import Principal
    from services.tickets import ComplaintInput, StaticActor, TicketConfig, TicketService

    quick = bool(args.quick)
    total = args.tickets or (QUICK_TICKETS if quick else DEFAULT_TICKETS)
    samples = args.samples or (QUICK_SAMPLES if quick else SAMPLES)
    workdir: Path | None = None
    url = args.database
    if not url:
        workdir = Path(tempfile.mkdtemp(prefix="cd-bench-tickets-"))
        url = f"sqlite:///{(workdir / 'tickets.db').as_posix()}"
    try:
        engine = make_engine(url, pool_size=4)
    except DatabaseError as exc:
        raise BenchError(str(exc)) from exc
    try:
        upgrade(engine)
        org = _setup_org(engine)
        load_s = _bulk_load(engine, total, org)
        service = TicketService.open(engine, config=TicketConfig())
        rng = random.Random(args.seed)
        actor = StaticActor(org["agents"][0], frozenset({"ticket.create"}))

        def create(receipt: bool) -> None:
            service.create_complaint(
                actor,
                ComplaintInput(
                    customer_id=rng.choice(org["customers"]),
                    intake_channel="call_in",
                    category=rng.choice(CATEGORIES),
                    summary="基准测试：对年费扣收有异议",
                    identity_verified=True,
                    identity_method="phone_verification",
                    team_id=rng.choice(org["teams"]),
                    send_receipt=receipt,
                ),
            )

        warm = range(20)
        create_ms = time_calls(lambda _: create(True), range(samples), warm)
        bare_ms = time_calls(lambda _: create(False), range(samples), warm)
        at_risk_ms = time_calls(lambda _: service.at_risk(limit=100), range(samples), warm)
        team_ms = time_calls(
            lambda i: service.at_risk(team_id=org["teams"][i % TEAMS], limit=100), range(samples), warm
        )
        breached_ms = time_calls(lambda _: service.breached(limit=100), range(samples), warm)
        boss = Principal(org["boss"], "bench_sup", "supervisor", team_id=org["teams"][-1])
        list_ms = time_calls(lambda _: service.list_page(boss, {}, limit=100), range(samples), warm)
        everything = {"include_closed": True}
        cursor = None
        for _ in range(max(1, total // 2 // 500)):  # half way down, 500 rows a step
            cursor = service.list_page(boss, everything, limit=500, after=cursor).cursor
        deep_ms = time_calls(
            lambda _: service.list_page(boss, everything, limit=100, after=cursor), range(samples), warm
        )
        with engine.connect() as conn:
            open_count = int(
                conn.execute(select(func.count()).where(TicketClock.open_due_at.is_not(None))).scalar_one()
            )
        first_page = service.at_risk(limit=100)
        return {
            "backend": engine.dialect.name,
            "tickets": total,
            "open_tickets": open_count,
            "bulk_load_s": round(load_s, 1),
            "samples": samples,
            "ticket_create_p50_ms": round(percentile(create_ms, 50), 3),
            "ticket_create_p95_ms": round(percentile(create_ms, 95), 3),
            "ticket_create_bare_p95_ms": round(percentile(bare_ms, 95), 3),
            "at_risk_view_p50_ms": round(percentile(at_risk_ms, 50), 3),
            "at_risk_view_p95_ms": round(percentile(at_risk_ms, 95), 3),
            "at_risk_team_view_p95_ms": round(percentile(team_ms, 95), 3),
            "breached_view_p95_ms": round(percentile(breached_ms, 95), 3),
            "ticket_list_p95_ms": round(percentile(list_ms, 95), 3),
            "ticket_list_deep_p95_ms": round(percentile(deep_ms, 95), 3),
            "at_risk_rows": len(first_page),
        }
    finally:
        engine.dispose()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - ``contactdesk bench tickets`` is the way in
    from desktop.bench import BENCHMARKS
    from services.bench_harness import run_benchmark

    return run_benchmark("tickets", BENCHMARKS, list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
