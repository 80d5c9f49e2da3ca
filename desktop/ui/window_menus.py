"""The main window's menus: File, View, Help, each action with a keyboard shortcut shown beside it.

File: lock the screen, switch user, quit. View: find a customer, the interface language, and one action per
workspace tab (Alt+1, Alt+2, …). Help: the keyboard shortcuts of the window, and about.  Texts are translated
in the context "MainWindow" (the window's own strings).  Toolbar buttons of the window name their action's
shortcut in their tooltip (:class:`ShortcutTips`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

from .i18n import LANGUAGE_NAMES, LANGUAGES

LOCK_KEY = "Ctrl+L"
SWITCH_USER_KEY = "Ctrl+Shift+L"
QUIT_KEY = "Ctrl+Q"  # spelled out: the platform's standard Quit key is empty on Windows
FIND_KEYS = ("Ctrl+F", "F3")
LANGUAGE_KEYS = {"zh_CN": "Ctrl+Alt+Z", "en": "Ctrl+Alt+E"}
SHORTCUTS_KEY = "F1"
ABOUT_KEY = "Ctrl+F1"
TAB_KEY = "Alt+{n}"  # Alt+1 … Alt+9: the workspace tabs (Ctrl+1 … Ctrl+5 are the 360° view's tabs)
MAX_TAB_KEYS = 9


def plain_text(text: str) -> str:
    """An action or tab text as read: without mnemonic marks (``&Quit`` → ``Quit``, ``退出(&Q)`` → ``退出``,
    ``&&`` → ``&``)."""
    text = re.sub(r"\(&[^&]\)", "", text)
    return re.sub(r"&(.)", r"\1", text).replace("\t", " ").strip()


def keys_text(keys: list[QKeySequence]) -> str:
    """Key sequences as the platform writes them, e.g. ``Ctrl+F, F3``; keys written alike are written once (the
    main and the keypad's Enter are both "Ctrl+回车" in Chinese)."""
    written = (k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if not k.isEmpty())
    return ", ".join(dict.fromkeys(written))


class WindowMenus:
    """Builds the menu bar of ``window`` and keeps its texts in the language in force."""

    def __init__(
        self,
        window: QMainWindow,
        *,
        language: str,
        lock: Callable[[], object],
        switch_user: Callable[[], object],
        quit: Callable[[], object],
        find: Callable[[], object],
        set_language: Callable[[str], None],
        shortcuts: Callable[[], object],
        about: Callable[[], object],
    ) -> None:
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.lock_action = self._action(self.file_menu, LOCK_KEY, lock)
        self.switch_user_action = self._action(self.file_menu, SWITCH_USER_KEY, switch_user)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, QUIT_KEY, quit)

        self.view_menu = bar.addMenu("")
        self.find_action = self._action(self.view_menu, FIND_KEYS, find)
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(window)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = self._action(self.language_menu, LANGUAGE_KEYS[code], partial(set_language, code))
            action.setText(LANGUAGE_NAMES[code])
            action.setCheckable(True)
            action.setChecked(code == language)
            action.setData(code)
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self._tabs_separator = self.view_menu.addSeparator()
        self.tab_group = QActionGroup(window)
        self.tab_group.setExclusive(True)
        self.tab_actions: list[tuple[QAction, QWidget]] = []
        self._tabs: QTabWidget | None = None

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = self._action(self.help_menu, SHORTCUTS_KEY, shortcuts)
        self.help_menu.addSeparator()
        self.about_action = self._action(self.help_menu, ABOUT_KEY, about)
        self.tips = ShortcutTips(window)

    def _action(self, menu: QMenu, keys: str | tuple[str, ...], slot: Callable[[], object]) -> QAction:
        action = QAction(self.window)
        action.setShortcuts([QKeySequence(k) for k in ((keys,) if isinstance(keys, str) else keys)])
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- workspace tabs ---------------------------------------------------------------------------

    def add_tab_actions(self, tabs: QTabWidget) -> None:
        """One action per page of ``tabs`` (Alt+1 for the first, …), checked on the page shown."""
        self._tabs = tabs
        for index in range(min(tabs.count(), MAX_TAB_KEYS)):
            page = tabs.widget(index)
            if page is None:
                continue
            action = QAction(self.window)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(TAB_KEY.format(n=index + 1)))
            action.triggered.connect(lambda _checked=False, page=page: self.show_page(page))
            self.tab_group.addAction(action)
            self.view_menu.addAction(action)
            self.tab_actions.append((action, page))
        tabs.currentChanged.connect(lambda _index: self._check_current())
        self.view_menu.aboutToShow.connect(self.sync_tab_texts)  # a tab's title may carry a count that changed
        self.sync_tab_texts()

    def show_page(self, page: QWidget) -> None:
        """Bring ``page`` to the front if it is one of the tabs shown."""
        tabs = self._tabs
        if tabs is None:
            return
        index = tabs.indexOf(page)
        if index >= 0 and tabs.isTabVisible(index) and tabs.isTabEnabled(index):
            tabs.setCurrentIndex(index)
        self._check_current()

    def sync_tab_texts(self) -> None:
        """The tab actions say what their tabs say (after a language switch or a new count on a tab)."""
        tabs = self._tabs
        if tabs is None:
            return
        for action, page in self.tab_actions:
            index = tabs.indexOf(page)
            if index < 0:
                continue
            action.setText(tabs.tabText(index))
            tabs.setTabToolTip(index, f"{plain_text(tabs.tabText(index))} ({keys_text(action.shortcuts())})")
        self._check_current()

    def _check_current(self) -> None:
        current = self._tabs.currentWidget() if self._tabs is not None else None
        for action, page in self.tab_actions:
            action.setChecked(page is current)

    def set_working(self, working: bool) -> None:
        """While the screen is locked, finding and switching tabs do nothing."""
        for action in (self.find_action, *(a for a, _page in self.tab_actions)):
            action.setEnabled(working)

    # -- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.file_menu.setTitle(QCoreApplication.translate("MainWindow", "&File"))
        self.lock_action.setText(QCoreApplication.translate("MainWindow", "&Lock screen"))
        self.switch_user_action.setText(QCoreApplication.translate("MainWindow", "&Switch user…"))
        self.quit_action.setText(QCoreApplication.translate("MainWindow", "&Quit"))
        self.view_menu.setTitle(QCoreApplication.translate("MainWindow", "&View"))
        self.find_action.setText(QCoreApplication.translate("MainWindow", "&Find customer"))
        self.language_menu.setTitle(QCoreApplication.translate("MainWindow", "&Language"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        self.shortcuts_action.setText(QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"))
        self.about_action.setText(QCoreApplication.translate("MainWindow", "&About ContactDesk"))
        self.sync_tab_texts()


class ShortcutTips(QObject):
    """Every toolbar of the window names an action's shortcut in its buttons' tooltips: "Lock screen (Ctrl+L)".

    Follows toolbars added later and actions whose text or shortcut changes (a language switch).
    """

    PROPERTY = "contactdeskTip"  # the tooltip this filter set last (an owner's own tooltip is kept)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._watched: set[int] = set()
        window.installEventFilter(self)
        for toolbar in window.findChildren(QToolBar):
            self._watch(toolbar)

    def _watch(self, toolbar: QToolBar) -> None:
        if id(toolbar) in self._watched:
            return
        self._watched.add(id(toolbar))
        toolbar.installEventFilter(self)
        for action in toolbar.actions():
            self.update(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QToolBar):
                self._watch(child)
        elif kind in (QEvent.Type.ActionAdded, QEvent.Type.ActionChanged) and isinstance(watched, QToolBar):
            self.update(event.action())  # type: ignore[attr-defined]
        return False

    def update(self, action: QAction) -> None:
        """Set ``action``'s tooltip to its text (or its owner's tooltip) followed by its shortcut."""
        keys = keys_text(action.shortcuts())
        current = action.toolTip()
        ours = action.property(self.PROPERTY)
        base = plain_text(action.text()) if current == ours else current
        if keys and f"({keys})" in base:
            base = base.replace(f" ({keys})", "")
        tip = f"{base} ({keys})" if keys and base else base
        if tip and tip != current:
            action.setProperty(self.PROPERTY, tip)
            action.setToolTip(tip)
