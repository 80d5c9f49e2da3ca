"""A branch step's conditions nest in the editor: the suitability starter's any-of-all groups are shown as a tree,
read back unchanged, and a group added from the keyboard is saved nested."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QStyleOptionViewItem

from desktop.tasks import TaskManager
from desktop.ui.flows.condition_tree import GROUP, LABEL, LEAF, NEXT, OP, ROLE, VALUE, VAR, ConditionTree
from services.flows.authoring import FlowAuthoring

from .flow_bank import FlowBank, flow_bank_fixture, tasks_fixture  # noqa: F401 (fixtures)
from .test_editor import choose_flow, new_draft, open_workspace, settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NESTED = [
    {
        "when": {
            "any": [
                {
                    "all": [
                        {"var": "customer.risk_level", "op": "eq", "value": "C1"},
                        {"var": "answers.r", "op": "in", "value": ["R2", "R3"]},
                    ]
                },
                {"var": "customer.vip_level", "op": "ge", "value": 3},
            ]
        },
        "next": "mismatch",
    },
    {"when": {"var": "answers.ok", "op": "exists"}, "next": "done"},
]


def test_nested_cases_round_trip_through_the_tree(qtbot: Any, qapp: QApplication) -> None:
    tree = ConditionTree()
    qtbot.addWidget(tree)
    tree.set_cases(copy.deepcopy(NESTED))
    first = tree.tree.topLevelItem(0)
    assert first is not None and first.text(NEXT) == "mismatch" and first.childCount() == 1
    group = first.child(0)
    assert group.data(LABEL, ROLE) == GROUP and group.text(LABEL) == "any" and group.childCount() == 2
    inner = group.child(0)
    assert inner.text(LABEL) == "all" and [inner.child(i).text(VAR) for i in range(2)] == [
        "customer.risk_level",
        "answers.r",
    ]
    assert inner.child(1).text(VALUE) == "[R2, R3]"
    assert tree.cases() == NESTED


def test_only_the_meaningful_cells_open_an_editor(qtbot: Any, qapp: QApplication) -> None:
    tree = ConditionTree()
    qtbot.addWidget(tree)
    tree.set_cases(copy.deepcopy(NESTED))
    tree.show()
    case = tree.tree.topLevelItem(0)
    leaf = case.child(0).child(1)
    delegate = tree.tree.itemDelegate()

    def editor_for(item: Any, column: int) -> Any:
        index = tree.tree.indexFromItem(item, column)
        return delegate.createEditor(tree.tree.viewport(), QStyleOptionViewItem(), index)

    assert editor_for(case, LABEL) is None and editor_for(case, NEXT) is not None
    assert editor_for(leaf, LABEL) is None and editor_for(leaf, OP) is not None
    assert editor_for(case.child(0), LABEL) is not None and editor_for(case.child(0), VAR) is None


def test_a_group_added_in_the_editor_is_saved_nested(
    qtbot: Any, qapp: QApplication, flow_bank: FlowBank, tasks: TaskManager, translations: Any
) -> None:
    flow_id = new_draft(flow_bank, "wealth_suitability")
    workspace = open_workspace(qtbot, tasks, flow_bank, flow_bank.author)
    editor = choose_flow(qtbot, tasks, workspace, "wealth_suitability")
    before = copy.deepcopy(editor._step("match")["cases"])
    editor.select_step("match")
    tree = editor.panel.conditions
    assert tree.isVisible() and tree.cases() == before, "the starter's nested conditions are shown as they are"
    # Under case 1's "any": a new "all" group, its comparison typed in from the keyboard.
    any_group = tree.tree.topLevelItem(0).child(0)
    tree.tree.setCurrentItem(any_group)
    tree.buttons["group"].click()
    added = any_group.child(any_group.childCount() - 1)
    assert added.data(LABEL, ROLE) == GROUP and added.child(0).data(LABEL, ROLE) == LEAF
    tree.tree.setFocus()
    for column, text in ((VAR, "customer.risk_level"), (OP, "eq"), (VALUE, "C5")):
        tree.tree.setCurrentItem(added.child(0), column)
        qtbot.keyClick(tree.tree, Qt.Key.Key_F2)
        assert tree.tree.state() == QAbstractItemView.State.EditingState, "F2 opened an editor in the cell"
        line = next(w for w in tree.tree.viewport().findChildren(QLineEdit) if w.isVisible())
        line.selectAll()
        qtbot.keyClicks(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: tree.tree.state() != QAbstractItemView.State.EditingState)  # committed (queued)
    assert editor.dirty
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, tasks)
    assert editor.canvas.selected == "match" and editor.panel.step["id"] == "match", "the save keeps the place"
    saved = FlowAuthoring(flow_bank.engine, flow_bank.audit).get(flow_id).definition.to_data()
    cases = next(s for s in saved["steps"] if s["id"] == "match")["cases"]
    groups = cases[0]["when"]["any"]
    assert groups[:-1] == before[0]["when"]["any"], "the groups that were there are unchanged"
    assert groups[-1] == {"all": [{"var": "customer.risk_level", "op": "eq", "value": "C5"}]}
