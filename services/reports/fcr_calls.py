"""First-contact resolution kept per call, so that the upkeep costs what changed, not the days it touches.

A repeat call turns an earlier call of the same customer and disposition (up to 7 days before) from "resolved
first time" into "not".  Recomputing whole days for that read every call of up to eight days on each run.
Instead ``report_fcr_call`` holds, for every call with a customer and a disposition, the facts the day figures
are made of: its queue and day, whether it counts (``resolved``: completed in a queue) and whether it was
``repeated``.  A run recomputes the facts of the calls in its ranges, and, for those whose facts differ from the
stored ones, of the calls with the same customer and disposition in the 7 days before; it stores what differs
and adds the difference to ``report_fcr_day``.

**Why it stays idempotent.**  The per-call rows and the day sums change in the same transaction, so the stored
per-call rows always describe exactly what the day sums hold: a second run finds nothing different and adds
nothing; a run killed halfway rolls back both.  A changed call is looked up under its stored customer and
disposition as well as its new ones, so a corrected disposition or customer also clears the repeat it used to
cause.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Interval, Table, and_, case, delete, exists, func, insert, literal, or_, select
from sqlalchemy.orm import aliased

from db.models import Call, ReportFcrCall, ReportFcrDay

from . import buckets as b

CALL: Table = Call.__table__  # type: ignore[assignment]
FCR_CALL: Table = ReportFcrCall.__table__  # type: ignore[assignment]
FCR_DAY: Table = ReportFcrDay.__table__  # type: ignore[assignment]
FCR_WINDOW = dt.timedelta(days=7)
CHUNK = 500  # ids per IN list: well under SQLite's bound parameters


class Fact(NamedTuple):
    """What one call contributes to first-contact resolution."""

    customer_id: int
    disposition: str
    queue_id: int | None
    day: dt.date
    received_at: dt.datetime
    resolved: bool
    repeated: bool


def _fact(row: Sequence[Any]) -> Fact:
    customer, disposition, queue, day, received, resolved, repeated = row
    return Fact(int(customer), str(disposition), None if queue is None else int(queue), b.as_date(day),
                b.aware(received), bool(resolved), bool(repeated))  # fmt: skip


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = sorted(values)
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _facts_select(conn: Connection, zone: ZoneInfo) -> Any:
    """Each call's facts, computed from the calls: the repeat is one range of the customer/disposition index."""
    dialect = conn.dialect.name
    c = CALL.c
    r = aliased(CALL)
    if dialect == "postgresql":
        within = r.c.received_at <= c.received_at + literal(FCR_WINDOW, Interval())
    else:
        within = func.julianday(r.c.received_at) <= func.julianday(c.received_at) + FCR_WINDOW.days
    repeated = exists(
        select(1).where(
            r.c.customer_id == c.customer_id,
            r.c.disposition == c.disposition,
            r.c.received_at > c.received_at,
            within,
            r.c.id != c.id,
        )
    )
    resolved = case((and_(c.state == "completed", c.queue_id.is_not(None)), True), else_=False)
    return select(
        c.id,
        c.customer_id,
        c.disposition,
        c.queue_id,
        b.day_sql(dialect, c.received_at, zone),
        c.received_at,
        resolved,
        case((repeated, True), else_=False),
    ).where(c.customer_id.is_not(None), c.disposition.is_not(None))


def backfill(conn: Connection, zone: ZoneInfo) -> dict[str, int]:
    """Build the per-call facts and the day sums from every call (the upkeep's first run)."""
    t = FCR_CALL.c
    conn.execute(delete(FCR_CALL))
    conn.execute(delete(FCR_DAY))
    columns = ["call_id", "customer_id", "disposition", "queue_id", "day", "received_at", "resolved", "repeated"]
    counted = {"preserve_rowcount": True}  # SQLAlchemy keeps an INSERT's row count only when asked
    calls = conn.execute(insert(FCR_CALL).from_select(columns, _facts_select(conn, zone)), execution_options=counted)
    days = conn.execute(
        insert(FCR_DAY).from_select(
            ["queue_id", "day", "calls", "first_contact"],
            select(t.queue_id, t.day, func.count(), func.count(case((t.repeated.is_(False), 1))))
            .where(t.resolved.is_(True))
            .group_by(t.queue_id, t.day),
        ),
        execution_options=counted,
    )
    return {"fcr_calls": max(calls.rowcount, 0), "fcr_days": max(days.rowcount, 0)}


