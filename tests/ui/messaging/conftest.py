"""Fixtures of the messaging screens' UI tests: the messaging tests' small bank on SQLite and a task manager on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from contactdesk.db.engine import make_engine
from contactdesk.db.migrate import upgrade
from contactdesk.desktop.tasks import TaskManager
from tests.messaging.world import World, build_world


@pytest.fixture
def sqlite_world(sqlite_url: str) -> Iterator[World]:
    """The bank of :mod:`tests.messaging.world` on a fresh SQLite database."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield build_world(engine)
    engine.dispose()


@pytest.fixture
def tasks(qapp: QApplication, sqlite_world: World) -> Iterator[TaskManager]:
    """The desktop's task manager on the SQLite bank (replaces the seeded-database one of tests/ui)."""
    manager = TaskManager(sqlite_world.engine)
    yield manager
    assert manager.shutdown()
