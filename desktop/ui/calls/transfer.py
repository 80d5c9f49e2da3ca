"""The transfer picker (F8): find a colleague or a queue by typing, see who can take the call, Enter to transfer.

The search box has the keyboard from the start: typing narrows the list (a name or part of it, pinyin or its
initials, the login), the arrow keys move through the targets that can take the call, Enter transfers, Esc
closes.  Colleagues who can take a call come first; the others are listed with their state and cannot be
picked.  The list is read again every few seconds while the picker is open, so states stay current.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices
from services.agent_state import ColleagueInfo
from services.calls import QueueInfo

from .. import fmt
from . import texts

log = logging.getLogger(__name__)

TARGET_ROLE = Qt.ItemDataRole.UserRole  # ("queue", name) or ("agent", id)
REFRESH_MS = 3000
MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 8,
    Qt.Key.Key_PageUp: -8,
}


class TransferPicker(QDialog):
    """Pick where the call goes.

    Args:
        tasks: the task manager (the targets are read on the database worker).
        services: the desk's services (``calls.queues()``, ``states.colleagues()``).
        agent_id: the agent transferring (not listed).

    Signals:
        chosen(object): ``("queue", name)`` or ``("agent", id)``; the picker closes.
    """

    chosen = Signal(object)

    def __init__(self, tasks: TaskManager, services: DeskServices, agent_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("transferPicker")
        self.tasks = tasks
        self.services = services
        self.agent_id = agent_id
        self._queues: list[QueueInfo] = []
        self._colleagues: list[ColleagueInfo] = []
        self._loaded = False
        self.caption = QLabel(self)
        self.caption.setObjectName("muted")
        self.caption.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("transferSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._fill())
        self.search.installEventFilter(self)
        self.list = QListWidget(self)
        self.list.setObjectName("transferTargets")
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the search box
        self.list.itemDoubleClicked.connect(self._activate)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.resize(420, 480)
        self.retranslate()

    # -- opening and reading ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Show the picker with the keyboard in the search box and read the targets."""
        self.search.clear()
        self.open()
        self.activateWindow()
        self.search.setFocus()
        self.refresh()
        self._timer.start()

    def done(self, result: int) -> None:
        self._timer.stop()
        self.tasks.supersede(self._key())
        super().done(result)

    def refresh(self) -> None:
        """Read the queues and every colleague's state now (the list is rebuilt when they arrive)."""
        calls, states, me = self.services.calls, self.services.states, self.agent_id
        self.tasks.run_db(
            lambda: (calls.queues(), states.colleagues(exclude=me)),
            on_success=self._arrived,
            on_failure=self._failed,
            key=self._key(),
            owner=self,
            busy=False,
            label="transfer targets",
        )

    def _key(self) -> str:
        return f"calls.transfer-targets.{id(self)}"

    def _arrived(self, result: tuple[list[QueueInfo], list[ColleagueInfo]]) -> None:
        self._queues, self._colleagues = result
        self._loaded = True
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        log.warning("transfer targets: %r", exc)
        self.status.setText(self.tr("Could not read who is available ({error}).").format(error=type(exc).__name__))

    # -- the list ----------------------------------------------------------------------------------------------------
    def targets(self) -> list[tuple[Any, bool]]:
        """What the list offers now, in order: ``(target, can be picked)`` (tests)."""
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(TARGET_ROLE) is not None:
                out.append((item.data(TARGET_ROLE), bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)))
        return out

    def current_target(self) -> Any:
        item = self.list.currentItem()
        return item.data(TARGET_ROLE) if item is not None else None

    def _fill(self) -> None:
        current = self.current_target()
        needle = self.search.text()
        chinese = fmt.is_chinese()
        self.list.clear()
        colleagues = [c for c in self._colleagues if c.matches(needle)]
        folded = "".join(needle.split()).lower()
        queues = [
            q for q in self._queues if not folded or any(folded in t.lower() for t in (q.name, q.label_zh, q.label_en))
        ]
        if colleagues:
            self._header(self.tr("Colleagues"))
        for colleague in colleagues:
            self._add(self._colleague_text(colleague), ("agent", colleague.id), colleague.can_take_call)
        if queues:
            self._header(self.tr("Queues"))
        for queue in queues:
            label = queue.label_zh if chinese else queue.label_en
            self._add(self.tr("Queue: {queue}").format(queue=label), ("queue", queue.name), True)
        pickable = [row for row in range(self.list.count()) if self._pickable(row)]
        keep = next((row for row in pickable if self.list.item(row).data(TARGET_ROLE) == current), None)
        if keep is not None or pickable:
            self.list.setCurrentRow(keep if keep is not None else pickable[0])
        if not self._loaded:
            self.status.setText(self.tr("Loading…"))
        elif not pickable:
            self.status.setText(self.tr("Nobody found who can take the call now."))
        else:
            self.status.setText(self.tr("↑↓ choose · Enter transfers · Esc closes"))

    def _colleague_text(self, colleague: ColleagueInfo) -> str:
        state = texts.state(colleague.state)
        if colleague.state == "break" and colleague.reason:
            state = f"{state} · {texts.break_reason(colleague.reason)}"
        if colleague.state == "available" and not colleague.reachable:
            state = self.tr("no phone set up")
        return f"{colleague.display_name}  ({colleague.username})  —  {state}"

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _add(self, text: str, target: tuple[str, Any], pickable: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(TARGET_ROLE, target)
        if not pickable:
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # shown greyed out; arrows and Enter pass it by
        self.list.addItem(item)

    def _pickable(self, row: int) -> bool:
        item = self.list.item(row)
        if item is None or item.data(TARGET_ROLE) is None:
            return False
        return bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _move(self, step: int) -> None:
        rows = [row for row in range(self.list.count()) if self._pickable(row)]
        if not rows:
            return
        current = self.list.currentRow()
        if current not in rows:
            self.list.setCurrentRow(rows[0])
            return
        index = max(0, min(len(rows) - 1, rows.index(current) + step))
        self.list.setCurrentRow(rows[index])

    def _activate(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.list.currentItem()
        if item is None or not self._pickable(self.list.row(item)):
            return
        target = item.data(TARGET_ROLE)
        log.info("transfer chosen: %s", target)
        self.accept()
        self.chosen.emit(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            if key in MOVES:
                self._move(MOVES[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate()
                return True
        return super().eventFilter(watched, event)

    # -- language ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Transfer the call"))
        self.caption.setText(self.tr("Transfer to a colleague who is available, or back to a queue."))
        self.search.setPlaceholderText(self.tr("Name, pinyin, initials or login"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
