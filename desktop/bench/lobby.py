"""``contactdesk bench lobby``: issuing and calling numbers with many counters at once, and the lobby display.

Figures (milliseconds unless named otherwise):

* ``lobby_call_next_p95_ms``: ``CounterService.call_next`` (commit included) while ``--counters`` counters of
  one branch (default 50) call at once: in each round every counter, on a thread with its own connection,
  waits for the others (a barrier), calls, and finishes its customer; rounds repeat until ``--rounds`` calls
  (default 10,000) have been made.
* ``lobby_issue_p95_ms``: ``QueueService.issue`` (the ticket, its printed figures) by four issuing desks (two
  kiosks, two lobby managers, each with its own connection) that take part in every round, together taking
  as many numbers as the round calls, so about ``4 × counters`` numbers wait throughout;
  ``lobby_issue_burst_p95_ms``: eight desks issuing that first queue at once, before the calls start.
* ``lobby_display_p95_ms``: from ``call_next`` returning (its transaction committed) to the end of the first
  ``FloorService.display(branch)`` read that a separate reader made after the change feed delivered that
  call — the reader polls the feed as desktops do (:class:`db.feed.FeedReader`, every 100 ms when idle) and
  re-reads the display on every ``called`` event.
* ``duplicate_calls`` (calls that got a number already called) and ``skipped_numbers`` (numbers still
  waiting although a later number of the same service and priority was called): both must be 0.
* ``lobby_floor_p95_ms``: the floor under the same load — the same threads in the same rounds, each counter
  making the least write a counter makes (its own row locked and a change-feed row, committed) and each
  issuing desk a change-feed row; ``lobby_call_next_floor_ratio`` and ``lobby_issue_floor_ratio`` divide
  the p95 figures by it, so a loaded machine reads the same.
* ``lobby_checkin_p95_ms``: an ID number typed at check-in to its recognition card (``CheckinService.find``:
  the customer found, the card with today's reasons, memo and suggestion built), as the branch's lobby manager
  on their own login on PostgreSQL; one number in ten is another branch's customer (the audited minimal card).

The queue ticket table first gets ``--tickets`` finished tickets of history (default 10,000,000; ``--quick``
20,000) spread over the last year and every branch, generated inside PostgreSQL (``generate_series``), so
the branch's recent service times (the estimate) and today's queries run on a full table; a second run on the
same ``--database`` reuses them.  Default size 1,000,000 customers (``--quick`` 2,000).  The benchmark acts
on the database as its own connection's role (the owner): it measures the queue, not row-level security.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
import time
from collections import defaultdict
from typing import Any

from services.bench_harness import percentile, seeded_database

DESCRIPTION = "queue numbers: issue, call next with many counters, the lobby display, check-in"
DEFAULT_CUSTOMERS, QUICK_CUSTOMERS = 1_000_000, 2_000
DEFAULT_TICKETS, QUICK_TICKETS = 10_000_000, 20_000
DEFAULT_ROUNDS, QUICK_ROUNDS = 10_000, 400
DEFAULT_COUNTERS, QUICK_COUNTERS = 50, 10
BURST_DESKS = 8
ISSUERS = 4  # desks taking numbers while the counters call: two kiosks and two lobby managers
WAITING_PER_COUNTER = 4  # the lobby's queue: each served customer's place is taken by a new one
CHUNK = 1_000_000
HISTORY_DAYS = 365
PROFILE = ["cash", "noncash", "corporate"]
FIRST_COUNTER = 201
CHECKINS, QUICK_CHECKINS = 300, 60
FLOOR_ROUNDS = 2_000  # the floor: about this many minimal writes by the same threads, in the same rounds


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tickets", type=int, help=f"queue tickets of history (default {DEFAULT_TICKETS:,})")
    parser.add_argument("--rounds", type=int, help=f"call-next rounds in all (default {DEFAULT_ROUNDS:,})")
    parser.add_argument("--counters", type=int, help=f"counters calling at once (default {DEFAULT_COUNTERS})")


def _log(message: str) -> None:
    print(f"[bench lobby] {message}", file=sys.stderr, flush=True)


def _history_pg(conn: Any, lo: int, hi: int, branches: list[int], today: dt.date) -> None:
    from sqlalchemy import text

    nb = len(branches)
    conn.execute(
        text(
            f"""
INSERT INTO branch_queue_ticket (branch_id, service_day, number, service_type, is_vip, status, issued_at,
    called_at, served_at, finished_at, seq, priority, recalls, sms_consent, near_notice_sent, outcome, version)
