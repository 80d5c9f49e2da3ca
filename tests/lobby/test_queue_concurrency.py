"""Many counters pressing "next" at once, many desks issuing at once: each number once, none skipped, no gaps.

Every thread has its own engine (its own connection), as every desktop has.  On PostgreSQL the calls really
run side by side (``FOR UPDATE SKIP LOCKED``); on SQLite the single writer lock takes them in turn.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select

from db.engine import make_engine
from db.models import LobbyCounter, QueueTicket
from db.write import utcnow, write_txn
from services.lobby.counters import CounterService
from services.lobby.queue import QueueService
from tests.flows.runner_rig import World
from tests.lobby.queue_rig import reset_branch, session

COUNTERS = 20
ROUNDS = 12
ISSUERS, ISSUES = 8, 40


def _threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    return results


def test_concurrent_issues_and_calls_never_duplicate_or_skip_a_number(world: World) -> None:
    me = world.principal("lobby02")
    branch = me.branch_id
    assert branch is not None
    reset_branch(world, branch)
    with write_txn(world.engine) as conn:
        present = set(conn.execute(select(LobbyCounter.number).where(LobbyCounter.branch_id == branch)).scalars())
        for n in range(101, 101 + COUNTERS):
            if n not in present:
                conn.execute(
                    insert(LobbyCounter).values(branch_id=branch, number=n, label=f"{n}号窗口",
                                                services=["cash", "noncash"], serves_vip=False, status="closed",
                                                version=1)
                )  # fmt: skip
        counters: dict[int, int] = dict(
            list(
                conn.execute(
                    select(LobbyCounter.number, LobbyCounter.id).where(
                        LobbyCounter.branch_id == branch, LobbyCounter.number >= 101
                    )
                ).tuples()
            )
        )
    engines = [make_engine(world.url, pool_size=1) for _ in range(max(COUNTERS, ISSUERS))]
    try:

        def issue(i: int) -> list[tuple[str, int]]:
            queue = QueueService(engines[i], world.audit)
            out = []
            for k in range(ISSUES):
                code = "cash" if (i + k) % 3 else "noncash"
                t = queue.issue(me, code, priority_reason="elderly" if k % 7 == 0 else None).ticket
                out.append((code, int(t.number[1:])))
            return out

        issued = [pair for part in _threads(ISSUERS, issue) for pair in part]
        for code in ("cash", "noncash"):
            seqs = sorted(s for c, s in issued if c == code)
            assert seqs == list(range(1, len(seqs) + 1)), f"{code}: numbers must be gapless and unique"

        def call(i: int) -> list[int]:
            desk = CounterService(engines[i], world.audit)
            counter, sid = counters[101 + i], session(world, "lobby02", utcnow())
            desk.open(me, counter, sid)
            got = []
            for _ in range(ROUNDS):
                ticket = desk.call_next(me, counter, sid)
                if ticket is None:
                    break
                got.append(ticket.id)
                desk.finish(me, ticket.id, ticket.version, "served")
            desk.close(me, counter, sid)
            return got

        called = [tid for part in _threads(COUNTERS, call) for tid in part]
    finally:
        for engine in engines:
            engine.dispose()
    assert len(called) == COUNTERS * ROUNDS  # enough waiting: every round called someone
    assert len(set(called)) == len(called), "a number was called twice"
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(
                QueueTicket.id, QueueTicket.service_type, QueueTicket.priority, QueueTicket.seq, QueueTicket.status
            ).where(QueueTicket.branch_id == branch, QueueTicket.service_day == today)
        ).all()
    groups: dict[tuple[str, int], dict[str, list[int]]] = defaultdict(lambda: {"called": [], "waiting": []})
    for r in rows:
        if r.id in set(called):
            assert r.status == "done"
            groups[(r.service_type, r.priority)]["called"].append(r.seq)
        elif r.status == "waiting":
            groups[(r.service_type, r.priority)]["waiting"].append(r.seq)
    for key, group in groups.items():
        if group["called"] and group["waiting"]:
            assert max(group["called"]) < min(group["waiting"]), f"{key}: a number was skipped"
    # Priority first: nobody elderly is still waiting while a plain number of the same service was called.
    for code in ("cash", "noncash"):
        if groups[(code, 1)]["waiting"]:
            assert not groups[(code, 0)]["called"], f"{code}: a plain number went before an elderly customer"
