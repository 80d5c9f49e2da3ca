"""The call area in both languages at 1366×768: the dock title follows the language switch, and no label is cut."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import Engine

from db.write import utcnow, write_txn
from desktop.ui.calls import CallCenter
from desktop.ui.widgets import ElidedLabel
from services import agent_states
from tests.telephony.world import UNKNOWN_PHONE, VIP_PHONE, World

from .conftest import QT_NOISE, Agent01Window, caller_hangs_up, make_available, ring
from .test_notes_wrapup import _talking
from .test_wrapup_desk import _in_wrapup

pytestmark = QT_NOISE


def cut_labels(root: QWidget) -> list[str]:
    """The visible labels under ``root`` whose text does not fit (elided, or cut off)."""
    QApplication.processEvents()
    bad = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if isinstance(label, ElidedLabel):
            if label.isElided():
                bad.append(f"{label.objectName()}: {label.fullText()!r} shown as {label.text()!r}")
        elif label.wordWrap():
            if label.height() < label.heightForWidth(label.width()):
                bad.append(f"{label.objectName()}: {label.text()!r} is {label.height()} px high, needs more")
        elif label.width() < label.sizeHint().width():
            bad.append(
                f"{label.objectName()}: {label.text()!r} is {label.width()} px, needs {label.sizeHint().width()}"
            )
    return bad


def test_the_dock_title_follows_the_language_switch(center: CallCenter, translations: Any, qtbot: Any) -> None:
    assert center.dock.windowTitle() == "通话"
    translations.switch("en")
    qtbot.waitUntil(lambda: center.dock.windowTitle() == "Call")
    assert center.toolbar.windowTitle() == "Call bar"
    translations.switch("zh_CN")
    qtbot.waitUntil(lambda: center.dock.windowTitle() == "通话")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_call_area_label_is_cut_at_1366_by_768(
    world: tuple[Engine, World],
    center: CallCenter,
    window: Agent01Window,
    translations: Any,
    language: str,
    qtbot: Any,
) -> None:
    engine, w = world
    agent = w.agents["agent01"]
    translations.switch(language)
    window.resize(1366, 768)
    dock = center.dock
    qtbot.waitUntil(lambda: center.controller.snapshot is not None)
    qtbot.waitUntil(lambda: not cut_labels(dock), timeout=3000)  # no call: "Calls offered to you pop up here."
    assert center.card.advice.isVisible()
    assert "pop up" in center.card.advice.text() or "弹出" in center.card.advice.text()

    make_available(engine, agent)
    known = ring(engine, VIP_PHONE)  # a VIP customer's card: name, tier and VIP badges, "Open 360°", the hints
    qtbot.waitUntil(lambda: center.card.call_id == known and center.card.open_button.isVisible(), timeout=10_000)
    try:
        qtbot.waitUntil(lambda: not cut_labels(dock), timeout=3000)
    except Exception:
        raise AssertionError(cut_labels(dock)) from None
    caller_hangs_up(engine, known)
    qtbot.waitUntil(lambda: center.controller.snapshot.offer is None, timeout=10_000)

    call_id = ring(engine, UNKNOWN_PHONE)  # the unknown caller's card with quick-create
    qtbot.waitUntil(lambda: center.card.call_id == call_id and center.card.quick_create.isVisible(), timeout=10_000)
    try:
        qtbot.waitUntil(lambda: not cut_labels(dock), timeout=3000)
    except Exception:
        raise AssertionError(cut_labels(dock)) from None
    caller_hangs_up(engine, call_id)

    talking = _talking(engine, w, agent)  # on the line: the notes box
    qtbot.waitUntil(lambda: center.notes.call_id == talking and center.notes.isVisible(), timeout=10_000)
    try:
        qtbot.waitUntil(lambda: not cut_labels(dock), timeout=3000)
    except Exception:
        raise AssertionError(cut_labels(dock)) from None
    with write_txn(engine) as conn:  # that call is over and wrapped up elsewhere; the next one ends here
        agent_states.transition(conn, agent, "available", utcnow())

    wrapped = _in_wrapup(engine, w, agent, ended=utcnow())
    qtbot.waitUntil(lambda: center.wrapup.call_id == wrapped and not center.wrapup.loading, timeout=10_000)
    center.wrapup.follow_up.setChecked(True)
    try:
        qtbot.waitUntil(lambda: not cut_labels(dock), timeout=3000)
    except Exception:
        raise AssertionError(cut_labels(dock)) from None
    try:
        qtbot.waitUntil(lambda: not cut_labels(center.bar), timeout=3000)
    except Exception:
        raise AssertionError(cut_labels(center.bar)) from None


def test_a_notice_on_the_bar_follows_the_language_switch(center: CallCenter, translations: Any, qtbot: Any) -> None:
    """A notice still showing when the person switches language is written again in the new one."""
    center.bar.show_message(lambda: center.tr("Wrap-up saved on the customer's timeline."), "info")
    assert center.bar.message.fullText() == "整理已保存到客户时间线。"
    translations.switch("en")
    qtbot.waitUntil(lambda: center.bar.message.fullText() == "Wrap-up saved on the customer's timeline.")
    translations.switch("zh_CN")
    qtbot.waitUntil(lambda: center.bar.message.fullText() == "整理已保存到客户时间线。")
