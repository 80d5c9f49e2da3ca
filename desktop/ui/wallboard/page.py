"""The supervisor's wallboard tab: the floor's live figures, filtered by team and queue, with alerts, and a
full-screen copy for a TV.

The page draws what its source hands it and nothing else: it never reads the database (every board shows the
one aggregator's snapshot, so two supervisors never see two different truths).  Before the first snapshot it
says it is waiting; when the source says the link is lost it keeps the last figures, greys them and says from
when they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from services.wallboard.types import WallboardSnapshot

from .. import fmt
from ..widgets import EmptyState
from . import board_data
from . import figures as f
from .alerts import AlertWatch
from .board_data import BoardFilter
from .board_view import BoardView, utcnow
from .fullscreen import FullScreenBoard

FULL_SCREEN_KEY = "F11"


def default_sound() -> Callable[[str], None]:
    """The lobby's chime, rung once per new alert (PySide6-Essentials has no QtMultimedia)."""
    from ..lobby.chime import Chime

    chime = Chime()
    return lambda _level: chime.play()


class WallboardPage(QWidget):
    """The wallboard (see the module docstring).

    Args:
        source: a :class:`~desktop.ui.wallboard.source.WallboardSource` (signals ``snapshot(object)`` and
            ``stale(bool)``, ``latest()``).
        principal: the signed-in supervisor (kept for the lead's wiring; the source decides what is on the floor).
        sound: called with the level when a queue newly turns warning / critical (default: the chime).
        clock: this workstation's "now" (tests).
    """

    def __init__(
        self,
        source: Any,
        principal: Any = None,
        parent: QWidget | None = None,
        *,
        sound: Callable[[str], None] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardPage")
        self.source, self.principal, self._clock = source, principal, clock
        self.snapshot: WallboardSnapshot | None = None
        self.stale = bool(getattr(source, "is_stale", lambda: False)())
        self.filter = BoardFilter()
        self.watch = AlertWatch(sound or default_sound())
        self.full_screen: FullScreenBoard | None = None

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.as_of = QLabel(self)
        self.team_label, self.queue_label = QLabel(self), QLabel(self)
        self.team_box, self.queue_box = QComboBox(self), QComboBox(self)
        for label, box, name in ((self.team_label, self.team_box, "team"), (self.queue_label, self.queue_box, "queue")):
            box.setObjectName(f"wallboard_{name}_filter")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setMinimumContentsLength(8)
            label.setBuddy(box)
            box.currentIndexChanged.connect(self._filter_changed)
        self.full_button = QPushButton(self)
        self.full_button.setObjectName("wallboardFullScreenButton")
        self.full_button.clicked.connect(self.open_full_screen)
        self.full_shortcut = QShortcut(QKeySequence(FULL_SCREEN_KEY), self)
        self.full_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.full_shortcut.activated.connect(self.open_full_screen)

        self.empty = EmptyState(parent=self)
        self.view = BoardView(self, clock=clock)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        head = self._head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.as_of, 1)
        for widget in (self.team_label, self.team_box, self.queue_label, self.queue_box, self.full_button):
            head.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.team_box, self.queue_box)
        self.setTabOrder(self.queue_box, self.full_button)

        source.snapshot.connect(self.show_snapshot)
        source.stale.connect(self.set_stale)
        self.retranslate()
        first = source.latest()
        if first is not None:
            self.show_snapshot(first)

    def add_header_button(self, button: QPushButton) -> None:
        """Put a button of a tool that belongs to the board (queue rules, surveys) before "Full screen"."""
        self._head.insertWidget(self._head.indexOf(self.full_button), button)
        self.setTabOrder(self.queue_box, button)
        self.setTabOrder(button, self.full_button)

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Wallboard"))
        self.team_label.setText(self.tr("&Team:"))
        self.queue_label.setText(self.tr("&Queue:"))
        self.team_box.setToolTip(self.tr("Show one team's queues and agents (Alt+T)"))
        self.queue_box.setToolTip(self.tr("Show one queue and the agents who take its calls (Alt+Q)"))
        key = QKeySequence(FULL_SCREEN_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        self.full_button.setText(self.tr("Full screen"))
        self.full_button.setToolTip(
            self.tr("Show the wallboard full screen, for a TV ({key}; Esc to leave)").format(key=key)
        )
        self._fill_filters()
        self.view.retranslate()
        if self.full_screen is not None:
            self.full_screen.retranslate()
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the source -------------------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: WallboardSnapshot) -> None:
        """A new snapshot from the source (GUI thread)."""
        self.snapshot = snapshot
        self._fill_filters()
        self._render(sound=True)

    def set_stale(self, stale: bool) -> None:
        """The source lost (True) or regained (False) its link to the aggregator."""
        self.stale = stale
        self.view.set_stale(stale)
        if self.full_screen is not None:
            self.full_screen.set_stale(stale)
        self._show_state()

    def _render(self, *, sound: bool) -> None:
        if self.snapshot is None:
            self._show_state()
            return
        board = board_data.apply(self.snapshot, self.filter)
        self.view.show_board(board, stale=self.stale)
        if self.full_screen is not None:
            self.full_screen.show_board(board, stale=self.stale)
        if sound:
            self.watch.update(board.alerts)
        self._show_state()

    def _show_state(self) -> None:
        if self.snapshot is None:
            self.empty.set(
                self.tr("Waiting for the first figures…"),
                self.tr("No connection to the wallboard service yet.")
                if self.stale
                else self.tr("The board fills in as soon as the wallboard service sends the floor's figures."),
            )
            self.stack.setCurrentWidget(self.empty)
            self.as_of.setText("")
            return
        self.stack.setCurrentWidget(self.view)
        time = fmt.local(self.snapshot.at).strftime("%H:%M:%S")
        self.as_of.setText(
            self.tr("Not current: last update {time}").format(time=time)
            if self.stale
            else self.tr("As of {time}").format(time=time)
        )

    # -- filters ----------------------------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        snapshot = self.snapshot
        teams = sorted(snapshot.teams, key=lambda t: t[1]) if snapshot is not None else []
        queues = [(q.queue_id, f.queue_label(q)) for q in snapshot.queues] if snapshot is not None else []
        _refill(self.team_box, self.tr("All teams"), teams)
        _refill(self.queue_box, self.tr("All queues"), queues)
        self.filter = BoardFilter(self.team_box.currentData(), self.queue_box.currentData())

    def _filter_changed(self) -> None:
        chosen = BoardFilter(self.team_box.currentData(), self.queue_box.currentData())
        if chosen != self.filter:
            self.filter = chosen
            self.watch.reset()  # what the new filter shows is not news
            self._render(sound=True)

    def set_filter(self, team_id: int | None = None, queue_id: int | None = None) -> None:
        """Choose a team and a queue (None: all) as the combo boxes do."""
        self.team_box.setCurrentIndex(max(0, self.team_box.findData(team_id)))
        self.queue_box.setCurrentIndex(max(0, self.queue_box.findData(queue_id)))

    # -- full screen ------------------------------------------------------------------------------------------
    def open_full_screen(self) -> FullScreenBoard:
        """Show the board full screen on this page's screen (again: bring it to the front)."""
        if self.full_screen is None:
            self.full_screen = FullScreenBoard(self, clock=self._clock)
            self.full_screen.closed.connect(self._full_screen_closed)
        board = board_data.apply(self.snapshot, self.filter) if self.snapshot is not None else None
        self.full_screen.show_board(board, stale=self.stale)
        self.full_screen.show_on(self.screen())
        return self.full_screen

    def _full_screen_closed(self) -> None:
        window, self.full_screen = self.full_screen, None
        if window is not None:
            window.deleteLater()
        self.activateWindow()
        self.full_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_full_screen(self) -> None:
        if self.full_screen is not None:
            self.full_screen.close()


def _refill(box: QComboBox, everything: str, items: list[tuple[int, str]]) -> None:
    """``everything`` (None) then ``items``; the choice is kept while it is still on the list."""
    wanted = [(None, everything), *items]
    current = [(box.itemData(i), box.itemText(i)) for i in range(box.count())]
    if wanted == current:
        return
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    for data, text in wanted:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    box.blockSignals(False)
