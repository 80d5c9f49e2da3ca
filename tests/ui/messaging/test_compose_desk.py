"""Sending an SMS as an agent does all day: the customer's language first, consent said up front, a channel the
customer accepts, nothing typed lost when switching channel, a confirmation, and the 360° timeline at once."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert, update

from db.models import CustomerEmail, OutboxMessage
from db.pii import email_columns
from desktop.tasks import TaskManager
from desktop.ui.customer360 import Customer360View
from desktop.ui.messaging import ComposeDialog
from services.customer360 import Customer360Service
from tests.messaging.world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(4):
        assert tasks.wait_idle(10_000)
        qtbot.wait(300)  # the preview is debounced
    assert tasks.wait_idle(10_000)


def opened(qtbot: Any, tasks: TaskManager, world: World, customer: int) -> ComposeDialog:
    dialog = ComposeDialog(tasks, world.service, world.agent_p, customer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.template.count() > 0, timeout=10_000)
    settle(qtbot, tasks)
    return dialog


def press(qtbot: Any, widget: Any, key: Qt.Key) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


def test_the_first_template_is_in_the_customers_language(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    chinese = opened(qtbot, tasks, sqlite_world, sqlite_world.zhang)  # prefers Chinese
    assert chinese.current_template().locale == "zh_CN"
    assert "· 中文 ·" in chinese.template.currentText()
    english = opened(qtbot, tasks, sqlite_world, sqlite_world.li)  # prefers English
    assert english.current_template().locale == "en"


def test_consent_is_said_at_the_top_and_the_dialog_starts_on_a_consented_channel(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    with world.engine.begin() as conn:  # Sun refused SMS but has an e-mail address (no refusal there)
        conn.execute(
            insert(CustomerEmail).values(customer_id=world.sun, **email_columns("sun.li@example.com"), is_primary=True)
        )
    dialog = opened(qtbot, tasks, world, world.sun)
    assert dialog.channel.currentData() == "email", "SMS is opted out: start on the channel she accepts"
    assert dialog.consent.isVisible() and dialog.consent.property("level") != "blocked"
    assert dialog.consent.text() == "客户可通过电子邮件接收服务信息，但未同意接收营销信息。"
    assert dialog.channel.itemText(dialog.channel.findData("sms")) == "短信（已退订）"
    assert dialog.select_template("card_loss_confirmation_email", "zh_CN")
    settle(qtbot, tasks)
    qtbot.keyClicks(dialog.fields.edits["card_tail"], "1234")
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=10_000)
    # Choosing SMS says at once, at the top, that nothing can go there, before any preview comes back.
    press(qtbot, dialog.channel, Qt.Key.Key_Up)
    assert dialog.channel.currentData() == "sms"
    assert dialog.consent.property("level") == "blocked"
    assert dialog.consent.text() == "客户已退订短信：不能通过短信发送任何消息。可改用电子邮件。"
    settle(qtbot, tasks)
    assert not dialog.send_button.isEnabled()

    # Wang accepts service SMS but gave no marketing consent: a warning, SMS still chosen.
    wang = opened(qtbot, tasks, world, world.wang)
    assert wang.channel.currentData() == "sms" and wang.consent.property("level") == "warning"
    assert wang.consent.text() == "客户可通过短信接收服务信息，但未同意接收营销信息。"


def test_switching_channel_keeps_the_template_and_everything_typed(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    dialog = opened(qtbot, tasks, sqlite_world, sqlite_world.zhang)
    assert dialog.select_template("card_loss_confirmation_sms", "zh_CN")
    settle(qtbot, tasks)
    qtbot.keyClicks(dialog.fields.edits["card_tail"], "6222000012349876")
    settle(qtbot, tasks)
    assert "尾号9876" in dialog.preview.toPlainText() and dialog.send_button.isEnabled()

    press(qtbot, dialog.channel, Qt.Key.Key_Down)  # to e-mail
    settle(qtbot, tasks)
    template = dialog.current_template()
    assert (dialog.channel.currentData(), template.code, template.locale) == (
        "email",
        "card_loss_confirmation_email",
        "zh_CN",
    )
    assert dialog.fields.edits["card_tail"].text() == "6222000012349876"
    assert "尾号9876" in dialog.preview.toPlainText() and dialog.send_button.isEnabled()

    # Another template without the field, then back: what was typed is still there.
    assert dialog.select_template("birthday_greeting_email", "zh_CN")
    settle(qtbot, tasks)
    assert "card_tail" not in dialog.fields.edits
    press(qtbot, dialog.channel, Qt.Key.Key_Up)  # back to SMS
    settle(qtbot, tasks)
    assert dialog.current_template().code == "birthday_greeting_sms"
    assert dialog.select_template("card_loss_confirmation_sms", "zh_CN")
    settle(qtbot, tasks)
    assert dialog.fields.edits["card_tail"].text() == "6222000012349876"
    assert "尾号9876" in dialog.preview.toPlainText() and dialog.send_button.isEnabled()


def test_a_sent_message_is_confirmed_and_on_the_timeline_at_once(
    qtbot: Any, sqlite_world: World, tasks: TaskManager, translations: Any
) -> None:
    world = sqlite_world
    view = Customer360View(tasks, Customer360Service(world.engine, principal=world.agent_p))
    qtbot.addWidget(view)
    view.resize(1000, 640)
    view.show()
    view.open_customer(world.zhang)
    view.show_tab("timeline")
    qtbot.waitUntil(lambda: view.tab_state("timeline") in ("content", "empty"), timeout=10_000)
    before = view.timeline_model.rowCount()

    dialog = opened(qtbot, tasks, world, world.zhang)
    assert dialog.select_template("card_loss_confirmation_sms", "zh_CN")
    settle(qtbot, tasks)
    qtbot.keyClicks(dialog.fields.edits["card_tail"], "6222000012349876")
    qtbot.waitUntil(lambda: dialog.send_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    # The dialog says where the message is, and offers only to close.
    assert dialog.isVisible() and dialog.confirmation.isVisible()
    assert dialog.confirmation.text() == "已加入发件箱：正在发送至 138****0001。"
    assert not dialog.send_button.isVisible() and dialog.cancel_button.text() == "关闭"
    # The 360° view shows the message without reopening the customer.
    qtbot.waitUntil(lambda: view.timeline_model.rowCount() == before + 1, timeout=10_000)
    subject = view.timeline_model.index(0, 3).data()
    assert "尾号9876" in subject and view.timeline_model.index(0, 1).data() == "短信"
    assert view.timeline_model.index(0, 4).data() not in ("", "pending"), "the state is worded, not a code"
    # The change feed reports the gateway's news of the message: the dialog follows it.
    outbox_id = sent.args[0]
    with world.engine.begin() as conn:
        conn.execute(update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(status="delivered"))
    tasks.notify_changed("outbox_message", f"outbox_message:{outbox_id}")
    qtbot.waitUntil(lambda: dialog.confirmation.text() == "已送达 138****0001。", timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter closes it now
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
