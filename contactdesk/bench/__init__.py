"""Benchmarks run by ``contactdesk bench NAME``.

Each benchmark is a module named in :data:`BENCHMARKS`; adding one is one line here plus the module.
See :mod:`contactdesk.bench.harness` for what a benchmark module provides.
"""

from __future__ import annotations

# name -> module path (imported only when that benchmark runs)
BENCHMARKS: dict[str, str] = {
    "audit": "contactdesk.bench.audit",
    "gateway": "contactdesk.bench.gateway",
    "outbox": "contactdesk.bench.outbox",
    "screenpop": "contactdesk.bench.screenpop",
    "search": "contactdesk.bench.search",
    "startup": "contactdesk.bench.startup",
    "sync": "contactdesk.bench.sync",
    "tickets": "contactdesk.bench.tickets",
}
