"""The disposition tree of the wrap-up, with a filter box: type to narrow it, arrows to move, Enter to pick.

The keyboard can stay in the filter box: what is typed narrows the tree (matching the Chinese or English
label or the code; a matching group keeps all its items), the arrow keys move the selection through the
dispositions that can be chosen (the groups cannot), and Enter confirms the one selected (:attr:`picked`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from services.wrapup import DispositionNode

from .. import fmt

CODE_ROLE = Qt.ItemDataRole.UserRole
MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}


class DispositionPicker(QWidget):
    """A filter box over the disposition tree.

    Signals:
        selection_changed(): another disposition (or none) is selected.
        picked(str): Enter on a disposition (in the filter box or the tree), or a double click.
    """

    selection_changed = Signal()
    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._nodes: list[DispositionNode] = []
        self.filter = QLineEdit(self)
        self.filter.setObjectName("dispositionFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _text: self.apply_filter())
        self.filter.installEventFilter(self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("dispositionTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(16)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(110)
        self.tree.itemSelectionChanged.connect(self.selection_changed)
        self.tree.itemActivated.connect(lambda item, _column: self._pick(item))
        self.nothing = QLabel(self)
        self.nothing.setObjectName("muted")
        self.nothing.setWordWrap(True)
        self.nothing.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.nothing)
        self.setFocusProxy(self.filter)
        self.retranslate()

    # -- content -------------------------------------------------------------------------------------------------------
    def set_nodes(self, nodes: list[DispositionNode]) -> None:
        """Show ``nodes`` (labels in the language in force), keeping the selection and the filter."""
        self._nodes = nodes
        selected = self.selected_code()
        self.tree.blockSignals(True)
        try:
            self.tree.clear()
            chinese = fmt.is_chinese()

            def add(node: DispositionNode, parent: QTreeWidgetItem | None) -> None:
                item = QTreeWidgetItem([node.label_zh if chinese else node.label_en])
                item.setData(0, CODE_ROLE, node.code)
                item.setToolTip(0, node.code)
                if not node.selectable:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    font = item.font(0)
                    font.setBold(True)
                    item.setFont(0, font)
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                for child in node.children:
                    add(child, item)

            for node in nodes:
                add(node, None)
            self.tree.expandAll()
            self.select_code(selected)
        finally:
            self.tree.blockSignals(False)
        self.apply_filter()

    def items(self) -> list[QTreeWidgetItem]:
        """Every item of the tree, in display order."""
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is None:
                continue
            out.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def choices(self) -> list[QTreeWidgetItem]:
        """The dispositions that can be chosen and are shown now (the filter lets them through)."""
        return [i for i in self.items() if i.flags() & Qt.ItemFlag.ItemIsSelectable and not i.isHidden()]

    def selected_code(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, CODE_ROLE) if items else None

    def select_code(self, code: str | None) -> bool:
        """Select the disposition ``code``; False when it is not in the tree."""
        self.tree.clearSelection()
        if code is None:
            return False
        for item in self.items():
            if item.data(0, CODE_ROLE) == code:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def clear(self) -> None:
        """No filter, no selection (signals are the caller's to block)."""
        self.filter.clear()
        self.tree.clearSelection()

    # -- filtering and the keyboard ---------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Show the dispositions whose label or code holds what is typed (and their groups)."""
        needle = self.filter.text().strip().lower()
        for top in [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]:
            if top is not None:
                self._filter(top, needle, False)
        shown = self.choices()
        self.nothing.setVisible(bool(needle) and not shown)
        selected = self.tree.selectedItems()
        if needle and shown and (not selected or selected[0].isHidden()):
            self._select(shown[0])  # typing then Enter picks the best match at once

    def _filter(self, item: QTreeWidgetItem, needle: str, inherited: bool) -> bool:
        own = not needle or inherited or any(needle in t.lower() for t in self._texts(item))
        children = [item.child(i) for i in range(item.childCount())]
        visible_child = False
        for child in children:
            if child is not None:
                visible_child = self._filter(child, needle, own and bool(needle)) or visible_child
        visible = own or visible_child
        item.setHidden(not visible)
        return visible

    def _texts(self, item: QTreeWidgetItem) -> tuple[str, ...]:
        """What typing finds a disposition by: its labels, its code, and the Chinese label's pinyin and
        initials (``guashi``, ``gs`` find 挂失及补卡)."""
        code = str(item.data(0, CODE_ROLE) or "")
        node = self._node(code)
        if node is None:
            return (item.text(0), code)
        return (node.label_zh, node.label_en, code, node.pinyin, node.initials)

    def _node(self, code: str) -> DispositionNode | None:
        stack = list(self._nodes)
        while stack:
            node = stack.pop()
            if node.code == code:
                return node
            stack.extend(node.children)
        return None

    def _select(self, item: QTreeWidgetItem) -> None:
        self.tree.setCurrentItem(item)
        item.setSelected(True)
        self.tree.scrollToItem(item)

    def step(self, step: int) -> None:
        """Select the ``step``-th next choice shown (negative: back)."""
        shown = self.choices()
        if not shown:
            return
        selected = self.tree.selectedItems()
        if not selected or selected[0] not in shown:
            self._select(shown[0] if step > 0 else shown[-1])
            return
        index = max(0, min(len(shown) - 1, shown.index(selected[0]) + step))
        self._select(shown[index])

    def _pick(self, item: QTreeWidgetItem | None = None) -> None:
        if item is None:
            selected = self.tree.selectedItems()
            shown = self.choices()
            item = selected[0] if selected else (shown[0] if len(shown) == 1 else None)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsSelectable or item.isHidden():
            return
        if not item.isSelected():
            self._select(item)
        self.picked.emit(str(item.data(0, CODE_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in MOVES and plain:
                self.step(MOVES[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self._pick()
                return True
        return super().eventFilter(watched, event)

    # -- language ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("Type to find a disposition; ↑↓ choose, Enter picks"))
        self.filter.setAccessibleName(self.tr("Find a disposition"))
        self.filter.setToolTip(self.filter.placeholderText())  # the whole hint, when the box is too narrow for it
        self.tree.setAccessibleName(self.tr("Dispositions"))
        self.nothing.setText(self.tr("No disposition matches; clear the filter to see them all."))
        if self._nodes:
            self.tree.blockSignals(True)
            try:
                selected = self.selected_code()
                self.set_nodes(self._nodes)
                self.select_code(selected)
            finally:
                self.tree.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
