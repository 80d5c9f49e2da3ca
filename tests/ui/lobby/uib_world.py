"""The floor screens on the real lobby services: a seeded world (SQLite and PostgreSQL, tests/lobby), a desk of
services for one of its users (on PostgreSQL under that user's own login) and a threaded task manager on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from desktop.tasks import TaskManager
from desktop.ui.lobby.desk import LobbyDesk
from services.lobby.appointments import AppointmentService
from services.lobby.checkin import CheckinService
from services.lobby.counters import CounterService
from services.lobby.floor import FloorService
from services.lobby.memos import MemoService
from services.lobby.queue import QueueService
from services.lobby.referrals import ReferralService
from tests.flows.runner_rig import World
from tests.lobby.conftest import world
from tests.lobby.queue_rig import Clock, local, reset_branch, session

__all__ = ["Clock", "local", "reset_branch", "session", "world"]

DAY = dt.date(2031, 3, 4)  # the branch-local day of the tests (the clock is injected)


def engine_of(w: World, username: str) -> Engine:
    return w.login(username) if w.backend == "postgresql" else w.engine


def lobby_desk(w: World, username: str, clock: Clock, *, with_session: bool = True) -> LobbyDesk:
    """Every lobby service for ``username`` (their own login on PostgreSQL), and a desktop session."""
    engine = engine_of(w, username)
    kw: dict[str, Any] = {"clock": clock}
    return LobbyDesk(
        queue=QueueService(engine, w.audit, **kw),
        counters=CounterService(engine, w.audit, **kw),
        floor=FloorService(engine, w.audit, **kw),
        checkin=CheckinService(engine, w.audit, **kw),
        memos=MemoService(engine, w.audit, **kw),
        referrals=ReferralService(engine, w.audit, **kw),
        appointments=AppointmentService(engine, w.audit, **kw),
        session_id=session(w, username, clock.now) if with_session else None,
    )


@pytest.fixture
def threaded(qapp: QApplication) -> Iterator[Any]:
    """Makes threaded task managers on an engine; shuts them all down after the test."""
    made: list[TaskManager] = []

    def make(engine: Engine) -> TaskManager:
        manager = TaskManager(engine)
        made.append(manager)
        return manager

    yield make
    for manager in made:
        assert manager.shutdown()


def idle(qtbot: Any, *managers: TaskManager) -> None:
    for _ in range(3):
        for manager in managers:
            assert manager.wait_idle(15_000)
        qtbot.wait(20)