SELECT b, d, 'H' || s, (ARRAY['cash','noncash','loan','wealth','corporate','vip'])[(i * 31) % 6 + 1], false,
    'done', at, at + w, at + w, at + w + make_interval(mins => (3 + (i * 7) % 15)::int), s, 0, 0, false, false,
    'served', 1
FROM (
    SELECT i, (:branches)[i % {nb} + 1] AS b, (:today)::date - (1 + (i / {nb}) % {HISTORY_DAYS})::int AS d,
        i / ({nb} * {HISTORY_DAYS}) + 1 AS s,
        ((:today)::date - (1 + (i / {nb}) % {HISTORY_DAYS})::int)::timestamptz
            + make_interval(mins => (60 + (i * 7) % 480)::int)
            AS at,
        make_interval(mins => ((i * 13) % 40)::int) AS w
    FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS g(i)
) x"""
        ),
        {"branches": branches, "today": today, "lo": lo, "hi": hi},
    )


def _history_rows(lo: int, hi: int, branches: list[int], today: dt.date) -> list[dict[str, Any]]:
    codes = ("cash", "noncash", "loan", "wealth", "corporate", "vip")
    nb = len(branches)
    rows = []
    for i in range(lo, hi):
        day = today - dt.timedelta(days=1 + (i // nb) % HISTORY_DAYS)
        at = dt.datetime.combine(day, dt.time(1), tzinfo=dt.UTC) + dt.timedelta(minutes=(i * 7) % 480)
        wait = dt.timedelta(minutes=(i * 13) % 40)
        s = i // (nb * HISTORY_DAYS) + 1
        rows.append(
            dict(branch_id=branches[i % nb], service_day=day, number=f"H{s}", service_type=codes[(i * 31) % 6],
                 is_vip=False, status="done", issued_at=at, called_at=at + wait, served_at=at + wait,
                 finished_at=at + wait + dt.timedelta(minutes=3 + (i * 7) % 15), seq=s, priority=0, recalls=0,
                 sms_consent=False, near_notice_sent=False, outcome="served", version=1)
        )  # fmt: skip
    return rows


def fill_history(engine: Any, total: int) -> float | None:
    """At least ``total`` history tickets (numbers ``H…``); seconds taken, None when they were there."""
    from sqlalchemy import insert, select, text

    from db.models import Branch, QueueTicket

    with engine.connect() as conn:
        have = int(conn.execute(text("SELECT COUNT(*) FROM branch_queue_ticket WHERE number LIKE 'H%'")).scalar_one())
        branches = [int(b) for b in conn.execute(select(Branch.id).order_by(Branch.id)).scalars()]
    if have >= total:
        return None
    if have:
        total = have + total  # a different size asked for: add (numbers stay unique by their offsets)
    started = time.perf_counter()
    today = dt.date.today()
    for lo in range(have, total, CHUNK):
        hi = min(total, lo + CHUNK)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                _history_pg(conn, lo, hi, branches, today)
            else:
                conn.execute(insert(QueueTicket), _history_rows(lo, hi, branches, today))
        _log(f"history tickets: {hi:,} of {total:,}")
    with engine.begin() as conn:
        conn.execute(text("ANALYZE branch_queue_ticket" if conn.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def prepare_branch(engine: Any, counters: int) -> tuple[Any, list[int], list[int]]:
    """The lobby manager of the first branch, the bench's counters there (closed, free), a session for each."""
    from sqlalchemy import Table, insert, select, update

    from db.models import Branch, LobbyCounter, QueueTicket, User, UserSession
    from db.write import utcnow, write_txn
    from services.lobby.setup import ensure_branch_setup
    from services.permissions import Principal

    now = utcnow()
    with write_txn(engine) as conn:
        for branch_id in conn.execute(select(Branch.id)).scalars().all():
            ensure_branch_setup(conn, branch_id)
        user = conn.execute(
            select(User.id, User.username, User.branch_id, User.display_name)
            .where(User.role_code == "lobby_manager", User.is_active.is_(True))
            .order_by(User.id)
            .limit(1)
        ).one()
        branch = int(user.branch_id)
        present = set(conn.execute(select(LobbyCounter.number).where(LobbyCounter.branch_id == branch)).scalars())
        for n in range(FIRST_COUNTER, FIRST_COUNTER + counters):
            if n not in present:
                conn.execute(
                    insert(LobbyCounter).values(branch_id=branch, number=n, label=f"{n}号窗口", services=PROFILE,
                                                serves_vip=n % 10 == 0, status="closed", version=1)
                )  # fmt: skip
        c: Table = LobbyCounter.__table__  # type: ignore[assignment]
        t: Table = QueueTicket.__table__  # type: ignore[assignment]
        conn.execute(
            update(c).where(c.c.branch_id == branch)
            .values(status="closed", user_id=None, session_id=None, held_since=None, version=c.c.version + 1)
        )  # fmt: skip
        conn.execute(
            update(t).where(t.c.branch_id == branch, t.c.status.in_(("waiting", "called", "serving")))
            .values(status="cancelled", version=t.c.version + 1)
        )  # fmt: skip
        ids = list(
            conn.execute(
                select(LobbyCounter.id).where(LobbyCounter.branch_id == branch, LobbyCounter.number >= FIRST_COUNTER)
                .order_by(LobbyCounter.number).limit(counters)
            ).scalars()
        )  # fmt: skip
        sessions = [
            int(
                conn.execute(
                    insert(UserSession)
                    .values(user_id=user.id, workstation=f"bench-{i}", started_at=now, last_seen_at=now)
                    .returning(UserSession.id)
                ).scalar_one()
            )
            for i in range(counters)
        ]
    principal = Principal(int(user.id), user.username, "lobby_manager", branch, None, "bench", user.display_name)
    return principal, ids, sessions


