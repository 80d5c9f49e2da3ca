"""Benchmarks of the gateway: webhooks, live sync, the outbox senders (each imported only when it runs)."""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "gateway": "gateway.bench.gateway",
    "outbox": "gateway.bench.outbox",
    "sync": "gateway.bench.sync",
    "wallboard": "gateway.bench.wallboard",
}
