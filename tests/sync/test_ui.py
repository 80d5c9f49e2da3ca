"""The sync widgets with real Qt: conflict dialog, presence and offline banners, bridge, outage controller."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from db.models import Customer
from desktop.sync.connectivity import Connectivity
from desktop.tasks import TaskManager
from desktop.ui.sync import (
    ChangeBridge,
    ConflictDialog,
    ConnectivityWatch,
    OfflineBanner,
    OutageController,
    PresenceBanner,
    PresenceTracker,
)
from desktop.ui.sync.conflict_dialog import COLUMNS
from services.backoff import Backoff
from services.sync.changes import Change
from services.sync.conflicts import three_way
from services.sync.journal import Journal
from services.sync.position import start_position
from services.sync.presence import PresenceService, Present
from services.sync.records import RecordEditor
from services.sync.replay import RECORD_EDIT, standard_handlers

from .conftest import write_changes
from .world import World

FIELDS = ("name", "occupation", "segment")
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _comparison() -> object:
    return three_way(
        "customer",
        1,
        original={"name": "王芳", "occupation": "教师", "segment": "mass", "preferred_channel": "sms"},
        mine={"name": "王芳芳", "occupation": "律师", "segment": "mass", "preferred_channel": "sms"},
        current={"name": "王芳", "occupation": "医生", "segment": "affluent", "preferred_channel": "sms", "version": 3},
        base_version=2,
    )


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button on its indicator (a wide button's centre may lie beyond its text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_conflict_dialog_per_field_choice(qtbot: QtBot) -> None:
    comparison = _comparison()
    dialog = ConflictDialog(comparison, labels={"name": "姓名", "occupation": "职业", "segment": "客群"})  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    # unchanged fields are left out; one-sided changes come preselected
    assert [d.name for d in dialog.shown] == ["name", "occupation", "segment"]
    assert dialog.button("name", "mine").isChecked()
    assert dialog.button("segment", "theirs").isChecked()
    assert dialog.button("occupation", "theirs").text() == "医生"
    assert dialog.button("occupation", "original").text() == "教师"
    # the conflict must be chosen before saving
    assert dialog.unresolved() == ["occupation"]
    assert not dialog.save_button.isEnabled()
    click(qtbot, dialog.button("occupation", "mine"))
    assert dialog.save_button.isEnabled()
    # per field: take the original segment back
    click(qtbot, dialog.button("segment", "original"))
    assert dialog.choices() == {"name": "mine", "occupation": "mine", "segment": "original"}
    assert dialog.merged_values() == {
        "name": "王芳芳",
        "occupation": "律师",
        "segment": "mass",
        "preferred_channel": "sms",
    }
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.merged_values()["occupation"] == "医生"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_conflict_dialog_resolves_a_real_refused_save(qtbot: QtBot, world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[0]
    loaded = editor.load(world.zhang, "customer", cid)
    original = {k: loaded[k] for k in FIELDS}
    editor.save(world.li, "customer", cid, loaded["version"], original, {**original, "occupation": "医生"})
    refused = editor.save(world.zhang, "customer", cid, loaded["version"], original, {**original, "occupation": "律师"})
    assert refused.conflict is not None
    dialog = ConflictDialog(refused.conflict)
    qtbot.addWidget(dialog)
    dialog.set_choice("occupation", "mine")
    outcome = editor.resolve(world.zhang, refused.conflict, dialog.choices())
    assert outcome.saved
    with engine.connect() as conn:
        assert conn.execute(select(Customer.occupation).where(Customer.id == cid)).scalar_one() == "律师"


def test_conflict_dialog_shows_identifiers_masked(qtbot: QtBot, world_engine: tuple[Engine, World]) -> None:
    """Both desks typed a new phone: the dialog shows theirs and the original as masks, never their keys."""
    engine, world = world_engine
    editor = RecordEditor(engine)
    cid = world.customers[1]
    loaded = editor.load(world.zhang, "customer", cid)
    assert editor.save(world.li, "customer", cid, loaded["version"], loaded, {**loaded, "phone": "13911112222"}).saved
    refused = editor.save(world.zhang, "customer", cid, loaded["version"], loaded, {**loaded, "phone": "13933334444"})
    assert refused.conflict is not None
    dialog = ConflictDialog(refused.conflict)
    qtbot.addWidget(dialog)
    assert [d.name for d in dialog.shown] == ["phone"]
    texts = {side: (dialog.button("phone", side).text(), dialog.button("phone", side).toolTip()) for side in COLUMNS}
    assert texts == {
        "mine": ("13933334444", "13933334444"),  # as typed
        "theirs": ("139****2222", "139****2222"),
        "original": ("138****0002", "138****0002"),
    }


def test_presence_banner_texts(qtbot: QtBot) -> None:
    banner = PresenceBanner()
    qtbot.addWidget(banner)
    banner.show()
    at = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    banner.set_people([Present(1, "张伟", "WS-A", "viewing", at)])
    assert banner.isVisible() and banner.text == "张伟 is viewing"
    banner.set_people([Present(1, "张伟", "WS-A", "editing", at), Present(2, "李娜", "WS-B", "viewing", at)])
    assert banner.text == "张伟 is editing this record; 李娜 is viewing; your changes may conflict"
    assert banner.property("editing") is True
    banner.set_people([])
    assert not banner.isVisible()


def test_offline_banner(qtbot: QtBot) -> None:
    banner = OfflineBanner()
    qtbot.addWidget(banner)
    banner.show()
    banner.set_connectivity(Connectivity(True, True, 0.0))
    assert not banner.isVisible() and not banner.stale
    banner.set_pending(2)
    banner.set_connectivity(Connectivity(False, True, 1.0))
    assert banner.isVisible() and banner.stale
    assert banner.text.startswith("Offline: the database cannot be reached.")
    assert "Unsaved changes kept: 2" in banner.text
    banner.set_connectivity(Connectivity(True, False, 2.0))
    assert banner.text.startswith("Live updates paused")
    with qtbot.waitSignal(banner.retry_requested):
        qtbot.mouseClick(banner.retry, Qt.MouseButton.LeftButton)
    banner.set_connectivity(Connectivity(True, True, 3.0))
    assert not banner.isVisible()


def test_bridge_turns_changes_into_topics_on_the_gui_thread(
    qtbot: QtBot, qapp: QApplication, world_engine: tuple[Engine, World]
) -> None:
    engine, _ = world_engine
    tasks = TaskManager(engine)
    bridge = ChangeBridge(tasks)
    announced: list[frozenset[str]] = []
    tasks.changed.connect(announced.append)
    try:
        with qtbot.waitSignal(bridge.changes, timeout=5000) as blocker:
            threading.Thread(target=bridge.deliver, args=([Change(1, "ticket", "42", "update")],)).start()
        assert blocker.args[0][0].entity_id == "42"
        assert announced == [frozenset({"ticket", "ticket:42"})]
        with qtbot.waitSignal(bridge.link_changed, timeout=10_000):
            bridge.start(engine=engine, position=start_position(engine), poll_interval=0.02)
        with qtbot.waitSignal(bridge.topics, timeout=10_000) as topics:
            write_changes(engine, ["7"], entity="customer")
        assert topics.args[0] == frozenset({"customer", "customer:7"})
    finally:
        bridge.stop()
        assert tasks.shutdown()


def test_presence_tracker_fills_the_banner(qtbot: QtBot, world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    tasks = TaskManager(engine)
    bridge = ChangeBridge(tasks)
    banner = PresenceBanner()
    qtbot.addWidget(banner)
    other = PresenceService(engine, world.li)
    tracker = PresenceTracker(tasks, PresenceService(engine, world.zhang), bridge=bridge, banner=banner)
    cid = world.customers[0]
    try:
        bridge.start(engine=engine, position=start_position(engine), poll_interval=0.02)
        with qtbot.waitSignal(tracker.people_changed, timeout=5000):
            tracker.show_record("customer", cid)
        assert tracker.people == []
        with qtbot.waitSignal(tracker.people_changed, timeout=10_000):
            other.enter("customer", cid, "editing")  # 李娜 starts editing on her desktop
        assert banner.text.startswith("李娜 is editing this record")
        with qtbot.waitSignal(tracker.people_changed, timeout=10_000):
            other.leave("customer", cid)
        assert not banner.isVisibleTo(banner.parentWidget() or banner) or banner.text == ""
        assert [p.display_name for p in other.others("customer", cid)] == ["张伟"]
        tracker.clear()
        assert tasks.wait_idle()
        assert other.others("customer", cid) == []
    finally:
        bridge.stop()
        assert tasks.shutdown()


def test_outage_controller_replays_when_the_database_returns(
    qtbot: QtBot, world_engine: tuple[Engine, World], tmp_path: Path
) -> None:
    engine, world = world_engine
    tasks = TaskManager(engine)
    up = threading.Event()
    up.set()

    def probe(_engine: Engine) -> None:
        if not up.is_set():
            raise ConnectionRefusedError("down")

    watch = ConnectivityWatch(engine, probe=probe, interval=0.05, timeout=0.5)
    journal = Journal(tmp_path / "journal.db")
    editor = RecordEditor(engine)
    banner = OfflineBanner()
    qtbot.addWidget(banner)
    controller = OutageController(
        tasks, watch, journal, standard_handlers(world.zhang, editor=editor), banner=banner, backoff=Backoff(0.05, 0.2)
    )
    cid = world.customers[2]
    loaded = editor.load(world.zhang, "customer", cid)
    original = {k: loaded[k] for k in FIELDS}
    watch.start()
    try:
        with qtbot.waitSignal(watch.online_changed, timeout=5000):
            up.clear()
        assert banner.isVisible() or banner.isVisibleTo(banner)
        controller.put(
            RECORD_EDIT,
            f"customer:{cid}",
            {
                "entity": "customer",
                "id": cid,
                "base_version": loaded["version"],
                "original": original,
                "mine": {**original, "occupation": "会计"},
            },
        )
        assert "Unsaved changes kept: 1" in banner.text
        with qtbot.waitSignal(controller.back_online, timeout=10_000):
            up.set()
        assert len(journal) == 0
        assert editor.load(world.zhang, "customer", cid)["occupation"] == "会计"
        assert not banner.isVisibleTo(banner)
    finally:
        watch.stop()
        journal.close()
        assert tasks.shutdown()