def _threads(count: int, work: Any) -> list[Any]:
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def _issue_loop(queue: Any, principal: Any, n: int, out: list[float]) -> None:
    clock = time.perf_counter_ns
    for k in range(n):
        code = PROFILE[k % len(PROFILE)]
        started = clock()
        queue.issue(principal, code, priority_reason="elderly" if k % 10 == 0 else None)
        out.append((clock() - started) / 1e6)


def _display_reader(engine: Any, branch: int, commits: dict[int, float], lat: list[float], stop: Any) -> None:
    from db.feed import FeedReader, head
    from services.audit import AuditTrail
    from services.lobby.floor import FloorService
    from services.lobby.types import FEED_LOBBY

    floor = FloorService(engine, AuditTrail())
    reader = FeedReader(engine, head(engine))
    while not stop.is_set():
        events = [e for e in reader.poll() if e.entity == FEED_LOBBY and e.action == "called"]
        if not events:
            time.sleep(0.1)
            continue
        floor.display(branch)
        seen = time.perf_counter()
        for e in events:
            tid = int((e.payload or {}).get("ticket_id", 0))
            for _ in range(50):  # the caller notes its commit time just after call_next returns
                if tid in commits:
                    break
                time.sleep(0.001)
            if tid in commits:
                lat.append(max(0.0, (seen - commits[tid]) * 1000))


def _floor_write(engine: Any, counter_id: int | None) -> float:
    """The least a counter's write can cost here: lock its own row, say so on the change feed, commit (ms);
    without a counter, the feed row alone (the issuing desks' share of the load)."""
    from sqlalchemy import update

    from db import feed
    from db.models import LobbyCounter
    from db.write import utcnow, write_txn

    started = time.perf_counter_ns()
    with write_txn(engine) as conn:
        if counter_id is not None:
            conn.execute(update(LobbyCounter).where(LobbyCounter.id == counter_id).values(seen_at=utcnow()))
        feed.append(conn, "bench_floor", counter_id or 0, "touched")
    return (time.perf_counter_ns() - started) / 1e6


