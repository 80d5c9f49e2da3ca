"""``contactdesk bench wallboard``: the aggregator's snapshot at size, and its push to many wallboards.

Figures (milliseconds unless named otherwise):

* ``wallboard_snapshot_p95_ms`` (and ``_p50_``): one :meth:`SnapshotPublisher.compute_now` — the aggregator's
  work of every second, its day cache warm, as the publisher runs it (a pooled connection, one read-only
  snapshot transaction) — over ``--snapshots`` runs (default 100), with a second's worth of call changes
  committed before each run (:func:`.wallboard_seed.churn`), so the cache's incremental reads do real work.
  ``wallboard_floor_p95_ms`` is a trivial ``SELECT 1`` round trip on the same pool in the same run, and
  ``wallboard_snapshot_floor_ratio`` the ratio of the two.
* ``wallboard_push_p95_ms``: a gateway runs in a subprocess (the production command); ``--wallboards`` clients
  (default 500; raw sockets on asyncio in two processes, :mod:`.wallboard_clients`) hold ``GET /wallboard``
  open with a supervisor's stream token.  ``--changes`` times (default 24, ≥ 1.3 s apart, off the tick) the
  benchmark commits one more waiting call in a probe queue; the latency of a change runs from just before its
  commit to the moment the last of the clients has received a snapshot showing it (its probe queue's
  ``waiting`` count reached the change's number, in a full snapshot or a delta); p95 over the changes.
  ``wallboard_snapshot_bytes`` is the size of a full snapshot event, ``wallboard_delta_bytes_p50`` / ``_max``
  those of the delta events a wallboard received, and ``wallboard_full_share`` the share of events sent in full.

The floor (:mod:`.wallboard_seed`): ``--queues`` queues (default 200), ``--agents`` agents (2,000) with three
queues' skills each and mixed states, ``--calls`` calls of history (10,000,000, generated inside the database)
and a day of ``--today`` calls (3,000) with some waiting.  ``--quick``: 20 queues, 100 agents, 20,000 calls,
50 wallboards, 8 changes.  Without ``--database`` a temporary SQLite file is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import wallboard_seed as seed

DESCRIPTION = "the wallboard's snapshot at size (p95) and its push to many wallboards through the gateway"
CLIENT_PROCESSES = 2
ZONE = ZoneInfo("Asia/Shanghai")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--queues", type=int, help="queues (default 200; --quick 20)")
    parser.add_argument("--agents", type=int, help="agents (default 2000; --quick 100)")
    parser.add_argument("--calls", type=int, help="calls of history (default 10,000,000; --quick 20,000)")
    parser.add_argument("--today", type=int, help="finished calls today (default 3000; --quick 300)")
    parser.add_argument("--snapshots", type=int, help="timed snapshots (default 100; --quick 50)")
    parser.add_argument("--wallboards", type=int, help="connected wallboards (default 500; --quick 50)")
    parser.add_argument("--changes", type=int, help="probe changes timed for the push (default 24; --quick 8)")


def _p(values: list[float], p: float) -> float:
    from services.bench_harness import percentile

    return round(percentile(values, p), 3) if values else float("nan")


def measure_snapshot(engine: Any, floor: seed.Floor, runs: int, rng: random.Random) -> dict[str, float]:
    """The publisher's compute, warm, with call changes between runs; and the floor round trip."""
    from sqlalchemy import text

    from services.wallboard.publisher import SnapshotPublisher

    publisher = SnapshotPublisher(engine, zone=ZONE)
    for _ in range(5):  # the day cache and the statement caches warm, as after the first seconds
        seed.churn(engine, floor, rng, dt.datetime.now(dt.UTC))
        publisher.compute_now()
    computes: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        seed.churn(engine, floor, rng, dt.datetime.now(dt.UTC))
        started = time.perf_counter()
        snap = publisher.compute_now()
        computes.append((time.perf_counter() - started) * 1000.0)
        started = time.perf_counter()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        floors.append((time.perf_counter() - started) * 1000.0)
    return {
        "wallboard_snapshot_p50_ms": _p(computes, 50),
        "wallboard_snapshot_p95_ms": _p(computes, 95),
        "wallboard_floor_p95_ms": _p(floors, 95),
        "wallboard_snapshot_floor_ratio": round(_p(computes, 95) / max(_p(floors, 95), 0.001), 1),
        "wallboard_snapshot_runs": float(runs),
        "wallboard_snapshot_queues": float(len(snap.queues)),
        "wallboard_snapshot_agents": float(len(snap.agents)),
    }


