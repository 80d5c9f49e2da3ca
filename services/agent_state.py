"""The agent's own state on the call bar: Available, Break (with a reason), Offline — each change logged.

Offered, On call and Wrap-up are set by routing and by the call itself, never chosen by hand; an agent who
let an offer time out is 'not_responding' until they choose a state again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from db.models import AgentStatus, User
from db.write import utcnow, write_txn
from services import agent_states
from services.agent_states import MANUAL_FROM, MANUAL_STATES, AgentNow

BREAK_REASONS = ("lunch", "rest", "training", "meeting", "coaching", "other")


@dataclass(frozen=True)
class ColleagueInfo:
    """An agent who could take a transferred call now."""

    id: int
    display_name: str
    username: str
    skills: tuple[str, ...]


class StateChangeRefused(ValueError):
    """The state cannot be chosen now (e.g. during a call); the message says why."""


class AgentStateService:
    """Reads and changes an agent's state. Synchronous; call it on a worker thread."""

    def __init__(self, engine: Engine, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._engine = engine
        self._clock = clock

    def state(self, agent_id: int) -> AgentNow:
        """The agent's current state (an agent never seen before is offline)."""
        with self._engine.connect() as conn:
            now = agent_states.current(conn, agent_id)
        if now is None:
            return AgentNow(agent_id, "offline", None, None, self._clock(), None, None)
        return now

    def set_state(self, agent_id: int, state: str, reason: str | None = None) -> AgentNow:
        """Choose available, break (``reason`` required) or offline.

        Raises:
            StateChangeRefused: an unknown state, a break without reason, or the agent is busy with a call.
        """
        if state not in MANUAL_STATES:
            raise StateChangeRefused(f"状态 {state} 不能手动选择。 / The state {state} cannot be chosen by hand.")
        if state == "break" and not reason:
            raise StateChangeRefused("请选择小休原因。 / Choose a reason for the break.")
        at = self._clock()
        with write_txn(self._engine) as conn:
            now = agent_states.current(conn, agent_id, lock=True)
            if now is not None and now.state not in MANUAL_FROM:
                raise StateChangeRefused(
                    "通话或整理进行中，结束后才能切换状态。 / Finish the call and its wrap-up before changing state."
                )
            if now is None or now.state != state or now.reason != reason:
                agent_states.transition(conn, agent_id, state, at, reason=reason if state == "break" else None)
            return agent_states.current(conn, agent_id) or AgentNow(agent_id, state, reason, None, at, None, None)

    def available_agents(self, exclude: int | None = None) -> list[ColleagueInfo]:
        """Agents available right now with a softphone or desk phone (the transfer menu), longest idle first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(User.id, User.display_name, User.username, User.skills)
                .join(AgentStatus, AgentStatus.user_id == User.id)
                .where(
                    AgentStatus.state == "available",
                    User.is_active.is_(True),
                    (User.client_identity.is_not(None)) | (User.desk_phone.is_not(None)),
                    User.id != (exclude if exclude is not None else -1),
                )
                .order_by(AgentStatus.idle_since, User.id)
                .limit(50)
            ).all()
        return [ColleagueInfo(r[0], r[1] or r[2], r[2], tuple(r[3] or ())) for r in rows]
