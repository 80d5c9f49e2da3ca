"""The regulator's clock, hand-computed across the 2026 Spring Festival and National Day.

Rule under test (services.tickets.clocks): the day of receipt is not counted; the
deadline is 23:59:59 Beijing time on the N-th day; calendar days unless configured otherwise; the ticket
is breached from 00:00:00 the next day.  Holidays as listed in test_calendar.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from services.tickets import clocks
from services.tickets.calendar import BusinessCalendar, chinese_calendar_exceptions
from services.tickets.config import TicketConfig

from .conftest import cst

D = dt.date
CONFIG = TicketConfig()
CALENDAR_POLICY = clocks.default_policy(CONFIG, "complaint")
WORKING_POLICY = clocks.default_policy(TicketConfig(regulatory_working_days=True), "complaint")
ROLL = TicketConfig(roll_to_working_day=True)


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar({d: w for d, (w, _) in chinese_calendar_exceptions([2026]).items()})


def end_of(y: int, m: int, d: int) -> dt.datetime:
    return cst(y, m, d, 23, 59, 59)


@pytest.mark.parametrize(
    ("received", "policy", "config", "deadline"),
    [
        # Spring Festival.  Tue 10 Feb + 15 calendar days = Wed 25 Feb (holidays do not matter).
        (cst(2026, 2, 10, 10, 0), CALENDAR_POLICY, CONFIG, end_of(2026, 2, 25)),
        # Received late in the evening: still the 10th, still the 25th.
        (cst(2026, 2, 10, 23, 50), CALENDAR_POLICY, CONFIG, end_of(2026, 2, 25)),
        # Sun 1 Feb + 15 = Mon 16 Feb, a holiday: kept under the strict rule ...
        (cst(2026, 2, 1, 9, 0), CALENDAR_POLICY, CONFIG, end_of(2026, 2, 16)),
        # ... moved to the first working day after the festival, Tue 24 Feb, when rolling is configured.
        (cst(2026, 2, 1, 9, 0), CALENDAR_POLICY, ROLL, end_of(2026, 2, 24)),
        # Working days: Fri 6 Feb + 15 working days (make-up Sat 14 and Sat 28 count) = Thu 5 Mar.
        (cst(2026, 2, 6, 14, 0), WORKING_POLICY, CONFIG, end_of(2026, 3, 5)),
        # Received during the holiday, working days: 24–27 Feb (4), Sat 28 (5), 2–6 Mar (10), 9–13 Mar (15).
        (cst(2026, 2, 16, 11, 0), WORKING_POLICY, CONFIG, end_of(2026, 3, 13)),
        # National Day.  Wed 30 Sep + 15 = Thu 15 Oct.
        (cst(2026, 9, 30, 16, 0), CALENDAR_POLICY, CONFIG, end_of(2026, 10, 15)),
        # Sat 19 Sep + 15 = Sun 4 Oct (holiday); rolled: Thu 8 Oct.
        (cst(2026, 9, 19, 10, 0), CALENDAR_POLICY, CONFIG, end_of(2026, 10, 4)),
        (cst(2026, 9, 19, 10, 0), CALENDAR_POLICY, ROLL, end_of(2026, 10, 8)),
        # Working days from Fri 18 Sep over Mid-autumn and National Day (make-up Sun 20 Sep, Sat 10 Oct): Thu 15 Oct.
        (cst(2026, 9, 18, 10, 0), WORKING_POLICY, CONFIG, end_of(2026, 10, 15)),
    ],
)
def test_regulatory_deadline(
    cal: BusinessCalendar, received: dt.datetime, policy: clocks.Policy, config: TicketConfig, deadline: dt.datetime
) -> None:
    assert clocks.regulatory_deadline(received, cal, policy, config) == deadline


def test_complex_case_and_extension(cal: BusinessCalendar) -> None:
    received = cst(2026, 2, 10, 10, 0)
    complex_due = clocks.regulatory_deadline(received, cal, CALENDAR_POLICY, CONFIG, complex_case=True)
    assert complex_due == end_of(2026, 3, 12)  # 10 Feb + 30 days
    assert clocks.extended_deadline(complex_due, cal, CALENDAR_POLICY, CONFIG) == end_of(2026, 4, 11)  # + 30


def test_referral_date_starts_its_own_clock(cal: BusinessCalendar) -> None:
    logged = cst(2026, 10, 8, 9, 30)  # the bank logs the referral after the holiday
    with_referral = clocks.regulatory_deadline(logged, cal, CALENDAR_POLICY, CONFIG, referral_date=D(2026, 9, 28))
    assert with_referral == end_of(2026, 10, 13)  # 28 Sep + 15
    assert clocks.regulatory_deadline(logged, cal, CALENDAR_POLICY, CONFIG) == end_of(2026, 10, 23)
    assert clocks.clock_start(logged, D(2026, 9, 28), cal) == cst(2026, 9, 28, 0, 0)


def test_breach_starts_after_the_last_second() -> None:
    due = end_of(2026, 2, 25)
    assert not clocks.is_breached(cst(2026, 2, 25, 23, 59, 59), due)
    assert clocks.is_breached(cst(2026, 2, 26, 0, 0, 0), due)
    assert not clocks.is_breached(cst(2026, 2, 26), None)


def test_no_regulatory_clock_for_service_tickets(cal: BusinessCalendar) -> None:
    policy = clocks.default_policy(CONFIG, "service")
    assert clocks.regulatory_deadline(cst(2026, 2, 10), cal, policy, CONFIG) is None


def test_warning_points() -> None:
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    due = dt.datetime(2026, 3, 11, tzinfo=dt.UTC)
    at = clocks.warning_instants(start, due, ("50%", "0.8", "P1D", "PT4H", "bogus", "150%"))
    assert at == [
        dt.datetime(2026, 3, 6, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 9, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 10, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 10, 20, tzinfo=dt.UTC),
    ]
    assert clocks.warning_level(dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC), at) == 2
    assert clocks.parse_point("P1DT2H30M") == ("before", dt.timedelta(days=1, hours=2, minutes=30))
    with pytest.raises(ValueError):
        clocks.parse_point("P")


def test_sla_pause_keeps_the_business_time_left(cal: BusinessCalendar) -> None:
    due = cst(2026, 3, 2, 17, 30)  # Monday evening
    left = clocks.pause_remaining(cst(2026, 3, 2, 11, 0), due, cal)
    assert left == 300 * 60  # 11:00–12:00 and 13:30–17:30
    assert clocks.resume_due(cst(2026, 3, 4, 10, 0), left, due, cal) == cst(2026, 3, 4, 16, 30)
    assert clocks.resume_due(cst(2026, 3, 4, 10, 0), 0, due, cal) == due  # already overdue: unchanged
