"""The jobs ContactDesk runs: which, how often, and how each is built.

- the complaint at-risk scan (:class:`EscalationScan`), every :data:`DEFAULT_SCAN_SECONDS` unless
  ``CONTACTDESK_ESCALATION_SCAN_SECONDS`` (or ``contactdesk gateway --scan-interval``) says otherwise; ``0`` turns
  it off in that process;
- the desk watch (:class:`DeskWatch`), every :data:`DESK_WATCH_SECONDS`: agents whose desktop is gone without
  signing out are set offline, so the wallboard does not count them as waiting for calls;
- the lobby's jobs (:mod:`.lobby_jobs`): near-turn SMS, referral escalations and leavers' referrals, missed
  appointments.
- the after-call satisfaction surveys (:class:`CsatSurveys`), every :data:`CSAT_SURVEY_SECONDS`: decide per
  completed call, send the due surveys, expire the unanswered (:mod:`services.csat.sending`).

The gateway runs these jobs (:func:`gateway.gateway.create_app` with ``jobs=``, built in :mod:`.asgi`);
the embedded desktop runs the same ones in-process (:func:`desktop.gateway_link.start_embedded_jobs`).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine

from services.config import Settings

from .jobs import Job, JobScheduler

log = logging.getLogger(__name__)

SCAN_ENV = "CONTACTDESK_ESCALATION_SCAN_SECONDS"
DEFAULT_SCAN_SECONDS = 60.0
ESCALATION_SCAN = "escalation_scan"
SERVICE_RELOAD_SECONDS = 3600.0  # the scan re-reads the business calendar and the policies this often


def scan_interval(environ: Mapping[str, str] | None = None) -> float:
    """The escalation scan's interval in seconds from the environment (0: off).

    Raises:
        ValueError: not a number, or negative.
    """
    raw = (os.environ if environ is None else environ).get(SCAN_ENV, "").strip()
    if not raw:
        return DEFAULT_SCAN_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{SCAN_ENV}={raw!r} is not a number of seconds") from None
    if value < 0 or value != value:
        raise ValueError(f"{SCAN_ENV}={raw!r}: the interval cannot be negative (0 turns the scan off)")
    return value


class EscalationScan:
    """The complaint at-risk scan (:meth:`services.tickets.TicketService.scan`) as a job.

    Warnings, breaches and escalations are written as ticket events, each once (guarded updates, unique
    escalation rows), with alerts to the handler, the supervisor and the complaint-management owner
    (:mod:`services.tickets.alerts`).  The ticket service is made at the first run (it reads the business
    calendar from the database) and made again every :data:`SERVICE_RELOAD_SECONDS`, so that a calendar or
    policy change reaches a long-running gateway.
    """

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self._service: Any = None
        self._made = 0.0

    def service(self) -> Any:
        from services.tickets import TicketService
        from services.tickets.config import TicketConfig

        if self._service is None or time.monotonic() - self._made > SERVICE_RELOAD_SECONDS:
            self._service = TicketService.open(
                self.engine, config=TicketConfig.from_settings(self.settings), data_dir=self.settings.data_dir
            )
            self._made = time.monotonic()
        return self._service

    def __call__(self) -> dict[str, int]:
        return dataclasses.asdict(self.service().scan())


DESK_WATCH = "desk_watch"
DESK_WATCH_SECONDS = 30.0


class DeskWatch:
    """Sets offline the agents waiting for calls whose desk is gone (:func:`services.agent_states.release_lost_desks`).

    Routing already skips them; this makes their state say so.  Idempotent: a second run, or a second gateway,
    finds nobody left to change.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> dict[str, int]:
        from db.write import utcnow, write_txn
        from services import agent_states

        with write_txn(self.engine) as conn:
            released = agent_states.release_lost_desks(conn, utcnow())
        if released:
            log.info("desk watch: %d agent(s) set offline, their desks are gone: %s", len(released), released)
        return {"released": len(released)}


