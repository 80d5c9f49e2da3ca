"""Fixtures for the ticket screens: a migrated SQLite database with the complaint desk of the service tests,
a fixed clock, a real threaded task manager, and principals as the desktop signs them in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade
from desktop.tasks import TaskManager
from services.permissions import Principal
from tests.tickets.conftest import FixedClock, World, build_world, cst

# The offscreen platform cannot pass window size hints on and says so when a shown top-level widget's
# layout changes its minimum size; that is the test platform, not the application.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@dataclass
class Desk:
    """The world of the ticket service tests, with the principals the desktop would sign in."""

    world: World
    tasks: TaskManager

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return self.world.service

    @property
    def agent(self) -> Principal:
        return Principal(self.world.handler, "handler", "agent", team_id=self.world.team, workstation="t")

    @property
    def agent2(self) -> Principal:
        return Principal(self.world.handler2, "handler2", "agent", team_id=self.world.team, workstation="t")

    @property
    def supervisor(self) -> Principal:
        return Principal(self.world.supervisor, "supervisor", "supervisor", team_id=self.world.team, workstation="t")

    def complaint(self, received: dt.datetime, *, by: Principal | None = None, **kw: object) -> int:
        """A complaint received at ``received`` (the clock is left there), registered by ``by`` (the agent)."""
        self.world.clock.set(received)
        data = self.world.complaint(send_receipt=False, **kw)
        return self.service.create_complaint(by or self.world.agent, data).id

    def at(self, when: dt.datetime) -> None:
        self.world.clock.set(when)


@pytest.fixture
def ticket_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def desk(qapp: QApplication, ticket_engine: Engine) -> Iterator[Desk]:
    world = build_world(ticket_engine, FixedClock(cst(2026, 3, 2, 9, 0)))
    manager = TaskManager(ticket_engine)
    yield Desk(world, manager)
    assert manager.shutdown()


@pytest.fixture
def idle(desk: Desk, qtbot) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """Wait until every database task has delivered its result."""

    def wait() -> None:
        assert desk.tasks.wait_idle(10_000)
        qtbot.wait(1)

    return wait
