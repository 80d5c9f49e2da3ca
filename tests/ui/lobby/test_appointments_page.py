"""Today's appointments: by slot with their status, check-in issues the number (and shows it), cancel asks
first; on fakes, then on the real services (SQLite and PostgreSQL) with a booked customer checked in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.tasks import TaskManager
from desktop.ui.lobby.appointments_page import AppointmentsPage
from tests.ui.lobby import uib_fakes as fk
from tests.ui.lobby.uib_world import threaded, world

__all__ = ["threaded", "world"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def inline_tasks(qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(inline=True)
    yield manager
    assert manager.shutdown()


def fake_day() -> fk.FakeAppointments:
    return fk.FakeAppointments(
        [
            fk.appointment(3, 15, status="served"),
            fk.appointment(1, 9, status="checked_in", ticket_id=4),
            fk.appointment(2, 11, customer_name=fk.LONG_NAME, note="办理大额存单转存"),
        ]
    )


def make(qtbot: Any, tasks: TaskManager, apps: Any, queue: Any) -> AppointmentsPage:
    page = AppointmentsPage(
        tasks, fk.desk(appointments=apps, queue=queue), fk.principal("lobby_manager"), clock=lambda: fk.NOW
    )
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=15_000)
    return page


def test_by_slot_check_in_and_cancel(qtbot: Any, inline_tasks: TaskManager, monkeypatch: Any) -> None:
    apps, queue = fake_day(), fk.FakeQueue()
    page = make(qtbot, inline_tasks, apps, queue)
    assert [page.table.item(r, 0).text()[:5] for r in range(3)] == ["09:00", "11:00", "15:00"]  # type: ignore[union-attr]
    chosen = page.current()
    assert chosen is not None and chosen.id == 2  # the next booked one is chosen
    assert page.check_in_button.isEnabled()
    page.check_in_button.click()
    qtbot.waitUntil(lambda: page.issued is not None)
    assert queue.calls[0][0] == "issue" and queue.calls[0][1][1]["appointment_id"] == 2
    assert queue.calls[0][1][1]["customer_id"] == 62
    assert "D015" in page.number.text()
    page.table.selectRow(0)  # checked in already: nothing to do
    assert not page.check_in_button.isEnabled() and not page.cancel_button.isEnabled()
    page.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.cancel_button.click()
    assert apps.calls == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.cancel_button.click()
    qtbot.waitUntil(lambda: apps.items[2].status == "cancelled")


def test_no_appointments_today(qtbot: Any, inline_tasks: TaskManager) -> None:
    page = make(qtbot, inline_tasks, fk.FakeAppointments([]), fk.FakeQueue())
    assert page.pane.state == "empty" and page.pane.empty.detail.text()
    assert not page.check_in_button.isEnabled()


def test_a_real_check_in_issues_the_number(qtbot: Any, world: Any, threaded: Any) -> None:
    from sqlalchemy import select

    from db.models import Customer
    from tests.ui.lobby.uib_world import DAY, Clock, engine_of, lobby_desk, local, reset_branch

    me = world.principal("lobby01")
    branch = me.branch_id
    reset_branch(world, branch)
    with world.engine.connect() as conn:
        customer = conn.execute(
            select(Customer.id).where(Customer.branch_id == branch).order_by(Customer.id.desc()).limit(1)
        ).scalar_one()
    clock = Clock(local(DAY, 9))
    desk = lobby_desk(world, "lobby01", clock, with_session=False)
    booked = desk.appointments.book(
        me, customer, branch, "wealth", local(DAY, 10), channel="phone", token=uuid.uuid4().hex
    )
    clock.advance(minutes=55)
    tasks = threaded(engine_of(world, "lobby01"))
    page = AppointmentsPage(tasks, desk, me, clock=clock)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=15_000)
    ids = [a.id for a in page.items]
    assert booked.id in ids
    page.table.selectRow(ids.index(booked.id))
    page.check_in_button.click()
    qtbot.waitUntil(lambda: page.issued is not None, timeout=15_000)
    assert page.issued.ticket.number.startswith("D") and page.issued.ticket.number in page.number.text()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: any(a.id == booked.id and a.status == "checked_in" for a in page.items), timeout=15_000)
