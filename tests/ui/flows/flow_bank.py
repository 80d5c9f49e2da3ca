"""A copy of the session's seeded database with the starter templates and flows (and their demo runs), for the
flow editor and analytics UI tests: the seed's supervisors author and approve, a task manager runs on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine, select, update

from db.engine import make_engine
from db.models import MessageTemplate, User
from db.write import write_txn
from desktop.tasks import TaskManager
from services.audit import AuditTrail
from services.flows.definition import FlowDefinition
from services.flows.starters import install_starter_flows
from services.messaging import install_starter_templates
from services.permissions import Principal

__all__ = ["FlowBank", "flow_bank_fixture", "tasks_fixture"]


@dataclass
class FlowBank:
    engine: Engine
    audit: AuditTrail
    author: Principal
    approver: Principal

    def retire_templates_of(self, defn: FlowDefinition) -> None:
        """Retire every message template ``defn`` sends (a template retired after the flow was approved)."""
        codes = {s.action.template for s in defn.steps if s.action is not None and s.action.template}
        with write_txn(self.engine) as conn:
            conn.execute(update(MessageTemplate).where(MessageTemplate.code.in_(codes)).values(status="retired"))


def _principal(engine: Engine, username: str) -> Principal:
    with engine.connect() as conn:
        row = conn.execute(select(User.id, User.role_code, User.branch_id).where(User.username == username)).one()
    return Principal(user_id=int(row.id), username=username, role=row.role_code, branch_id=row.branch_id)


@pytest.fixture(scope="module", name="flow_bank")
def flow_bank_fixture(seeded_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlowBank]:
    source = Path(seeded_sqlite_url.removeprefix("sqlite:///"))
    path = tmp_path_factory.mktemp("flow_ui") / "flows.db"
    shutil.copyfile(source, path)
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    install_starter_templates(engine)
    install_starter_flows(engine)
    with engine.connect() as conn:
        supervisors = list(
            conn.execute(select(User.username).where(User.role_code == "supervisor").order_by(User.id)).scalars()
        )
    assert len(supervisors) >= 2, "the seed has two supervisors (author and approver)"
    yield FlowBank(
        engine, AuditTrail(workstation="test"), _principal(engine, supervisors[0]), _principal(engine, supervisors[1])
    )
    engine.dispose()


@pytest.fixture(name="tasks")
def tasks_fixture(qapp: QApplication, flow_bank: FlowBank) -> Iterator[TaskManager]:
    manager = TaskManager(flow_bank.engine)
    yield manager
    assert manager.shutdown()
