"""The check-in screens' tests run on the real lobby services over a module-scoped seeded SQLite world (the flow
runner's 300 customers and demo staff, every branch with the standard services and counters)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select, update

from db.models import Branch, Customer
from db.write import write_txn
from desktop.tasks import TaskManager
from desktop.ui.lobby.desk import LobbyDesk
from services.audit import AuditTrail
from services.lobby.setup import ensure_branch_setup
from tests.flows import runner_rig
from tests.flows.runner_rig import World

LONG_NAME = "欧阳娜仁其其格·阿依古丽·买买提"


@pytest.fixture(scope="module")
def lobby_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("uia") / "lobby.db"
    built = runner_rig.build(f"sqlite:///{path.as_posix()}", "sqlite")
    with write_txn(built.engine) as conn:
        for branch_id in conn.execute(select(Branch.id)).scalars().all():
            ensure_branch_setup(conn, branch_id)
    try:
        yield built
    finally:
        built.close()


def make_desk(world: World, *, pdf: Path | None = None) -> LobbyDesk:
    from services.lobby.appointments import AppointmentService
    from services.lobby.checkin import CheckinService
    from services.lobby.counters import CounterService
    from services.lobby.floor import FloorService
    from services.lobby.memos import MemoService
    from services.lobby.queue import QueueService
    from services.lobby.referrals import ReferralService

    engine, audit = world.engine, AuditTrail(workstation="uia-test")
    return LobbyDesk(
        queue=QueueService(engine, audit),
        counters=CounterService(engine, audit),
        floor=FloorService(engine, audit),
        checkin=CheckinService(engine, audit),
        memos=MemoService(engine, audit),
        referrals=ReferralService(engine, audit),
        appointments=AppointmentService(engine, audit),
        print_to_pdf=str(pdf) if pdf is not None else None,
    )


@pytest.fixture
def world_tasks(qapp: QApplication, lobby_world: World) -> Iterator[TaskManager]:
    manager = TaskManager(lobby_world.engine)
    yield manager
    assert manager.shutdown()


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(10)


def branch_customer(world: World, username: str = "lobby01", *, offset: int = 0) -> int:
    """A customer of the user's branch with an ID number (in scope for the lobby manager); tests use distinct
    offsets so that their numbers and memos do not meet."""
    branch = world.principal(username).branch_id
    with world.engine.connect() as conn:
        found = conn.execute(
            select(Customer.id)
            .where(Customer.branch_id == branch, Customer.id_number.is_not(None))
            .order_by(Customer.id)
            .offset(offset)
            .limit(1)
        ).scalar()
    assert found is not None, f"the seeded branch {branch} has fewer than {offset + 1} customers"
    return int(found)


def other_branch_customer(world: World, username: str = "lobby01") -> int:
    branch = world.principal(username).branch_id
    with world.engine.connect() as conn:
        found = conn.execute(
            select(Customer.id).where(Customer.branch_id != branch, Customer.id_number.is_not(None)).limit(1)
        ).scalar_one()
    return int(found)


def id_number(world: World, customer_id: int) -> str:
    with world.engine.connect() as conn:
        return str(conn.execute(select(Customer.id_number).where(Customer.id == customer_id)).scalar_one())


def rename(world: World, customer_id: int, name: str) -> None:
    with write_txn(world.engine) as conn:
        conn.execute(update(Customer).where(Customer.id == customer_id).values(name=name))


def shot(widget: QWidget, folder: Path, name: str, size: tuple[int, int]) -> Path:
    """Render ``widget`` at ``size`` to ``folder``/<name>-<w>x<h>.png."""
    folder.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    QApplication.processEvents()
    path = folder / f"{name}-{size[0]}x{size[1]}.png"
    widget.grab().save(str(path))
    return path


def tomorrow() -> dt.date:
    return runner_rig.today() + dt.timedelta(days=1)
