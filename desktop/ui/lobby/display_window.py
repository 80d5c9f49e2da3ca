"""The lobby display: a full-screen window for a TV or a second monitor, readable from five metres.

It shows the number just called (huge, with its counter), the few before it, the people waiting per service
and the branch's notice line.  It follows the change feed of its branch (``lobby:<branch>`` and the notice
topics) and reads :meth:`FloorService.display` on the database worker, so a call shows within a second; a new
call (or a recall) rings the chime and flashes the number.  When the connection is lost it says so and greys
the numbers: people must not trust a frozen screen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QScreen, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.lobby.types import FEED_LOBBY, FEED_NOTICE, CalledNumber, DisplayState

from .. import fmt
from . import floor_parts as parts
from .chime import Chime
from .desk import LobbyDesk

LIVE_DELAY_MS = 100  # a burst of changes reads once, well within a second
POLL_MS = 30_000  # a safety net, and the clock
FLASHES = 6  # on/off steps of the new number's panel
FLASH_MS = 350
PREVIOUS = 4  # numbers shown below the newest
BACKGROUND, PANEL, TEXT, ACCENT, DIM = "#0b1220", "#16213a", "#f5f7fb", "#ffd23f", "#6b7280"
FLASH_COLOR = "#b8860b"


class NoticeLine(QWidget):
    """One line of notice text: shown whole when it fits, else scrolling slowly from right to left."""

    STEP_PX = 2
    STEP_MS = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeLine")
        self._text = ""
        self._offset = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.STEP_MS)
        self._timer.timeout.connect(self._step)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        text = " ".join(text.split())
        if text != self._text:
            self._text = text
            self._offset = 0
        self._sync()

    @property
    def scrolling(self) -> bool:
        return self._timer.isActive()

    def _text_width(self) -> int:
        return QFontMetrics(self.font()).horizontalAdvance(self._text)

    def _sync(self) -> None:
        self.setFixedHeight(int(QFontMetrics(self.font()).height() * 1.6))
        if self._text and self._text_width() > self.width():
            self._timer.start()
        else:
            self._timer.stop()
            self._offset = 0
        self.update()

    def _step(self) -> None:
        self._offset = (self._offset + self.STEP_PX) % (self._text_width() + self.width() // 2)
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._sync()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._sync()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        rect = self.rect()
        if not self.scrolling:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._text)
            return
        gap = self.width() // 2
        x = -self._offset
        while x < rect.width():
            painter.drawText(rect.adjusted(x, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, self._text)
            x += self._text_width() + gap


class DisplayWindow(QWidget):
    """The branch's lobby display (a top-level window).

    Args:
        tasks: the desktop's task manager.
        desk: the lobby services (``desk.floor.display`` runs on the database worker).
        branch_id: the branch shown.
        watch: a :class:`~desktop.ui.sync.bridge.ConnectivityWatch` (its ``online_changed(bool)``); optional.
        chime: the sound of a call (default: the real chime).
    """

    def __init__(
        self,
        tasks: TaskManager,
        desk: LobbyDesk,
        branch_id: int,
        *,
        watch: Any = None,
        parent: QWidget | None = None,
        chime: Chime | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lobbyDisplay")
        self._tasks, self._desk, self.branch_id = tasks, desk, branch_id
        self.chime = chime or Chime()
        self.state: DisplayState | None = None
        self.online = bool(getattr(watch, "online", True))
        self.failed = False  # the last read failed
        self.flashes_left = 0
        self._newest: tuple[int, int, dt.datetime] | None = None
        self._topics = {f"{FEED_LOBBY}:{branch_id}", FEED_NOTICE, f"{FEED_NOTICE}:{branch_id}"}
        self.setStyleSheet(
            f"QWidget#lobbyDisplay {{ background: {BACKGROUND}; }} QLabel {{ color: {TEXT}; }}"
            f" QFrame#displayPanel {{ background: {PANEL}; border-radius: 18px; }}"
            f" QLabel#offlineBanner {{ background: #b91c1c; color: white; padding: 8px; }}"
            f" QWidget#noticeLine {{ color: {ACCENT}; }}"
        )
        self.setAutoFillBackground(True)

        self.branch = QLabel(self)
        self.clock = QLabel(self)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.banner = QLabel(self)
        self.banner.setObjectName("offlineBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.now_panel = self._panel()
        self.now_caption = QLabel(self.now_panel)
        self.number = QLabel(self.now_panel)
        self.number.setObjectName("displayNumber")
        self.counter = QLabel(self.now_panel)
        self.counter.setObjectName("displayCounter")
        self.counter.setWordWrap(True)
        for label in (self.now_caption, self.number, self.counter):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        now = QVBoxLayout(self.now_panel)
        now.addWidget(self.now_caption)
        now.addWidget(self.number, 1)
        now.addWidget(self.counter)

        self.previous_caption = QLabel(self)
        self.previous: list[tuple[QLabel, QLabel]] = []
        previous_row = QHBoxLayout()
        for _ in range(PREVIOUS):
            box = self._panel()
            number, where = QLabel(box), QLabel(box)
            for label in (number, where):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner = QVBoxLayout(box)
            inner.addWidget(number)
            inner.addWidget(where)
            policy = box.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the others keep their place while few numbers were called
            box.setSizePolicy(policy)
            previous_row.addWidget(box, 1)
            self.previous.append((number, where))

        self.waiting_panel = self._panel()
        self.waiting_caption = QLabel(self.waiting_panel)
        self.waiting_grid = QGridLayout()
        self.waiting_grid.setHorizontalSpacing(24)
        self.waiting_rows: list[tuple[QLabel, QLabel]] = []
        self.waiting_empty = QLabel(self.waiting_panel)
        self.waiting_empty.setWordWrap(True)
        waiting = QVBoxLayout(self.waiting_panel)
        waiting.setContentsMargins(24, 12, 28, 12)
        waiting.addWidget(self.waiting_caption)
        waiting.addLayout(self.waiting_grid)
        waiting.addWidget(self.waiting_empty)
        waiting.addStretch(1)

        self.notice = NoticeLine(self)

        header = QHBoxLayout()
        header.addWidget(self.branch, 1)
        header.addWidget(self.clock)
        left = QVBoxLayout()
        left.addWidget(self.now_panel, 3)
        left.addWidget(self.previous_caption)
        left.addLayout(previous_row, 1)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 3)
        body.addWidget(self.waiting_panel, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 16, 28, 12)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the screen sets the size, not the text
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)

        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._poll.start()
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.activated.connect(self.showNormal)
        parts.live_refresh(
            tasks, self, lambda topics: bool(self._topics & topics), self.refresh, delay_ms=LIVE_DELAY_MS
        )
        if watch is not None:
            watch.online_changed.connect(self.set_online)
        self.retranslate()
        self._show()
        self.refresh()

    def _panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setObjectName("displayPanel")
        return panel

    # -- texts and sizes --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Lobby display"))
        self.now_caption.setText(self.tr("Now calling"))
        self.previous_caption.setText(self.tr("Called before"))
        self.waiting_caption.setText(self.tr("People waiting"))
        self.waiting_empty.setText(self.tr("Nobody is waiting. Welcome!"))
        self.banner.setText(self.tr("Connection lost — the information shown may be out of date"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        """Type sized to the screen: the number takes about a fifth of the height.  No label may widen the
        window: each is as narrow as the layout makes it (the sizes below are chosen to fit)."""
        for label in self.findChildren(QLabel):
            label.setMinimumWidth(1)
        h = max(self.height(), 400)
        w = max(self.width(), 600)

        def size(label: QWidget, px: float, bold: bool = False) -> None:
            font = QFont(self.font())
            font.setPixelSize(max(12, int(px)))
            font.setBold(bold)
            label.setFont(font)

        size(self.branch, h * 0.042, True)
        size(self.clock, h * 0.042, True)
        size(self.banner, h * 0.035, True)
        size(self.now_caption, h * 0.045)
        size(self.number, min(h * 0.24, w * 0.13), True)
        size(self.counter, h * 0.075, True)
        size(self.previous_caption, h * 0.032)
        for number, where in self.previous:
            size(number, h * 0.07, True)
            size(where, h * 0.034)
        size(self.waiting_caption, h * 0.045)
        size(self.waiting_empty, h * 0.04)
        for name, count in self.waiting_rows:
            size(name, h * 0.05)
            size(count, h * 0.06, True)
        size(self.notice, h * 0.036)

    # -- live data --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read what the display shows (on the database worker)."""
        floor, branch = self._desk.floor, self.branch_id
        self._tasks.run_db(
            lambda: floor.display(branch),
            on_success=self._loaded,
            on_failure=self._load_failed,
            key=f"lobby-display-{id(self)}",
            owner=self,
            busy=False,
            label="lobby display",
        )
        self.clock.setText(fmt.local(parts.utcnow()).strftime("%H:%M"))

    def _loaded(self, state: DisplayState) -> None:
        first = self.state is None
        self.state, self.failed = state, False
        newest = state.called[0] if state.called else None
        key = (newest.ticket_id, newest.recalls, newest.called_at) if newest is not None else None
        if key is not None and key != self._newest and not first:
            self.chime.play()
            self.flash()
        self._newest = key
        self._show()

    def _load_failed(self, _exc: BaseException) -> None:
        self.failed = True
        self._show()

    def set_online(self, online: bool) -> None:
        """The connectivity watch's judgement: offline marks the screen out of date; back online reloads."""
        self.online = online
        self._show()
        if online:
            self.refresh()

    @property
    def stale(self) -> bool:
        """The screen may be out of date (offline, or the last read failed)."""
        return not self.online or self.failed

    def _show(self) -> None:
        state = self.state
        self.banner.setVisible(self.stale)
        self.branch.setText(state.branch_name if state is not None else "")
        called = list(state.called) if state is not None else []
        newest: CalledNumber | None = called[0] if called else None
        self.number.setText(newest.number if newest is not None else "")
        if newest is not None:
            self.counter.setText(self.tr("Please go to {counter}").format(counter=newest.counter_label))
        else:
            self.counter.setText(self.tr("Welcome. Please take a number."))
        for index, (number, where) in enumerate(self.previous):
            item = called[index + 1] if index + 1 < len(called) else None
            number.setText(item.number if item is not None else "")
            where.setText(item.counter_label if item is not None else "")
            box = number.parentWidget()
            if box is not None:
                box.setVisible(item is not None)
        self._fill_waiting(state)
        self.notice.setText(state.notice if state is not None else "")
        self.notice.setVisible(bool(self.notice.text()))
        self._colour()

    def _fill_waiting(self, state: DisplayState | None) -> None:
        loads = list(state.waiting) if state is not None else []
        while len(self.waiting_rows) < len(loads):
            name, count = QLabel(self.waiting_panel), QLabel(self.waiting_panel)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row = len(self.waiting_rows)
            self.waiting_grid.addWidget(name, row, 0)
            self.waiting_grid.addWidget(count, row, 1)
            self.waiting_rows.append((name, count))
            self._scale()
        for index, (name, count) in enumerate(self.waiting_rows):
            load = loads[index] if index < len(loads) else None
            name.setVisible(load is not None)
            count.setVisible(load is not None)
            if load is not None:
                name.setText(parts.bilingual(load.name_zh, load.name_en))
                count.setText(str(load.waiting))
                count.setToolTip(self.tr("{n} waiting").format(n=load.waiting))
        self.waiting_empty.setVisible(state is not None and not any(x.waiting for x in loads))

    def _colour(self) -> None:
        lit = self.flashes_left > 0 and self.flashes_left % 2 == 0
        self.now_panel.setStyleSheet(f"QFrame#displayPanel {{ background: {FLASH_COLOR if lit else PANEL}; }}")
        numbers = DIM if self.stale else ACCENT
        words = DIM if self.stale else TEXT
        self.number.setStyleSheet(f"color: {numbers};")
        self.counter.setStyleSheet(f"color: {words};")
        for number, where in self.previous:
            number.setStyleSheet(f"color: {words};")
            where.setStyleSheet(f"color: {DIM if self.stale else '#c7d2fe'};")
        for _name, count in self.waiting_rows:
            count.setStyleSheet(f"color: {numbers};")

    # -- the call's flash -------------------------------------------------------------------------------------
    def flash(self) -> None:
        """Flash the newest number's panel a few times."""
        self.flashes_left = FLASHES
        self._colour()
        self._flash_timer.start()

    def _flash_step(self) -> None:
        self.flashes_left = max(0, self.flashes_left - 1)
        if self.flashes_left == 0:
            self._flash_timer.stop()
        self._colour()

    # -- the screen -------------------------------------------------------------------------------------------
    def show_on(self, screen: QScreen) -> None:
        """Move to ``screen`` and fill it."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
