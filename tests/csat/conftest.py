"""Fixtures of the satisfaction-survey tests: the small bank with a surveyed queue, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from .world import CsatWorld, build_csat_world


@pytest.fixture
def cw(migrated_engine: Engine) -> CsatWorld:
    return build_csat_world(migrated_engine)
