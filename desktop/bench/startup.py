"""``contactdesk bench startup``: how fast the desktop starts and how much memory it holds after browsing.

Figures:

* ``cold_start_ms``: the first launch of the real application (``python -m desktop app``) in a
  subprocess, from spawning the process until the main window is shown, painted, the database is
  open and the event loop is idle (the app's hidden ``CONTACTDESK_PROBE=startup`` prints a line
  then).  "First" means a fresh data folder (no settings, no compiled translation cache, new log);
  the operating system's file cache is not dropped.
* ``warm_start_ms``: the median of the later launches.
* ``rss_mb``: resident memory after a scripted session (``CONTACTDESK_PROBE=browse``: several
  searches, the 360° view of several customers, every tab, a second timeline page).
* ``browse_tasks``: background tasks the browse run completed (results signalled across threads).
* ``warm_cpu_ms``: CPU time (all threads) the app used until ready — a figure that, unlike the wall
  clock, does not depend on what else the machine is doing.

Targets: cold ≤ 2,500 ms, warm ≤ 1,000 ms, RSS ≤ 150 MB.  ``--quick`` seeds 2,000 customers and
launches 3 warm runs; the full run seeds ``--customers`` (default 20,000) and launches 7.
``--database URL`` runs the app on that database (it must be at the newest schema revision).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUICK_CUSTOMERS = 2_000
FULL_CUSTOMERS = 20_000
QUICK_WARM_RUNS = 3
FULL_WARM_RUNS = 7
LAUNCH_TIMEOUT_S = 120
ROOT = Path(__file__).resolve().parents[2]


def _environment(data_dir: Path, database: str, probe: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(
        CONTACTDESK_DATA_DIR=str(data_dir),
        CONTACTDESK_DATABASE_URL=database,
        CONTACTDESK_PROBE=probe,
        CONTACTDESK_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    return env


def launch(env: dict[str, str]) -> tuple[float, dict[str, str]]:
    """Start the app, wait for its probe line; returns (ms until the line, the line's figures).

    Raises:
        RuntimeError: the app exited without a probe line or with a non-zero status.
    """
    cmd = [sys.executable, "-m", "desktop", "app"]
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
    )
    figures: dict[str, str] | None = None
    elapsed = 0.0
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if line.startswith("PROBE "):
                elapsed = (time.perf_counter() - started) * 1000
                figures = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
                break
        _out, err = proc.communicate(timeout=LAUNCH_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
        raise RuntimeError(f"the app did not finish within {LAUNCH_TIMEOUT_S} s") from None
    if figures is None or proc.returncode != 0:
        raise RuntimeError(f"the app exited with {proc.returncode} without a probe line:\n{err[-2000:]}")
    return elapsed, figures


def run(args: Any) -> dict[str, Any]:
    """Run the start-up benchmark (called by the bench harness).

    Args:
        args: the harness's common options: ``quick`` (reduced size), ``customers`` (data set size),
            ``database`` (reused when it holds enough customers, seeded when empty; default a
            temporary SQLite file), ``seed``, ``json``.

    Returns:
        The figures, ``*_ms`` in milliseconds.
    """
    from services.bench_harness import BenchError, seeded_database

    quick = bool(getattr(args, "quick", False))
    customers = getattr(args, "customers", None) or (QUICK_CUSTOMERS if quick else FULL_CUSTOMERS)
    warm_runs = QUICK_WARM_RUNS if quick else FULL_WARM_RUNS
    with seeded_database(args, customers) as prepared, tempfile.TemporaryDirectory(prefix="cd-startup-") as tmp:
        prepared.engine.dispose()  # the app opens the file itself
        data_dir = Path(tmp) / "data"  # fresh: the first launch pays for settings and translation caches
        try:
            print(f"startup: {prepared.customers:,} customers on {prepared.backend}; cold launch", file=sys.stderr)
            cold_ms, cold = launch(_environment(data_dir, prepared.url, "startup"))
            warm = []
            for i in range(warm_runs):
                print(f"startup: warm launch {i + 1}/{warm_runs}", file=sys.stderr)
                warm.append(launch(_environment(data_dir, prepared.url, "startup")))
            print("startup: browsing", file=sys.stderr)
            _browse_ms, browse = launch(_environment(data_dir, prepared.url, "browse"))
        except RuntimeError as exc:
            raise BenchError(str(exc)) from exc
    warm_ms = [ms for ms, _ in warm]
    return {
        "cold_start_ms": round(cold_ms, 1),
        "warm_start_ms": round(statistics.median(warm_ms), 1),
        "warm_start_min_ms": round(min(warm_ms), 1),
        "warm_start_max_ms": round(max(warm_ms), 1),
        "cold_in_process_ms": float(cold.get("ready_ms", "nan")),
        "warm_in_process_ms": round(statistics.median(float(f.get("ready_ms", "nan")) for _, f in warm), 1),
        "warm_cpu_ms": round(statistics.median(float(f.get("cpu_ms", "nan")) for _, f in warm), 1),
        "startup_rss_mb": round(statistics.median(float(f.get("rss_mb", "nan")) for _, f in warm), 1),
        "rss_mb": float(browse["rss_mb"]),
        "browse_customers": int(browse.get("customers", 0)),
        "browse_tasks": int(browse.get("tasks", 0)),
        "warm_runs": warm_runs,
        "customers": prepared.customers,
    }
