"""Fixtures for the wallboard tests: a migrated database with a small floor, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from .world import Floor, build_floor


@pytest.fixture
def floor(migrated_engine: Engine) -> tuple[Engine, Floor]:
    """(engine, floor) on both backends."""
    return migrated_engine, build_floor(migrated_engine)
