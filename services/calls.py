"""The call bar's service: offers, accept/decline, hold, transfer, hang up, notes and click-to-call.

Everything is synchronous and opens its own short transactions, so the Qt side runs it on a worker thread.
Offers are detected by polling :meth:`CallService.pending_offer` (one indexed lookup; ~300 ms is fine) or by
reading new offers with :meth:`CallService.offers_since`.  Call control goes through a
:class:`~gateway.control.CallControl`; a desktop passes a
:class:`~gateway.control.QueuedCallControl` so that the gateway, which holds the Twilio
secret, carries it out.  A refusal from Twilio comes back as ``ActionResult(ok=False, message=...)`` with the
call back in its queue — never as an exception.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, insert, select, update

from db import feed
from db.models import Call, CallOffer, CallQueue, Customer, CustomerPhone, Interaction, User
from db.pii import lookup_key, phone_key
from db.write import aware, utcnow, write_txn
from services import agent_states, call_states
from services.call_control import CallControl, CallControlError
from services.call_states import PENDING_SID_PREFIX

from .identifiers import normalize_phone

NOT_OFFERED = "该来电已不再分配给您。 / This call is no longer offered to you."
CALLER_GONE = "客户已挂机。 / The caller has hung up."
TWILIO_NOT_FOUND = 20404  # Twilio's "the requested resource was not found" (here: no such caller in the queue)
NO_PHONE = (
    "您的坐席未配置软电话或座机，请联系管理员。 / No softphone or desk phone is set up for you; call the administrator."
)
NO_CONTROL = "本机未连接电话系统。 / This desk is not connected to the phone system."
BUSY = "请先结束当前通话或整理。 / Finish the current call or wrap-up first."
NOT_IN_CALL = "当前没有进行中的通话。 / There is no call in progress."


@dataclass(frozen=True)
class ActionResult:
    """The outcome of a call-bar action; ``message`` is for the agent when ``ok`` is False."""

    ok: bool
    message: str | None = None
    code: int | None = None
    call_id: int | None = None


@dataclass(frozen=True)
class OfferInfo:
    """A call offered (ringing) at an agent's desk."""

    offer_id: int
    call_id: int
    status: str
    offered_at: dt.datetime
    expires_at: dt.datetime
    queue_name: str | None
    queue_label_zh: str | None
    queue_label_en: str | None
    caller_masked: str
    match_result: str
    customer_id: int | None
    customer_name: str | None
    vip_level: int
    message: str | None


@dataclass(frozen=True)
class CurrentCall:
    """The call an agent is handling (offered, on the line, on hold or in wrap-up), for the call bar and timer."""

    call_id: int
    call_sid: str
    direction: str
    state: str
    agent_state: str
    caller_masked: str
    customer_id: int | None
    queue_name: str | None
    answered_at: dt.datetime | None
    ended_at: dt.datetime | None
    wrapup_deadline: dt.datetime | None
    notes: str | None


@dataclass(frozen=True)
class QueueInfo:
    """A queue to transfer to."""

    id: int
    name: str
    label_zh: str
    label_en: str


_offer_columns = (
    CallOffer.id,
    CallOffer.call_id,
    CallOffer.status,
    CallOffer.offered_at,
    CallOffer.expires_at,
    CallQueue.name,
    CallQueue.label_zh,
    CallQueue.label_en,
    Call.from_masked,
    Call.match_result,
    Call.customer_id,
    Customer.name,
    Call.priority,
    CallOffer.message,
)


def agent_endpoint(conn: Connection, agent_id: int) -> str | None:
    """Where an agent takes calls: ``client:<identity>`` (softphone) or the desk phone, as configured."""
    row = conn.execute(select(User.client_identity, User.desk_phone).where(User.id == agent_id)).first()
    if row is None:
        return None
    if row[0]:
        return f"client:{row[0]}"
    return str(row[1]) if row[1] else None


