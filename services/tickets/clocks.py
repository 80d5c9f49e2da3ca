"""The regulator's decision clock and the internal SLA clocks.

Regulatory deadline (《银行业保险业消费投诉处理管理办法》: decide within 15 days of receipt, 30 for a complex
case, a further 30 with a superior office's approval):

* **The day of receipt is not counted**; counting starts the next day (the Civil Code's rule for periods in
  days).  The deadline is **23:59:59 Asia/Shanghai on the N-th day**; a decision recorded at 23:59:59 is in
  time, the ticket is breached from 00:00:00 the day after (:func:`is_breached`).
* **Calendar days** by default.  A policy with ``calendar_days = False`` (or ``ticket_regulatory_basis =
  working`` when no policy applies) counts N *working* days of the business calendar instead, skipping
  weekends and public holidays and counting make-up working days.  With ``ticket_roll_to_working_day`` a
  calendar-day deadline that falls on a non-working day moves to the next working day (Civil Code art. 203);
  off by default, the stricter reading.
* A **regulator referral** starts its own clock on the referral date (the referral date itself not
  counted), whenever the bank logs it.
* A **complex** case gets ``complex_days`` (30) counted from the same start, not added to 15.
* An approved **extension** adds ``extension_days`` (30) counted from the current deadline's day.
* The regulatory clock never pauses.

SLA clocks (internal targets) run in business time on the business calendar: first response
``first_response_minutes`` after receipt, then a customer update every ``next_update_minutes``; the update
clock stands still while the ticket is ``pending_customer``.

Warning points are fractions of the regulatory window elapsed (``"50%"``, ``"0.8"``) or ISO 8601 durations
before the deadline (``"P3D"``, ``"PT4H"``, as the seeded SLA policies have them).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from db.models import SlaPolicy

from .calendar import BusinessCalendar, as_utc
from .config import TicketConfig

ONE_SECOND = dt.timedelta(seconds=1)
_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


@dataclass(frozen=True)
class Policy:
    """The time targets that apply to one ticket."""

    id: int | None
    name: str
    regulatory_days: int | None
    complex_days: int | None
    extension_days: int | None
    working_days: bool
    first_response_minutes: int
    next_update_minutes: int
    warn_points: tuple[str, ...]


def default_policy(config: TicketConfig, kind: str) -> Policy:
    """The regulator's defaults for complaints; no regulatory clock for other tickets."""
    complaint = kind == "complaint"
    return Policy(
        id=None,
        name=f"default_{kind}",
        regulatory_days=config.regulatory_days if complaint else None,
        complex_days=config.complex_days if complaint else None,
        extension_days=config.extension_days if complaint else None,
        working_days=config.regulatory_working_days,
        first_response_minutes=config.first_response_minutes,
        next_update_minutes=config.next_update_minutes,
        warn_points=config.warn_points,
    )


def _from_row(r: Any, config: TicketConfig) -> Policy:
    return Policy(
        id=r.id,
        name=r.name,
        regulatory_days=r.regulatory_days,
        complex_days=r.complex_days,
        extension_days=r.extension_days,
        working_days=not r.calendar_days,
        first_response_minutes=r.first_response_minutes,
        next_update_minutes=r.next_update_minutes,
        warn_points=tuple(r.warn_points or ()) or config.warn_points,
    )


def policy_for(conn: Connection, config: TicketConfig, kind: str, severity: str) -> Policy:
    """The SLA policy for a kind of ticket and severity: an exact severity match, then the kind's
    general policy (severity NULL), then the built-in defaults."""
    rows = conn.execute(select(SlaPolicy.__table__).where(SlaPolicy.ticket_kind == kind).order_by(SlaPolicy.id)).all()
    exact = [r for r in rows if r.severity == severity]
    general = [r for r in rows if r.severity is None]
    if severity == "critical" and not exact:
        exact = [r for r in rows if r.severity == "major"]
    candidates = exact or general
    return _from_row(candidates[0], config) if candidates else default_policy(config, kind)


def policy_by_id(conn: Connection, config: TicketConfig, policy_id: int | None, kind: str) -> Policy:
    """The policy a ticket was opened under (the defaults when it has none)."""
    if policy_id is not None:
        row = conn.execute(select(SlaPolicy.__table__).where(SlaPolicy.id == policy_id)).first()
        if row is not None:
            return _from_row(row, config)
    return default_policy(config, kind)


# -- regulatory clock ---------------------------------------------------------------------------------
def clock_start(received_at: dt.datetime, referral_date: dt.date | None, cal: BusinessCalendar) -> dt.datetime:
    """When the regulatory clock starts: the start of the referral day, else the receipt."""
    return cal.start_of_day(referral_date) if referral_date is not None else as_utc(received_at)


def deadline_after(
    day: dt.date, days: int, cal: BusinessCalendar, *, working_days: bool, roll: bool = False
) -> dt.datetime:
    """End (23:59:59 local) of the ``days``-th day after ``day``; ``day`` itself is not counted."""
    if working_days:
        last = cal.add_working_days(day, days)
    else:
        last = day + dt.timedelta(days=days)
        if roll and not cal.is_working_day(last):
            last = cal.next_working_day(last)
    return cal.end_of_day(last)


