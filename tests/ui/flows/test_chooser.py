"""Choosing a flow: the published flows listed (the suggested one first), filtered by typing, started by Enter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.flows.chooser import FlowChooser
from desktop.wiring import FlowDesk
from tests.flows.runner_rig import World, build
from tests.ui.flows.test_runner import DOC

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path = tmp_path_factory.mktemp("flow_choose") / "flows.db"
    built = build(f"sqlite:///{path.as_posix()}", "sqlite")
    built.publish(DOC)
    built.publish({**DOC, "code": "ui_other", "name": {"zh_CN": "另一个流程", "en": "Another flow"}})
    built.publish({**DOC, "code": "ui_draft", "name": "草稿流程"}, status="draft")
    try:
        yield built
    finally:
        built.close()


def test_published_flows_filter_and_start(qtbot: Any, qapp: QApplication, world: World) -> None:
    tasks = TaskManager(world.engine)
    try:
        me = world.principal("agent01")
        desk = FlowDesk(world.engine, world.runner, me)
        dialog = FlowChooser(tasks, desk, suggested="ui_other")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.list.count() > 0, timeout=10_000)
        codes = [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]
        assert codes == ["ui_other", "ui_card"], "published only, the suggested one first"
        assert dialog.selected_code() == "ui_other"
        dialog.filter.setText("界面")  # (QTest cannot type Chinese)
        assert dialog.list.count() == 1 and dialog.selected_code() == "ui_card"
        chosen: list[str] = []
        dialog.chosen.connect(chosen.append)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
        assert chosen == ["ui_card"]
        dialog.filter.setText("不存在")
        assert dialog.list.count() == 0 and "No flow matches" in dialog.state.text()
    finally:
        assert tasks.shutdown()
