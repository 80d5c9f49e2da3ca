""" "Send message" on the call bar: a real call through the in-process gateway and Twilio simulator, accepted at
this desk; the button opens the compose dialog for the caller with the complaint just registered on the call,
and sending writes one outbox row with the template version and the customer.  Hidden for roles without
``message.send``; disabled while the caller is not identified."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import Engine, insert, select

from db.models import Call, CustomerPhone, OutboxMessage, Ticket
from desktop.ui.calls import CallCenter
from gateway.inprocess import InProcessTelephony
from services.messaging import MessagingService, install_starter_templates
from services.messaging.templates import approved
from tests.telephony.world import SINGLE_PHONE, UNKNOWN_PHONE, World

from .conftest import QT_NOISE, Agent01Window, make_available

pytestmark = QT_NOISE
LONG = {"patience": 3000.0, "talk": 3000.0}


def _on_call(
    center: CallCenter, qtbot: Any, telephony: InProcessTelephony, engine: Engine, w: World, phone: str
) -> int:
    make_available(engine, w.agents["agent01"])
    telephony.place_call(phone, digits="1", **LONG)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.offer is not None, timeout=10_000
    )
    center.bar.accept_button.click()
    qtbot.waitUntil(
        lambda: (
            center.controller.snapshot is not None
            and center.controller.snapshot.call is not None
            and center.controller.snapshot.call.state == "connected"
        ),
        timeout=10_000,
    )
    return center.controller.snapshot.call.call_id


def test_send_message_from_the_call_bar_queues_the_template_for_the_caller(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    qtbot: Any,
) -> None:
    engine, w = world
    install_starter_templates(engine)
    service = MessagingService(engine)
    assert center.enable_messaging(service)
    bar = center.bar
    assert not bar.message_button.isVisible()  # no call yet
    call_id = _on_call(center, qtbot, telephony, engine, w, SINGLE_PHONE)
    qtbot.waitUntil(lambda: bar.message_button.isVisible() and bar.message_button.isEnabled(), timeout=10_000)
    for widget in (bar.hold_button, bar.transfer_button, bar.hang_up_button, bar.message_button):
        assert widget.width() >= widget.sizeHint().width() and widget.geometry().right() <= bar.width()  # 1366 wide
    with engine.begin() as conn:  # a complaint just registered on this call
        conn.execute(
            insert(Ticket).values(
                number="TS20261122007",
                kind="complaint",
                customer_id=w.single,
                call_id=call_id,
                category="fee",
                severity="normal",
                status="new",
                intake_channel="call_in",
                summary="年费争议",
                received_at=dt.datetime.now(dt.UTC),
                regulatory_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=15),
            )
        )
    qtbot.mouseClick(bar.message_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: center.compose is not None and center.compose.template.count() > 0, timeout=10_000)
    dialog = center.compose
    assert dialog.select_template("complaint_acknowledgement_sms", "zh_CN")
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=10_000)
    assert "TS20261122007" in dialog.preview.toPlainText()  # the call's ticket fills the template
    assert "张伟" in dialog.preview.toPlainText() and dialog.address.text() == "138****0001"
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        dialog.send_button.click()
    with engine.connect() as conn:
        rows = conn.execute(select(OutboxMessage.__table__)).all()
        template = approved(conn, "complaint_acknowledgement_sms", "zh_CN")
    assert [r.id for r in rows] == [sent.args[0]]
    (row,) = rows
    assert template is not None and row.template_id == template.id and template.version_no == 1
    assert row.customer_id == w.single and row.to_masked == "138****0001"
    # The desktop writes no raw number: the gateway's sender fills it in when it claims the message (which it
    # may already have done by now).
    assert row.to_address is None if row.status == "pending" else row.to_address in (None, SINGLE_PHONE)
    with engine.connect() as conn:  # the gateway's sender reads the number from the phone row the message names
        assert (
            conn.execute(select(CustomerPhone.e164).where(CustomerPhone.id == row.to_phone_id)).scalar() == SINGLE_PHONE
        )
    assert row.created_by_id == w.agents["agent01"] and "TS20261122007" in row.body_text


def test_the_button_is_disabled_for_an_unidentified_caller(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    qtbot: Any,
) -> None:
    engine, w = world
    assert center.enable_messaging(MessagingService(engine))
    call_id = _on_call(center, qtbot, telephony, engine, w, UNKNOWN_PHONE)
    bar = center.bar
    qtbot.waitUntil(lambda: bar.message_button.isVisible(), timeout=10_000)
    assert not bar.message_button.isEnabled()
    qtbot.mouseClick(bar.message_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert center.compose is None
    with engine.connect() as conn:
        assert conn.execute(select(Call.customer_id).where(Call.id == call_id)).scalar() is None


def test_roles_without_message_send_do_not_get_the_button(center: CallCenter, world: tuple[Engine, World]) -> None:
    import dataclasses

    engine, _ = world
    center.principal = dataclasses.replace(center.principal, role="admin")  # no message.send
    assert not center.enable_messaging(MessagingService(engine))
    assert center.bar.message_button.isHidden()


def test_the_button_stays_in_wrap_up_for_the_confirmation_just_promised(
    world: tuple[Engine, World],
    center: CallCenter,
    telephony: InProcessTelephony,
    window: Agent01Window,
    qtbot: Any,
) -> None:
    engine, w = world
    install_starter_templates(engine)
    assert center.enable_messaging(MessagingService(engine))
    _on_call(center, qtbot, telephony, engine, w, SINGLE_PHONE)
    bar = center.bar
    qtbot.waitUntil(lambda: bar.message_button.isVisible(), timeout=10_000)
    qtbot.mouseClick(bar.hang_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: center.controller.snapshot is not None and center.controller.snapshot.state == "wrap_up",
        timeout=10_000,
    )
    assert bar.message_button.isVisible() and bar.message_button.isEnabled()
    assert not bar.hang_up_button.isVisible()
    qtbot.mouseClick(bar.message_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: center.compose is not None and center.compose.template.count() > 0, timeout=10_000)
    dialog = center.compose
    qtbot.waitUntil(lambda: dialog.address.text() == "138****0001", timeout=10_000)  # the caller, masked
