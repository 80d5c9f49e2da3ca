"""The remaining-time badge of a ticket: how much time is left to the regulator's deadline, and its colour.

Levels, from the time left to the decision deadline (measured when the badge is drawn, so an open list
stays true without reloading):

| level | when | colour |
|---|---|---|
| ``overdue`` | the deadline has passed | red |
| ``at_risk`` | at most :data:`AT_RISK_S` left, or the scan raised the last warning | orange |
| ``soon`` | at most :data:`SOON_S` left, or a warning point has passed | amber |
| ``ok`` | more time than that | green |
| ``stopped`` | the clock stopped (decided, closed, merged) | grey |
| ``none`` | no regulatory clock (a service request) | — |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from .. import fmt
from ..badge import BadgeLook, Index

AT_RISK_S = 3 * 86400
SOON_S = 7 * 86400
COLORS = {
    "overdue": "#c0392b",
    "at_risk": "#d35400",
    "soon": "#b9770e",
    "ok": "#2e7d32",
    "stopped": "#7b8794",
    "none": "#7b8794",
}
LEVEL_ORDER = ("overdue", "at_risk", "soon", "ok", "stopped", "none")


@dataclass(frozen=True)
class Badge:
    """What the badge shows: a level (see the module docstring), a short text and a longer tooltip."""

    level: str
    text: str
    tooltip: str

    @property
    def color(self) -> str:
        return COLORS[self.level]


def span_text(seconds: int) -> str:
    """``3d 4h`` / ``5h 20m`` / ``12m`` (``3天4小时`` in Chinese) for a non-negative span."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return QCoreApplication.translate("TicketDeadline", "{days}d {hours}h").format(days=days, hours=hours)
    if hours:
        return QCoreApplication.translate("TicketDeadline", "{hours}h {minutes}m").format(hours=hours, minutes=minutes)
    return QCoreApplication.translate("TicketDeadline", "{minutes}m").format(minutes=max(minutes, 1) if seconds else 0)


def widest_text() -> str:
    """A badge text as wide as they usually get (for sizing the column)."""
    return QCoreApplication.translate("TicketDeadline", "Overdue {span}").format(span=span_text(99 * 86400 + 23 * 3600))


def level_of(remaining_s: int | None, *, warn_level: int = 0, has_due: bool = True) -> str:
    """The badge level for the time left (None: the clock stopped).

    The ticket's ``breached`` flag is not used: it stays set after a reopening, whose new deadline counts.
    """
    if remaining_s is None:
        return "stopped" if has_due else "none"
    if remaining_s < 0:
        return "overdue"
    if remaining_s <= AT_RISK_S or warn_level >= 2:
        return "at_risk"
    if remaining_s <= SOON_S or warn_level >= 1:
        return "soon"
    return "ok"


def badge(
    due_at: dt.datetime | None,
    now: dt.datetime,
    *,
    open_clock: bool,
    warn_level: int = 0,
) -> Badge:
    """The badge of a ticket whose deadline is ``due_at`` at ``now``.

    Args:
        due_at: the effective decision deadline (None: no regulatory clock).
        now: the instant to measure from.
        open_clock: False once the ticket is decided, closed or merged.
        warn_level: the warning points the escalation scan has passed.
    """
    if due_at is None:
        return Badge("none", "—", QCoreApplication.translate("TicketDeadline", "No regulatory deadline"))
    due_text = fmt.datetime(due_at)
    if not open_clock:
        return Badge(
            "stopped",
            QCoreApplication.translate("TicketDeadline", "Stopped"),
            QCoreApplication.translate("TicketDeadline", "Clock stopped; the deadline was {due}").format(due=due_text),
        )
    remaining = int((due_at - now).total_seconds())  # both aware (the services hand out UTC)
    level = level_of(remaining, warn_level=warn_level)
    if remaining < 0:
        text = QCoreApplication.translate("TicketDeadline", "Overdue {span}").format(span=span_text(-remaining))
        tip = QCoreApplication.translate("TicketDeadline", "The deadline {due} has passed").format(due=due_text)
    else:
        text = QCoreApplication.translate("TicketDeadline", "{span} left").format(span=span_text(remaining))
        tip = QCoreApplication.translate("TicketDeadline", "Decide by {due}").format(due=due_text)
    return Badge(level, text, tip)


def deadline_look(badge_role: int) -> Callable[[Index], BadgeLook | None]:
    """Badges for the "time left" column: the :class:`Badge` a model puts in ``badge_role``, coloured by level."""

    def look(index: Index) -> BadgeLook | None:
        badge = index.data(badge_role)
        if not isinstance(badge, Badge) or badge.level == "none":
            return None
        return BadgeLook(badge.text, QColor(badge.color), outlined=badge.level == "stopped")

    return look
