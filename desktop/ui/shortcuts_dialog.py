"""Help → Keyboard shortcuts: every shortcut of a window, gathered from its actions and shortcuts when opened.

Nothing is listed by hand: the dialog reads the window's ``QAction`` and ``QShortcut`` objects as they are at
that moment (in the language in force), so what it says stays true as menus, bars and panes gain keys.
A ``QShortcut`` is described by its ``whatsThis`` text, else by the button that names its key, e.g.
"Accept (F9)".
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .window_menus import keys_text, plain_text

MIN_WIDTH = 520
MAX_HEIGHT = 640  # fits a 1280×720 screen with its taskbar and the dialog's title bar


@dataclass(frozen=True)
class ShortcutEntry:
    """One line of the list: where the key works (a menu's title, or a part of the window), what it does, keys."""

    group: str
    what: str
    keys: str


def _menu_path(action: QAction) -> str:
    """``View › Language`` for an action in the Language submenu of View; "" outside menus."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            titles = [plain_text(owner.title())]
            parent = owner.menuAction().associatedObjects()
            while parent and isinstance(parent[0], QMenu):
                titles.insert(0, plain_text(parent[0].title()))
                parent = parent[0].menuAction().associatedObjects()
            return " › ".join(t for t in titles if t)
    return ""


def _strip_keys(text: str, keys: str) -> str:
    """ "Accept (F9)" → "Accept"."""
    return text.replace(f"({keys})", "").strip(" ·-–")


def _shortcut_text(shortcut: QShortcut, keys: str) -> str:
    text = shortcut.whatsThis()
    if text:
        return text
    parent = shortcut.parent()
    if isinstance(parent, QWidget):
        for button in parent.findChildren(QAbstractButton):
            label = button.text() or button.toolTip()
            if keys and f"({keys})" in label:
                return plain_text(_strip_keys(label, keys))
    return ""


def window_shortcuts(window: QWidget, *, other: str = "") -> list[ShortcutEntry]:
    """Every shortcut of ``window``: its actions' (in menus, bars, buttons) and its ``QShortcut`` objects.

    Actions that are hidden are left out; disabled ones are listed (e.g. "Accept" while no call rings).
    ``other`` names the group of keys outside any menu.
    """
    entries: list[ShortcutEntry] = []
    seen: set[tuple[str, str]] = set()

    def add(group: str, what: str, keys: str) -> None:
        if keys and (what, keys) not in seen:
            seen.add((what, keys))
            entries.append(ShortcutEntry(group or other, what or "—", keys))

    for action in window.findChildren(QAction):
        keys = keys_text(action.shortcuts())
        if not keys or not action.isVisible():
            continue
        add(_menu_path(action), plain_text(_strip_keys(action.text() or action.toolTip(), keys)), keys)
    for button in window.findChildren(QAbstractButton):  # buttons with a key of their own (links, tool buttons)
        keys = keys_text([button.shortcut()])
        if keys and not button.isHidden():
            add("", plain_text(_strip_keys(button.text() or button.toolTip(), keys)), keys)
    for shortcut in window.findChildren(QShortcut):
        keys = keys_text(shortcut.keys())
        if keys and shortcut.isEnabled():
            add("", _shortcut_text(shortcut, keys), keys)
    return entries


class ShortcutsDialog(QDialog):
    """The list of a window's keyboard shortcuts, grouped by menu, with a Close button."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.intro = QLabel(self.tr("The keyboard shortcuts of this window, as they are now:"), self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutList")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.entries = window_shortcuts(window, other=self.tr("Other keys"))
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in self.entries:
            group = groups.get(entry.group)
            if group is None:
                group = QTreeWidgetItem(self.tree, [entry.group])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[entry.group] = group
            QTreeWidgetItem(group, [entry.what, entry.keys])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self._fit()

    def _fit(self) -> None:
        """As tall as the list (a scroll bar only beyond ``MAX_HEIGHT``), as wide as its columns need."""
        tree = self.tree
        groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        rows = sum(1 + group.childCount() for group in groups if group is not None)
        row_height = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
        list_height = rows * row_height + tree.header().sizeHint().height() + 2 * tree.frameWidth() + 8
        width = max(MIN_WIDTH, tree.sizeHintForColumn(0) + tree.sizeHintForColumn(1) + 80)
        chrome = self.sizeHint().height() - tree.sizeHint().height()
        self.resize(width, min(MAX_HEIGHT, list_height + chrome))

    def listed(self) -> list[tuple[str, str]]:
        """(what, keys) of every line shown."""
        return [(e.what, e.keys) for e in self.entries]

    def keys_shown(self) -> set[str]:
        """Every key sequence listed (each one separately: ``Ctrl+F, F3`` gives two)."""
        return {part.strip() for e in self.entries for part in e.keys.split(",")}


def native(key: str) -> str:
    """A key sequence as the dialog writes it."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
