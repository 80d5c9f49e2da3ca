"""The lobby manager's board: how the floor is doing now, the VIPs in the lobby, today's numbers.

It follows the branch's lobby topics (debounced: a burst of calls reloads once) and reloads every
:data:`SLOW_REFRESH_MS` anyway so that waiting minutes move on while nothing happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import TaskManager
from services.lobby.types import FEED_COUNTER, FEED_LOBBY, FEED_NOTIFY, BoardState, ServiceLoad, VipInLobby
from services.permissions import Principal

from .. import fmt, labels
from ..translate import QT_TRANSLATE_NOOP
from ..widgets import StatePane, fill_table, record_table, set_header_labels
from . import floor_parts as parts
from .desk import LobbyDesk

SLOW_REFRESH_MS = 30_000
NOTIFY_KEY = "Ctrl+M"
LONG_WAIT_COLOR = QColor("#c0392b")
COUNTER_COLUMNS = (
    QT_TRANSLATE_NOOP("BoardPage", "Counter"),
    QT_TRANSLATE_NOOP("BoardPage", "Status"),
    QT_TRANSLATE_NOOP("BoardPage", "Held by"),
)
VIP_COLUMNS = (
    QT_TRANSLATE_NOOP("BoardPage", "Number"),
    QT_TRANSLATE_NOOP("BoardPage", "Customer"),
    QT_TRANSLATE_NOOP("BoardPage", "Waited"),
    QT_TRANSLATE_NOOP("BoardPage", "Manager"),
    QT_TRANSLATE_NOOP("BoardPage", "Notified"),
)
TICKET_COLUMNS = (
    QT_TRANSLATE_NOOP("BoardPage", "Number"),
    QT_TRANSLATE_NOOP("BoardPage", "Service"),
    QT_TRANSLATE_NOOP("BoardPage", "Customer"),
    QT_TRANSLATE_NOOP("BoardPage", "Status"),
    QT_TRANSLATE_NOOP("BoardPage", "Counter"),
    QT_TRANSLATE_NOOP("BoardPage", "Issued"),
    QT_TRANSLATE_NOOP("BoardPage", "Waited"),
)


class WaitingBars(QWidget):
    """People waiting per service as horizontal bars (name, bar, count), drawn simply."""

    ROW = 28

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingBars")
        self.loads: list[ServiceLoad] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_loads(self, loads: list[ServiceLoad]) -> None:
        self.loads = loads
        self.setMinimumHeight(self.ROW * max(1, len(loads)) + 8)
        self.setToolTip("\n".join(f"{parts.bilingual(x.name_zh, x.name_en)}: {x.waiting}" for x in loads))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, self.ROW * max(1, len(self.loads)) + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        names = [parts.bilingual(x.name_zh, x.name_en) for x in self.loads]
        name_w = max((metrics.horizontalAdvance(n) for n in names), default=0) + 12
        count_w = metrics.horizontalAdvance("000") + 8
        top = max((x.waiting for x in self.loads), default=0) or 1
        bar_w = max(10, self.width() - name_w - count_w)
        text = self.palette().windowText().color()
        for row, (load, name) in enumerate(zip(self.loads, names, strict=True)):
            y = 4 + row * self.ROW
            painter.setPen(text)
            painter.drawText(QRectF(0, y, name_w, self.ROW - 6), Qt.AlignmentFlag.AlignVCenter, name)
            width = bar_w * load.waiting / top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#c0392b" if load.waiting and not load.counters_open else "#1f6fb2"))
            painter.drawRoundedRect(QRectF(name_w, y + 4, max(width, 2), self.ROW - 14), 4, 4)
            painter.setPen(text)
            painter.drawText(
                QRectF(name_w + width + 6, y, count_w, self.ROW - 6), Qt.AlignmentFlag.AlignVCenter, str(load.waiting)
            )


class BoardPage(QWidget):
    """The lobby manager's board of their branch.

    Args:
        tasks: the desktop's task manager.
        desk: the lobby services (``desk.floor`` on the database worker).
        principal: the signed-in lobby manager (or supervisor).
        clock: "now" for the waited minutes (tests).
    """

    def __init__(
        self,
        tasks: TaskManager,
        desk: LobbyDesk,
        principal: Principal,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], dt.datetime] = parts.utcnow,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardPage")
        self._tasks, self._desk, self._principal, self._clock = tasks, desk, principal, clock
        self.board: BoardState | None = None
        self._failure: BaseException | None = None

        self.title = QLabel(self)
        self.title.setObjectName("panelTitle")
        self.as_of = QLabel(self)
        self.stats: dict[str, tuple[QLabel, QLabel]] = {}
        stats_row = QHBoxLayout()
        for key in ("waiting", "longest", "counters", "no_shows", "service_level"):
            tile = QFrame(self)
            tile.setObjectName("card")
            value, caption = QLabel(tile), QLabel(tile)
            value.setObjectName(f"board_{key}")
            value.setStyleSheet("font-size: 26px; font-weight: 700;")
            caption.setWordWrap(True)
            inner = QVBoxLayout(tile)
            inner.setContentsMargins(12, 6, 12, 6)
            inner.addWidget(value)
            inner.addWidget(caption)
            stats_row.addWidget(tile, 1)
            self.stats[key] = (value, caption)

        self.waiting_title, self.counters_title, self.vips_title, self.tickets_title = (QLabel(self) for _ in range(4))
        for label in (self.waiting_title, self.counters_title, self.vips_title, self.tickets_title):
            label.setObjectName("cardTitle")
        self.bars = WaitingBars(self)
        self.counters_table = record_table(self, "boardCounters", len(COUNTER_COLUMNS))
        self.vips_table = record_table(self, "boardVips", len(VIP_COLUMNS))
        self.vips_table.itemSelectionChanged.connect(self._update_buttons)
        self.vips_empty = QLabel(self)
        self.vips_empty.setWordWrap(True)
        self.notify_button = QPushButton(self)
        self.notify_button.setObjectName("boardNotify")
        self.notify_button.setMinimumHeight(44)
        self.notify_button.clicked.connect(self.notify_selected)
        self.notify_shortcut = QShortcut(QKeySequence(NOTIFY_KEY), self)
        self.notify_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.notify_shortcut.activated.connect(self.notify_selected)
        self.tickets_table = record_table(self, "boardTickets", len(TICKET_COLUMNS))
        self.pane = StatePane(self.tickets_table, self)
        self.pane.retry.connect(self.refresh)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.hide()

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.as_of)
        middle = QHBoxLayout()
        for title, body, stretch in (
            (self.waiting_title, self.bars, 3),
            (self.counters_title, self.counters_table, 3),
        ):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(body, 1)
            middle.addLayout(column, stretch)
        vips = QVBoxLayout()
        vips.addWidget(self.vips_title)
        vips.addWidget(self.vips_table, 1)
        vips.addWidget(self.vips_empty)
        notify_row = QHBoxLayout()
        notify_row.addWidget(self.status, 1)
        notify_row.addWidget(self.notify_button)
        vips.addLayout(notify_row)
        middle.addLayout(vips, 5)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(stats_row)
        layout.addLayout(middle, 2)
        layout.addWidget(self.tickets_title)
        layout.addWidget(self.pane, 3)
        layout.addWidget(self.error)

        branch = principal.branch_id
        topics = {f"{FEED_LOBBY}:{branch}", FEED_COUNTER, FEED_NOTIFY}
        parts.live_refresh(tasks, self, lambda changed: bool(topics & changed), self.refresh)
        self.slow_timer = QTimer(self)
        self.slow_timer.setInterval(SLOW_REFRESH_MS)
        self.slow_timer.timeout.connect(self.refresh)
        self.slow_timer.start()
        self.retranslate()
        self.pane.show_loading()
        self.refresh()

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Lobby board"))
        self.counters_table.setAccessibleName(self.tr("Counters"))
        self.vips_table.setAccessibleName(self.tr("VIP customers in the lobby"))
        self.tickets_table.setAccessibleName(self.tr("Today's numbers"))
        self.waiting_title.setText(self.tr("Waiting per service"))
        self.counters_title.setText(self.tr("Counters"))
        self.vips_title.setText(self.tr("VIP customers in the lobby"))
        self.tickets_title.setText(self.tr("Today's numbers"))
        self.vips_empty.setText(self.tr("No VIP customer is in the lobby now."))
        keys = QKeySequence(NOTIFY_KEY).toString(QKeySequence.SequenceFormat.NativeText)
        self.notify_button.setText(self.tr("Notify manager"))
        self.notify_button.setToolTip(
            self.tr(
                "Tell the selected VIP's customer manager on their desktop that the customer is here ({keys})"
            ).format(keys=keys)
        )
        set_header_labels(self.counters_table, [self.tr(c) for c in COUNTER_COLUMNS])
        set_header_labels(self.vips_table, [self.tr(c) for c in VIP_COLUMNS])
        set_header_labels(self.tickets_table, [self.tr(c) for c in TICKET_COLUMNS])
        if self.board is not None:
            self._show(self.board)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the board (on the database worker)."""
        floor, me = self._desk.floor, self._principal
        self._tasks.run_db(
            lambda: floor.board(me),
            on_success=self._show,
            on_failure=self._load_failed,
            key=f"board-{id(self)}",
            owner=self,
            busy=self.board is None,
            label="lobby board",
        )

    def _load_failed(self, exc: BaseException) -> None:
        if self.board is None:
            self.pane.show_failure(exc)
        else:  # keep what is shown; say it is not current
            self._say_error(exc, self.tr("The board could not be updated ({error})."))

    def _show(self, board: BoardState) -> None:
        chosen = self.chosen_vip()
        self.board = board
        now = self._clock()
        self.as_of.setText(
            self.tr("{branch} · as of {time}").format(
                branch=board.branch_name, time=fmt.local(board.as_of).strftime("%H:%M")
            )
        )
        waiting = sum(x.waiting for x in board.services)
        percent = round(100 * board.served_within_target / board.served) if board.served else None
        values = {
            "waiting": (str(waiting), self.tr("people waiting")),
            "longest": (self.tr("{n} min").format(n=board.longest_wait_min), self.tr("longest wait")),
            "counters": (
                self.tr("{open} of {all}").format(open=board.counters_open, all=len(board.counters)),
                self.tr("counters open"),
            ),
            "no_shows": (str(board.no_shows), self.tr("no-shows today")),
            "service_level": (
                self.tr("{x} of {y} ({z} %)").format(x=board.served_within_target, y=board.served, z=percent)
                if percent is not None
                else "—",
                self.tr("served within {n} minutes today").format(n=board.target_min),
            ),
        }
        for key, (value, caption) in values.items():
            self.stats[key][0].setText(value)
            self.stats[key][1].setText(caption)
        self.bars.set_loads(list(board.services))
        fill_table(
            self.counters_table,
            [
                (
                    c.label,
                    parts.label(parts.COUNTER_STATUS, c.status),
                    (c.user_name or "") + (self.tr(" (not seen for a while)") if c.stale else ""),
                )
                for c in board.counters
            ],
        )
        fill_table(
            self.vips_table,
            [
                (
                    v.number,
                    f"{v.name} · {labels.tier_badge(v.tier, v.vip_level)}",
                    self.tr("{n} min").format(n=v.waited_min),
                    v.manager_name or self.tr("no manager"),
                    fmt.local(v.notified_at).strftime("%H:%M") if v.notified_at else "",
                )
                for v in board.vips
            ],
        )
        self.vips_table.setVisible(bool(board.vips))
        self.vips_empty.setVisible(not board.vips)
        if chosen is not None:
            for row, vip in enumerate(board.vips):
                if vip.ticket_id == chosen.ticket_id:
                    self.vips_table.selectRow(row)
        rows = []
        for t in board.tickets:
            end = t.called_at or (now if t.status == "waiting" else t.finished_at or now)
            rows.append(
                (
                    t.number,
                    parts.service_name(t.service_code, parts.service_names(board.services)),
                    t.customer_name or self.tr("walk-in"),
                    parts.label(parts.TICKET_STATUS, t.status),
                    t.counter_label or "",
                    fmt.local(t.issued_at).strftime("%H:%M"),
                    self.tr("{n} min").format(n=parts.minutes_between(t.issued_at, end)),
                )
            )
        fill_table(self.tickets_table, rows)
        for row, t in enumerate(board.tickets):
            if t.status == "waiting" and parts.minutes_between(t.issued_at, now) > board.target_min:
                cell = self.tickets_table.item(row, 6)
                if cell is not None:
                    cell.setForeground(LONG_WAIT_COLOR)
        if board.tickets:
            self.pane.show_content()
        else:
            self.pane.show_empty(
                self.tr("No numbers issued today yet"),
                self.tr("Numbers appear here as customers check in at the lobby."),
            )
        self._update_buttons()

    # -- notifying a VIP's manager ----------------------------------------------------------------------------
    def chosen_vip(self) -> VipInLobby | None:
        rows = self.vips_table.selectionModel().selectedRows()
        vips = self.board.vips if self.board is not None else ()
        return vips[rows[0].row()] if rows and rows[0].row() < len(vips) else None

    def _update_buttons(self) -> None:
        vip = self.chosen_vip()
        self.notify_button.setEnabled(vip is not None and vip.manager_id is not None)

    def notify_selected(self) -> None:
        """Tell the selected VIP's manager that their customer is in the lobby."""
        vip = self.chosen_vip()
        if vip is None or vip.manager_id is None:
            return
        floor, me = self._desk.floor, self._principal
        self.error.hide()
        self.notify_button.setEnabled(False)

        def done(_result: object) -> None:
            self.status.setText(
                self.tr("{manager} was told that {name} ({number}) is here.").format(
                    manager=vip.manager_name or "", name=vip.name, number=vip.number
                )
            )
            self.refresh()

        self._tasks.run_db(
            lambda: floor.notify_manager(me, vip.ticket_id),
            on_success=done,
            on_failure=lambda exc: self._say_error(exc, self.tr("Could not notify ({error}).")),
            owner=self,
            label="notify manager",
            changes=(FEED_NOTIFY, f"{FEED_NOTIFY}:{vip.manager_id}"),
        )

    def _say_error(self, exc: BaseException, fallback: str) -> None:
        self.error.setText(parts.failure_text(exc, fallback))
        self.error.show()
        self._update_buttons()