def regulatory_deadline(
    received_at: dt.datetime,
    cal: BusinessCalendar,
    policy: Policy,
    config: TicketConfig,
    *,
    referral_date: dt.date | None = None,
    complex_case: bool = False,
) -> dt.datetime | None:
    """The decision deadline (UTC) of a complaint, or None when its policy has no regulatory clock."""
    days = policy.complex_days if complex_case else policy.regulatory_days
    if days is None:
        return None
    first = referral_date if referral_date is not None else cal.local_date(received_at)
    return deadline_after(first, days, cal, working_days=policy.working_days, roll=config.roll_to_working_day)


def extended_deadline(
    current_due: dt.datetime, cal: BusinessCalendar, policy: Policy, config: TicketConfig
) -> dt.datetime:
    """The deadline after an approved extension, counted from the current deadline's day."""
    days = policy.extension_days if policy.extension_days is not None else config.extension_days
    return deadline_after(
        cal.local_date(current_due), days, cal, working_days=policy.working_days, roll=config.roll_to_working_day
    )


def is_breached(now: dt.datetime, due: dt.datetime | None) -> bool:
    """True from the first instant after the deadline's last second (00:00:00 of the next day)."""
    return due is not None and as_utc(now) >= as_utc(due) + ONE_SECOND


# -- warnings -----------------------------------------------------------------------------------------
def parse_point(text: str) -> tuple[str, float | dt.timedelta]:
    """``"50%"``/``"0.5"`` → ("fraction", 0.5); ``"P1DT4H"`` → ("before", timedelta).

    Raises:
        ValueError: neither form.
    """
    t = text.strip().upper()
    if t.endswith("%"):
        value = float(t[:-1]) / 100
    elif t.startswith("P"):
        m = _DURATION.match(t)
        if not m or t in ("P", "PT"):
            raise ValueError(f"bad warning point {text!r}")
        d, h, mi, s = (int(x) if x else 0 for x in m.groups())
        return "before", dt.timedelta(days=d, hours=h, minutes=mi, seconds=s)
    else:
        value = float(t)
    if not 0 < value < 1:
        raise ValueError(f"warning fraction out of range: {text!r}")
    return "fraction", value


def warning_instants(start: dt.datetime, due: dt.datetime, points: tuple[str, ...]) -> list[dt.datetime]:
    """The instants (UTC, ascending, distinct) at which the warning points fall; unparsable points are skipped."""
    s, d = as_utc(start), as_utc(due)
    span = d - s
    out: set[dt.datetime] = set()
    for p in points:
        try:
            kind, value = parse_point(p)
        except ValueError:
            continue
        at = s + span * value if kind == "fraction" else d - value  # type: ignore[operator]
        if s <= at < d:
            out.add(at.replace(microsecond=0))
    return sorted(out)


def warning_level(now: dt.datetime, instants: list[dt.datetime]) -> int:
    """How many warning points have been reached at ``now``."""
    n = as_utc(now)
    return sum(1 for i in instants if i <= n)


# -- SLA clocks ---------------------------------------------------------------------------------------
def first_response_due(received_at: dt.datetime, cal: BusinessCalendar, policy: Policy) -> dt.datetime:
    """When the first response is due (business time after receipt)."""
    return cal.add_business_minutes(received_at, policy.first_response_minutes)


def next_update_due(after: dt.datetime, cal: BusinessCalendar, policy: Policy) -> dt.datetime:
    """When the next customer update is due after one at ``after``."""
    return cal.add_business_minutes(after, policy.next_update_minutes)


def pause_remaining(now: dt.datetime, due: dt.datetime | None, cal: BusinessCalendar) -> int | None:
    """Business seconds left on the update clock when it is paused (0 when already overdue)."""
    if due is None:
        return None
    return round(cal.business_seconds(now, due))


def resume_due(
    now: dt.datetime, remaining_s: int | None, old_due: dt.datetime | None, cal: BusinessCalendar
) -> dt.datetime | None:
    """The update due time when the clock runs again: the business time left at the pause, from now.

    A clock that was already overdue when paused keeps its old due time.
    """
    if remaining_s is None:
        return old_due
    if remaining_s <= 0:
        return old_due
    return cal.add_business_seconds(now, remaining_s)


@dataclass(frozen=True)
class ClockInputs:
    """What :func:`next_check` needs to know about a ticket."""

    open_due_at: dt.datetime | None
    started_at: dt.datetime
    warn_level: int
    breached_at: dt.datetime | None
    first_responded_at: dt.datetime | None
    first_response_due: dt.datetime | None
    first_response_overdue: bool
    next_update_due: dt.datetime | None
    update_overdue_for: dt.datetime | None
    sla_paused: bool
    is_open: bool


def next_check(c: ClockInputs, points: tuple[str, ...], now: dt.datetime) -> dt.datetime | None:
    """The next instant after ``now`` at which the escalation scan has something to mark, or None."""
    n = as_utc(now)
    candidates: list[dt.datetime] = []
    if c.open_due_at is not None:
        due = as_utc(c.open_due_at)
        instants = warning_instants(c.started_at, due, points)
        # A point already passed but not yet marked means "look now".
        candidates += [max(i, n) for i in instants[c.warn_level :]]
        if c.breached_at is None:
            candidates.append(max(due + ONE_SECOND, n))
    if c.is_open and c.first_responded_at is None and c.first_response_due is not None and not c.first_response_overdue:
        candidates.append(as_utc(c.first_response_due))
    if c.is_open and not c.sla_paused and c.next_update_due is not None:
        nud = as_utc(c.next_update_due)
        if c.update_overdue_for is None or as_utc(c.update_overdue_for) != nud:
            candidates.append(nud)
    return min(candidates) if candidates else None
