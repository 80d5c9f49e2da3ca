"""The lobby's tests share the flow runner's seeded world (300 customers, the demo staff, per-user logins on
PostgreSQL), with the standard service types and counters set up at every branch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from db.models import Branch
from db.write import write_txn
from services.lobby.setup import ensure_branch_setup
from tests.flows import runner_rig
from tests.flows.runner_rig import World


def lobby_world(backend: str, request: pytest.FixtureRequest, tmp: pytest.TempPathFactory) -> Iterator[World]:
    """The seeded world on ``backend`` with every branch's lobby set up."""
    for built in runner_rig.world(backend, request, tmp):
        with write_txn(built.engine) as conn:
            for branch_id in conn.execute(select(Branch.id)).scalars().all():
                ensure_branch_setup(conn, branch_id)
        yield built


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from lobby_world(request.param, request, tmp_path_factory)


@pytest.fixture(scope="module")
def embedded_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The world on SQLite only: what the demo (the embedded database) runs on."""
    yield from lobby_world("sqlite", request, tmp_path_factory)
