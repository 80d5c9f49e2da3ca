"""Fixtures for the telephony tests: a migrated database with a small world, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade

from .world import World, build_world


@pytest.fixture
def world_engine(migrated_engine: Engine) -> tuple[Engine, World]:
    """(engine, world) on both backends."""
    return migrated_engine, build_world(migrated_engine)


def _world_on(url: str) -> Iterator[tuple[Engine, World]]:
    engine = make_engine(url)
    upgrade(engine)
    yield engine, build_world(engine)
    engine.dispose()


@pytest.fixture
def sqlite_world(sqlite_url: str) -> Iterator[tuple[Engine, World]]:
    """(engine, world) on SQLite only, for tests about the HTTP surface rather than the database."""
    yield from _world_on(sqlite_url)


@pytest.fixture
def pg_world(pg_database_url: str) -> Iterator[tuple[Engine, World]]:
    """(engine, world) on PostgreSQL only, for what PostgreSQL does its own way."""
    yield from _world_on(pg_database_url)
