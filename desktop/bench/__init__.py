"""Benchmarks of the desktop's side, run by ``contactdesk bench NAME``.

Each is a module named in :data:`BENCHMARKS` (imported only when it runs); the gateway's own are in
:data:`gateway.bench.BENCHMARKS`, and ``contactdesk bench`` offers both.  See
:mod:`services.bench_harness` for what a benchmark module provides.
"""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "audit": "desktop.bench.audit",
    "escalation": "desktop.bench.escalation_scan",
    "flows": "desktop.bench.flows",
    "lobby": "desktop.bench.lobby",
    "reports": "desktop.bench.reports",
    "screenpop": "desktop.bench.screenpop",
    "search": "desktop.bench.search",
    "startup": "desktop.bench.startup",
    "tickets": "desktop.bench.tickets",
}
