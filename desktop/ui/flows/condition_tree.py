"""A branch step's cases as a tree: each case, its conditions nested in "all"/"any" groups, and where it leads.

Top-level rows are the cases, in order (the first whose condition holds is taken); under a case, a comparison
(variable, test, value) or a group (``all``: every condition under it holds; ``any``: one of them does), and
groups nest.  A case with several conditions directly under it needs all of them.  Cells are edited in place
(F2 or a double click); the buttons add a case, a comparison or a group under the selected row, and remove it.
What the tree says is read back by :meth:`ConditionTree.cases` in the document's form, nesting kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .cells import scalar, shown

ROLE = Qt.ItemDataRole.UserRole
CASE, GROUP, LEAF = "case", "group", "leaf"
MODES = ("all", "any")
LABEL, VAR, OP, VALUE, NEXT = range(5)
_EDITABLE = {CASE: (NEXT,), GROUP: (LABEL,), LEAF: (VAR, OP, VALUE)}


def _kind(item: QTreeWidgetItem | None) -> str | None:
    return item.data(LABEL, ROLE) if item is not None else None


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for child in (item.child(i) for i in range(item.childCount())) if child is not None]


def _top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    return [item for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount())) if item is not None]


class _CellDelegate(QStyledItemDelegate):
    """Only a case's next step, a group's all/any and a comparison's variable, test and value are edited."""

    def createEditor(  # type: ignore[override]  # Qt takes None: no editor for this cell
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget | None:
        kind = index.model().index(index.row(), LABEL, index.parent()).data(ROLE)
        if index.column() not in _EDITABLE.get(str(kind), ()):
            return None
        return super().createEditor(parent, option, index)


class ConditionTree(QWidget):
    """Edit a branch step's ``cases`` (see the module docstring). ``edited`` follows every change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("stepConditions")
        self.tree.setColumnCount(5)
        self.tree.setMinimumHeight(150)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setItemDelegate(_CellDelegate(self.tree))
        self.tree.setTabKeyNavigation(False)  # Tab leaves the tree; arrows move, F2 edits
        self.buttons = {key: QPushButton(self) for key in ("case", "leaf", "group", "remove")}
        for key, button in self.buttons.items():
            button.setObjectName(f"condition_{key}")
        self.buttons["case"].clicked.connect(self.add_case)
        self.buttons["leaf"].clicked.connect(lambda: self.add_under_selected(LEAF))
        self.buttons["group"].clicked.connect(lambda: self.add_under_selected(GROUP))
        self.buttons["remove"].clicked.connect(self.remove_selected)
        self.tree.itemChanged.connect(self._item_changed)
        self._loading = False
        # The side panel is narrow: the tree scrolls sideways inside it and the buttons go two by two.
        self.tree.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.tree.setMinimumWidth(120)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for index, button in enumerate(self.buttons.values()):
            grid.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(grid)
        self.retranslate()

    # -- filling -----------------------------------------------------------------------------------------------
    def set_cases(self, cases: list[Mapping[str, Any]]) -> None:
        self._loading = True
        try:
            self.tree.clear()
            for case in cases:
                item = self._case_item(str(case.get("next") or ""))
                when = case.get("when")
                if isinstance(when, Mapping) and when:
                    self._add_condition(item, when)
            self.tree.expandAll()
            self._number_cases()
        finally:
            self._loading = False
        for column in (LABEL, VAR, OP):
            self.tree.resizeColumnToContents(column)

    def _case_item(self, next_step: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree)
        self._mark(item, CASE)
        item.setText(NEXT, next_step)
        return item

    def _add_condition(self, parent: QTreeWidgetItem, data: Mapping[str, Any]) -> QTreeWidgetItem:
        mode = next((m for m in MODES if m in data), None)
        item = QTreeWidgetItem(parent)
        if mode is not None:
            self._mark(item, GROUP)
            item.setText(LABEL, mode)
            for child in data.get(mode) or ():
                if isinstance(child, Mapping):
                    self._add_condition(item, child)
        else:
            self._mark(item, LEAF)
            item.setText(VAR, str(data.get("var", "")))
            item.setText(OP, str(data.get("op", "eq")))
            item.setText(VALUE, shown(data.get("value")))
        return item

    @staticmethod
    def _mark(item: QTreeWidgetItem, kind: str) -> None:
        item.setData(LABEL, ROLE, kind)
        flags = item.flags() | Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)

    def _number_cases(self) -> None:
        for index, item in enumerate(_top_items(self.tree)):
            item.setText(LABEL, self.tr("Case {n}").format(n=index + 1))

    # -- reading back ------------------------------------------------------------------------------------------
    def cases(self) -> list[dict[str, Any]]:
        """The cases in the document's form (``{"when": ..., "next": ...}``)."""
        out = []
        for item in _top_items(self.tree):
            conditions = [self._condition(child) for child in _children(item)]
            when: dict[str, Any] = conditions[0] if len(conditions) == 1 else {"all": conditions}
            out.append({"when": when, "next": item.text(NEXT).strip() or None})
        return out

    def _condition(self, item: QTreeWidgetItem) -> dict[str, Any]:
        if _kind(item) == GROUP:
            mode = item.text(LABEL).strip().lower()
            mode = mode if mode in MODES else "all"
            return {mode: [self._condition(child) for child in _children(item)]}
        leaf: dict[str, Any] = {"var": item.text(VAR).strip(), "op": item.text(OP).strip() or "eq"}
        value = scalar(item.text(VALUE))
        if value is not None or leaf["op"] != "exists":
            leaf["value"] = value
        return leaf

    # -- changing ----------------------------------------------------------------------------------------------
    def add_case(self) -> QTreeWidgetItem:
        """A new case at the end, with one comparison to fill in."""
        item = self._case_item("")
        leaf = self._add_condition(item, {"var": "answers.", "op": "eq"})
        self._number_cases()
        item.setExpanded(True)
        self._changed(leaf, VAR)
        return item

    def add_under_selected(self, kind: str) -> QTreeWidgetItem | None:
        """A comparison (``leaf``) or an "all" group (``group``, with one comparison) under the selected case or
        group (beside the selected comparison); a new case when nothing is selected."""
        selected = self.tree.currentItem()
        if selected is None:
            selected = self.add_case()
        parent = selected if _kind(selected) in (CASE, GROUP) else selected.parent()
        if parent is None:
            return None
        data: Mapping[str, Any] = {"all": [{"var": "answers.", "op": "eq"}]} if kind == GROUP else {"var": "answers."}
        item = self._add_condition(parent, data)
        parent.setExpanded(True)
        item.setExpanded(True)
        self._changed(item if kind == LEAF else item.child(0), VAR)
        return item

    def remove_selected(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            self._number_cases()
        else:
            parent.removeChild(item)
        self.edited.emit()

    def _changed(self, focus: QTreeWidgetItem | None, column: int) -> None:
        if focus is not None:
            self.tree.setCurrentItem(focus, column)
        self.edited.emit()

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if not self._loading and column in _EDITABLE.get(str(_kind(item)), ()):
            self.edited.emit()

    # -- texts -------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.tree.setHeaderLabels(
            [self.tr("Condition"), self.tr("Variable"), self.tr("Test"), self.tr("Value"), self.tr("Next step")]
        )
        self.buttons["case"].setText(self.tr("Add case"))
        self.buttons["leaf"].setText(self.tr("Add comparison"))
        self.buttons["group"].setText(self.tr("Add group"))
        self.buttons["remove"].setText(self.tr("Remove"))
        self.tree.setToolTip(
            self.tr(
                "Cases are tried in order. Under a case: comparisons, and groups — 'all' (every condition under it "
                "holds) or 'any' (one does). Edit a cell with F2."
            )
        )
        self._loading = True
        try:
            self._number_cases()
        finally:
            self._loading = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