def refresh_changed(conn: Connection, ranges: list[b.Range], zone: ZoneInfo) -> dict[str, int]:
    """Bring the facts of the calls received within ``ranges`` (every call that changed) up to date, then those
    of the earlier calls a changed one can turn into (or out of) a repeat, and add the difference to the days."""
    if not ranges:
        return {"fcr_calls": 0, "fcr_days": 0}
    c, t = CALL.c, FCR_CALL.c
    ids = {int(i) for (i,) in conn.execute(select(c.id).where(_within(c.received_at, ranges))).all()}
    ids |= {int(i) for (i,) in conn.execute(select(t.call_id).where(_within(t.received_at, ranges))).all()}
    old, new = _facts_of(conn, ids, zone)
    moved = [f for i in ids if old.get(i) != new.get(i) for f in (old.get(i), new.get(i)) if f is not None]
    earlier = _earlier(conn, moved) - ids
    more_old, more_new = _facts_of(conn, earlier, zone)
    old.update(more_old)
    new.update(more_new)
    deltas: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    gone: list[int] = []
    put: list[dict[str, Any]] = []
    for call_id in ids | earlier:
        before, after = old.get(call_id), new.get(call_id)
        if before == after:
            continue
        for fact, sign in ((before, -1), (after, 1)):
            if fact is not None and fact.resolved and fact.queue_id is not None:
                delta = deltas[(fact.queue_id, fact.day)]
                delta[0] += sign
                delta[1] += 0 if fact.repeated else sign
        if before is not None:
            gone.append(call_id)
        if after is not None:
            put.append({"call_id": call_id, **after._asdict()})
    for chunk in _chunks(gone):
        conn.execute(delete(FCR_CALL).where(t.call_id.in_(chunk)))
    if put:
        conn.execute(insert(FCR_CALL), put)
    return {"fcr_calls": len(put) + len(gone), "fcr_days": _apply(conn, deltas)}


def _facts_of(conn: Connection, ids: set[int], zone: ZoneInfo) -> tuple[dict[int, Fact], dict[int, Fact]]:
    """The stored facts of ``ids`` and the facts the calls give now."""
    t = FCR_CALL.c
    old = _load(conn, ids, lambda chunk: select(t.call_id, *[t[n] for n in Fact._fields]).where(t.call_id.in_(chunk)))
    new = _load(conn, ids, lambda chunk: _facts_select(conn, zone).where(CALL.c.id.in_(chunk)))
    return old, new


def _earlier(conn: Connection, moved: list[Fact]) -> set[int]:
    """The calls with the customer and disposition of a changed fact (before or after the change), received up
    to 7 days before it: the only calls whose repeat the change can make or unmake.  An unchanged call in the
    run's ranges changes nobody's repeat, which keeps this small."""
    c = CALL.c
    windows: dict[tuple[int, str], tuple[dt.datetime, dt.datetime]] = {}
    for fact in moved:
        key, at = (fact.customer_id, fact.disposition), fact.received_at
        lo, hi = windows.get(key, (at, at))
        windows[key] = (min(lo, at), max(hi, at))
    ids: set[int] = set()
    for chunk in _chunks(windows):
        lo = min(windows[k][0] for k in chunk) - FCR_WINDOW
        hi = max(windows[k][1] for k in chunk)
        rows = conn.execute(
            select(c.id, c.customer_id, c.disposition, c.received_at).where(
                c.customer_id.in_({k[0] for k in chunk}),
                c.disposition.in_({k[1] for k in chunk}),
                c.received_at >= lo,
                c.received_at <= hi,
            )
        ).all()
        for call_id, customer, disposition, received in rows:
            first, last = windows.get((int(customer), str(disposition)), (None, None))
            if first is not None and last is not None and first - FCR_WINDOW <= b.aware(received) <= last:
                ids.add(int(call_id))
    return ids


def _within(column: Any, ranges: list[b.Range]) -> Any:
    return or_(*(and_(column >= lo, column < hi) for lo, hi in ranges))


def _load(conn: Connection, ids: set[int], query: Any) -> dict[int, Fact]:
    out: dict[int, Fact] = {}
    for chunk in _chunks(ids):
        for row in conn.execute(query(chunk)).all():
            out[int(row[0])] = _fact(row[1:])
    return out


def _apply(conn: Connection, deltas: dict[tuple[int, dt.date], list[int]]) -> int:
    """Add the differences to the day sums; a (queue, day) left with no resolved call loses its row, as a
    backfill would not write it."""
    keys = [k for k, (calls, first) in deltas.items() if calls or first]
    if not keys:
        return 0
    d = FCR_DAY.c
    current: dict[tuple[int, dt.date], tuple[int, int]] = {}
    for chunk in _chunks(keys):
        found = conn.execute(
            select(d.queue_id, d.day, d.calls, d.first_contact).where(
                d.queue_id.in_({q for q, _ in chunk}), d.day.in_({day for _, day in chunk})
            )
        ).all()
        current.update({(int(q), b.as_date(day)): (int(n), int(f)) for q, day, n, f in found})
    written = 0
    for queue_id, day in keys:
        calls, first = current.get((queue_id, day), (0, 0))
        calls, first = calls + deltas[(queue_id, day)][0], first + deltas[(queue_id, day)][1]
        where = (d.queue_id == queue_id, d.day == day)
        conn.execute(delete(FCR_DAY).where(*where))
        if calls > 0:
            conn.execute(insert(FCR_DAY).values(queue_id=queue_id, day=day, calls=calls, first_contact=first))
        written += 1
    return written
