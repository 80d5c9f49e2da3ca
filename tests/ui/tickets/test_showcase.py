"""The screenshot state on the seeded data set: the complaint desk supervisor's at-risk list, one ticket open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from desktop.tasks import TaskManager
from desktop.ticket_showcase import show_representative_state, showcase_principal
from desktop.ui.tickets import TicketsWorkspace
from services.tickets import TicketService

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def seeded_tasks(qapp: QApplication, seeded_engine: Engine) -> Iterator[TaskManager]:
    manager = TaskManager(seeded_engine)
    yield manager
    assert manager.shutdown()


def test_representative_state_from_the_seed(qtbot, seeded_engine: Engine, seeded_tasks: TaskManager) -> None:
    principal = showcase_principal(seeded_engine)
    assert principal.role == "supervisor"
    service = TicketService.open(seeded_engine)
    workspace = TicketsWorkspace(seeded_tasks, service, principal)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 700)
    workspace.show()
    ticket_id = show_representative_state(workspace)
    assert ticket_id is not None
    model = workspace.list.model
    assert model.rowCount() > 0 and model.ticket_id(0) == ticket_id
    assert workspace.list.view_box.currentData() in ("at_risk", "all")
    assert workspace.panel.view.detail.row.id == ticket_id
    assert workspace.panel.header.number.text() == model.record(0).number
    assert workspace.panel.history_model.rowCount() > 0
    assert workspace.panel.pane.state == "content"
    assert not workspace.grab().isNull()
