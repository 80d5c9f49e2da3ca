"""Commit rate of the call-event write path, for ``contactdesk bench sync`` (``commits_per_s``).

Each of N clients commits, as fast as it can, what the gateway writes for an incoming-call webhook: caller
identification, the call row and its change-feed row (:func:`~gateway.events.
apply_incoming` on a kept statement connection, as :meth:`Gateway.one_statement` does, on an engine made
as the gateway makes its own).  The clients are threads, eight per process like the gateway's database
threads, so 16 clients are two gateway processes' worth.  Nothing in that path sends a NOTIFY: desktops
learn of changes from the feed (see docs/sync.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from typing import Any

THREADS_PER_PROCESS = 8  # as many as a gateway process has database threads


def _client(url: str, part: int, threads: int, start: float, seconds: float) -> dict[str, Any]:
    from db.engine import make_engine
    from db.models.base import utcnow
    from db.write import statement_connection, write_one_statement
    from gateway import events
    from gateway.signature import Params

    engine = make_engine(url, pool_size=threads, generic_plans=True)  # as the gateway's engine
    counts = [0] * threads
    errors: list[str] = []

    def work(index: int) -> None:
        with statement_connection(engine) as conn:
            conn.exec_driver_sql("SELECT 1")
            time.sleep(max(0.0, start - time.time()))
            end = start + seconds
            n = 0
            while time.time() < end:
                n += 1
                params = Params(
                    CallSid=[f"CA{part:03d}{index:03d}{n:026x}"],
                    From=[f"+8613{(part * 100 + index) % 1000:03d}{n % 1000000:06d}"],
                    To=["+861095555"],
                    CallStatus=["ringing"],
                    Direction=["inbound"],
                )
                try:
                    write_one_statement(conn, events.apply_incoming, params, utcnow())
                except Exception as exc:  # counted, not hidden: the figure is only valid without errors
                    errors.append(exc.__class__.__name__)
                    continue
                counts[index] += 1

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    engine.dispose()
    return {"commits": sum(counts), "errors": len(errors)}


def client_main() -> None:
    """Entry point of a client process: ``url part threads start seconds``; prints its counts as JSON."""
    url, part, threads, start, seconds = sys.argv[1:6]
    print(json.dumps(_client(url, int(part), int(threads), float(start), float(seconds))), flush=True)


def measure(url: str, *, clients: int = 16, seconds: float = 20.0) -> dict[str, Any]:
    """Commits per second of the call-event write path with ``clients`` concurrent clients on ``url``."""
    processes = max(1, -(-clients // THREADS_PER_PROCESS))
    start = time.time() + 3.0  # time for every process to import and connect
    shares = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gateway.bench.commit_rate", url, str(i), str(n), str(start), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "CONTACTDESK_LOG_LEVEL": "WARNING"},
        )
        for i, n in enumerate(shares)
    ]
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 120)
        if proc.returncode:
            raise RuntimeError(f"a commit-rate client exited with {proc.returncode}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    commits = sum(r["commits"] for r in results)
    return {
        "commits_per_s": round(commits / seconds, 1),
        "commit_clients": clients,
        "commit_seconds": seconds,
        "commit_errors": sum(r["errors"] for r in results),
    }


if __name__ == "__main__":
    client_main()
