"""Complaint-handling settings, read once from :class:`services.config.Settings`.

Settings fields (each declared once, with its default, in :class:`services.config.Settings`; in brackets):

* ``ticket_timezone`` — zone of the business calendar and of "end of day" [Asia/Shanghai].
* ``ticket_work_hours`` — working windows of a working day [09:00-12:00,13:30-17:30].
* ``ticket_regulatory_basis`` — ``calendar`` or ``working`` days for the regulator's clock, used when no
  SLA policy row applies [calendar].
* ``ticket_roll_to_working_day`` — a calendar-day deadline on a non-working day moves to the next working
  day (Civil Code art. 203); off is the stricter reading [off].
* ``ticket_warn_points`` — fractions of the regulatory window elapsed (``50%``, ``0.8``) or ISO 8601
  durations before the deadline (``P1D``, ``PT4H``); a policy's own ``warn_points`` win [50%,80%].
* ``ticket_complaint_owner`` — username of the complaint-management owner, escalated to on every breach.
* ``ticket_repeat_window_days`` — a complaint on the same matter within this many days of an open one is
  proposed for merge [30].
* ``ticket_attachment_max_mb`` — largest attachment in MiB [20].

Customer notices are worded by the approved message templates with the messaging settings (the bank's
name and time zone, :class:`~services.messaging.MessagingConfig`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.config import DEFAULTS, Settings
from services.messaging.config import MessagingConfig

from .calendar import Window, parse_hours

MIB = 1024 * 1024


@dataclass(frozen=True)
class TicketConfig:
    """Everything the ticket services need to know about local rules.

    Defaults are the regulator's (15 / 30 / +30 days, review window 30 days) and the bank's
    internal targets when no ``sla_policy`` row applies (business minutes).
    """

    timezone: str = DEFAULTS.ticket_timezone
    work_hours: tuple[Window, ...] = parse_hours(DEFAULTS.ticket_work_hours)
    regulatory_days: int = 15
    complex_days: int = 30
    extension_days: int = 30
    regulatory_working_days: bool = DEFAULTS.ticket_regulatory_basis == "working"
    roll_to_working_day: bool = DEFAULTS.ticket_roll_to_working_day
    first_response_minutes: int = 420  # one business day
    next_update_minutes: int = 1260  # three business days
    warn_points: tuple[str, ...] = tuple(p.strip() for p in DEFAULTS.ticket_warn_points.split(","))
    complaint_owner: str | None = DEFAULTS.ticket_complaint_owner or None
    repeat_window_days: int = DEFAULTS.ticket_repeat_window_days
    review_window_days: int = 30
    attachment_max_bytes: int = DEFAULTS.ticket_attachment_max_mb * MIB
    survey_channel: str = "sms"
    messaging: MessagingConfig = field(default_factory=MessagingConfig)  # bank name and zone of the customer notices

    @classmethod
    def from_settings(cls, settings: Settings) -> TicketConfig:
        """The configuration described by the user's settings (bad values fall back to defaults)."""
        try:
            hours = parse_hours(settings.ticket_work_hours)
        except ValueError:
            hours = cls.work_hours
        points = tuple(p.strip() for p in settings.ticket_warn_points.split(",") if p.strip())
        return cls(
            timezone=settings.ticket_timezone or cls.timezone,
            work_hours=hours,
            regulatory_working_days=settings.ticket_regulatory_basis == "working",
            roll_to_working_day=bool(settings.ticket_roll_to_working_day),
            warn_points=points or cls.warn_points,
            complaint_owner=settings.ticket_complaint_owner or None,
            repeat_window_days=max(1, int(settings.ticket_repeat_window_days)),
            attachment_max_bytes=max(1, int(settings.ticket_attachment_max_mb)) * MIB,
            messaging=MessagingConfig.from_settings(settings),
        )
