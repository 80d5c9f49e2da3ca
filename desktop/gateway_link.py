"""The one desktop module that imports the gateway.

Two things need the gateway's code inside a desktop process:

* ``contactdesk demo`` runs the gateway and the Twilio simulator in-process (:func:`start_demo_line`), so one
  command gives a working phone line on one machine;
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

__all__ = ["SERVER_BENCHMARKS", "SERVER_COMMANDS", "start_demo_line"]


def start_demo_line(engine: Engine, settings: Settings, *, robot_agents: Sequence[int], traffic: bool) -> Any:
    """Start the demo's gateway, Twilio simulator and robot agents in this process; returns their handles."""
    from gateway.inprocess import start_inprocess

    return start_inprocess(engine, settings, robot_agents=robot_agents, traffic=traffic)
