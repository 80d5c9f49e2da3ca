"""The wallboard's arithmetic, apart from the database: when a queue's day starts, the service level under each
abandon rule, and the levels and alerts of queues and agents.

Kept as plain functions of plain values so that the rules can be tested (and read) without a database, and so
that :mod:`.snapshot` is only about reading the figures cheaply.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from .types import ABANDON_RULES, GROUP_OF, AgentCounts, AgentThresholds, Alert, QueueRules

log = logging.getLogger(__name__)

MIDNIGHT = dt.time(0, 0)
# AgentCounts' field for each state group ("break" is a Python keyword, hence on_break).
COUNT_FIELD = {"available": "available", "on_call": "on_call", "wrap_up": "wrap_up", "break": "on_break"}


def parse_reset(text: str | None) -> dt.time:
    """The ``HH:MM`` of a queue's daily reset; a value that is not a time means midnight (and is logged), so a
    mistyped setting costs the queue its reset time, not the whole board."""
    try:
        hours, minutes = (int(part) for part in str(text).split(":"))
        return dt.time(hours, minutes)
    except (TypeError, ValueError):
        log.warning("wallboard: day reset %r is not HH:MM; using 00:00", text)
        return MIDNIGHT


def day_start(now: dt.datetime, zone: ZoneInfo, reset: dt.time = MIDNIGHT) -> dt.datetime:
    """The last instant (UTC) at which the local clock in ``zone`` showed ``reset``, at or before ``now``.

    A reset of 06:00 at 05:00 local time is yesterday's 06:00: the figures run from reset to reset.
    """
    local = as_aware(now).astimezone(zone)
    start = dt.datetime.combine(local.date(), reset, tzinfo=zone)
    if start > local:
        start = dt.datetime.combine(local.date() - dt.timedelta(days=1), reset, tzinfo=zone)
    return start.astimezone(dt.UTC)


def as_aware(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; a naive value is taken to be UTC already (as SQLite hands them back)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def counted_calls(rule: str, answered: int, abandoned: int, short_abandoned: int) -> int:
    """The calls a service level is measured over, as the abandon rule says (an unknown rule counts like the
    default ``exclude_short``)."""
    if rule == "count_all":
        return answered + abandoned
    if rule == "exclude_all":
        return answered
    if rule not in ABANDON_RULES:
        log.warning("wallboard: unknown abandon rule %r; excluding short abandons", rule)
    return answered + abandoned - short_abandoned


def service_level(rule: str, answered_in_sl: int, answered: int, abandoned: int, short_abandoned: int) -> float | None:
    """Answered within the threshold over the counted calls (0..1); None when no call counts."""
    counted = counted_calls(rule, answered, abandoned, short_abandoned)
    return answered_in_sl / counted if counted > 0 else None


def _passed(value: int, warn: int, crit: int) -> str:
    if value >= crit:
        return "critical"
    if value >= warn:
        return "warning"
    return "ok"


def queue_alerts(queue_id: int, rules: QueueRules, waiting: int, longest_wait_s: int | None) -> tuple[Alert, ...]:
    """One alert per measure that reached a threshold, at the highest level it reached (a banner names the
    worse of warning and critical, not both)."""
    alerts = []
    for what, value, warn, crit in (
        ("waiting", waiting, rules.warn_waiting, rules.crit_waiting),
        ("longest_wait", longest_wait_s or 0, rules.warn_wait_s, rules.crit_wait_s),
    ):
        level = _passed(value, warn, crit)
        if level != "ok":
            alerts.append(Alert(queue_id, level, what, value, crit if level == "critical" else warn))
    return tuple(alerts)


def worst(levels: list[str] | tuple[str, ...]) -> str:
    """The most severe of ``levels`` (``ok`` when there is none)."""
    if "critical" in levels:
        return "critical"
    return "warning" if "warning" in levels else "ok"


def agent_level(state: str, in_state_s: int, thresholds: AgentThresholds) -> str:
    """A long call, a long wrap-up or a long break turns an agent warning / critical; other states are ok."""
    if state == "on_call":
        return _passed(in_state_s, thresholds.call_warn_s, thresholds.call_crit_s)
    if state == "wrap_up":
        return _passed(in_state_s, thresholds.wrapup_warn_s, thresholds.wrapup_crit_s)
    if state == "break":
        return _passed(in_state_s, thresholds.break_warn_s, thresholds.break_crit_s)
    return "ok"


def group_of(state: str) -> str:
    """The wallboard group of an agent state; a state the board does not know shows as offline."""
    return GROUP_OF.get(state, "offline")


def count_groups(groups: list[str]) -> AgentCounts:
    """Agents per group."""
    tally = dict.fromkeys(("available", "on_call", "wrap_up", "on_break", "offline"), 0)
    for group in groups:
        tally[COUNT_FIELD.get(group, "offline")] += 1
    return AgentCounts(**tally)


def add_counts(a: AgentCounts, b: AgentCounts) -> AgentCounts:
    """The sum of two tallies."""
    return AgentCounts(
        a.available + b.available,
        a.on_call + b.on_call,
        a.wrap_up + b.wrap_up,
        a.on_break + b.on_break,
        a.offline + b.offline,
    )