def _rounds(n: int, issuers: int, rounds: int, counter_step: Any, issuer_step: Any) -> None:
    """``rounds`` rounds in which the ``n`` counters act at once (``counter_step(i, round)``), while the
    ``issuers`` desks each take ``ceil(n / issuers)`` numbers (``issuer_step(j, round)``); every thread
    waits at the start of each round for all the others (a barrier), so each round is one burst."""
    barrier = threading.Barrier(n + issuers)
    per_issuer = -(-n // issuers)

    def counter(i: int) -> None:
        for r in range(rounds):
            barrier.wait()
            counter_step(i, r)

    def issuer(j: int) -> None:
        for r in range(rounds):
            barrier.wait()
            for _ in range(per_issuer):
                issuer_step(j, r)

    _threads(n + issuers, lambda k: counter(k) if k < n else issuer(k - n))


def measure_calls(url: str, principal: Any, counters: list[int], sessions: list[int], rounds: int) -> dict[str, Any]:
    from db.engine import make_engine
    from services.audit import AuditTrail
    from services.lobby.counters import CounterService
    from services.lobby.queue import QueueService

    audit = AuditTrail()
    n = len(counters)
    engines = [make_engine(url, pool_size=1) for _ in range(n + BURST_DESKS + 1)]
    try:
        burst: list[list[float]] = [[] for _ in range(BURST_DESKS)]
        waiting = n * WAITING_PER_COUNTER
        _threads(BURST_DESKS, lambda i: _issue_loop(QueueService(engines[i], audit), principal,
                                                     waiting // BURST_DESKS + 1, burst[i]))  # fmt: skip
        calls: list[list[float]] = [[] for _ in range(n)]
        issues: list[list[float]] = [[] for _ in range(ISSUERS)]
        called: list[list[int]] = [[] for _ in range(n)]
        commits: dict[int, float] = {}
        stop = threading.Event()
        display_lat: list[float] = []
        reader = threading.Thread(target=_display_reader, args=(engines[n + BURST_DESKS], principal.branch_id,
                                                                commits, display_lat, stop), daemon=True)  # fmt: skip
        reader.start()
        time.sleep(0.3)  # the reader has its feed position
        desks = [CounterService(engines[i], audit) for i in range(n)]
        queues = [QueueService(engines[n + j], audit) for j in range(ISSUERS)]  # the kiosks and lobby desks
        for i, desk in enumerate(desks):
            desk.open(principal, counters[i], sessions[i])
        clock = time.perf_counter_ns

        def call(i: int, r: int) -> None:
            started = clock()
            ticket = desks[i].call_next(principal, counters[i], sessions[i])
            finished = clock()
            if ticket is None:
                raise RuntimeError(f"counter {counters[i]} found nobody waiting in round {r}")
            commits[ticket.id] = finished / 1e9
            calls[i].append((finished - started) / 1e6)
            called[i].append(ticket.id)
            desks[i].finish(principal, ticket.id, ticket.version, "served")  # the customer leaves

        def issue(j: int, r: int) -> None:
            k = len(issues[j]) + j
            started = clock()
            queues[j].issue(principal, PROFILE[k % len(PROFILE)], priority_reason="elderly" if k % 10 == 0 else None)
            issues[j].append((clock() - started) / 1e6)

        _rounds(n, ISSUERS, -(-rounds // n), call, issue)
        for i, desk in enumerate(desks):
            desk.close(principal, counters[i], sessions[i])
        time.sleep(0.5)  # the reader catches up with the last calls
        stop.set()
        reader.join(timeout=30)
        floor: list[list[float]] = [[] for _ in range(n + ISSUERS)]
        _rounds(
            n,
            ISSUERS,
            max(10, min(rounds, FLOOR_ROUNDS) // n),
            lambda i, r: floor[i].append(_floor_write(engines[i], counters[i])),
            lambda j, r: floor[n + j].append(_floor_write(engines[n + j], None)),
        )
        return {
            "floor": [v for part in floor[:n] for v in part],
            "burst": [v for part in burst for v in part],
            "calls": [v for part in calls for v in part],
            "called": [v for part in called for v in part],
            "issue": [v for part in issues for v in part],
            "display": display_lat,
        }
    finally:
        for engine in engines:
            engine.dispose()


def skipped_numbers(engine: Any, branch: int, called: set[int]) -> int:
    """Numbers still waiting although a later one of the same service and priority was called in the run."""
    from sqlalchemy import select

    from db.models import QueueTicket

    with engine.connect() as conn:
        rows = conn.execute(
            select(QueueTicket.id, QueueTicket.service_type, QueueTicket.priority, QueueTicket.seq,
                   QueueTicket.status, QueueTicket.service_day)
            .where(QueueTicket.branch_id == branch, QueueTicket.status.in_(("waiting", "done")),
                   QueueTicket.number.not_like("H%"), QueueTicket.service_day >= dt.date.today() - dt.timedelta(1))
        ).all()  # fmt: skip
    top: dict[Any, int] = defaultdict(int)
    for r in rows:
        if r.id in called:
            key = (r.service_day, r.service_type, r.priority)
            top[key] = max(top[key], r.seq)
    return sum(1 for r in rows if r.status == "waiting" and r.seq < top.get((r.service_day, r.service_type,
                                                                                r.priority), 0))  # fmt: skip


def checkin_inputs(engine: Any, branch: int, count: int) -> list[str]:
    """ID numbers as a card reader types them: of the branch's customers, and one in ten of another branch's
    (the minimal, audited card)."""
    from sqlalchemy import select

    from db.models import Customer

    others = max(1, count // 10)
    with engine.connect() as conn:  # the owner reads the raw numbers the bench types
        own = conn.execute(
            select(Customer.id_number).where(Customer.branch_id == branch).order_by(Customer.id).limit(count - others)
        ).scalars().all()  # fmt: skip
        foreign = conn.execute(
            select(Customer.id_number).where(Customer.branch_id != branch).order_by(Customer.id).limit(others)
        ).scalars().all()  # fmt: skip
    inputs = [str(n) for n in own if n]
    for k, n in enumerate(foreign):
        if n:
            inputs.insert(min(len(inputs), k * 10 + 5), str(n))
    return inputs


def measure_checkin(engine: Any, principal: Any, inputs: list[str]) -> list[float]:
    """``CheckinService.find`` by ID number; on PostgreSQL as the lobby manager's own login (row-level security
    and the audited cross-branch function apply, as at a desktop)."""
    from contextlib import ExitStack

    from services.audit import AuditTrail
    from services.lobby.checkin import CheckinService

    with ExitStack() as stack:
        if engine.dialect.name == "postgresql":
            from .rls import login_engine, role_logins

            logins = stack.enter_context(role_logins(engine, [(principal.role, principal.user_id, principal.username)]))
            engine = login_engine(logins[0])
            stack.callback(engine.dispose)
            principal = logins[0].principal
        service = CheckinService(engine, AuditTrail(workstation="bench"))
        for text in inputs[:10]:
            service.find(principal, text)
        out = []
        for text in inputs:
            started = time.perf_counter_ns()
            found = service.find(principal, text)
            out.append((time.perf_counter_ns() - started) / 1e6)
            if not found.cards:
                raise RuntimeError(f"check-in found nobody for an ID number of the data set: {found.message}")
        return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    quick = bool(args.quick)
    customers = args.customers or (QUICK_CUSTOMERS if quick else DEFAULT_CUSTOMERS)
    history = args.tickets or (QUICK_TICKETS if quick else DEFAULT_TICKETS)
    rounds = args.rounds or (QUICK_ROUNDS if quick else DEFAULT_ROUNDS)
    counters = args.counters or (QUICK_COUNTERS if quick else DEFAULT_COUNTERS)
    with seeded_database(args, customers) as db:
        seconds = fill_history(db.engine, history)
        principal, counter_ids, sessions = prepare_branch(db.engine, counters)
        _log(f"{counters} counters calling {rounds:,} times at branch {principal.branch_id}")
        timings = measure_calls(db.url, principal, counter_ids, sessions, rounds)
        called = timings["called"]
        checkins = measure_checkin(
            db.engine,
            principal,
            checkin_inputs(db.engine, principal.branch_id, CHECKINS if not quick else QUICK_CHECKINS),
        )
        figures: dict[str, Any] = {
            "lobby_issue_p95_ms": round(percentile(timings["issue"], 95), 3),
            "lobby_issue_burst_p95_ms": round(percentile(timings["burst"], 95), 3),
            "lobby_call_next_p95_ms": round(percentile(timings["calls"], 95), 3),
            "lobby_call_next_p50_ms": round(percentile(timings["calls"], 50), 3),
            "lobby_display_p95_ms": round(percentile(timings["display"], 95), 3),
            # The machine's floor under the same load: the same threads each writing its own counter row and a
            # feed row; the ratios say how far the lobby's operations are from it.
            "lobby_floor_p95_ms": round(percentile(timings["floor"], 95), 3),
            "lobby_call_next_floor_ratio": round(
                percentile(timings["calls"], 95) / max(percentile(timings["floor"], 95), 0.001), 2
            ),
            "lobby_issue_floor_ratio": round(
                percentile(timings["issue"], 95) / max(percentile(timings["floor"], 95), 0.001), 2
            ),
            "lobby_checkin_p95_ms": round(percentile(checkins, 95), 3),
            "duplicate_calls": len(called) - len(set(called)),
            "skipped_numbers": skipped_numbers(db.engine, principal.branch_id, set(called)),
            "calls": len(called),
            "issues": len(timings["issue"]),
            "display_samples": len(timings["display"]),
            "counters": counters,
            "history_tickets": history,
            "history_seconds": round(seconds, 1) if seconds is not None else None,
            "seed_seconds": round(db.seed_seconds, 1) if db.seed_seconds is not None else None,
            "customers": db.customers,
            "backend": db.backend,
        }
        return figures
