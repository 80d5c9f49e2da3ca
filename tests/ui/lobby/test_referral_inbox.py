"""Referrals on the desktop: the inbox (new first, overdue in red with its deadline, accept / contacted /
appointment / won / lost, open the customer), the "Sent" list with outcomes, the monthly report and its Excel
export; on fakes, then on the real referral service (SQLite and PostgreSQL, each user's own login)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from desktop.tasks import TaskManager
from desktop.ui.lobby.referral_dialogs import LostDialog, WonDialog
from desktop.ui.lobby.referral_inbox import OVERDUE_COLOR, ReferralInbox
from desktop.ui.lobby.referral_report import ReferralReport
from services.lobby.types import ReferralMonthRow
from tests.ui.lobby import uib_fakes as fk
from tests.ui.lobby.uib_world import threaded, world

__all__ = ["threaded", "world"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def inline_tasks(qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(inline=True)
    yield manager
    assert manager.shutdown()


def inbox_of(qtbot: Any, tasks: TaskManager, referrals: Any, role: str = "customer_manager") -> ReferralInbox:
    page = ReferralInbox(tasks, fk.desk(referrals=referrals), fk.principal(role), clock=lambda: fk.NOW)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=15_000)
    return page


def fake_referrals() -> fk.FakeReferrals:
    return fk.FakeReferrals(
        [
            fk.referral(2, status="accepted"),
            fk.referral(1, customer_name=fk.LONG_NAME, overdue=True, accept_by=fk.NOW - dt.timedelta(minutes=30)),
        ],
        sent=[
            fk.referral(4, status="won", amount=Decimal("500000")),
            fk.referral(5, status="lost", lost_reason="他行"),
        ],
    )


def test_inbox_new_first_overdue_red_and_the_steps(qtbot: Any, inline_tasks: TaskManager, monkeypatch: Any) -> None:
    refs = fake_referrals()
    page = inbox_of(qtbot, inline_tasks, refs)
    assert page.inbox[0].customer_name == fk.LONG_NAME  # the new one first
    assert page.inbox_table.item(0, 4).foreground().color() == OVERDUE_COLOR and page.inbox_table.item(0, 4).text()  # type: ignore[union-attr]
    assert page.buttons["accept"].isEnabled() and not page.buttons["win"].isEnabled()
    page.buttons["accept"].click()
    qtbot.waitUntil(lambda: all(r.status == "accepted" for r in page.inbox))
    with qtbot.waitSignal(page.appointment_requested) as asked:
        page.inbox_table.selectRow([r.id for r in page.inbox].index(1))
        page.buttons["mark_appointment"].click()
    assert asked.args == [51, 1]
    qtbot.waitUntil(lambda: any(r.status == "appointment" for r in page.inbox))

    def won(dialog: WonDialog) -> int:
        dialog.amount_edit.setText("1,200,000")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WonDialog, "exec", won)
    page.inbox_table.selectRow([r.id for r in page.inbox].index(1))
    page.buttons["win"].click()
    qtbot.waitUntil(lambda: [r.id for r in page.inbox] == [2])
    assert refs.items[1].status == "won" and refs.items[1].amount == Decimal("1200000")

    def lost(dialog: LostDialog) -> int:
        dialog.reason_box.setCurrentText("客户已在他行购买")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LostDialog, "exec", lost)
    page.inbox_table.selectRow(0)
    page.buttons["lose"].click()
    qtbot.waitUntil(lambda: page.inbox_pane.state == "empty")
    assert refs.items[2].status == "lost" and refs.items[2].lost_reason == "客户已在他行购买"


def test_dialogs_refuse_empty_input(qtbot: Any) -> None:
    won = WonDialog("张*")
    qtbot.addWidget(won)
    ok = won.buttons.buttons()[0]
    for text, allowed in (("", False), ("abc", False), ("-5", False), ("0", False), ("88,000.50", True)):
        won.amount_edit.setText(text)
        assert ok.isEnabled() is allowed, text
    lost = LostDialog("张*")
    qtbot.addWidget(lost)
    assert not lost.buttons.buttons()[0].isEnabled()


def test_sent_shows_outcomes_and_opens_the_customer(qtbot: Any, inline_tasks: TaskManager) -> None:
    page = inbox_of(qtbot, inline_tasks, fake_referrals(), role="agent")
    assert not page.has_inbox and page.tabs.count() == 1
    outcomes = [page.sent_table.item(r, 5).text() for r in range(page.sent_table.rowCount())]  # type: ignore[union-attr]
    assert "500,000.00" in outcomes[0] and "他行" in outcomes[1]
    with qtbot.waitSignal(page.open_customer) as opened:
        page.sent_table.activated.emit(page.sent_table.model().index(1, 0))
    assert opened.args == [55]


def test_month_report_and_excel_export(qtbot: Any, inline_tasks: TaskManager, tmp_path: Path) -> None:
    refs = fk.FakeReferrals([])
    refs.rows = [
        ReferralMonthRow(3, "刘芳", 1, "陆家嘴支行", 24, 20, 9, 4, 11, Decimal("3250000.5"), 9 / 13),
        ReferralMonthRow(4, "王五", 1, "陆家嘴支行", 2, 0, 0, 0, 2, Decimal(0), None),
    ]
    page = ReferralReport(inline_tasks, fk.desk(referrals=refs), fk.principal("supervisor"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert page.table.item(0, 8).text() == "69 %" and page.table.item(1, 8).text() == "—"  # type: ignore[union-attr]
    page.set_month(dt.date(2026, 1, 15))
    qtbot.waitUntil(lambda: ("month_table", (dt.date(2026, 1, 1),)) in refs.calls)
    out = tmp_path / "referrals.xlsx"
    page.export_to(out)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[1][:7] == ("刘芳", "陆家嘴支行", 24, 20, 9, 4, 11)
    assert rows[1][7] == pytest.approx(3250000.5) and rows[2][8] is None
    refs.rows = []
    page.refresh()
    qtbot.waitUntil(lambda: page.pane.state == "empty")
    assert not page.export_button.isEnabled()


# -- on the real service --------------------------------------------------------------------------------------


def test_a_real_referral_from_the_lobby_to_the_manager(qtbot: Any, world: Any, threaded: Any) -> None:
    from sqlalchemy import select

    from db.models import Customer, User
    from tests.ui.lobby.uib_world import DAY, Clock, engine_of, lobby_desk, local

    lobby = world.principal("lobby01")
    with world.engine.connect() as conn:
        customer = conn.execute(
            select(Customer.id).where(Customer.branch_id == lobby.branch_id).order_by(Customer.id).limit(1)
        ).scalar_one()
    clock = Clock(local(DAY, 10))
    sender = lobby_desk(world, "lobby01", clock, with_session=False)
    made = sender.referrals.create(
        lobby,
        customer,
        interest="wealth",
        amount_band="500k_3m",
        consent_contact=True,
        note="客户咨询养老理财",
        token=uuid.uuid4().hex,
    )
    assert made.to_user_id is not None
    with world.engine.connect() as conn:
        username = conn.execute(select(User.username).where(User.id == made.to_user_id)).scalar_one()
    cm = world.principal(username)
    desk = lobby_desk(world, username, clock, with_session=False)
    tasks = threaded(engine_of(world, username))
    page = ReferralInbox(tasks, desk, cm, clock=clock)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.loaded, timeout=15_000)
    ids = [r.id for r in page.inbox]
    assert made.id in ids
    page.inbox_table.selectRow(ids.index(made.id))
    page.buttons["accept"].click()
    qtbot.waitUntil(lambda: any(r.id == made.id and r.status == "accepted" for r in page.inbox), timeout=15_000)
    page.inbox_table.selectRow([r.id for r in page.inbox].index(made.id))
    page.buttons["mark_contacted"].click()
    qtbot.waitUntil(lambda: any(r.id == made.id and r.status == "contacted" for r in page.inbox), timeout=15_000)
    sent_tasks = threaded(engine_of(world, "lobby01"))
    sent = ReferralInbox(sent_tasks, sender, lobby, clock=clock)
    qtbot.addWidget(sent)
    qtbot.waitUntil(lambda: sent.loaded, timeout=15_000)
    assert not sent.has_inbox and made.id in [r.id for r in sent.sent]
