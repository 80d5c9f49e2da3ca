"""The referral and appointment dialogs on the real services: consent required and unticked by default, one
referral for a double submit, a refusal keeping everything typed, who it went to; the slots of a day with their
free places, a full slot not offered, a booking made with the lobby's channel and its SMS line."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from db.models import Referral
from db.models.branch_lobby import Appointment
from desktop.tasks import TaskManager
from desktop.ui.lobby.appointment_dialog import AppointmentDialog, channel_for
from desktop.ui.lobby.referral_dialog import ReferralDialog
from tests.flows.runner_rig import World
from tests.ui.lobby.uia_rig import (
    LONG_NAME,
    branch_customer,
    lobby_world,
    make_desk,
    other_branch_customer,
    settle,
    tomorrow,
    world_tasks,
)

__all__ = ["lobby_world", "world_tasks"]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def referrals_of(world: World, customer_id: int) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(Referral.customer_id == customer_id)).scalar_one())


def referral_dialog(qtbot: Any, tasks: TaskManager, world: World, customer_id: int) -> ReferralDialog:
    dialog = ReferralDialog(
        tasks, make_desk(world), world.principal("lobby01"), customer_id, source="checkin", customer_name=LONG_NAME
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_referral_needs_explicit_consent_and_goes_to_a_manager_once(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    cid = branch_customer(lobby_world, offset=1)
    dialog = referral_dialog(qtbot, world_tasks, lobby_world, cid)
    assert not dialog.consent.isChecked()
    dialog.interest.setCurrentIndex(dialog.interest.findData("wealth"))
    dialog.amount.setCurrentIndex(dialog.amount.findData("500k_3m"))
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("high"))
    dialog.note.setPlainText("五十万定期下周到期，想了解稳健理财")
    dialog.submit_button.click()
    settle(qtbot, world_tasks)
    assert dialog.message.isVisible() and "agree to be contacted" in dialog.message.text()
    assert referrals_of(lobby_world, cid) == 0 and dialog.isVisible()
    dialog.consent.setChecked(True)
    with qtbot.waitSignal(dialog.referred, timeout=10_000) as referred:
        dialog.submit_button.click()
    view = referred.args[0]
    assert (view.interest, view.amount_band, view.urgency, view.consent_contact) == ("wealth", "500k_3m", "high", True)
    assert view.source == "checkin" and view.note == "五十万定期下周到期，想了解稳健理财"
    assert view.to_user_name and view.to_user_name in dialog.outcome.text()
    assert not dialog.message.isVisible() and dialog.submit_button.text() == "Close"
    # The same dialog's token again (a double tap that got through) is the same referral.
    again = make_desk(lobby_world).referrals.create(
        lobby_world.principal("lobby01"), cid, interest="wealth", consent_contact=True, token=dialog.token
    )
    assert again.id == view.id and referrals_of(lobby_world, cid) == 1
    dialog.submit_button.click()
    assert dialog.result() == ReferralDialog.DialogCode.Accepted


def test_a_refused_referral_keeps_what_was_typed(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    cid = other_branch_customer(lobby_world)  # out of the lobby manager's scope: the service refuses
    dialog = referral_dialog(qtbot, world_tasks, lobby_world, cid)
    dialog.note.setPlainText("客户想咨询房贷提前还款")
    dialog.consent.setChecked(True)
    dialog.submit_button.click()
    settle(qtbot, world_tasks)
    assert dialog.isVisible() and dialog.message.isVisible() and dialog.message.text()
    assert dialog.note.toPlainText() == "客户想咨询房贷提前还款" and dialog.consent.isChecked()
    assert dialog.submit_button.isEnabled() and dialog.result_view is None
    assert referrals_of(lobby_world, cid) == 0


def appointment_dialog(qtbot: Any, tasks: TaskManager, world: World, customer_id: int) -> AppointmentDialog:
    principal = world.principal("lobby01")
    dialog = AppointmentDialog(
        tasks, make_desk(world), principal, customer_id, branch_id=principal.branch_id, customer_name=LONG_NAME
    )
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, tasks)
    with qtbot.waitSignal(dialog.slots_loaded, timeout=10_000):
        dialog.day.setDate(QDate(tomorrow().year, tomorrow().month, tomorrow().day))
    settle(qtbot, tasks)
    return dialog


def test_book_a_slot_for_tomorrow(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    cid = branch_customer(lobby_world, offset=2)
    dialog = appointment_dialog(qtbot, world_tasks, lobby_world, cid)
    assert dialog.branch_id() == lobby_world.principal("lobby01").branch_id
    assert dialog.service.currentData() == "cash" and dialog.slots.count() == 16
    assert dialog.slots.item(0).text().startswith("09:00 – 09:30") and "2 of 2 free" in dialog.slots.item(0).text()
    dialog.service.setCurrentIndex(dialog.service.findData("wealth"))
    qtbot.waitUntil(lambda: dialog.slots.count() == 16)
    dialog.slots.setCurrentRow(3)
    start = dialog.selected_slot()
    dialog.note.setText("理财产品到期咨询")
    with qtbot.waitSignal(dialog.booked, timeout=10_000) as booked:
        qtbot.keyClick(dialog.slots, Qt.Key.Key_Return)
    view = booked.args[0]
    assert view.slot_start == start and view.service_code == "wealth" and view.channel == "branch"
    assert view.note == "理财产品到期咨询" and "10:30 – 11:00" in dialog.outcome.text()
    assert len(dialog.outcome.text().splitlines()) == 2  # and whether the SMS confirmation went
    with lobby_world.engine.connect() as conn:
        assert conn.execute(select(Appointment.channel).where(Appointment.id == view.id)).scalar_one() == "branch"
    # Another dialog shows the place taken.
    second = appointment_dialog(qtbot, world_tasks, lobby_world, branch_customer(lobby_world, offset=3))
    second.service.setCurrentIndex(second.service.findData("wealth"))
    qtbot.waitUntil(lambda: second.slots.count() == 16 and "1 of 2 free" in second.slots.item(3).text())


def test_a_full_slot_is_not_offered(qtbot: Any, world_tasks: TaskManager, lobby_world: World) -> None:
    desk, principal = make_desk(lobby_world), lobby_world.principal("lobby01")
    first_slot = desk.appointments.slots(principal.branch_id, "loan", tomorrow())[0]
    for offset in (4, 5):  # the slot's two places go to two other customers
        desk.appointments.book(
            principal, branch_customer(lobby_world, offset=offset), principal.branch_id, "loan",
            first_slot.start, channel="branch", token=f"full-{offset}",
        )  # fmt: skip
    dialog = appointment_dialog(qtbot, world_tasks, lobby_world, branch_customer(lobby_world, offset=6))
    dialog.service.setCurrentIndex(dialog.service.findData("loan"))
    qtbot.waitUntil(lambda: dialog.slots.count() == 16 and "full" in dialog.slots.item(0).text())
    assert not dialog.slots.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.slots.currentRow() == 1  # the first time with room is chosen
    dialog.slots.setCurrentRow(0)
    assert dialog.selected_slot() is None


def test_the_channel_follows_the_role() -> None:
    assert channel_for("agent") == "phone"
    assert channel_for("customer_manager") == "manager"
    assert channel_for("lobby_manager") == "branch"


def test_the_360_view_gets_the_memo_and_the_lobby_actions(
    qtbot: Any, world_tasks: TaskManager, lobby_world: World
) -> None:
    from desktop.ui.customer360.view import Customer360View
    from services.customer360 import Customer360Service

    cid = branch_customer(lobby_world, offset=7)
    principal = lobby_world.principal("lobby01")
    desk = make_desk(lobby_world)
    desk.memos.add_note(principal, cid, "客户偏好上午来行")
    view = Customer360View(world_tasks, Customer360Service(lobby_world.engine))
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    lobby = view.attach_lobby(desk, principal)
    card = view.header_card
    assert not card.refer_button.isHidden() and not card.book_button.isHidden()
    assert "Ctrl+Shift+R" in card.refer_button.toolTip()
    view.open_customer(cid)
    settle(qtbot, world_tasks)
    assert lobby.memo_panel is not None and lobby.memo_panel.customer_id == cid
    assert [r.item.title for r in lobby.memo_panel.rows] == ["客户偏好上午来行"]
    with qtbot.waitSignal(card.referral_requested):
        card.refer_button.click()
    assert isinstance(lobby.dialog, ReferralDialog) and lobby.dialog.customer_id == cid
    assert lobby.dialog.source == "counter"
    lobby.dialog.reject()
    qtbot.waitUntil(lambda: lobby.dialog is None)
    card.book_button.click()
    assert isinstance(lobby.dialog, AppointmentDialog) and lobby.dialog.customer_id == cid
    lobby.dialog.reject()
    settle(qtbot, world_tasks)
    # A role without the rights (the administrator) sees neither action, nor the memo.
    admin = lobby_world.principal("admin")
    assert admin.role == "admin"
    other = Customer360View(world_tasks, Customer360Service(lobby_world.engine))
    qtbot.addWidget(other)
    other_lobby = other.attach_lobby(desk, admin)
    assert other.header_card.refer_button.isHidden() and other.header_card.book_button.isHidden()
    assert other_lobby.memo_panel is None
