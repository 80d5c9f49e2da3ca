"""A supervisor's interventions from the wallboard: force an agent's state, move a waiting call or raise its
priority, send a short message to an agent's desk.

Each needs its own right (``agent.force_state``, ``call.requeue``, ``agent.notify``), refused and audited by
:func:`services.permissions.authorize`, and leaves an audit row saying what was done.  On PostgreSQL the change
is made by the database's functions (:mod:`db.pg_intervention_security`) when the engine is a member of
staff's own login: they check the role again, so a desktop cannot skip the check or the audit row.  SQLite (one machine,
no logins) makes the same steps here.  Both re-check the row under its lock: between the board's snapshot and
the click the call may have been answered, the agent may have taken a call.

A moved call is routed in its new queue by the next routing pass (it reads ``call.queue_id`` and
``call.priority`` on every pass; the gateway's worker checks for queued calls every 0.2 s); the gateway is also
asked (a ``to_queue`` call command) to move the caller to the new queue at Twilio, where the accepting agent's
desk dequeues them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, select, text

from db import feed
from db.models import AgentNotice, CallCommand, CallOffer, CallQueue, User
from db.write import utcnow, write_txn
from services import agent_states, call_states
from services.audit import AuditTrail, database_user_id
from services.auth_errors import BilingualError
from services.permissions import Principal, authorize

from .notices import NOTICE_ENTITY, NOTICE_MAX

FORCEABLE = ("available", "break", "offline")
PRIORITY_STEP = 10
SUPERVISOR_REASON = "supervisor"

# Why an intervention was refused (the codes the database's functions return), in both languages.
REFUSALS: dict[str, tuple[str, str]] = {
    "no_agent": ("该坐席没有状态记录（从未签入）。", "That agent has no state yet (never signed in)."),
    "bad_state": ("只能将坐席设为空闲、小休或离线。", "An agent can only be set available, on break or offline."),
    "same_state": ("坐席已处于该状态。", "The agent is already in that state."),
    "on_call": (
        "坐席正在通话或来电振铃中，不能强制改变状态。",
        "The agent is on a call or one is ringing at their desk; their state cannot be forced.",
    ),
    "wrap_up_only": ("话后整理中的坐席只能设为空闲。", "An agent in wrap-up can only be set available."),
    "no_call": ("找不到该来电。", "There is no such call."),
    "answered": ("该来电已被接听。", "The call was already answered."),
    "ended": ("该来电已结束。", "The call has already ended."),
    "in_menu": ("来电者仍在语音菜单中，尚未排队。", "The caller is still in the voice menu, not yet queued."),
    "answering": ("坐席正在接起该来电。", "An agent is picking the call up right now."),
    "no_queue": ("没有该队列。", "There is no such queue."),
    "same_queue": ("来电已在该队列中。", "The call is already in that queue."),
    "not_higher": ("新的优先级必须高于当前优先级。", "The new priority must be higher than the current one."),
    "nothing": ("未指定要做的调整。", "Nothing to change was given."),
    "empty_text": ("消息不能为空。", "The message is empty."),
    "long_text": (f"消息最多 {NOTICE_MAX} 个字。", f"The message has at most {NOTICE_MAX} characters."),
    "no_user": ("没有该用户，或其账号已停用。", "There is no such user, or their account is disabled."),
}


class InterventionRefused(BilingualError):
    """The intervention cannot be made now, or its input is wrong; nothing was changed."""

    code = "intervention_refused"

    def __init__(self, reason: str) -> None:
        zh, en = REFUSALS[reason]
        super().__init__(zh, en)
        self.reason = reason


_FORCE = text("SELECT cd_force_agent_state(:agent, :state, :reason, :ws)")
_REQUEUE = text("SELECT cd_requeue_call(:call, :queue, :priority, :ws)")
_NOTIFY = text("SELECT cd_notify_agent(:to, :text, :ws)")


class Interventions:
    """The three interventions, for one signed-in supervisor."""

    def __init__(
        self, engine: Engine, principal: Principal, audit: AuditTrail, *, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._engine = engine
        self._principal = principal
        self._audit = audit
        self._clock = clock
        self._staff_login: bool | None = None

    def _through_database(self) -> bool:
        """Whether the engine is a member of staff's own PostgreSQL login: then the database's functions make
        the change (the login may not write other people's notices); the owner, the gateway and SQLite make it
        here."""
        if self._staff_login is None:
            self._staff_login = database_user_id(self._engine) is not None
        return self._staff_login

    def _ws(self) -> str:
        return self._principal.workstation or self._audit.workstation

    # -- force an agent's state ----------------------------------------------------------------------------------
    def force_state(self, agent_id: int, state: str, reason: str = "") -> None:
        """Set an agent available, on break or offline (out of wrap-up: available only).

        Raises:
            PermissionDenied: no ``agent.force_state`` (audited).
            InterventionRefused: the state is not one the board sets, or the agent is on a call.
        """
        reason = " ".join(reason.split())[:200]
        with write_txn(self._engine) as conn:
            authorize(conn, self._principal, "agent.force_state", audit=self._audit, entity="agent", entity_id=agent_id)
            if state not in FORCEABLE:
                raise InterventionRefused("bad_state")
            if self._through_database():
                params = {"agent": agent_id, "state": state, "reason": reason, "ws": self._ws()}
                outcome = str(conn.execute(_FORCE, params).scalar_one())
            else:
                outcome = self._force_here(conn, agent_id, state, reason)
            if outcome != "ok":
                raise InterventionRefused(outcome)

    def _force_here(self, conn: Connection, agent_id: int, state: str, reason: str) -> str:
        now = agent_states.current(conn, agent_id, lock=True)
        if now is None:
            return "no_agent"
        if now.state in ("on_call", "offered"):
            return "on_call"
        if now.state == "wrap_up" and state != "available":
            return "wrap_up_only"
        if now.state == state:
            return "same_state"
        logged = (reason[:64] or SUPERVISOR_REASON) if state == "break" else SUPERVISOR_REASON
        agent_states.transition(conn, agent_id, state, self._clock(), reason=logged)
        detail = {"from": now.state, "to": state, "reason": reason, "call_id": now.call_id}
        self._audit.record(conn, self._principal, "agent_force_state", "agent", agent_id, detail)
        return "ok"

    # -- a waiting call ------------------------------------------------------------------------------------------
    def move_call(self, call_id: int, queue_id: int) -> None:
        """Move a waiting call to another queue (a pending offer is withdrawn first); it keeps its place in
        the order of waiting (``enqueued_at``)."""
        self._requeue(call_id, queue_id, None)

    def raise_priority(self, call_id: int, priority: int | None = None) -> int:
        """Raise a waiting call's priority to ``priority`` (default: :data:`PRIORITY_STEP` above its own);
        returns the new priority."""
        if priority is None:
            with self._engine.connect() as conn:
                current = conn.execute(text("SELECT priority FROM call WHERE id = :id"), {"id": call_id}).scalar()
            if current is None:
                raise InterventionRefused("no_call")
            priority = int(current) + PRIORITY_STEP
        self._requeue(call_id, None, priority)
        return priority

    def _requeue(self, call_id: int, queue_id: int | None, priority: int | None) -> None:
        with write_txn(self._engine) as conn:
            authorize(conn, self._principal, "call.requeue", audit=self._audit, entity="call", entity_id=call_id)
            if self._through_database():
                params = {"call": call_id, "queue": queue_id, "priority": priority, "ws": self._ws()}
                outcome = str(conn.execute(_REQUEUE, params).scalar_one())
            else:
                outcome = self._requeue_here(conn, call_id, queue_id, priority)
            if outcome != "ok":
                raise InterventionRefused(outcome)

    def _requeue_here(self, conn: Connection, call_id: int, queue_id: int | None, priority: int | None) -> str:
        if queue_id is None and priority is None:
            return "nothing"
        call = call_states.load(conn, call_id=call_id, lock=True)
        if call is None:
            return "no_call"
        if call.state in (*call_states.TALKING, "wrap_up", "completed"):
            return "answered"
        if call.state not in call_states.WAITING:
            return "ended"
        if call.state == "received":
            return "in_menu"
        accepting = select(CallOffer.id).where(CallOffer.call_id == call_id, CallOffer.status == "accepting")
        if conn.execute(accepting).first() is not None:
            return "answering"
        queue_name = None
        if queue_id is not None:
            queue_name = conn.execute(select(CallQueue.name).where(CallQueue.id == queue_id)).scalar()
            if queue_name is None:
                return "no_queue"
            if call.queue_id == queue_id:
                return "same_queue"
        was = int(conn.execute(text("SELECT priority FROM call WHERE id = :id"), {"id": call_id}).scalar_one())
        if priority is not None and priority <= was:
            return "not_higher"
        at = self._clock()
        withdrawn = None
        if call.state == "offered":
            released = call_states.close_offers(conn, call_id, "cancelled", at, message="withdrawn by a supervisor")
            withdrawn = released[0] if released else None
        values: dict[str, object] = {"state": "queued", "agent_id": None, "offered_at": None}
        if queue_id is not None:
            values["queue_id"] = queue_id
        if priority is not None:
            values["priority"] = priority
        if not call_states.set_call(conn, call_id, ("queued", "offered"), **values):
            return "answered"  # unreachable under the lock; kept so a change of the rules above fails safe
        if queue_id is not None:
            conn.execute(
                insert(CallCommand).values(
                    kind="to_queue",
                    call_id=call_id,
                    args={"call_sid": call.call_sid, "queue_name": queue_name},
                    status="pending",
                    created_at=at,
                )
            )
        detail = {
            "from_queue": call.queue_id,
            "to_queue": queue_id if queue_id is not None else call.queue_id,
            "from_priority": was,
            "to_priority": priority if priority is not None else was,
            "withdrawn_offer_agent": withdrawn,
        }
        self._audit.record(conn, self._principal, "call_requeue", "call", call_id, detail)
        return "ok"

    # -- a message to a desk -------------------------------------------------------------------------------------
    def notify_agent(self, agent_id: int, message: str) -> int:
        """Store a short message (1..200 characters, stripped) for a person and announce it on their topic
        (:func:`.notices.topic`); returns the notice's id."""
        body = message.strip()
        if not body:
            raise InterventionRefused("empty_text")
        if len(body) > NOTICE_MAX:
            raise InterventionRefused("long_text")
        with write_txn(self._engine) as conn:
            authorize(conn, self._principal, "agent.notify", audit=self._audit, entity="user", entity_id=agent_id)
            if self._through_database():
                found = conn.execute(_NOTIFY, {"to": agent_id, "text": body, "ws": self._ws()}).scalar()
            else:
                found = self._notify_here(conn, agent_id, body)
            if found is None:
                raise InterventionRefused("no_user")
            return int(found)

    def _notify_here(self, conn: Connection, agent_id: int, body: str) -> int | None:
        active = select(User.id).where(User.id == agent_id, User.is_active.is_(True))
        if conn.execute(active).first() is None:
            return None
        notice_id = conn.execute(
            insert(AgentNotice)
            .values(to_user_id=agent_id, from_user_id=self._principal.user_id, text=body, created_at=self._clock())
            .returning(AgentNotice.id)
        ).scalar_one()
        actor = self._principal.user_id
        feed.append(conn, NOTICE_ENTITY, agent_id, "new", actor_id=actor, payload={"notice_id": int(notice_id)})
        detail = {"notice_id": int(notice_id), "length": len(body)}
        self._audit.record(conn, self._principal, "agent_notify", "user", agent_id, detail)
        return int(notice_id)
