"""The call bar's actions, carried out off the GUI thread, with one outcome signal for the bar to show.

Actions that reach the phone system (accept, hold, resume, transfer, hang up, click-to-call) wait for Twilio
by way of the gateway, so they run on the network pool: the database worker (polls, notes, the 360° view)
never waits for them.  Short database-only actions (decline, state changes) run on the database worker.
Refusals come back as :class:`~services.calls.ActionResult` with a message for the
agent; after every action the desk is polled at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices
from services.agent_state import StateChangeRefused
from services.calls import ActionResult

from .controller import ScreenPopController

log = logging.getLogger(__name__)


class CallActions(QObject):
    """Accept, decline, hold, resume, transfer, hang up, change state, click-to-call.

    Args:
        tasks: the task manager.
        services: the desk's services.
        agent_id: the signed-in agent.
        controller: polled again after each action.
        unsaved_notes: returns ``(call_id, text)`` of notes typed but not yet saved (or None); they are saved
            before a hang-up or transfer, which read them.
    """

    started = Signal(str)  # action
    finished = Signal(str, object)  # action, ActionResult
    busy_changed = Signal(bool)

    def __init__(
        self,
        tasks: TaskManager,
        services: DeskServices,
        agent_id: int,
        controller: ScreenPopController,
        *,
        unsaved_notes: Callable[[], tuple[int, str] | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.services = services
        self.agent_id = agent_id
        self.controller = controller
        self.unsaved_notes = unsaved_notes
        self._running: set[str] = set()

    @property
    def busy(self) -> bool:
        """True while an action is under way."""
        return bool(self._running)

    @property
    def running(self) -> frozenset[str]:
        """The actions under way."""
        return frozenset(self._running)

    # -- the actions ---------------------------------------------------------------------------------------------
    def accept(self, call_id: int) -> None:
        """Take the offered call (Twilio connects it to this agent's softphone or desk phone)."""
        calls, agent = self.services.calls, self.agent_id
        self._net("accept", lambda: calls.accept(agent, call_id))

    def decline(self, call_id: int) -> None:
        """Turn the offer down (it goes to the next agent)."""
        calls, agent = self.services.calls, self.agent_id
        self._db("decline", lambda: calls.decline(agent, call_id))

    def hold(self, call_id: int) -> None:
        calls, agent = self.services.calls, self.agent_id
        self._net("hold", lambda: calls.hold(agent, call_id))

    def resume(self, call_id: int) -> None:
        calls, agent = self.services.calls, self.agent_id
        self._net("resume", lambda: calls.resume(agent, call_id))

    def hang_up(self, call_id: int) -> None:
        """End the call; the agent goes to wrap-up. Notes typed so far are saved first."""
        calls, agent = self.services.calls, self.agent_id
        self._after_notes("hang_up", lambda: calls.hang_up(agent, call_id))

    def transfer_to_queue(self, call_id: int, queue_name: str) -> None:
        calls, agent = self.services.calls, self.agent_id
        self._after_notes("transfer", lambda: calls.transfer(agent, call_id, to_queue=queue_name))

    def transfer_to_agent(self, call_id: int, to_agent: int) -> None:
        calls, agent = self.services.calls, self.agent_id
        self._after_notes("transfer", lambda: calls.transfer(agent, call_id, to_agent=to_agent))

    def set_state(self, state: str, reason: str | None = None) -> None:
        """Available, break (with a reason) or offline; logged by the service with its time."""
        states, agent = self.services.states, self.agent_id

        def change() -> ActionResult:
            try:
                states.set_state(agent, state, reason)
            except StateChangeRefused as exc:
                return ActionResult(False, str(exc))
            return ActionResult(True)

        log.info("agent %s chooses %s%s", agent, state, f" ({reason})" if reason else "")
        self._db("state", change)

    def call_customer(self, customer_id: int, phone_id: int) -> None:
        """Click-to-call the customer's phone row ``phone_id``: Twilio rings this agent first, then the customer."""
        calls, agent = self.services.calls, self.agent_id
        self._net("dial", lambda: calls.click_to_call(agent, customer_id, phone_id))

    # -- running them ----------------------------------------------------------------------------------------------
    def _begin(self, action: str) -> bool:
        if action in self._running:
            return False  # a double click: the first one is under way
        self._running.add(action)
        self.started.emit(action)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        return True

    def _end(self, action: str, result: ActionResult) -> None:
        self._running.discard(action)
        if not result.ok:
            log.info("%s refused: %s (code %s)", action, result.message, result.code)
        self.finished.emit(action, result)
        if not self._running:
            self.busy_changed.emit(False)
        self.controller.poll_now()

    def _failed(self, action: str, exc: BaseException) -> None:
        log.warning("%s failed: %r", action, exc)
        self._end(
            action,
            ActionResult(False, self.tr("Could not reach the database ({error}).").format(error=type(exc).__name__)),
        )

    def _net(self, action: str, fn: Callable[[], ActionResult]) -> None:
        if self._begin(action):
            self.tasks.run_net(
                fn,
                on_success=lambda result: self._end(action, result),
                on_failure=lambda exc: self._failed(action, exc),
                owner=self,
                busy=True,
                label=f"call {action}",
            )

    def _db(self, action: str, fn: Callable[[], ActionResult]) -> None:
        if self._begin(action):
            self.tasks.run_db(
                fn,
                on_success=lambda result: self._end(action, result),
                on_failure=lambda exc: self._failed(action, exc),
                owner=self,
                changes=("agent_state",),
                label=f"call {action}",
            )

    def _after_notes(self, action: str, fn: Callable[[], ActionResult]) -> None:
        """Save unsaved notes on the database worker (after any earlier save), then run ``fn`` on the pool."""
        pending = self.unsaved_notes() if self.unsaved_notes is not None else None
        if pending is None:
            self._net(action, fn)
            return
        if not self._begin(action):
            return
        call_id, text = pending
        calls = self.services.calls

        def saved(_: object) -> None:
            self._running.discard(action)
            self._net(action, fn)

        self.tasks.run_db(
            lambda: calls.save_notes(call_id, text),
            on_success=saved,
            on_failure=lambda exc: self._failed(action, exc),
            owner=self,
            changes=("call_notes",),
            label="call notes",
        )
