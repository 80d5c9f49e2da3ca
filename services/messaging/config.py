"""Messaging settings, read once from :class:`services.config.Settings`.

Settings fields (each declared once, with its default, in :class:`services.config.Settings`; in brackets):

* ``message_timezone`` — the bank's zone for quiet hours and for dates in messages [Asia/Shanghai].
* ``message_quiet_hours`` — when marketing messages are held back, local time [21:00-08:00]; service
  messages go at any hour.
* ``bank_name_zh`` / ``bank_name_en`` — the signature of every message [示范银行 / Demo Bank].
* ``sms_per_second`` / ``email_per_second`` — pacing per sender (number or From address) [30 / 10].
* ``smtp_host`` (empty: e-mail is not sent), ``smtp_port`` [587], ``smtp_security`` (``starttls``, ``ssl``
  or ``none`` for a relay on the same host) [starttls], ``smtp_username``, ``smtp_from_address``,
  ``smtp_from_name``, ``smtp_timeout_seconds`` [30]; the password is the keyring's ``smtp_password``.
* ``outbox_lease_seconds`` — a row claimed longer ago than this by a sender that is gone becomes ``unknown``
  and is reconciled [120].
* ``sms_reconcile_grace_seconds`` — an ``unknown`` SMS that Twilio's message list still does not show after
  this long was never accepted and goes back to the queue [120].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.config import DEFAULTS, Settings


def parse_window(text: str) -> tuple[dt.time, dt.time]:
    """``"21:00-08:00"`` → (21:00, 08:00).

    Raises:
        ValueError: not two ``HH:MM`` times separated by ``-``.
    """
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"expected HH:MM-HH:MM, got {text!r}")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


_QUIET = parse_window(DEFAULTS.message_quiet_hours)


@dataclass(frozen=True)
class MessagingConfig:
    """What the messaging services and the outbox sender need to know (defaults: those of :class:`Settings`)."""

    timezone: str = DEFAULTS.message_timezone
    quiet_start: dt.time = _QUIET[0]
    quiet_end: dt.time = _QUIET[1]
    bank_name_zh: str = DEFAULTS.bank_name_zh
    bank_name_en: str = DEFAULTS.bank_name_en
    sms_from: str = DEFAULTS.twilio_number
    public_url: str = DEFAULTS.public_url
    sms_per_second: float = float(DEFAULTS.sms_per_second)
    email_per_second: float = float(DEFAULTS.email_per_second)
    smtp_host: str = DEFAULTS.smtp_host
    smtp_port: int = DEFAULTS.smtp_port
    smtp_security: str = DEFAULTS.smtp_security
    smtp_username: str = DEFAULTS.smtp_username
    smtp_from_address: str = DEFAULTS.smtp_from_address
    smtp_from_name: str = DEFAULTS.smtp_from_name
    smtp_timeout: float = float(DEFAULTS.smtp_timeout_seconds)
    lease_seconds: int = DEFAULTS.outbox_lease_seconds
    reconcile_grace_seconds: int = DEFAULTS.sms_reconcile_grace_seconds

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def bank_name(self, locale: str) -> str:
        return self.bank_name_en if locale.startswith("en") else self.bank_name_zh

    @classmethod
    def from_settings(cls, settings: Settings) -> MessagingConfig:
        """The configuration described by the settings (bad values fall back to defaults)."""
        try:
            quiet_start, quiet_end = parse_window(settings.message_quiet_hours)
        except ValueError:
            quiet_start, quiet_end = cls.quiet_start, cls.quiet_end
        try:
            ZoneInfo(settings.message_timezone)
            timezone = settings.message_timezone
        except (ValueError, KeyError):
            timezone = cls.timezone
        security = settings.smtp_security if settings.smtp_security in ("starttls", "ssl", "none") else "starttls"
        return cls(
            timezone=timezone,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            bank_name_zh=settings.bank_name_zh or cls.bank_name_zh,
            bank_name_en=settings.bank_name_en or cls.bank_name_en,
            sms_from=settings.twilio_number,
            public_url=settings.public_url.rstrip("/"),
            sms_per_second=max(0.1, float(settings.sms_per_second)),
            email_per_second=max(0.1, float(settings.email_per_second)),
            smtp_host=settings.smtp_host,
            smtp_port=int(settings.smtp_port),
            smtp_security=security,
            smtp_username=settings.smtp_username,
            smtp_from_address=settings.smtp_from_address,
            smtp_from_name=settings.smtp_from_name,
            smtp_timeout=max(1.0, float(settings.smtp_timeout_seconds)),
            lease_seconds=max(10, int(settings.outbox_lease_seconds)),
            reconcile_grace_seconds=max(0, int(settings.sms_reconcile_grace_seconds)),
        )