CSAT_SURVEYS = "csat_surveys"
CSAT_SURVEY_SECONDS = 60.0


class CsatSurveys:
    """The after-call satisfaction surveys (:mod:`services.csat.sending`): decide, release the due, expire.

    Each step is idempotent (a unique survey per call, guarded status moves, one outbox key per call), so a
    second gateway, a rerun or a run killed halfway leaves the same result.
    """

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    def __call__(self) -> dict[str, int]:
        from db.write import utcnow, write_txn
        from services.csat import sending
        from services.messaging.config import MessagingConfig

        config = MessagingConfig.from_settings(self.settings)
        now = utcnow()
        with write_txn(self.engine) as conn:
            decided = sending.decide(conn, now, config.tz)
            released = sending.release(conn, now, config)
            expired = sending.expire(conn, now)
        return {
            "surveys": decided["pending"],
            "skipped": decided["skipped"] + released["skipped"],
            "sent": released["sent"],
            "expired": expired,
        }


REPORT_AGGREGATES = "report_aggregates"
REPORT_AGGREGATES_SECONDS = 60.0


class ReportAggregates:
    """Keeps the reports' aggregates up to date (:func:`services.reports.aggregate.refresh`).

    Idempotent: it recomputes the buckets that changed from their calls and complaints, so a second run or a
    second gateway writes the same rows.  The first run backfills the history.
    """

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.timezone = settings.ticket_timezone or "Asia/Shanghai"

    def __call__(self) -> dict[str, int]:
        from services.reports.aggregate import refresh

        return refresh(self.engine, timezone=self.timezone)


def standard_jobs(
    engine: Engine, settings: Settings, *, escalation_scan: float | None = None, first_delay: float = 0.0
) -> list[Job]:
    """The jobs to run.

    Args:
        escalation_scan: the scan's interval in seconds (None: from the environment; 0: off).
        first_delay: seconds before a job's first run (at most its interval).
    """
    interval = scan_interval() if escalation_scan is None else escalation_scan
    jobs = []
    if interval > 0:
        scan = EscalationScan(engine, settings)
        jobs.append(Job(ESCALATION_SCAN, interval, scan, first_delay=min(first_delay, interval)))
    jobs.append(Job(DESK_WATCH, DESK_WATCH_SECONDS, DeskWatch(engine), first_delay=0.0))
    from .lobby_jobs import NEAR_TURN, NEAR_TURN_SECONDS, SWEEP, SWEEP_SECONDS, LobbySweep, NearTurnNotices

    jobs.append(
        Job(NEAR_TURN, NEAR_TURN_SECONDS, NearTurnNotices(engine), first_delay=min(first_delay, NEAR_TURN_SECONDS))
    )
    jobs.append(
        Job(
            SWEEP,
            SWEEP_SECONDS,
            LobbySweep(engine, settings.referral_accept_minutes),
            first_delay=min(first_delay, SWEEP_SECONDS),
        )
    )
    jobs.append(
        Job(
            CSAT_SURVEYS,
            CSAT_SURVEY_SECONDS,
            CsatSurveys(engine, settings),
            first_delay=min(first_delay, CSAT_SURVEY_SECONDS),
        )
    )
    jobs.append(
        Job(
            REPORT_AGGREGATES,
            REPORT_AGGREGATES_SECONDS,
            ReportAggregates(engine, settings),
            first_delay=min(first_delay, REPORT_AGGREGATES_SECONDS),
        )
    )
    return jobs


def build_scheduler(
    engine: Engine,
    settings: Settings,
    *,
    escalation_scan: float | None = None,
    first_delay: float = 0.0,
    name: str = "gateway",
) -> JobScheduler | None:
    """A scheduler of the standard jobs (not started), or None when every job is turned off."""
    jobs = standard_jobs(engine, settings, escalation_scan=escalation_scan, first_delay=first_delay)
    if not jobs:
        log.info("%s: no recurring jobs (turned off)", name)
        return None
    return JobScheduler(engine, jobs, name=name)
