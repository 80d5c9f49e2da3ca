"""The supervisor's interventions on the wallboard: on an agent "Force state…" and "Send message…", on a waiting
call "Move to queue…" and "Raise priority".

The board's snapshot holds per-queue figures only (one computation for every board), so the calls waiting in a
queue are read here, straight from the database on the task manager's worker, when the supervisor picks a queue
in the board's filter, and again when that queue's number of waiting calls changes in a snapshot.  Each action
is offered only with its right (:func:`services.permissions.allowed`; the service refuses anyway), from a
context menu that the mouse, the Menu key and Shift+F10 open.  What was done, or why not, is said on a notice
line above the board.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QMenu, QTableView, QVBoxLayout, QWidget

from desktop.tasks import TaskManager
from services.permissions import Principal, allowed
from services.wallboard.interventions import Interventions
from services.wallboard.types import AgentFigures, WallboardSnapshot
from services.wallboard.waiting import QueueChoice, WaitingCall, queue_choices, waiting_calls

from .. import fmt
from ..calls import texts
from ..i18n import error_text
from ..table_model import Index, ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP
from . import figures as f
from .intervene_dialogs import ForceStateDialog, MessageDialog, MoveCallDialog

MENU_KEY = "Shift+F10"
WAITING_COLUMNS = (
    QT_TRANSLATE_NOOP("WaitingCallsModel", "Call"),
    QT_TRANSLATE_NOOP("WaitingCallsModel", "Queue"),
    QT_TRANSLATE_NOOP("WaitingCallsModel", "State"),
    QT_TRANSLATE_NOOP("WaitingCallsModel", "Priority"),
    QT_TRANSLATE_NOOP("WaitingCallsModel", "Waiting since"),
)
OK_STYLE = "color: #166534; font-weight: 600;"
ERROR_STYLE = "color: #b91c1c; font-weight: 600;"


class WaitingCallsModel(ReadOnlyTableModel):
    """The calls waiting in the chosen queue, in the order they are served."""

    header_context = "WaitingCallsModel"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.calls: list[WaitingCall] = []
        self.queue_names: dict[int, str] = {}

    def row_total(self) -> int:
        return len(self.calls)

    def column_titles(self) -> Sequence[str]:
        return WAITING_COLUMNS

    def set_calls(self, calls: list[WaitingCall]) -> None:
        self.beginResetModel()
        self.calls = list(calls)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.calls):
            return None
        call = self.calls[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return call.call_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return str(call.call_id)
        if column == 1:
            return self.queue_names.get(call.queue_id or -1, f.DASH)
        if column == 2:
            return texts.call_state(call.state) if call.state != "queued" else self.tr("Waiting")
        if column == 3:
            return str(call.priority)
        return fmt.local(call.waiting_since).strftime("%H:%M:%S") if call.waiting_since else f.DASH


def _menu_shortcut(view: QTableView, open_menu: Callable[[QPoint], object]) -> QShortcut:
    """Shift+F10 opens the view's context menu at its current row (the Menu key does so through Qt)."""
    shortcut = QShortcut(QKeySequence(MENU_KEY), view)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def at_current() -> None:
        current = view.currentIndex()
        rect = view.visualRect(current) if current.isValid() else view.viewport().rect()
        open_menu(rect.center())

    shortcut.activated.connect(at_current)
    return shortcut


