"""``GET /healthz``: is this gateway doing its work, not merely answering?

It reports the database, the spool (events waiting, and how long the oldest has waited), the dead letters of
the last :attr:`HealthLimits.dead_letter_window` seconds, and whether the worker that routes calls and replays
the spool is alive and ticking.  When any of them is outside its limit the answer is 503 with the same report,
so that a load balancer or a monitor takes the gateway out or raises an alarm.  A worker found dead is started
again (and the report says it was).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, text

from db.write import utcnow
from services import dead_letters

from .spool import Spool
from .worker import GatewayWorker


class Watched(Protocol):
    """What the check reads of a gateway process (``gateway.core.Gateway``)."""

    @property
    def engine(self) -> Engine: ...

    @property
    def pool(self) -> Executor: ...

    @property
    def spool(self) -> Spool | None: ...

    @property
    def worker(self) -> GatewayWorker: ...

    @property
    def spooled(self) -> int: ...

    @property
    def dead_lettered(self) -> int: ...

    @property
    def runs_worker(self) -> bool: ...


@dataclass(frozen=True)
class HealthLimits:
    """What counts as healthy (each limit is inclusive)."""

    spool_depth: int = 10_000  # events waiting in this process's spool
    spool_age: float = 120.0  # seconds the oldest spooled event may wait
    dead_letters: int = 25  # dead letters within the window
    dead_letter_window: float = 900.0  # seconds
    tick_age: float = 10.0  # seconds since the worker's last tick
    database_timeout: float = 1.0  # seconds for the checks that read the database


def _read(engine: Engine, window: float) -> int:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return dead_letters.open_count(engine, since=utcnow() - dt.timedelta(seconds=window))


async def check(gw: Watched, limits: HealthLimits) -> dict[str, Any]:
    """The report; ``status`` is ``ok`` or ``failing`` and ``problems`` names what is outside its limit."""
    problems: list[str] = []
    restarted = gw.worker.ensure_running()
    loop = asyncio.get_running_loop()
    recent: int | None
    try:
        recent = await asyncio.wait_for(
            loop.run_in_executor(gw.pool, _read, gw.engine, limits.dead_letter_window), limits.database_timeout
        )
        database = "ok"
    except Exception:
        recent, database = None, "down"
    depth, age = gw.spool.depth() if gw.spool is not None else (0, 0.0)
    if depth > limits.spool_depth:
        problems.append("spool_depth")
    if age > limits.spool_age:
        problems.append("spool_age")
    if recent is not None and recent > limits.dead_letters:
        problems.append("dead_letters")
    worker = gw.worker
    expected = gw.runs_worker
    tick_age = time.monotonic() - worker.last_tick if worker.last_tick else None
    if expected and (not worker.alive or (tick_age is not None and tick_age > limits.tick_age)):
        problems.append("routing")
    if database != "ok" and (gw.spool is None or age > limits.spool_age):
        problems.append("database")
    return {
        "status": "failing" if problems else "ok",
        "problems": problems,
        "database": database,
        "spool_pending": bool(gw.spool is not None and gw.spool.pending),
        "spool": {"depth": depth, "oldest_age_s": round(age, 3), "spooled": gw.spooled},
        "dead_letters": {"recent": recent, "window_s": limits.dead_letter_window, "this_process": gw.dead_lettered},
        "routing": {
            "running": worker.alive,
            "expected": expected,
            "last_tick_age_s": None if tick_age is None else round(tick_age, 3),
            "restarts": worker.restarts,
            "restarted_now": restarted,
        },
    }
