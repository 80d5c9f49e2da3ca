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
from db.search_keys import pinyin_keys, pinyin_syllables
from db.write import aware, utcnow, write_txn
from services import agent_states
from services.agent_states import MANUAL_FROM, MANUAL_STATES, AgentNow
from services.permissions import MATRIX

BREAK_REASONS = ("lunch", "rest", "training", "meeting", "coaching", "other")
# The transfer picker lists colleagues who can take a call first, then the others by how soon they may be free.
_SOONEST = ("available", "wrap_up", "on_call", "offered", "not_responding", "break", "offline")


@dataclass(frozen=True)
class ColleagueInfo:
    """A colleague to transfer a call to, with their state now.

    ``pinyin`` and ``initials`` are those of the display name (``wangxiaoyan``, ``wxy``), for finding them by
    typing; ``reachable`` says whether a softphone or desk phone is set up for them.
    """

    id: int
    display_name: str
    username: str
    skills: tuple[str, ...]
    state: str = "available"
    reason: str | None = None
    reachable: bool = True
    pinyin: str = ""
    initials: str = ""

    @property
    def can_take_call(self) -> bool:
        """Available now, with a phone: a transfer to them can ring."""
        return self.state == "available" and self.reachable

    def matches(self, text: str) -> bool:
        """Whether what was typed finds this colleague: part of the name or login, pinyin or its initials."""
        needle = "".join(text.split()).lower()
        if not needle:
            return True
        return (
            needle in self.display_name.lower()
            or needle in self.username.lower()
            or (bool(self.pinyin) and needle in self.pinyin)
            or (bool(self.initials) and self.initials.startswith(needle))
        )


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

    def colleagues(self, exclude: int | None = None) -> list[ColleagueInfo]:
        """Everyone who takes calls, with their state now (the transfer picker): those who can take a transfer
        first (longest idle first), then the others by how soon they may be free, then by name."""
        roles = sorted(role for role, rights in MATRIX.items() if "call.handle" in rights)
        query = (
            select(
                User.id,
                User.display_name,
                User.username,
                User.skills,
                AgentStatus.state,
                AgentStatus.reason,
                AgentStatus.idle_since,
                User.client_identity,
                User.desk_phone,
            )
            .outerjoin(AgentStatus, AgentStatus.user_id == User.id)
            .where(User.is_active.is_(True), User.role_code.in_(roles))
        )
        if exclude is not None:
            query = query.where(User.id != exclude)
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        found = []
        for r in rows:
            name = r[1] or r[2]
            full, initials = pinyin_keys(pinyin_syllables(name))
            found.append(
                (
                    r[6],
                    ColleagueInfo(
                        r[0], name, r[2], tuple(r[3] or ()), r[4] or "offline", r[5], bool(r[7] or r[8]), full, initials
                    ),
                )
            )
        far = dt.datetime.max.replace(tzinfo=dt.UTC)

        def order(item: tuple[dt.datetime | None, ColleagueInfo]) -> tuple[bool, int, dt.datetime, str, int]:
            idle, c = item
            soonest = _SOONEST.index(c.state) if c.state in _SOONEST else len(_SOONEST)
            waited = (aware(idle) or far) if c.can_take_call else far
            return (not c.can_take_call, soonest, waited, c.username, c.id)

        return [c for _idle, c in sorted(found, key=order)]