class BoardActions(QObject):
    """The interventions of one wallboard page (see the module docstring).

    Args:
        page: the :class:`~.page.WallboardPage`.
        tasks: the desktop's task manager (every database call runs on its worker).
        engine: the database.
        principal: the signed-in supervisor.
        service: the :class:`~services.wallboard.interventions.Interventions` (default: one for ``principal``).
    """

    def __init__(
        self, page: Any, tasks: TaskManager, engine: Any, principal: Principal, *, service: Any = None
    ) -> None:
        super().__init__(page)
        self.page, self.tasks, self.engine, self.principal = page, tasks, engine, principal
        if service is None:
            from services.audit import AuditTrail

            service = Interventions(engine, principal, AuditTrail(workstation=principal.workstation or None))
        self.service = service
        self.may_force = allowed(principal.role, "agent.force_state")
        self.may_notify = allowed(principal.role, "agent.notify")
        self.may_requeue = allowed(principal.role, "call.requeue")
        self.menu: QMenu | None = None
        self.queues: list[QueueChoice] = []
        # How a dialog is run: modal, until the supervisor confirms (Enter) or cancels (Esc).
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.last_notice = ""
        self._waiting_seen: int | None = None

        self.notice = QLabel(page)
        self.notice.setObjectName("wallboardInterventionNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        agents = page.view.table
        agents.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        agents.customContextMenuRequested.connect(self.agent_menu)
        self._agent_key = _menu_shortcut(agents, self.agent_menu)

        self.waiting_model = WaitingCallsModel(self)
        self.waiting_title = QLabel(page)
        self.waiting = QTableView(page)
        self.waiting.setObjectName("wallboardWaitingCalls")
        self.waiting.setModel(self.waiting_model)
        self.waiting.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.waiting.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.waiting.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.waiting.verticalHeader().hide()
        self.waiting.horizontalHeader().setStretchLastSection(True)
        self.waiting.setMaximumHeight(160)
        self.waiting.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.waiting.customContextMenuRequested.connect(self.call_menu)
        self._call_key = _menu_shortcut(self.waiting, self.call_menu)
        self.waiting_box = QWidget(page)
        box = QVBoxLayout(self.waiting_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.waiting_title)
        box.addWidget(self.waiting)
        self.waiting_box.setVisible(False)
        layout = page.layout()
        layout.insertWidget(1, self.notice)
        layout.addWidget(self.waiting_box)
        page.queue_box.currentIndexChanged.connect(lambda _i: self.refresh_waiting())
        page.source.snapshot.connect(self._snapshot)
        page.installEventFilter(self)
        self.retranslate()

    # -- texts ------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.waiting_title.setText(self.tr("Waiting calls (right-click or Shift+F10 to act on one)"))
        self.waiting_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(WAITING_COLUMNS) - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def say(self, text: str, *, error: bool = False) -> None:
        """The result of an action, on the notice line."""
        self.last_notice = text
        self.notice.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.notice.setText(text)
        self.notice.show()

    def _failed(self, exc: BaseException) -> None:
        self.say(error_text(exc), error=True)

    # -- agents -----------------------------------------------------------------------------------------------
    def selected_agent(self) -> AgentFigures | None:
        current = self.page.view.table.currentIndex()
        agents = self.page.view.model.agents
        return agents[current.row()] if current.isValid() and current.row() < len(agents) else None

    def agent_menu(self, pos: QPoint) -> QMenu | None:
        """The agent row's menu at ``pos`` (viewport coordinates); None when there is nothing to offer."""
        table = self.page.view.table
        index = table.indexAt(pos)
        if index.isValid():
            table.setCurrentIndex(index)
        agent = self.selected_agent()
        if agent is None or not (self.may_force or self.may_notify):
            return None
        menu = QMenu(table)
        menu.setObjectName("wallboardAgentMenu")
        if self.may_force:
            force = menu.addAction(self.tr("Force state…"), lambda: self.force_state(agent))
            force.setObjectName("forceStateAction")
            force.setEnabled(agent.state not in ("on_call", "offered"))
        if self.may_notify:
            menu.addAction(self.tr("Send message…"), lambda: self.send_message(agent)).setObjectName(
                "sendMessageAction"
            )
        return self._popup(menu, table, pos)

    def _popup(self, menu: QMenu, view: QTableView, pos: QPoint) -> QMenu:
        self.menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(view.viewport().mapToGlobal(pos))
        return menu

    def force_state(self, agent: AgentFigures, dialog: ForceStateDialog | None = None) -> None:
        dialog = dialog or ForceStateDialog(agent.name, agent.state, self.page)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        state, reason = dialog.choice()
        if state is None:
            return
        self.tasks.run_db(
            lambda: self.service.force_state(agent.user_id, state, reason),
            on_success=lambda _r: self.say(
                self.tr("{name} is now {state}.").format(name=agent.name, state=texts.state(state))
            ),
            on_failure=self._failed,
            owner=self,
            label="force agent state",
        )

    def send_message(self, agent: AgentFigures, dialog: MessageDialog | None = None) -> None:
        dialog = dialog or MessageDialog(agent.name, self.page)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        text = dialog.message()
        self.tasks.run_db(
            lambda: self.service.notify_agent(agent.user_id, text),
            on_success=lambda _r: self.say(self.tr("Message sent to {name}.").format(name=agent.name)),
            on_failure=self._failed,
            owner=self,
            label="notify agent",
        )

    # -- waiting calls ----------------------------------------------------------------------------------------
    def _snapshot(self, snapshot: WallboardSnapshot) -> None:
        queue_id = self.page.queue_box.currentData()
        if queue_id is None:
            return
        waiting = next((q.waiting for q in snapshot.queues if q.queue_id == queue_id), None)
        if waiting != self._waiting_seen:
            self.refresh_waiting()

    def refresh_waiting(self) -> None:
        """Read the chosen queue's waiting calls (hidden while the board shows all queues)."""
        queue_id = self.page.queue_box.currentData()
        self.waiting_box.setVisible(queue_id is not None and self.may_requeue)
        if queue_id is None or not self.may_requeue:
            self._waiting_seen = None
            self.waiting_model.set_calls([])
            return
        snapshot = self.page.snapshot
        self._waiting_seen = (
            next((q.waiting for q in snapshot.queues if q.queue_id == queue_id), None) if snapshot else None
        )
        engine = self.engine

        def read() -> tuple[list[WaitingCall], list[QueueChoice]]:
            return waiting_calls(engine, queue_id), queue_choices(engine)

        def show(result: tuple[list[WaitingCall], list[QueueChoice]]) -> None:
            self.queues = result[1]
            chinese = fmt.is_chinese()
            self.waiting_model.queue_names = {q.queue_id: q.label_zh if chinese else q.label_en for q in self.queues}
            self.waiting_model.set_calls(result[0])

        self.tasks.run_db(read, on_success=show, on_failure=self._failed, key=f"wallboard.waiting.{id(self)}",
                          owner=self, busy=False, label="waiting calls")  # fmt: skip

    def selected_call(self) -> WaitingCall | None:
        current = self.waiting.currentIndex()
        calls = self.waiting_model.calls
        return calls[current.row()] if current.isValid() and current.row() < len(calls) else None

    def call_menu(self, pos: QPoint) -> QMenu | None:
        index = self.waiting.indexAt(pos)
        if index.isValid():
            self.waiting.setCurrentIndex(index)
        call = self.selected_call()
        if call is None or not self.may_requeue:
            return None
        menu = QMenu(self.waiting)
        menu.setObjectName("wallboardCallMenu")
        menu.addAction(self.tr("Move to queue…"), lambda: self.move_call(call)).setObjectName("moveCallAction")
        menu.addAction(self.tr("Raise priority"), lambda: self.raise_priority(call)).setObjectName("raiseAction")
        return self._popup(menu, self.waiting, pos)

    def move_call(self, call: WaitingCall, dialog: MoveCallDialog | None = None) -> None:
        # The queues were read with the waiting calls (never on the GUI thread).
        dialog = dialog or MoveCallDialog(call.call_id, self.queues, call.queue_id, self.page)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.queue_id() is None:
            return
        target = int(dialog.queue_id())  # type: ignore[arg-type]
        label = dialog.queue_box.currentText()
        self.tasks.run_db(
            lambda: self.service.move_call(call.call_id, target),
            on_success=lambda _r: self._done(
                self.tr("Call {id} moved to {queue}.").format(id=call.call_id, queue=label)
            ),
            on_failure=self._failed,
            owner=self,
            label="move call",
        )

    def raise_priority(self, call: WaitingCall) -> None:
        self.tasks.run_db(
            lambda: self.service.raise_priority(call.call_id),
            on_success=lambda p: self._done(
                self.tr("Call {id} now has priority {priority}.").format(id=call.call_id, priority=p)
            ),
            on_failure=self._failed,
            owner=self,
            label="raise call priority",
        )

    def _done(self, text: str) -> None:
        self.say(text)
        self.refresh_waiting()


def attach_board_actions(page: Any, tasks: TaskManager, engine: Any, principal: Principal) -> BoardActions | None:
    """The interventions on ``page`` for a principal holding at least one of their rights, else None."""
    rights = ("agent.force_state", "agent.notify", "call.requeue")
    if page is None or not any(allowed(principal.role, r) for r in rights):
        return None
    page.actions_bar = BoardActions(page, tasks, engine, principal)
    return page.actions_bar
