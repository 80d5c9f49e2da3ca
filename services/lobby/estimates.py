"""How long a new number will wait: people ahead, the branch's own recent service times, the counters open.

The usual service time of a service at a branch is the median of the served -> finished durations of its
tickets finished in the last :data:`HISTORY_DAYS` days (the service's ``default_minutes`` until there are
:data:`MIN_SAMPLES` of them).  It changes slowly, so each :class:`Estimator` keeps it for
:data:`CACHE_SECONDS` instead of reading two weeks of tickets for every number it issues.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import threading
import time
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.sql import ColumnElement

from .setup import counters_of
from .ticket_rows import TICKETS
from .types import ServiceType

HISTORY_DAYS = 14
MIN_SAMPLES = 5
CACHE_SECONDS = 300.0


def ahead_of(ticket: Any, t: Any = TICKETS) -> ColumnElement[bool]:
    """Waiting tickets (rows of ``t``) called before ``ticket`` — a row, or the columns of an outer query: of its
    branch, day and service, at a higher priority, or at the same priority and issued earlier."""
    earlier = or_(
        t.c.issued_at < ticket.issued_at,
        and_(t.c.issued_at == ticket.issued_at, t.c.seq < ticket.seq),
        and_(t.c.issued_at == ticket.issued_at, t.c.seq == ticket.seq, t.c.id < ticket.id),
    )
    return and_(
        t.c.branch_id == ticket.branch_id,
        t.c.service_day == ticket.service_day,
        t.c.service_type == ticket.service_type,
        t.c.status == "waiting",
        t.c.id != ticket.id,
        or_(t.c.priority > ticket.priority, and_(t.c.priority == ticket.priority, earlier)),
    )


def people_ahead(conn: Connection, ticket: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(TICKETS).where(ahead_of(ticket))).scalar_one())


def counters_open(conn: Connection, branch_id: int, code: str, now: dt.datetime) -> int:
    """Open counters whose work profile calls ``code``."""
    return sum(1 for c in counters_of(conn, branch_id, now) if c.status == "open" and code in c.services)


def median_minutes(conn: Connection, branch_id: int, code: str, day: dt.date) -> float | None:
    """The median served -> finished minutes of the service's tickets of the last two weeks (None: too few)."""
    t = TICKETS
    where = and_(
        t.c.branch_id == branch_id,
        t.c.service_day >= day - dt.timedelta(days=HISTORY_DAYS),
        t.c.service_day <= day,
        t.c.status == "done",
        t.c.service_type == code,
        t.c.served_at.is_not(None),
        t.c.finished_at.is_not(None),
    )
    if conn.dialect.name == "postgresql":
        seconds = func.extract("epoch", t.c.finished_at - t.c.served_at)
        row = conn.execute(select(func.count(), func.percentile_cont(0.5).within_group(seconds)).where(where)).one()
        count, median = int(row[0]), row[1]
        return float(median) / 60 if count >= MIN_SAMPLES and median is not None else None
    spans: Any = (func.julianday(t.c.finished_at) - func.julianday(t.c.served_at)) * 86400.0
    values = [float(v) for v in conn.execute(select(spans).where(where)).scalars() if v is not None]
    return statistics.median(values) / 60 if len(values) >= MIN_SAMPLES else None


class Estimator:
    """Usual service minutes per (branch, service, day), each read at most every :data:`CACHE_SECONDS`."""

    def __init__(self, ttl: float = CACHE_SECONDS) -> None:
        self._ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, str, dt.date], tuple[float, float]] = {}

    def minutes(self, conn: Connection, service: ServiceType, day: dt.date) -> float:
        key = (service.branch_id, service.code, day)
        now = time.monotonic()
        with self._lock:
            found = self._cache.get(key)
        if found is not None and found[1] > now:
            return found[0]
        measured = median_minutes(conn, service.branch_id, service.code, day)
        value = measured if measured is not None else float(service.default_minutes)
        with self._lock:
            self._cache[key] = (value, now + self._ttl)
        return value

    def wait(self, conn: Connection, service: ServiceType, day: dt.date, ahead: int, open_counters: int) -> int | None:
        """Minutes until a number with ``ahead`` people before it is called; None with no counter open for it."""
        if open_counters <= 0:
            return None
        return math.ceil(round(ahead * self.minutes(conn, service, day) / open_counters, 6))
