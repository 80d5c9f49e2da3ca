"""Shared fixtures: offscreen Qt, throwaway databases built by the migrations, seeded data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONTACTDESK_LOG_LEVEL", "WARNING")
# The recurring jobs (the escalation scan) write to the database on their own: only the tests that are about
# them turn them on (gateway processes and desktops started by other tests leave the data as the test made it).
os.environ.setdefault("CONTACTDESK_ESCALATION_SCAN_SECONDS", "0")

from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade

SMALL_SEED_CUSTOMERS = 600


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder; nothing touches the real one."""
    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CONTACTDESK_DATA_DIR", str(data_dir))
    monkeypatch.delenv("CONTACTDESK_DATABASE_URL", raising=False)
    return data_dir


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh, empty SQLite file."""
    return f"sqlite:///{(tmp_path / 'test.db').as_posix()}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: once SQLite, once PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'any.db').as_posix()}"
    return str(request.getfixturevalue("pg_database_url"))


@pytest.fixture
def migrated_engine(any_url: str) -> Iterator[Engine]:
    """An engine on a fresh database built by running every migration (both backends)."""
    engine = make_engine(any_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def seeded_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small deterministic data set in SQLite, built once per session. Treat as read-only."""
    from db.seed import seed_database
    from services.demo_accounts import set_demo_passwords

    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    url = f"sqlite:///{path.as_posix()}"
    engine = make_engine(url)
    upgrade(engine)
    seed_database(engine, SMALL_SEED_CUSTOMERS, seed=7)
    set_demo_passwords(engine)  # the desktop signs in as the demo users (password DEMO_PASSWORD)
    engine.dispose()
    return url


@pytest.fixture
def seeded_engine(seeded_sqlite_url: str) -> Iterator[Engine]:
    """Engine on the session's seeded SQLite data set (read-only use)."""
    engine = make_engine(seeded_sqlite_url)
    yield engine
    engine.dispose()
