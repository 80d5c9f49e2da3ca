"""Simulated colleagues for the demo: agents who answer offers, talk, and wrap up by themselves.

They use the same services as the Qt call bar (so the demo exercises the real paths); the person at the
desk is one agent among them.  Each holds a session of its own, kept alive like a desktop's and ended when
the robots stop, so routing treats them as agents at their desks (:func:`services.agent_states.desk_alive`).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Sequence

from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import SQLAlchemyError

from db.models import UserSession
from db.write import utcnow, write_txn
from services import agent_states
from services.agent_state import AgentStateService, StateChangeRefused
from services.call_control import CallControl
from services.calls import CallService
from services.wrapup import WrapupError, WrapupService

log = logging.getLogger(__name__)

ROBOT_WORKSTATION = "demo-robot"
TOUCH_SECONDS = 15.0  # how often a robot's session says it is alive, like a desktop's session check
# After each call a robot rests (a break, reason "rest") for this many seconds, drawn at random: the floor looks
# like one, and the person at the desk, once longest idle, is offered the next call instead of waiting behind
# every robot in turn.
REST_SECONDS = (15.0, 45.0)


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
        rest_after: tuple[float, float] = REST_SECONDS,
        seed: int | None = None,
    ) -> None:
        self.calls = CallService(engine, control)
        self.states = AgentStateService(engine)
        self.wrapups = WrapupService(engine)
        self.agent_ids = list(agent_ids)
        self.answer_after = answer_after
        self.wrapup_after = wrapup_after
        self.rest_after = rest_after
        self._rest_until: dict[int, float] = {}
        self.rng = random.Random(seed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="robot-agents", daemon=True)
        self._seen: dict[tuple[int, int, str], float] = {}
        self.answered = 0
        self.wrapped = 0
        self._engine = engine
        self._sessions: list[int] = []

    def start(self) -> RobotAgents:
        self._open_sessions()
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop answering; the robots sign out (those waiting for calls go offline)."""
        self._stop.set()
        self._thread.join(timeout)
        try:
            self._close_sessions()
        except SQLAlchemyError as exc:  # the database is gone: the desk watch sets them offline later
            log.warning("robot agents could not sign out: %s", exc)

    def _open_sessions(self) -> None:
        now = utcnow()
        with write_txn(self._engine) as conn:
            self._sessions = [
                int(
                    conn.execute(
                        insert(UserSession)
                        .values(user_id=agent_id, workstation=ROBOT_WORKSTATION, started_at=now, last_seen_at=now)
                        .returning(UserSession.id)
                    ).scalar_one()
                )
                for agent_id in self.agent_ids
            ]

    def _touch_sessions(self) -> None:
        if self._sessions:
            with write_txn(self._engine) as conn:
                conn.execute(
                    update(UserSession).where(UserSession.id.in_(self._sessions)).values(last_seen_at=utcnow())
                )

    def _close_sessions(self) -> None:
        if not self._sessions:
            return
        now = utcnow()
        with write_txn(self._engine) as conn:
            conn.execute(
                update(UserSession)
                .where(UserSession.id.in_(self._sessions), UserSession.ended_at.is_(None))
                .values(ended_at=now, ended_reason=agent_states.SIGNED_OUT)
            )
            for agent_id in self.agent_ids:
                agent_states.leave_desk(conn, agent_id, now, agent_states.SIGNED_OUT)
        self._sessions = []

    def _first_seen(self, agent_id: int, call_id: int, what: str) -> float:
        return self._seen.setdefault((agent_id, call_id, what), time.monotonic())

    def _run(self) -> None:
        codes = [n.code for root in self.wrapups.disposition_tree() for n in (root.children or [root])]
        touched = time.monotonic()
        while not self._stop.wait(0.3):
            if time.monotonic() - touched >= TOUCH_SECONDS:
                try:
                    self._touch_sessions()
                    touched = time.monotonic()
                except SQLAlchemyError as exc:
                    log.debug("robot agents' sessions: %s", exc)
            for agent_id in self.agent_ids:
                try:
                    self._step(agent_id, codes)
                except (SQLAlchemyError, WrapupError, StateChangeRefused) as exc:  # e.g. offered a call meanwhile
                    log.debug("robot agent %s: %s", agent_id, exc)

    def _step(self, agent_id: int, codes: list[str]) -> None:
        state = self.states.state(agent_id)
        if state.state in ("offline", "not_responding"):
            self.states.set_state(agent_id, "available")
            return
        if state.state == "break":  # resting after a call (or left on a break by an earlier run)
            if time.monotonic() >= self._rest_until.get(agent_id, 0.0):
                self._rest_until.pop(agent_id, None)
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
                low, high = self.rest_after
                if high > 0:
                    self._rest_until[agent_id] = time.monotonic() + self.rng.uniform(low, high)
                    self.states.set_state(agent_id, "break", "rest")
                self.wrapped += 1  # counted once the rest has begun, so a watcher never sees the gap between
