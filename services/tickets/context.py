"""What every ticket service call needs besides the connection: settings, calendar, taxonomy, time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from db.models.base import utcnow
from services.audit import AuditTrail

from .calendar import BusinessCalendar, as_utc, load_calendar
from .clocks import Policy, policy_by_id, policy_for
from .config import TicketConfig
from .taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:
    from .scanning import ScanHook


@dataclass
class TicketEnv:
    """Long-lived dependencies of the ticket services; build one per process with :meth:`load`.

    Attributes:
        config: local rules (deadlines, hours, warning points, limits).
        calendar: the business calendar (reload with :meth:`reload_calendar` after :func:`sync_calendar`).
        taxonomy: complaint categories.
        clock: returns "now"; tests pass a fixed clock.
        scan_hook: virus scanner for attachments (None: no scanning, files are stored ``unscanned``).
        audit: the audit trail that records refusals and exports (one is made when None).
    """

    config: TicketConfig
    calendar: BusinessCalendar
    taxonomy: Taxonomy
    clock: Callable[[], dt.datetime] = utcnow
    scan_hook: ScanHook | None = None
    audit: AuditTrail | None = None
    _policies: dict[tuple[int | str | None, str], Policy] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls,
        conn: Connection,
        config: TicketConfig | None = None,
        *,
        data_dir: Path | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        scan_hook: ScanHook | None = None,
        audit: AuditTrail | None = None,
    ) -> TicketEnv:
        """Read the calendar from the database and the taxonomy from ``data_dir`` (or the packaged file)."""
        config = config or TicketConfig()
        calendar = load_calendar(conn, hours=config.work_hours, tz=config.timezone)
        return cls(config, calendar, load_taxonomy(data_dir), clock, scan_hook, audit or AuditTrail(clock=clock))

    def reload_calendar(self, conn: Connection) -> None:
        self.calendar = load_calendar(conn, hours=self.config.work_hours, tz=self.config.timezone)

    def now(self) -> dt.datetime:
        """The current instant, aware UTC, whole microseconds as the databases store them."""
        return as_utc(self.clock())

    def policy(self, conn: Connection, policy_id: int | None, kind: str) -> Policy:
        """A ticket's SLA policy, cached (policies change rarely; restart after editing them)."""
        key = (policy_id, kind)
        if key not in self._policies:
            self._policies[key] = policy_by_id(conn, self.config, policy_id, kind)
        return self._policies[key]

    def policy_for(self, conn: Connection, kind: str, severity: str) -> Policy:
        """The policy a new ticket of this kind and severity gets, cached like :meth:`policy`."""
        key = (f"new:{severity}", kind)
        if key not in self._policies:
            self._policies[key] = policy_for(conn, self.config, kind, severity)
        return self._policies[key]