class CallService:
    """The agent's side of a call.

    Args:
        engine: the shared database.
        control: carries out call control (None: actions that need the phone system fail with a message).
        clock: the time source (tests pass a fixed clock).
    """

    def __init__(
        self, engine: Engine, control: CallControl | None = None, *, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._engine = engine
        self._control = control
        self._clock = clock

    @property
    def engine(self) -> Engine:
        """The shared database this service works on."""
        return self._engine

    # -- learning about offers --------------------------------------------------------------------------------
    def pending_offer(self, agent_id: int) -> OfferInfo | None:
        """The offer ringing at this desk now, if any (poll this; an index lookup when nothing rings)."""
        with self._engine.connect() as conn:
            offer_id = conn.execute(
                select(CallOffer.id)
                .where(CallOffer.agent_id == agent_id, CallOffer.status == "pending")
                .order_by(CallOffer.id.desc())
                .limit(1)
            ).scalar()
            if offer_id is None:
                return None
            found = self._offers(conn, CallOffer.id == offer_id)
        return found[0] if found else None

    def offers_since(self, agent_id: int, after_offer_id: int = 0, limit: int = 20) -> list[OfferInfo]:
        """Offers made to this agent after ``after_offer_id``, oldest first, whatever their status now."""
        with self._engine.connect() as conn:
            return self._offers(conn, CallOffer.agent_id == agent_id, CallOffer.id > after_offer_id, limit=limit)

    def _offers(self, conn: Connection, *where: object, limit: int = 20) -> list[OfferInfo]:
        rows = conn.execute(
            select(*_offer_columns)
            .join(Call, Call.id == CallOffer.call_id)
            .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
            .outerjoin(Customer, Customer.id == Call.customer_id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(CallOffer.id)
            .limit(limit)
        ).all()
        return [
            OfferInfo(
                offer_id=r[0],
                call_id=r[1],
                status=r[2],
                offered_at=aware(r[3]),  # type: ignore[arg-type]
                expires_at=aware(r[4]),  # type: ignore[arg-type]
                queue_name=r[5],
                queue_label_zh=r[6],
                queue_label_en=r[7],
                caller_masked=r[8] or "",
                match_result=r[9],
                customer_id=r[10],
                customer_name=r[11],
                vip_level=int(r[12] or 0),
                message=r[13],
            )
            for r in rows
        ]

    def current_call(self, agent_id: int) -> CurrentCall | None:
        """The call the agent is busy with (also after a restart: reopen the call bar or wrap-up from it)."""
        with self._engine.connect() as conn:
            now = agent_states.current(conn, agent_id)
            if now is None or now.call_id is None or now.state not in ("offered", "on_call", "wrap_up"):
                return None
            row = conn.execute(
                select(
                    Call.id,
                    Call.call_sid,
                    Call.direction,
                    Call.state,
                    Call.from_masked,
                    Call.to_masked,
                    Call.customer_id,
                    CallQueue.name,
                    Call.answered_at,
                    Call.ended_at,
                    Call.notes,
                )
                .outerjoin(CallQueue, CallQueue.id == Call.queue_id)
                .where(Call.id == now.call_id)
            ).first()
        if row is None:
            return None
        other = row[4] if row[2] == "inbound" else row[5]
        return CurrentCall(
            call_id=row[0],
            call_sid=row[1],
            direction=row[2],
            state=row[3],
            agent_state=now.state,
            caller_masked=other or "",
            customer_id=row[6],
            queue_name=row[7],
            answered_at=aware(row[8]),
            ended_at=aware(row[9]),
            wrapup_deadline=now.wrapup_deadline,
            notes=row[10],
        )

    def queues(self) -> list[QueueInfo]:
        """Queues, for the transfer menu."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(CallQueue.id, CallQueue.name, CallQueue.label_zh, CallQueue.label_en))
            return [QueueInfo(*r) for r in rows.all()]

    # -- answering ------------------------------------------------------------------------------------------------
    def accept(self, agent_id: int, call_id: int) -> ActionResult:
        """Take the offered call: Twilio dequeues the caller and rings this agent's softphone or desk phone.

        On a Twilio error the offer fails, the call goes back to its queue (keeping its place) and the agent
        is available again; the result carries a message to show.
        """
        at = self._clock()
        with write_txn(self._engine) as conn:
            offer = conn.execute(
                select(CallOffer.id)
                .where(CallOffer.call_id == call_id, CallOffer.agent_id == agent_id, CallOffer.status == "pending")
                .with_for_update()
            ).scalar()
            call = call_states.load(conn, call_id=call_id, lock=True)
            if offer is None or call is None or call.state != "offered" or call.agent_id != agent_id:
                return ActionResult(False, NOT_OFFERED, call_id=call_id)
            endpoint = agent_endpoint(conn, agent_id)
            queue = conn.execute(select(CallQueue.name).where(CallQueue.id == call.queue_id)).scalar()
            if endpoint is None or self._control is None:
                self._fail_offer(conn, offer, call_id, agent_id, at, None, NO_PHONE if endpoint is None else NO_CONTROL)
                return ActionResult(False, NO_PHONE if endpoint is None else NO_CONTROL, call_id=call_id)
            conn.execute(update(CallOffer).where(CallOffer.id == offer).values(status="accepting"))
        try:
            self._control.connect_agent(call.call_sid, str(queue or "general"), endpoint)
        except CallControlError as exc:
            gone = exc.code == TWILIO_NOT_FOUND  # the caller is no longer in Twilio's queue: hung up, or never was
            with write_txn(self._engine) as conn:
                message = CALLER_GONE if gone else exc.user_message
                self._fail_offer(conn, offer, call_id, agent_id, self._clock(), exc.code, message, caller_gone=gone)
            return ActionResult(False, CALLER_GONE if gone else exc.user_message, exc.code, call_id)
        at = self._clock()
        with write_txn(self._engine) as conn:
            took = conn.execute(
                update(CallOffer)
                .where(CallOffer.id == offer, CallOffer.status == "accepting")
                .values(status="accepted", responded_at=at)
            ).rowcount
            if not took or not call_states.set_call(conn, call_id, ("offered",), state="connected", answered_at=at):
                return ActionResult(False, CALLER_GONE, call_id=call_id)
            agent_states.transition(conn, agent_id, "on_call", at, call_id=call_id)
        return ActionResult(True, call_id=call_id)

    @staticmethod
    def _fail_offer(
        conn: Connection,
        offer_id: int,
        call_id: int,
        agent_id: int,
        at: dt.datetime,
        code: int | None,
        message: str,
        *,
        caller_gone: bool = False,
    ) -> None:
        """The offer failed: the call waits again, keeping its place, or (``caller_gone``: Twilio has no such
        caller in the queue) it is closed as failed, so it is never offered to anyone again."""
        changed = conn.execute(
            update(CallOffer)
            .where(CallOffer.id == offer_id, CallOffer.status.in_(("pending", "accepting")))
            .values(status="failed", responded_at=at, error_code=str(code) if code else None, message=message[:400])
        ).rowcount
        if not changed:
            return  # the caller hung up meanwhile: the offer was already closed
        if caller_gone:
            if call_states.set_call(conn, call_id, ("offered",), state="failed", ended_at=at):
                feed.append(conn, "call", call_id, "caller_gone", payload={"source": "accept", "twilio_error": code})
        else:
            call_states.requeue(conn, call_id, at)
        now = agent_states.current(conn, agent_id, lock=True)
        if now is not None and now.state == "offered" and now.call_id == call_id:
            agent_states.transition(conn, agent_id, "available", at)

    def decline(self, agent_id: int, call_id: int) -> ActionResult:
        """Turn the offer down: the call is offered to the next agent; this agent stays available (last in line)."""
        with write_txn(self._engine) as conn:
            offer = conn.execute(
                select(CallOffer.id)
                .where(CallOffer.call_id == call_id, CallOffer.agent_id == agent_id, CallOffer.status == "pending")
                .with_for_update()
            ).scalar()
            if offer is None:
                return ActionResult(False, NOT_OFFERED, call_id=call_id)
            at = self._clock()  # read under the lock: the next offer of this call cannot start before it
            conn.execute(update(CallOffer).where(CallOffer.id == offer).values(status="declined", responded_at=at))
            call_states.requeue(conn, call_id, at)
            now = agent_states.current(conn, agent_id, lock=True)
            if now is not None and now.state == "offered" and now.call_id == call_id:
                agent_states.transition(conn, agent_id, "available", at)
        return ActionResult(True, call_id=call_id)

    # -- during the call ------------------------------------------------------------------------------------------
    def _live(self, agent_id: int, call_id: int, states: tuple[str, ...]) -> tuple[call_states.CallRow, str] | None:
        with self._engine.connect() as conn:
            call = call_states.load(conn, call_id=call_id)
            if call is None or call.agent_id != agent_id or call.state not in states:
                return None
            return call, agent_endpoint(conn, agent_id) or ""

    def _control_call(self, action: Callable[[CallControl], None]) -> ActionResult | None:
        if self._control is None:
            return ActionResult(False, NO_CONTROL)
        try:
            action(self._control)
        except CallControlError as exc:
            return ActionResult(False, exc.user_message, exc.code)
        return None

    def hold(self, agent_id: int, call_id: int) -> ActionResult:
        """Put the caller on hold (they hear the hold message)."""
        live = self._live(agent_id, call_id, ("connected",))
        if live is None:
            return ActionResult(False, NOT_IN_CALL, call_id=call_id)
        failed = self._control_call(lambda c: c.hold(live[0].call_sid))
        if failed:
            return failed
        with write_txn(self._engine) as conn:
            call_states.set_call(conn, call_id, ("connected",), state="on_hold")
        return ActionResult(True, call_id=call_id)

    def resume(self, agent_id: int, call_id: int) -> ActionResult:
        """Take the caller off hold and back to this agent."""
        live = self._live(agent_id, call_id, ("on_hold",))
        if live is None:
            return ActionResult(False, NOT_IN_CALL, call_id=call_id)
        failed = self._control_call(lambda c: c.resume(live[0].call_sid, live[1]))
        if failed:
            return failed
        with write_txn(self._engine) as conn:
            call_states.set_call(conn, call_id, ("on_hold",), state="connected")
        return ActionResult(True, call_id=call_id)

    def hang_up(self, agent_id: int, call_id: int) -> ActionResult:
        """End the call; the agent goes to wrap-up (also when Twilio says the call had already ended)."""
        live = self._live(agent_id, call_id, (*call_states.TALKING, "received"))
        if live is None:
            return ActionResult(False, NOT_IN_CALL, call_id=call_id)
        failed = self._control_call(lambda c: c.hangup(live[0].call_sid))
        if failed and failed.code not in (20404, 21220):
            return failed
        with write_txn(self._engine) as conn:
            call = call_states.load(conn, call_id=call_id, lock=True)
            if call is not None:
                call_states.start_wrapup(conn, call, self._clock())
        return ActionResult(True, call_id=call_id)

    def transfer(
        self, agent_id: int, call_id: int, *, to_queue: str | None = None, to_agent: int | None = None
    ) -> ActionResult:
        """Blind transfer to a queue or to an available agent.

        The transferring agent's part is written to the customer's timeline (notes so far, disposition
        ``transferred``) and they are available again; the call keeps its id and customer.
        """
        if (to_queue is None) == (to_agent is None):
            raise ValueError("transfer to exactly one of a queue or an agent")
        live = self._live(agent_id, call_id, call_states.TALKING)
        if live is None:
            return ActionResult(False, NOT_IN_CALL, call_id=call_id)
        call = live[0]
        with self._engine.connect() as conn:
            if to_queue is not None:
                queue_id = conn.execute(select(CallQueue.id).where(CallQueue.name == to_queue)).scalar()
                if queue_id is None:
                    return ActionResult(
                        False, f"没有队列 {to_queue}。 / There is no queue {to_queue}.", call_id=call_id
                    )
                target_endpoint = None
            else:
                target = agent_states.current(conn, int(to_agent))  # type: ignore[arg-type]
                target_endpoint = agent_endpoint(conn, int(to_agent))  # type: ignore[arg-type]
                if target is None or target.state != "available" or target_endpoint is None:
                    return ActionResult(
                        False, "该坐席当前不可接听。 / That agent cannot take a call now.", call_id=call_id
                    )
        if to_queue is not None:
            failed = self._control_call(lambda c: c.to_queue(call.call_sid, to_queue))
        else:
            failed = self._control_call(lambda c: c.to_agent(call.call_sid, target_endpoint))  # type: ignore[arg-type]
        if failed:
            return failed
        at = self._clock()
        with write_txn(self._engine) as conn:
            notes = conn.execute(select(Call.notes).where(Call.id == call_id)).scalar()
            if to_queue is not None:
                call_states.set_call(
                    conn, call_id, call_states.TALKING, state="queued", queue_id=queue_id, agent_id=None, enqueued_at=at
                )
            else:
                call_states.set_call(conn, call_id, call_states.TALKING, agent_id=to_agent, state="connected")
                agent_states.transition(conn, int(to_agent), "on_call", at, call_id=call_id)  # type: ignore[arg-type]
            conn.execute(
                insert(Interaction).values(
                    customer_id=call.customer_id,
                    channel="call_in" if call.direction == "inbound" else "call_out",
                    direction="in" if call.direction == "inbound" else "out",
                    occurred_at=at,
                    user_id=agent_id,
                    subject="来电转接" if call.direction == "inbound" else "外呼转接",
                    summary=notes,
                    disposition="transferred",
                    call_id=call_id,
                )
            )
            conn.execute(update(Call).where(Call.id == call_id).values(notes=None, version=Call.version + 1))
            agent_states.transition(conn, agent_id, "available", at)
        return ActionResult(True, call_id=call_id)

    def save_notes(self, call_id: int, text: str) -> None:
        """Keep the notes typed so far (cheap: one UPDATE; call it as the agent types, debounced)."""
        with write_txn(self._engine) as conn:
            conn.execute(update(Call).where(Call.id == call_id).values(notes=text[:20000]))

    # -- click-to-call ------------------------------------------------------------------------------------------
    def click_to_call(self, agent_id: int, customer_id: int, phone: int | str) -> ActionResult:
        """Call a customer's number: Twilio rings the agent first, then dials the customer.

        ``phone`` is one of the customer's phone rows (its id: what the 360° view knows, since a desktop
        never reads a full number) or a number typed in any format, which must be one of the customer's.
        The gateway looks the number up when it dials.  A customer flagged do-not-call is refused.
        """
        if isinstance(phone, str):
            e164 = normalize_phone(phone)
            if e164 is None:
                return ActionResult(False, "号码无效。 / The number is not valid.")
            which = CustomerPhone.e164_key == lookup_key(self._engine, phone_key(e164))
        else:
            which = CustomerPhone.id == phone
        if self._control is None:
            return ActionResult(False, NO_CONTROL)
        at = self._clock()
        with write_txn(self._engine) as conn:
            owned = conn.execute(
                select(Customer.alert_flags, CustomerPhone.id, CustomerPhone.e164_masked)
                .join(CustomerPhone, and_(CustomerPhone.customer_id == Customer.id, which))
                .where(Customer.id == customer_id)
                .order_by(CustomerPhone.id)
                .limit(1)
            ).first()
            if owned is None:
                return ActionResult(False, "该号码不属于此客户。 / That number is not this customer's.")
            if "do_not_call" in (owned[0] or []):
                return ActionResult(False, "客户已登记拒绝来电。 / The customer asked not to be called.")
            phone_id = int(owned[1])
            now = agent_states.current(conn, agent_id, lock=True)
            if now is not None and now.state in ("offered", "on_call", "wrap_up"):
                return ActionResult(False, BUSY)
            endpoint = agent_endpoint(conn, agent_id)
            if endpoint is None:
                return ActionResult(False, NO_PHONE)
            call_id = conn.execute(
                insert(Call)
                .values(
                    call_sid=PENDING_SID_PREFIX + uuid.uuid4().hex[:24],
                    direction="outbound",
                    to_masked=owned[2],  # the number itself is written by the gateway as it dials
                    customer_id=customer_id,
                    match_result="one",
                    state="received",
                    received_at=at,
                    agent_id=agent_id,
                    version=1,
                )
                .returning(Call.id)
            ).scalar_one()
            agent_states.transition(conn, agent_id, "on_call", at, call_id=call_id)
        try:
            sid = self._control.dial_out(int(call_id), endpoint, phone_id)
        except CallControlError as exc:
            with write_txn(self._engine) as conn:
                call_states.set_call(conn, call_id, ("received",), state="failed", ended_at=self._clock())
                agent_states.transition(conn, agent_id, "available", self._clock())
            return ActionResult(False, exc.user_message, exc.code, int(call_id))
        with write_txn(self._engine) as conn:
            conn.execute(
                update(Call)
                .where(Call.id == call_id, Call.call_sid.startswith(PENDING_SID_PREFIX))
                .values(call_sid=sid, version=Call.version + 1)
            )
        return ActionResult(True, call_id=int(call_id))
