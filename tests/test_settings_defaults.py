"""Each setting's default is declared once, in services.config.Settings; the narrower configurations follow it."""

from __future__ import annotations

import dataclasses

from services.config import DEFAULTS, Settings
from services.messaging.config import MessagingConfig
from services.tickets.config import TicketConfig


def test_messaging_and_ticket_defaults_are_the_settings_defaults() -> None:
    assert MessagingConfig() == MessagingConfig.from_settings(DEFAULTS)
    assert TicketConfig() == TicketConfig.from_settings(DEFAULTS)


def test_a_changed_declaration_reaches_the_narrow_configurations(tmp_path) -> None:
    changed = dataclasses.replace(
        Settings(data_dir=tmp_path), message_quiet_hours="22:30-07:15", ticket_attachment_max_mb=5, smtp_port=2525
    )
    messaging, tickets = MessagingConfig.from_settings(changed), TicketConfig.from_settings(changed)
    assert (messaging.quiet_start.hour, messaging.quiet_start.minute, messaging.quiet_end.hour) == (22, 30, 7)
    assert messaging.smtp_port == 2525
    assert tickets.attachment_max_bytes == 5 * 1024 * 1024
    assert tickets.messaging == messaging


def test_bad_values_fall_back_to_the_declared_defaults(tmp_path) -> None:
    bad = dataclasses.replace(
        Settings(data_dir=tmp_path), message_quiet_hours="late", message_timezone="Mars/Olympus", ticket_work_hours="x"
    )
    messaging, tickets = MessagingConfig.from_settings(bad), TicketConfig.from_settings(bad)
    assert (messaging.quiet_start, messaging.quiet_end, messaging.timezone) == (
        MessagingConfig().quiet_start,
        MessagingConfig().quiet_end,
        DEFAULTS.message_timezone,
    )
    assert tickets.work_hours == TicketConfig().work_hours
