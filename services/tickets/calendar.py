"""The business calendar: working days, working hours, and business time between instants.

A day is a working day when it is Monday to Friday, unless ``business_calendar_day`` says otherwise
(public holidays are rows with ``is_working = False``, make-up working days (调休上班) on a weekend are rows
with ``is_working = True``).  :func:`sync_calendar` seeds those rows from the ``chinese_calendar`` package
for the years it knows; rows for other years (or a bank's own closures) can be added by hand.

Working hours are local wall-clock windows in the calendar's time zone (default Asia/Shanghai,
09:00–12:00 and 13:30–17:30: the lunch break is not business time).  Every instant passed in or out is
an aware ``datetime``; naive values are taken to be UTC (that is how SQLite hands them back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select, update

from db.models import CalendarDay
from db.models.base import as_utc

Window = tuple[dt.time, dt.time]
DEFAULT_HOURS: tuple[Window, ...] = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30)))
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_DAYS = 3660  # no business span searched further than ten years

# chinese_calendar's holiday names, as stored in business_calendar_day.name.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def parse_hours(text: str) -> tuple[Window, ...]:
    """``"09:00-12:00,13:30-17:30"`` → windows, checked to be ordered and non-overlapping.

    Raises:
        ValueError: malformed or overlapping windows.
    """
    windows: list[Window] = []
    for part in text.split(","):
        start, _, end = part.strip().partition("-")
        window = (dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip()))
        if window[0] >= window[1] or (windows and window[0] < windows[-1][1]):
            raise ValueError(f"bad working hours: {text!r}")
        windows.append(window)
    if not windows:
        raise ValueError("no working hours")
    return tuple(windows)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days and hours; immutable, cheap to share between threads.

    Attributes:
        exceptions: day → is it a working day, for days that differ from the Monday–Friday rule.
        hours: local working windows of a working day, in order.
        tz: the local time zone.
    """

    exceptions: Mapping[dt.date, bool]
    hours: Sequence[Window] = DEFAULT_HOURS
    tz: ZoneInfo = SHANGHAI

    # -- days ---------------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        """Monday–Friday unless the calendar says otherwise (holiday, make-up working day)."""
        known = self.exceptions.get(day)
        return known if known is not None else day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        for _ in range(MAX_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day within ten years")

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself never counts)."""
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def local_date(self, instant: dt.datetime) -> dt.date:
        """The local calendar date of an instant."""
        return as_utc(instant).astimezone(self.tz).date()

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """23:59:59 local time on ``day``, as UTC."""
        return dt.datetime.combine(day, dt.time(23, 59, 59), self.tz).astimezone(dt.UTC)

    def start_of_day(self, day: dt.date) -> dt.datetime:
        """00:00 local time on ``day``, as UTC."""
        return dt.datetime.combine(day, dt.time(0, 0), self.tz).astimezone(dt.UTC)

    # -- business time ------------------------------------------------------------------------------
    def _windows(self, day: dt.date) -> Iterable[tuple[dt.datetime, dt.datetime]]:
        if self.is_working_day(day):
            for start, end in self.hours:
                yield dt.datetime.combine(day, start, self.tz), dt.datetime.combine(day, end, self.tz)

    def add_business_seconds(self, start: dt.datetime, seconds: float) -> dt.datetime:
        """The instant at which ``seconds`` of business time have passed since ``start``.

        A span that ends exactly at the close of a window ends there (12:00, 17:30), not at the next opening.
        """
        cursor = as_utc(start).astimezone(self.tz)
        if seconds <= 0:
            return cursor.astimezone(dt.UTC)
        remaining = dt.timedelta(seconds=seconds)
        day = cursor.date()
        for _ in range(MAX_DAYS):
            for w_start, w_end in self._windows(day):
                begin = max(w_start, cursor)
                if begin >= w_end:
                    continue
                available = w_end - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(dt.UTC)
                remaining -= available
            day += dt.timedelta(days=1)
        raise ValueError("business span longer than ten years")

    def add_business_minutes(self, start: dt.datetime, minutes: float) -> dt.datetime:
        """:meth:`add_business_seconds` in minutes."""
        return self.add_business_seconds(start, minutes * 60)

    def business_seconds(self, start: dt.datetime, end: dt.datetime) -> float:
        """Business time between two instants (0 when ``end`` is not after ``start``)."""
        a = as_utc(start).astimezone(self.tz)
        b = as_utc(end).astimezone(self.tz)
        if b <= a:
            return 0.0
        total = 0.0
        day = a.date()
        last = b.date()
        if (last - day).days > MAX_DAYS:
            raise ValueError("business span longer than ten years")
        while day <= last:
            for w_start, w_end in self._windows(day):
                lo, hi = max(w_start, a), min(w_end, b)
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return total

    def business_minutes(
        self,
        start: dt.datetime,
        end: dt.datetime,
        pauses: Iterable[tuple[dt.datetime, dt.datetime | None]] = (),
    ) -> float:
        """Business minutes from ``start`` to ``end``, not counting the paused intervals.

        Args:
            start: beginning of the span.
            end: end of the span.
            pauses: (from, to) intervals during which the clock stood still; ``to=None`` means still paused.
                Overlapping pauses are counted once.
        """
        total = self.business_seconds(start, end)
        s, e = as_utc(start), as_utc(end)
        merged: list[list[dt.datetime]] = []
        for p0, p1 in sorted((as_utc(a), as_utc(b) if b is not None else e) for a, b in pauses):
            lo, hi = max(p0, s), min(p1, e)
            if hi <= lo:
                continue
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            total -= self.business_seconds(lo, hi)
        return total / 60


def load_calendar(
    conn: Connection,
    *,
    hours: Sequence[Window] = DEFAULT_HOURS,
    tz: str = "Asia/Shanghai",
) -> BusinessCalendar:
    """The business calendar with every exception stored in the database."""
    rows = conn.execute(select(CalendarDay.day, CalendarDay.is_working)).all()
    return BusinessCalendar({r.day: bool(r.is_working) for r in rows}, tuple(hours), ZoneInfo(tz))


def chinese_calendar_exceptions(years: Iterable[int]) -> dict[dt.date, tuple[bool, str]]:
    """Public holidays and make-up working days of mainland China for ``years``, from ``chinese_calendar``.

    Returns:
        day → (is_working, name).  Years the package does not know are left out.
    """
    from chinese_calendar import constants

    wanted = set(years)
    found: dict[dt.date, tuple[bool, str]] = {}
    for day, holiday in constants.holidays.items():
        if day.year in wanted:
            found[day] = (False, HOLIDAY_NAMES_ZH.get(str(holiday), str(holiday))[:32])
    for day, holiday in constants.workdays.items():
        if day.year in wanted:
            found[day] = (True, (HOLIDAY_NAMES_ZH.get(str(holiday), str(holiday)) + "调休上班")[:32])
    return found


def known_years() -> range:
    """The years for which ``chinese_calendar`` has the State Council's holiday schedule."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return range(min(years), max(years) + 1)


def sync_calendar(conn: Connection, years: Iterable[int]) -> int:
    """Store the public holidays and make-up working days of ``years`` (those chinese_calendar knows).

    Existing rows for those days are updated; rows for other days (a bank's own closures) are kept.

    Returns:
        The number of rows inserted or changed.
    """
    wanted = chinese_calendar_exceptions(years)
    if not wanted:
        return 0
    existing = {
        r.day: (bool(r.is_working), r.name)
        for r in conn.execute(
            select(CalendarDay.day, CalendarDay.is_working, CalendarDay.name).where(
                CalendarDay.day.between(min(wanted), max(wanted))
            )
        )
    }
    inserts = [
        {"day": day, "is_working": working, "name": name}
        for day, (working, name) in sorted(wanted.items())
        if day not in existing
    ]
    changed = 0
    for day, value in sorted(wanted.items()):
        if day in existing and existing[day] != value:
            conn.execute(update(CalendarDay).where(CalendarDay.day == day).values(is_working=value[0], name=value[1]))
            changed += 1
    if inserts:
        conn.execute(insert(CalendarDay), inserts)
    return len(inserts) + changed
