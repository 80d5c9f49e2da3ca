"""Fixtures of the messaging tests: a migrated database with a small bank, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade
from desktop.tasks import TaskManager

from .world import World, build_world


@pytest.fixture
def world(migrated_engine: Engine) -> World:
    """The bank on both backends."""
    return build_world(migrated_engine)


@pytest.fixture
def sqlite_world(sqlite_url: str) -> Iterator[World]:
    """The bank on SQLite only (tests of the HTTP and SMTP surface)."""
    engine = make_engine(sqlite_url)
    upgrade(engine)
    yield build_world(engine)
    engine.dispose()


@pytest.fixture
def tasks(qapp: QApplication, sqlite_world: World) -> Iterator[TaskManager]:
    """The desktop's task manager on the SQLite bank (the messaging screens' tests)."""
    manager = TaskManager(sqlite_world.engine)
    yield manager
    assert manager.shutdown()
