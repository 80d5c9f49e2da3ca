"""Business calendar: working days from chinese_calendar, business time across lunch, weekends and holidays.

Hand-computed against the State Council's 2026 schedule (as chinese_calendar 1.11 has it):

* Spring Festival: holiday Sun 15 Feb – Mon 23 Feb 2026; make-up working days Sat 14 Feb and Sat 28 Feb.
* Mid-autumn: holiday Fri 25 Sep – Sun 27 Sep 2026.
* National Day: holiday Thu 1 Oct – Wed 7 Oct 2026; make-up working days Sun 20 Sep and Sat 10 Oct.

Working hours 09:00–12:00 and 13:30–17:30 Beijing time: 420 business minutes a day.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, insert, select

from db.models import CalendarDay
from services.tickets.calendar import (
    BusinessCalendar,
    chinese_calendar_exceptions,
    load_calendar,
    parse_hours,
    sync_calendar,
)

from .conftest import CST, cst

D = dt.date


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar({d: w for d, (w, _) in chinese_calendar_exceptions([2026]).items()})


def test_the_2026_schedule_is_what_the_tests_assume() -> None:
    exceptions = chinese_calendar_exceptions([2026])
    spring = [d for d, (w, name) in exceptions.items() if name.startswith("春节") and not w]
    assert min(spring) == D(2026, 2, 15) and max(spring) == D(2026, 2, 23) and len(spring) == 9
    assert exceptions[D(2026, 2, 14)] == (True, "春节调休上班")
    assert exceptions[D(2026, 2, 28)] == (True, "春节调休上班")
    national = [d for d, (w, name) in exceptions.items() if name == "国庆节"]
    assert min(national) == D(2026, 10, 1) and max(national) == D(2026, 10, 7)
    assert exceptions[D(2026, 9, 20)][0] is True and exceptions[D(2026, 10, 10)][0] is True
    assert exceptions[D(2026, 9, 25)] == (False, "中秋节")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before the festival
        (D(2026, 2, 14), True),  # make-up Saturday
        (D(2026, 2, 16), False),  # Monday in the holiday
        (D(2026, 2, 23), False),  # last holiday day, a Monday
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # make-up Saturday
        (D(2026, 3, 1), False),  # ordinary Sunday
        (D(2026, 9, 20), True),  # make-up Sunday
        (D(2026, 10, 7), False),
        (D(2026, 10, 10), True),  # make-up Saturday
    ],
)
def test_working_days(cal: BusinessCalendar, day: dt.date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_working_days_count_make_up_days_and_skip_holidays(cal: BusinessCalendar) -> None:
    # 15 working days after Fri 6 Feb: 9–13 Feb (5), Sat 14 (6), 24–27 Feb (10), Sat 28 (11), 2–5 Mar (15).
    assert cal.add_working_days(D(2026, 2, 6), 15) == D(2026, 3, 5)
    # 15 working days after Fri 18 Sep: Sun 20 (1), 21–24 (5), 28–30 (8), 8–9 Oct (10), Sat 10 (11), 12–15 (15).
    assert cal.add_working_days(D(2026, 9, 18), 15) == D(2026, 10, 15)
    assert cal.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)


@pytest.mark.parametrize(
    ("start", "minutes", "due"),
    [
        (cst(2026, 3, 3, 11, 0), 120, cst(2026, 3, 3, 14, 30)),  # across lunch
        (cst(2026, 3, 3, 11, 0), 60, cst(2026, 3, 3, 12, 0)),  # ends exactly at the close of the morning
        (cst(2026, 3, 3, 7, 0), 30, cst(2026, 3, 3, 9, 30)),  # starts before opening
        (cst(2026, 3, 3, 12, 30), 30, cst(2026, 3, 3, 14, 0)),  # starts in the lunch break
        (cst(2026, 3, 6, 16, 30), 120, cst(2026, 3, 9, 10, 0)),  # Friday afternoon → Monday
        (cst(2026, 2, 13, 17, 0), 420, cst(2026, 2, 14, 17, 0)),  # into the make-up Saturday
        (cst(2026, 2, 14, 16, 0), 120, cst(2026, 2, 24, 9, 30)),  # over the Spring Festival
        (cst(2026, 9, 18, 17, 0), 60, cst(2026, 9, 20, 9, 30)),  # Friday → make-up Sunday
        (cst(2026, 9, 30, 17, 0), 60, cst(2026, 10, 8, 9, 30)),  # over National Day
        (cst(2026, 3, 3, 10, 0), 0, cst(2026, 3, 3, 10, 0)),
    ],
)
def test_add_business_minutes(cal: BusinessCalendar, start: dt.datetime, minutes: int, due: dt.datetime) -> None:
    assert cal.add_business_minutes(start, minutes) == due


def test_business_minutes_between_and_with_pauses(cal: BusinessCalendar) -> None:
    start, end = cst(2026, 2, 13, 9, 0), cst(2026, 2, 24, 10, 0)
    # Fri 13 (420) + make-up Sat 14 (420) + holidays (0) + Tue 24 09:00–10:00 (60)
    assert cal.business_minutes(start, end) == 900
    # paused Fri 14:00 → Sat 12:00: 210 + 180 business minutes stand still
    assert cal.business_minutes(start, end, [(cst(2026, 2, 13, 14, 0), cst(2026, 2, 14, 12, 0))]) == 510
    # overlapping pauses count once; an open pause runs to the end
    pauses = [(cst(2026, 2, 13, 14, 0), cst(2026, 2, 13, 16, 0)), (cst(2026, 2, 13, 15, 0), cst(2026, 2, 14, 12, 0))]
    assert cal.business_minutes(start, end, pauses) == 510
    assert cal.business_minutes(start, end, [(cst(2026, 2, 24, 9, 30), None)]) == 870
    assert cal.business_minutes(end, start) == 0


def test_adding_and_measuring_agree(cal: BusinessCalendar) -> None:
    start = cst(2026, 9, 29, 15, 17)
    for minutes in (1, 59, 420, 1000, 5000):
        assert cal.business_minutes(start, cal.add_business_minutes(start, minutes)) == pytest.approx(minutes)


def test_local_day_boundaries(cal: BusinessCalendar) -> None:
    assert cal.end_of_day(D(2026, 2, 25)) == dt.datetime(2026, 2, 25, 15, 59, 59, tzinfo=dt.UTC)
    assert cal.local_date(dt.datetime(2026, 2, 24, 16, 30, tzinfo=dt.UTC)) == D(2026, 2, 25)
    assert cal.end_of_day(D(2026, 2, 25)).astimezone(CST).time() == dt.time(23, 59, 59)


def test_parse_hours() -> None:
    assert parse_hours("08:30-12:00, 13:00-17:00") == ((dt.time(8, 30), dt.time(12)), (dt.time(13), dt.time(17)))
    for bad in ("", "12:00-09:00", "09:00-12:00,11:00-13:00"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_sync_calendar_stores_holidays_and_keeps_local_closures(migrated_engine: Engine) -> None:
    with migrated_engine.begin() as conn:
        conn.execute(insert(CalendarDay).values(day=D(2026, 6, 1), is_working=False, name="网点装修"))
        first = sync_calendar(conn, [2026])
        again = sync_calendar(conn, [2026])
        unknown = sync_calendar(conn, [2099])
        rows = dict(conn.execute(select(CalendarDay.day, CalendarDay.is_working)).all())
        cal = load_calendar(conn)
    assert first == len(chinese_calendar_exceptions([2026])) and again == 0 and unknown == 0
    assert rows[D(2026, 2, 16)] is False and rows[D(2026, 2, 14)] is True and rows[D(2026, 6, 1)] is False
    assert not cal.is_working_day(D(2026, 6, 1)) and cal.is_working_day(D(2026, 10, 10))
