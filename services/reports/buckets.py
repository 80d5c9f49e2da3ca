"""Time arithmetic the aggregates share: 30-minute intervals, the bank's days, and SQL for both databases.

Intervals are aligned to UTC half hours.  Every zone whose offset is a whole number of half hours (the bank's
Asia/Shanghai among them) has its local half hours on the same boundaries, so one interval belongs to exactly
one local day.  Days are grouped in SQL in the bank's zone: PostgreSQL converts with the zone itself, SQLite
adds the zone's offset (fixed for zones without daylight saving, as China's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, cast, func
from sqlalchemy.types import BigInteger

INTERVAL_S = 1800
INTERVAL = dt.timedelta(seconds=INTERVAL_S)
Range = tuple[dt.datetime, dt.datetime]  # [from, before) in UTC


def aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def floor_interval(value: dt.datetime) -> dt.datetime:
    epoch = int(aware(value).timestamp()) // INTERVAL_S * INTERVAL_S
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def bucket_start(bucket: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(bucket) * INTERVAL_S, dt.UTC)


def local_day(value: dt.datetime, zone: ZoneInfo) -> dt.date:
    return aware(value).astimezone(zone).date()


def day_bounds(first: dt.date, last: dt.date, zone: ZoneInfo) -> Range:
    """The UTC instants at which ``first`` starts and the day after ``last`` starts, in ``zone``."""
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    return start, end


def day_runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days joined into (first, last) runs, so each run is one range query."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def days_of(ranges: Iterable[Range], zone: ZoneInfo) -> set[dt.date]:
    out: set[dt.date] = set()
    for lo, hi in ranges:
        day, last = local_day(lo, zone), local_day(hi - dt.timedelta(microseconds=1), zone)
        while day <= last:
            out.add(day)
            day += dt.timedelta(days=1)
    return out


def merge_ranges(ranges: Iterable[Range]) -> list[Range]:
    out: list[Range] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def bucket_sql(dialect: str, column: Any) -> ColumnElement[Any]:
    """The UTC half hour a timestamp falls in, as a whole number of half hours since the epoch."""
    if dialect == "postgresql":
        return cast(func.floor(func.extract("epoch", column) / INTERVAL_S), BigInteger)
    return cast(func.strftime("%s", column), BigInteger) // INTERVAL_S


def day_sql(dialect: str, column: Any, zone: ZoneInfo) -> ColumnElement[Any]:
    """The bank's date of a timestamp."""
    if dialect == "postgresql":
        return func.date(func.timezone(zone.key, column))
    offset = dt.datetime.now(zone).utcoffset() or dt.timedelta(0)
    return func.date(column, f"{int(offset.total_seconds()) // 60:+d} minutes")


def seconds_sql(dialect: str, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Seconds from ``earlier`` to ``later`` (SQLite rounded to the millisecond, as the wallboard does)."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier)
    return func.round((func.julianday(later) - func.julianday(earlier)) * 86400.0, 3)


def as_date(value: Any) -> dt.date:
    """A date from the database (SQLite hands back text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
