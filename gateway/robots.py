"""Simulated colleagues for the demo: agents who answer offers, talk, and wrap up by themselves.

They use the same services as the Qt call bar (so the demo exercises the real paths); the person at the
desk is one agent among them.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from services.agent_state import AgentStateService
from services.call_control import CallControl
from services.calls import CallService
from services.wrapup import WrapupError, WrapupService

log = logging.getLogger(__name__)


class RobotAgents:
    """Agents ``agent_ids`` answer offers after ``answer_after`` s and wrap up after ``wrapup_after`` s."""

    def __init__(
        self,
        engine: Engine,
        control: CallControl,
        agent_ids: Sequence[int],
        *,
        answer_after: float = 2.0,
        wrapup_after: float = 4.0,
        seed: int | None = None,
    ) -> None:
        self.calls = CallService(engine, control)
        self.states = AgentStateService(engine)
        self.wrapups = WrapupService(engine)
        self.agent_ids = list(agent_ids)
        self.answer_after = answer_after
        self.wrapup_after = wrapup_after
        self.rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="robot-agents", daemon=True)
        self._seen: dict[tuple[int, int, str], float] = {}
        self.answered = 0
        self.wrapped = 0

    def start(self) -> RobotAgents:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _first_seen(self, agent_id: int, call_id: int, what: str) -> float:
        return self._seen.setdefault((agent_id, call_id, what), time.monotonic())

    def _run(self) -> None:
        codes = [n.code for root in self.wrapups.disposition_tree() for n in (root.children or [root])]
        while not self._stop.wait(0.3):
            for agent_id in self.agent_ids:
                try:
                    self._step(agent_id, codes)
                except (SQLAlchemyError, WrapupError) as exc:
                    log.debug("robot agent %s: %s", agent_id, exc)

    def _step(self, agent_id: int, codes: list[str]) -> None:
        state = self.states.state(agent_id)
        if state.state in ("offline", "not_responding"):
            self.states.set_state(agent_id, "available")
            return
        if state.call_id is None:
            return
        if state.state == "offered":
            waited = time.monotonic() - self._first_seen(agent_id, state.call_id, "offer")
            if waited >= self.answer_after and self.calls.accept(agent_id, state.call_id).ok:
                self.answered += 1
        elif state.state == "wrap_up":
            waited = time.monotonic() - self._first_seen(agent_id, state.call_id, "wrap")
            if waited >= self.wrapup_after:
                self.wrapups.complete_wrapup(agent_id, state.call_id, self.rng.choice(codes), "（演示）已处理。")
                self.wrapped += 1
