"""Flow analytics through the widgets: the figures of the seeded demo runs, one bar per step in the drop-off
chart (named by the steps' titles), and the heat overlay on the editor's canvas."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.tasks import TaskManager
from desktop.ui.flows.canvas import KIND_COLOURS
from desktop.ui.flows.workspace import FlowServices, FlowsWorkspace
from services.flows import analytics
from services.permissions import Principal

from .flow_bank import FlowBank, flow_bank_fixture, tasks_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def settle(qtbot: Any, tasks: TaskManager) -> None:
    for _ in range(3):
        assert tasks.wait_idle(10_000)
        qtbot.wait(50)
    assert tasks.wait_idle(10_000)


def workspace_for(qtbot: Any, tasks: TaskManager, bank: FlowBank, who: Principal) -> FlowsWorkspace:
    workspace = FlowsWorkspace(tasks, FlowServices(bank.engine, bank.audit, who), who)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 600)
    workspace.show()
    settle(qtbot, tasks)
    return workspace


def test_the_chart_has_one_bar_per_step_and_the_figures_of_the_runs(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    workspace = workspace_for(qtbot, tasks, flow_bank, flow_bank.author)
    editor = workspace.editor
    assert editor is not None
    row = next(i for i, info in enumerate(editor.flows) if info.code == "card_loss")
    editor.list.setCurrentRow(row)
    workspace.setCurrentWidget(workspace.analytics)
    settle(qtbot, tasks)
    panel = workspace.analytics
    with flow_bank.engine.connect() as conn:
        expected = analytics.summary(conn, "card_loss", 1)  # the version the editor shows
    assert expected.runs > 0, "the seed gives the starters some runs"
    assert panel.stats == expected
    steps = [s for s in editor.doc["steps"] if s["kind"] != "end"]
    assert sorted(panel.bars) == sorted(s["id"] for s in steps), "one bar per step a run can stop at"
    widths = dict(zip(panel.bars, panel.bar_item.opts["width"], strict=True))
    for drop in expected.drop_off:
        assert widths[drop.step_id] == drop.stopped
    ticks = panel.chart.getPlotItem().getAxis("left")._tickLevels[0]
    assert {label for _pos, label in ticks} == {s["title"]["zh_CN"] for s in steps}, "bars are named by step titles"
    assert panel.figures["runs"].text().startswith(str(expected.runs))
    assert panel.figures["completion"].text() == f"{expected.completion_rate * 100:.1f}%"
    assert panel.outcomes.count() == len(expected.outcomes)
    # Every version together: the same runs (version 1 is the only one with runs).
    assert panel.version.currentData() == 1
    panel.version.setCurrentIndex(0)
    panel.refresh()
    settle(qtbot, tasks)
    assert panel.stats.runs == expected.runs and panel.stats.version is None


def test_the_heat_overlay_tints_the_steps_where_runs_stopped(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    workspace = workspace_for(qtbot, tasks, flow_bank, flow_bank.approver)
    editor = workspace.editor
    assert editor is not None
    editor.open_flow("complaint_intake")
    settle(qtbot, tasks)
    assert editor.legend.isHidden()
    editor.heat_box.setChecked(True)
    settle(qtbot, tasks)
    assert editor.legend.isVisible()
    with flow_bank.engine.connect() as conn:
        stats = analytics.summary(conn, "complaint_intake", editor.current.info.version_no)
    worst = stats.drop_off[0].step_id
    node = editor.canvas.nodes[worst]
    assert node.brush().color().name() == "#dc2626", "the step most runs stopped at is the reddest"
    untouched = next(sid for sid, n in editor.canvas.nodes.items() if stats.drop_rate(sid) == 0)
    assert editor.canvas.nodes[untouched].brush().color().name() == "#fff7ed"
    editor.heat_box.setChecked(False)
    assert node.brush().color().name() == KIND_COLOURS[node.kind], "the kind colours are back"


def test_a_report_viewer_sees_the_analytics_only(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    manager = Principal(user_id=flow_bank.author.user_id, username="lobby", role="lobby_manager", branch_id=None)
    workspace = workspace_for(qtbot, tasks, flow_bank, manager)
    assert workspace.editor is None and workspace.count() == 1
    assert workspace.analytics_list.count() >= 7
    assert workspace.analytics.stats is not None and workspace.analytics.bars