def measure_push(url: str, engine: Any, floor: seed.Floor, wallboards: int, changes: int) -> dict[str, float]:
    """Change-to-every-wallboard latency through a real gateway (see the module docstring)."""
    from services import stream_tokens as tokens
    from services.bench_harness import BenchError, free_port, wait_healthy

    seed.clear_probe(engine, floor)
    token = tokens.issue(engine, floor.supervisor, workstation="bench")
    with tempfile.TemporaryDirectory(prefix="cd-bench-wallboard-") as tmp:
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
            "TWILIO_ACCOUNT_SID": "",
            "CONTACTDESK_DATA_DIR": tmp,
            "CONTACTDESK_LOG_LEVEL": "WARNING",
            "CONTACTDESK_PUBLIC_URL": public,
            "CONTACTDESK_ESCALATION_SCAN_SECONDS": "0",
        }
        cmd = [sys.executable, "-m", "gateway.commands.serve", "--port", str(port), "--database", url]
        gateway = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        clients: list[subprocess.Popen[str]] = []
        try:
            wait_healthy(public, gateway)  # type: ignore[arg-type]
            for part in range(CLIENT_PROCESSES):
                plan = {"port": port, "token": token, "count": len(range(part, wallboards, CLIENT_PROCESSES)),
                        "probe": seed.PROBE}  # fmt: skip
                clients.append(subprocess.Popen(
                    [sys.executable, "-m", "gateway.bench.wallboard_clients", json.dumps(plan)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                ))  # fmt: skip
            for client in clients:
                assert client.stdout is not None
                if client.stdout.readline().strip() != "ready":
                    raise BenchError("a client process did not connect its wallboards")
            committed: list[float] = []
            rng = random.Random(5)
            for _ in range(changes):
                time.sleep(1.3 + rng.random() * 0.4)  # the pace of the changes, off the publisher's tick
                committed.append(time.time())
                seed.probe_call(engine, floor, dt.datetime.now(dt.UTC))
            time.sleep(3.0)  # the last change's snapshot reaches everyone
            results = []
            for client in clients:
                out, _ = client.communicate(f"stop {changes}\n", timeout=120)
                results.append(json.loads(out.strip().splitlines()[-1]))
        finally:
            for client in clients:
                if client.poll() is None:
                    client.kill()
                    client.wait(10)
            gateway.terminate()
            try:
                gateway.wait(15)
            except subprocess.TimeoutExpired:
                gateway.kill()
                gateway.wait(5)
    deltas = results[0]["delta_bytes"] if results else []
    events = sum(r["fulls"] + r["deltas"] for r in results)
    latencies: list[float] = []
    missing = 0
    for k in range(1, changes + 1):
        arrivals = [r["last"].get(str(k)) for r in results]
        if any(a is None for a in arrivals) or sum(r["partial"].get(str(k), 0) for r in results):
            missing += 1
            continue
        latencies.append((max(arrivals) - committed[k - 1]) * 1000.0)
    return {
        "wallboard_push_p50_ms": _p(latencies, 50),
        "wallboard_push_p95_ms": _p(latencies, 95),
        "wallboard_push_max_ms": round(max(latencies), 3) if latencies else float("nan"),
        "wallboard_push_changes": float(changes),
        "wallboard_push_not_everywhere": float(missing),
        "wallboards": float(sum(r["connected"] for r in results)),
        "wallboard_snapshot_bytes": float(max(r["full_bytes"] for r in results)),
        "wallboard_delta_bytes_p50": _p([float(n) for n in deltas], 50),
        "wallboard_delta_bytes_max": float(max(deltas)) if deltas else float("nan"),
        "wallboard_full_share": round(sum(r["fulls"] for r in results) / max(events, 1), 4),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    from db.engine import make_engine
    from db.migrate import upgrade
    from services.wallboard.rules import day_start

    quick = bool(args.quick)
    queues = args.queues or (20 if quick else 200)
    agents = args.agents or (100 if quick else 2000)
    calls = args.calls if args.calls is not None else (20_000 if quick else 10_000_000)
    today = args.today or (300 if quick else 3000)
    runs = args.snapshots or (50 if quick else 100)
    wallboards = args.wallboards or (50 if quick else 500)
    changes = args.changes or (8 if quick else 24)
    with tempfile.TemporaryDirectory(prefix="cd-bench-wallboard-db-") as tmp:
        url = args.database or f"sqlite:///{(Path(tmp) / 'wallboard.db').as_posix()}"
        engine = make_engine(url, pool_size=4)
        try:
            upgrade(engine)
            floor = seed.build_floor(engine, queues, agents)
            now = dt.datetime.now(dt.UTC)
            day0 = day_start(now, ZONE)
            history_s = seed.fill_history(engine, floor, calls, day0)
            seed.make_today(engine, floor, today, now, day0, args.seed)
            figures: dict[str, Any] = measure_snapshot(engine, floor, runs, random.Random(args.seed))
            figures.update(measure_push(url, engine, floor, wallboards, changes))
        finally:
            engine.dispose()
    figures.update({"queues": queues, "agents": agents, "history_calls": calls, "today_calls": today,
                    "history_seconds": round(history_s, 1) if history_s is not None else None,
                    "backend": "postgresql" if url.startswith("postgresql") else "sqlite"})  # fmt: skip
    return figures
