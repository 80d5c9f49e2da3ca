"""The compose dialog with real widgets and a threaded task manager: preview, open fields, blocked, one send."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import OutboxMessage
from desktop.tasks import TaskManager
from desktop.ui.messaging import ComposeDialog
from services.messaging.starters import starter_files

from .world import World

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def settle(qtbot, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        assert tasks.wait_idle(10_000)
        qtbot.wait(300)  # the preview is debounced
    assert tasks.wait_idle(10_000)
    qtbot.wait(1)


def outbox_count(world: World) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OutboxMessage)).scalar_one())


def test_compose_preview_fields_and_a_double_click_sends_once(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    dialog = ComposeDialog(tasks, world.service, world.agent_p, world.zhang)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, tasks)
    assert dialog.template.count() == len(starter_files()) * 2  # every approved SMS template, both languages
    assert dialog.select_template("card_loss_confirmation_sms", "zh_CN")
    settle(qtbot, tasks)
    assert not dialog.send_button.isEnabled() and list(dialog.fields.edits) == ["card_tail"]
    qtbot.keyClicks(dialog.fields.edits["card_tail"], "6222000012349876")
    settle(qtbot, tasks)
    assert "尾号9876" in dialog.preview.toPlainText()
    assert "UCS-2" in dialog.counter.text() and dialog.address.text() == "138****0001"
    assert dialog.send_button.isEnabled()
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as blocker:
        dialog.send_button.click()
        dialog.send()  # a second click while the first is on its way
    settle(qtbot, tasks)
    assert outbox_count(world) == 1 and blocker.args[0] > 0


def test_blocked_customer_cannot_be_sent_to(qtbot, sqlite_world: World, tasks: TaskManager) -> None:  # type: ignore[no-untyped-def]
    world = sqlite_world
    dialog = ComposeDialog(tasks, world.service, world.agent_p, world.zhao)  # landline only
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, tasks)
    assert dialog.select_template("birthday_greeting_sms", "zh_CN")
    settle(qtbot, tasks)
    assert not dialog.send_button.isEnabled()
    assert dialog.notice.text() == dialog.tr(
        "The customer has no usable address for this channel (SMS needs a mobile number)."
    )
    dialog.channel.setCurrentIndex(1)  # e-mail: no address either
    settle(qtbot, tasks)
    assert dialog.template.count() == len(starter_files()) * 2 and not dialog.send_button.isEnabled()
    assert outbox_count(world) == 0
