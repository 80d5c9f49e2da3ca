"""Stale calls: open in the database, over at Twilio.

A call is closed by its final status callback.  When that callback is lost (the gateway was down and Twilio
gave up, or it arrived before the call's row existed), the call would stay ``queued`` or ``connected`` for
good.  This job finds open calls with no news for :data:`STALE_AFTER`, asks Twilio about each through the
twilio library (``client.calls(sid).fetch()``, :meth:`~.twilio_rest.TwilioRest.fetch_call`) and, when Twilio
says the call is over, closes it exactly as the lost callback would have (:func:`close_call`, the terminal
branch of :func:`gateway.events.apply_status`): offers cancelled, agents freed or sent to wrap-up.

Safe to run in several gateway processes at once, and to be killed at any point:

* The Twilio look-up is a read and is made outside any transaction (no lock is held across the network).
* Each close is one short write transaction that locks the call's row (``FOR UPDATE`` on PostgreSQL; SQLite's
  ``BEGIN IMMEDIATE`` admits one writer) and changes it only from an open state (``UPDATE ... WHERE state IN
  (...) AND ended_at IS NULL``, in :mod:`services.call_states`).  That conditional write is the claim: when two
  gateways close the same call, the second finds it closed and changes nothing.  A kill before the commit
  leaves the call open, to be looked up again next round.

Errors: a 404 from Twilio (an unknown CallSid) or a 400 (a CallSid Twilio refuses to look up) is permanent —
the call is closed as ``failed`` and logged.  Twilio or the network being away (no answer, 5xx, 429, 401/403)
is transient: the round stops and the calls are asked about again in the next one.  A database error goes up
to the caller (the worker logs it and retries on a later round).

A call Twilio says is still live is left as it is and not asked about again for :data:`RECHECK_AFTER` by this
process (:class:`RecheckMemo`, in memory: after a restart, or from another gateway, a long call may be asked
about once more — a read, harmless).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import Connection, Engine, and_, or_, select
from sqlalchemy.exc import SQLAlchemyError

from db import feed
from db.models import Call
from db.write import aware, utcnow, write_txn
from services import call_states
from services.call_control import CallControlError
from services.call_states import PENDING_SID_PREFIX, TALKING, WAITING

from .events import TERMINAL_STATUSES
from .twilio_rest import CallFacts

log = logging.getLogger(__name__)

# A call with no recorded event for this long is looked up at Twilio.
STALE_AFTER = dt.timedelta(minutes=10)
# A call Twilio says is still live (a long conversation) is asked about again after this long.
RECHECK_AFTER = dt.timedelta(minutes=5)
# How often the worker runs a round, at most.
INTERVAL_SECONDS = 30.0
# Calls looked up per round, and the time a round may spend on look-ups (the worker also routes calls).
ROUND_LIMIT = 20
ROUND_SECONDS = 5.0
# Twilio's answers that say the CallSid itself is the problem: asking again will not help.
PERMANENT_HTTP_STATUSES = frozenset({400, 404})

OPEN_STATES = (*WAITING, *TALKING)


class CallLookup(Protocol):
    """What the job asks of Twilio (:class:`~.twilio_rest.TwilioRest`)."""

    def fetch_call(self, call_sid: str) -> CallFacts:
        """The call as Twilio knows it; raises :class:`CallControlError`."""


class RecheckMemo:
    """Calls Twilio said were live, and when to ask about them again (this process only; thread-safe)."""

    def __init__(self) -> None:
        self._until: dict[int, dt.datetime] = {}
        self._lock = threading.Lock()

    def mark(self, call_id: int, until: dt.datetime) -> None:
        with self._lock:
            self._until[call_id] = until

    def waiting(self, now: dt.datetime) -> list[int]:
        """Ids not to ask about yet (entries that have run out are dropped)."""
        with self._lock:
            self._until = {k: v for k, v in self._until.items() if v > now}
            return list(self._until)


@dataclass
class Round:
    """What one round did, by CallSid."""

    closed: list[str] = field(default_factory=list)  # over at Twilio: closed here
    unknown: list[str] = field(default_factory=list)  # unknown to Twilio (404/400): closed here as failed
    already_closed: list[str] = field(default_factory=list)  # over, but closed meanwhile by a callback or gateway
    live: list[str] = field(default_factory=list)  # still going at Twilio: left alone
    deferred: list[str] = field(default_factory=list)  # Twilio or the network away: next round
    twilio_status: dict[str, str] = field(default_factory=dict)  # what Twilio said, per CallSid looked up

    @property
    def looked_up(self) -> int:
        return len(self.closed) + len(self.unknown) + len(self.already_closed) + len(self.live) + len(self.deferred)


def stale_calls(
    conn: Connection, cutoff: dt.datetime, limit: int, skip: list[int] | None = None
) -> list[tuple[int, str]]:
    """(id, CallSid) of open calls whose every recorded time is before ``cutoff``, oldest first.

    Click-to-call rows whose CallSid Twilio has not given yet (:data:`PENDING_SID_PREFIX`) cannot be looked up
    and are left out, as are the ids in ``skip``.
    """
    quiet = [
        Call.received_at <= cutoff,
        *(or_(column.is_(None), column <= cutoff) for column in (Call.enqueued_at, Call.offered_at, Call.answered_at)),
    ]
    stmt = select(Call.id, Call.call_sid).where(
        Call.state.in_(OPEN_STATES),
        Call.ended_at.is_(None),
        ~Call.call_sid.startswith(PENDING_SID_PREFIX),
        and_(*quiet),
    )
    if skip:
        stmt = stmt.where(Call.id.not_in(skip))
    rows = conn.execute(stmt.order_by(Call.id).limit(limit)).all()
    return [(int(r[0]), str(r[1])) for r in rows]


def _latest_news(conn: Connection, call_id: int) -> dt.datetime | None:
    row = conn.execute(
        select(Call.received_at, Call.enqueued_at, Call.offered_at, Call.answered_at).where(Call.id == call_id)
    ).first()
    times = [aware(t) for t in row or () if t is not None]
    return max(times) if times else None


def close_call(conn: Connection, call_id: int, at: dt.datetime, *, twilio_status: str, unknown: bool = False) -> bool:
    """Close an open call inside the caller's write transaction; True when this changed it.

    The same as the final status callback (:func:`gateway.events.apply_status`): a waiting inbound call is
    abandoned, an outbound attempt that never connected fails (its agent notes the outcome in wrap-up), a
    talking call goes to wrap-up with its agent.  ``unknown`` (Twilio does not know the call): a waiting call
    is closed as ``failed`` instead, since nobody knows whether the caller gave up.  ``at`` is moved to the
    call's latest recorded time if it is earlier (a call never ends before it was answered).
    """
    call = call_states.load(conn, call_id=call_id, lock=True)
    if call is None or call.ended_at is not None or call.state not in OPEN_STATES:
        return False
    latest = _latest_news(conn, call_id)
    if latest is not None and at < latest:
        at = latest
    if unknown and call.state in WAITING and not (call.direction != "inbound" and call.agent_id is not None):
        if call.state == "offered":
            call_states.close_offers(conn, call.id, "cancelled", at, message="call unknown to Twilio")
        changed = call_states.set_call(conn, call.id, WAITING, state="failed", ended_at=at)
    else:
        changed = call_states.end_call(conn, call, at)
    if changed:
        # Who closed the call, and on what grounds: kept with the change itself.
        payload = {"source": "reconcile", "twilio_status": twilio_status}
        feed.append(conn, "call", call.id, "reconciled", payload=payload)
    return changed


def _end_time(facts: CallFacts, now: dt.datetime) -> dt.datetime:
    """When Twilio says the call ended (its last update when it gives no end time), never after ``now``."""
    at = facts.end_time or facts.updated or now
    return min(at, now)


def reconcile_stale_calls(
    engine: Engine,
    rest: CallLookup,
    *,
    now: dt.datetime | None = None,
    stale_after: dt.timedelta = STALE_AFTER,
    limit: int = ROUND_LIMIT,
    memo: RecheckMemo | None = None,
    recheck_after: dt.timedelta = RECHECK_AFTER,
    budget_seconds: float | None = ROUND_SECONDS,
) -> Round:
    """One round: look up to ``limit`` stale calls up at Twilio and close those that are over.

    Args:
        engine: the database.
        rest: the Twilio look-up (:class:`~.twilio_rest.TwilioRest`).
        now: the time of the round (tests move it on); default the current time.
        stale_after: how long without news makes a call stale.
        limit: at most this many look-ups.
        memo: live calls not to ask about again yet (None: ask about every stale call).
        recheck_after: how long a live call stays in ``memo``.
        budget_seconds: stop looking up after this long (None: no limit); the rest wait for the next round.

    Raises:
        SQLAlchemyError: the database is away; what was closed so far stays closed.
    """
    now = now or utcnow()
    found = Round()
    with engine.connect() as conn:
        candidates = stale_calls(conn, now - stale_after, limit, memo.waiting(now) if memo is not None else None)
    started = time.monotonic()
    for index, (call_id, sid) in enumerate(candidates):
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            found.deferred.extend(s for _, s in candidates[index:])
            break
        try:
            facts = rest.fetch_call(sid)
        except CallControlError as exc:
            if exc.status in PERMANENT_HTTP_STATUSES:
                status = f"error {exc.code or exc.status}"
                found.twilio_status[sid] = status
                log.warning(
                    "stale call %s (%s): Twilio cannot look it up (%s); closing it as failed", call_id, sid, status
                )
                with write_txn(engine) as conn:
                    closed = close_call(conn, call_id, now, twilio_status=status, unknown=True)
                (found.unknown if closed else found.already_closed).append(sid)
                continue
            # Twilio or the network is away: every other look-up would fail the same way.
            log.warning(
                "stale calls: Twilio unavailable (%s); %d left for the next round",
                exc.detail or exc.code or exc,
                len(candidates) - index,
            )
            found.deferred.extend(s for _, s in candidates[index:])
            break
        found.twilio_status[sid] = facts.status
        if facts.status not in TERMINAL_STATUSES:
            found.live.append(sid)
            if memo is not None:
                memo.mark(call_id, now + recheck_after)
            continue
        with write_txn(engine) as conn:
            closed = close_call(conn, call_id, _end_time(facts, now), twilio_status=facts.status)
        if closed:
            log.info("stale call %s (%s) closed: Twilio says %s", call_id, sid, facts.status)
            found.closed.append(sid)
        else:
            found.already_closed.append(sid)
    return found


class StaleCallReconciler:
    """Runs :func:`reconcile_stale_calls` for the gateway worker, at most every ``interval`` seconds."""

    def __init__(
        self,
        engine: Engine,
        rest: CallLookup,
        *,
        interval: float = INTERVAL_SECONDS,
        stale_after: dt.timedelta = STALE_AFTER,
        recheck_after: dt.timedelta = RECHECK_AFTER,
        limit: int = ROUND_LIMIT,
        budget_seconds: float | None = ROUND_SECONDS,
    ) -> None:
        self.engine = engine
        self.rest = rest
        self.interval = interval
        self.stale_after = stale_after
        self.recheck_after = recheck_after
        self.limit = limit
        self.budget_seconds = budget_seconds
        self.memo = RecheckMemo()
        self.rounds = 0
        self.last: Round | None = None
        self._next = 0.0  # monotonic time of the next round: the first tick runs one (after a restart)

    def due(self, clock: float | None = None) -> bool:
        return (time.monotonic() if clock is None else clock) >= self._next

    def run(self) -> Round | None:
        """One round if it is due. Database errors go up (the worker retries later); a defect in a look-up is
        logged and the round given up, so that the worker thread keeps running."""
        if not self.due():
            return None
        self._next = time.monotonic() + self.interval
        self.rounds += 1
        try:
            self.last = reconcile_stale_calls(
                self.engine,
                self.rest,
                stale_after=self.stale_after,
                limit=self.limit,
                memo=self.memo,
                recheck_after=self.recheck_after,
                budget_seconds=self.budget_seconds,
            )
        except (SQLAlchemyError, OSError):
            raise
        except Exception:
            log.exception("stale calls: round failed; trying again in %.0f s", self.interval)
            return None
        return self.last
