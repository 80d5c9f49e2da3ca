"""The one desktop module that imports the gateway.

Three things need the gateway's code inside a desktop process:

* ``contactdesk demo`` runs the gateway and the Twilio simulator in-process (:func:`start_demo_line`), so one
  command gives a working phone line on one machine, and the demo branch's colleagues at their counters
  (:func:`start_lobby_robots`);
* on the embedded database (``contactdesk demo``, ``contactdesk app`` without a shared database) there is no
  gateway process to run the recurring jobs, so the desktop runs them itself, on threads of their own
  (:func:`start_embedded_jobs`);
* the one ``contactdesk`` console script also offers the gateway's own sub-commands (``gateway``,
  ``simulate``) and benchmarks (:data:`SERVER_COMMANDS`, :data:`SERVER_BENCHMARKS`).

Everything else in ``desktop`` reaches the phone system through the shared database (``services.calls``,
``services.call_control``); ``tests/test_layers.py`` holds every other desktop module to that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from gateway.bench import BENCHMARKS as SERVER_BENCHMARKS
from gateway.commands import serve, simulate
from services.config import Settings

SERVER_COMMANDS = (serve, simulate)
EMBEDDED_FIRST_DELAY = 5.0  # seconds from opening the embedded database to the first run of each job

__all__ = ["SERVER_BENCHMARKS", "SERVER_COMMANDS", "start_demo_line", "start_embedded_jobs", "start_lobby_robots"]


def start_lobby_robots(engine: Engine) -> Any:
    """Start the demo branch's colleagues at their counters and its kiosk (None when the data has no demo branch)."""
    from desktop.demo_lobby import robot_staff
    from gateway.lobby_robots import LobbyRobots

    found = robot_staff(engine)
    if found is None:
        return None
    branch, staff, counters, kiosk = found
    return LobbyRobots(engine, branch, staff, counters, kiosk).start()


def start_demo_line(engine: Engine, settings: Settings, *, robot_agents: Sequence[int], traffic: bool) -> Any:
    """Start the demo's gateway, Twilio simulator and robot agents in this process; returns their handles."""
    from gateway.inprocess import start_inprocess

    return start_inprocess(engine, settings, robot_agents=robot_agents, traffic=traffic)


def start_embedded_jobs(engine: Engine, settings: Settings, *, escalation_scan: float | None = None) -> Any:
    """Start the gateway's recurring jobs (the escalation scan) in this process, off the GUI thread.

    ``escalation_scan`` is the scan's interval in seconds (None: ``CONTACTDESK_ESCALATION_SCAN_SECONDS``, else
    60; 0: off).  Returns the running :class:`gateway.jobs.JobScheduler` (``stop()`` it before the engine is
    disposed), or None when every job is turned off.
    """
    from gateway.standard_jobs import build_scheduler

    # The first run waits a little: signing in and the first screens go before the scan's writes.
    scheduler = build_scheduler(
        engine, settings, escalation_scan=escalation_scan, first_delay=EMBEDDED_FIRST_DELAY, name="embedded"
    )
    return scheduler.start() if scheduler is not None else None
