"""A counter's desk: holding the counter, calling the next customer, serving, recalling, transferring.

* One desktop at a time: a counter is held by a desktop session (``session_id``).  Another desktop is
  refused while the holder is alive; once the holder has not been seen for
  :data:`~.setup.COUNTER_STALE_AFTER` (crashed, unplugged) it may be taken over with ``take_over=True``.
  The ticket the crashed desktop was serving stays "being served" at the counter, and :meth:`current` hands
  it to the new holder.
* Calling next: the counter must be open and held by the caller's desktop, and free — the number called or
  being served there must be finished, marked no-show or transferred first (``LobbyError("busy")``), so a
  customer is never silently dropped.  The next number is the first of today's waiting numbers in the order
  VIPs first (only at a counter that serves VIPs), then priority, then the counter's work profile (numbers
  transferred to this very counter first), then the time of issue.  On PostgreSQL the candidate is claimed
  with ``FOR UPDATE SKIP LOCKED``, so counters pressing "next" at once each get a different customer and
  none waits for another, and after the counter's row is locked the whole call is one statement
  (:mod:`.calling`); on SQLite the write transaction holds the database's single writer lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from db import feed
from db.models import User
from db.write import utcnow, write_txn
from services.audit import AuditTrail
from services.permissions import Principal, authorize

from .calling import call_params, call_statement, lock_statement, pick_statement, profile_of
from .estimates import Estimator
from .queue import branch_of
from .setup import counter_view, counters_of, service_day, service_named, zone_named
from .ticket_rows import (
    AT_COUNTER,
    COUNTERS,
    OUTCOMES,
    TICKETS,
    announce,
    load_view,
    lock_ticket,
    require_state,
    ticket_view,
)
from .types import FEED_COUNTER, Counter, LobbyError, QueueTicketView


class CounterService:
    """The counter desk's actions (see the module)."""

    def __init__(self, engine: Engine, audit: AuditTrail, *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.engine = engine
        self.audit = audit
        self.clock = clock
        self.estimator = Estimator()

    # -- the counter ----------------------------------------------------------------------------------------
    def counters(self, principal: Principal, branch_id: int | None = None) -> list[Counter]:
        branch = branch_of(principal, branch_id)
        with self.engine.connect() as conn:
            return counters_of(conn, branch, self.clock())

    def _lock(self, conn: Connection, principal: Principal, counter_id: int) -> Any:
        """The counter's row (with its branch's ``timezone``), locked; refused unless it is the principal's
        branch's.  One statement: every action at the counter starts here."""
        authorize(conn, principal, "counter.serve", audit=self.audit, entity="lobby_counter", entity_id=counter_id)
        row = conn.execute(lock_statement(), {"c_id": counter_id}).first()
        # PostgreSQL's row-level security lets a lobby manager read but not lock another branch's counter.
        seen = row.branch_id if row is not None else self._branch_of(conn, counter_id)
        if seen is None:
            raise LobbyError("no_counter", "窗口不存在。", "There is no such counter.")
        if row is None or seen != principal.branch_id:
            raise LobbyError("other_branch", "这是其他网点的窗口。", "This counter belongs to another branch.")
        return row

    @staticmethod
    def _branch_of(conn: Connection, counter_id: int) -> int | None:
        return conn.execute(select(COUNTERS.c.branch_id).where(COUNTERS.c.id == counter_id)).scalar()

    def _view(self, conn: Connection, counter_id: int) -> Counter:
        row = conn.execute(
            select(COUNTERS, User.display_name.label("user_name"))
            .outerjoin(User, User.id == COUNTERS.c.user_id)
            .where(COUNTERS.c.id == counter_id)
        ).one()
        return counter_view(row, self.clock())

    def _set(self, conn: Connection, row: Any, action: str, actor: int, **values: Any) -> None:
        conn.execute(update(COUNTERS).where(COUNTERS.c.id == row.id).values(**values, version=COUNTERS.c.version + 1))
        feed.append(
            conn,
            FEED_COUNTER,
            row.id,
            action,
            actor_id=actor,
            payload={"branch_id": row.branch_id, "label": row.label, "status": values.get("status", row.status)},
        )

    def _require_holder(self, row: Any, session_id: int) -> None:
        if row.session_id != session_id:
            raise LobbyError(
                "not_held",
                f"{row.label}未由本机占用，请先占用该窗口。",
                f"{row.label} is not held by this desktop; take the counter first.",
            )

    def _claim(self, conn: Connection, principal: Principal, row: Any, session_id: int, take_over: bool) -> bool:
        """Make this desktop the holder if it may be; True when the counter changed hands."""
        if row.session_id == session_id and row.user_id == principal.user_id:
            return False
        # The same person on a new session (their desktop restarted; signing in again ends the older session)
        # takes their counter back at once; anyone else waits until the holding desktop has gone quiet.
        if row.user_id is not None and row.user_id != principal.user_id:
            view = counter_view(row, self.clock())
            if not view.stale:
                raise LobbyError(
                    "held",
                    f"{row.label}正在另一台电脑上使用，不能同时占用。",
                    f"{row.label} is in use on another desktop; a counter cannot be held on two at once.",
                )
            if not take_over:
                raise LobbyError(
                    "held_stale",
                    f"{row.label}的电脑已失去联系，可选择接管该窗口。",
                    f"The desktop at {row.label} has gone quiet; you may take the counter over.",
                )
        now = self.clock()
        self._set(
            conn, row, "held", principal.user_id, user_id=principal.user_id, session_id=session_id,
            held_since=now, seen_at=now,
        )  # fmt: skip
        if row.user_id is not None:
            self.audit.record(
                conn, principal, "edit", "lobby_counter", row.id, {"take_over": True, "from_user_id": row.user_id}
            )
        return True

    def hold(self, principal: Principal, counter_id: int, session_id: int, *, take_over: bool = False) -> Counter:
        """Claim the counter for this desktop (see the module for who may)."""
        with write_txn(self.engine) as conn:
            row = self._lock(conn, principal, counter_id)
            self._claim(conn, principal, row, session_id, take_over)
            return self._view(conn, counter_id)

    def open(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        """Open the counter for calling (claiming it first if nobody holds it)."""
        return self._status(principal, counter_id, session_id, "open")

    def pause(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        return self._status(principal, counter_id, session_id, "paused")

    def close(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        """Close the counter and release it; refused while a customer is called or served there."""
        with write_txn(self.engine) as conn:
            row = self._lock(conn, principal, counter_id)
            self._require_holder(row, session_id)
            self._refuse_if_busy(conn, row)
            self._set(conn, row, "closed", principal.user_id, status="closed", user_id=None, session_id=None,
                      held_since=None)  # fmt: skip
            return self._view(conn, counter_id)

    def _status(self, principal: Principal, counter_id: int, session_id: int, status: str) -> Counter:
        with write_txn(self.engine) as conn:
            row = self._lock(conn, principal, counter_id)
            if row.user_id is None:
                self._claim(conn, principal, row, session_id, False)
                row = conn.execute(select(COUNTERS).where(COUNTERS.c.id == counter_id)).one()
            self._require_holder(row, session_id)
            self._set(conn, row, status, principal.user_id, status=status, seen_at=self.clock())
            return self._view(conn, counter_id)

    def heartbeat(self, principal: Principal, counter_id: int, session_id: int) -> None:
        """Keep the counter's holder fresh; refused when another desktop has taken it over."""
        with write_txn(self.engine) as conn:
            changed = conn.execute(
                update(COUNTERS)
                .where(COUNTERS.c.id == counter_id, COUNTERS.c.session_id == session_id)
                .values(seen_at=self.clock(), version=COUNTERS.c.version + 1)
            ).rowcount
        if not changed:
            raise LobbyError("not_held", "本机已不再占用该窗口。", "This desktop no longer holds the counter.")

    def current(self, principal: Principal, counter_id: int) -> QueueTicketView | None:
        """The number called or being served at the counter (after a crash: the one left there)."""
        with self.engine.connect() as conn:
            authorize(conn, principal, "counter.serve", audit=self.audit, entity="lobby_counter", entity_id=counter_id)
            found = self._current_id(conn, counter_id)
            return load_view(conn, found) if found is not None else None

    def _current_id(self, conn: Connection, counter_id: int) -> int | None:
        found = self._at_counter(conn, counter_id)
        return int(found.id) if found is not None else None

    @staticmethod
    def _at_counter(conn: Connection, counter_id: int) -> Any:
        """The newest ticket called or being served at the counter (id, number), or None."""
        return conn.execute(
            select(TICKETS.c.id, TICKETS.c.number)
            .where(TICKETS.c.counter_id == counter_id, TICKETS.c.status.in_(AT_COUNTER))
            .order_by(TICKETS.c.called_at.desc(), TICKETS.c.id.desc())
            .limit(1)
        ).first()

    def _refuse_if_busy(self, conn: Connection, row: Any) -> None:
        busy = self._at_counter(conn, row.id)
        if busy is not None:
            raise LobbyError(
                "busy",
                f"{row.label}的 {busy.number} 号尚未办结，请先办结、过号或转移。",
                f"Number {busy.number} at {row.label} is not finished; finish it, mark it no-show or transfer it "
                "first.",
            )

    # -- calling --------------------------------------------------------------------------------------------
    def call_next(self, principal: Principal, counter_id: int, session_id: int) -> QueueTicketView | None:
        """Call the next waiting number to the counter (None: nobody waiting for it)."""
        with write_txn(self.engine) as conn:
            row = self._lock(conn, principal, counter_id)
            self._require_holder(row, session_id)
            if row.status != "open":
                raise LobbyError(
                    "not_open",
                    f"{row.label}未开放（已暂停或关闭），不能叫号。",
                    f"{row.label} is not open (paused or closed); it cannot call.",
                )
            now = self.clock()
            day = service_day(zone_named(str(row.timezone)), now)
            if conn.dialect.name == "postgresql":
                found = conn.execute(call_statement(profile_of(row)), call_params(row, day, now, principal.user_id))
                called = found.first()
                if called is None:
                    self._refuse_if_busy(conn, row)  # why nothing was called: busy, or nobody waiting
                return ticket_view(called) if called is not None else None
            self._refuse_if_busy(conn, row)
            ticket = conn.execute(pick_statement(profile_of(row)), {"c_id": row.id, "c_branch": row.branch_id,
                                                                    "c_day": day}).first()  # fmt: skip
            conn.execute(
                update(COUNTERS).where(COUNTERS.c.id == row.id).values(seen_at=now, version=COUNTERS.c.version + 1)
            )
            if ticket is None:
                return None
            conn.execute(
                update(TICKETS)
                .where(TICKETS.c.id == ticket.id)
                .values(status="called", counter_id=row.id, counter=row.number, called_at=now,
                        version=TICKETS.c.version + 1)
            )  # fmt: skip
            announce(conn, row.branch_id, ticket.id, ticket.number, row.label, "called", principal.user_id)
            return load_view(conn, ticket.id)

    # -- the called number ----------------------------------------------------------------------------------
    def _change(
        self,
        principal: Principal,
        ticket_id: int,
        version: int,
        allowed: tuple[str, ...],
        doing: tuple[str, str],
        action: str,
        values: Callable[[Connection, Any], dict[str, Any]],
    ) -> QueueTicketView:
        with write_txn(self.engine) as conn:
            authorize(conn, principal, "counter.serve", audit=self.audit, entity="branch_queue_ticket",
                      entity_id=ticket_id)  # fmt: skip
            row = lock_ticket(conn, ticket_id, version, principal.branch_id)
            require_state(row, allowed, *doing)
            changes = values(conn, row)
            conn.execute(update(TICKETS).where(TICKETS.c.id == row.id).values(**changes, version=TICKETS.c.version + 1))
            view = load_view(conn, row.id)
            label = view.counter_label if action != "transferred" else None
            announce(conn, row.branch_id, row.id, row.number, label, action, principal.user_id)
            return view

    def recall(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        """Announce the called number again."""
        return self._change(principal, ticket_id, version, ("called",), ("重新叫号", "recalled"), "recalled",
                            lambda _c, row: {"recalls": int(row.recalls or 0) + 1})  # fmt: skip

    def no_show(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        """The called customer did not come: the number is passed (过号)."""
        return self._change(principal, ticket_id, version, ("called",), ("过号", "marked no-show"), "no_show",
                            lambda _c, _row: {"status": "no_show", "finished_at": self.clock()})  # fmt: skip

    def serve(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        """The called customer is at the counter."""
        return self._change(
            principal, ticket_id, version, ("called",), ("开始办理", "served"), "serving",
            lambda _c, _row: {"status": "serving", "served_at": self.clock(), "served_by_id": principal.user_id},
        )  # fmt: skip

    def finish(self, principal: Principal, ticket_id: int, version: int, outcome: str) -> QueueTicketView:
        """The customer is done (outcome: served / referred / not_possible / redirected)."""
        if outcome not in OUTCOMES:
            raise LobbyError("bad_outcome", "办理结果无效。", f"Unknown outcome {outcome!r}.")

        def values(conn: Connection, row: Any) -> dict[str, Any]:
            now = self.clock()
            if row.appointment_id is not None:
                from .queue import APPOINTMENTS

                conn.execute(
                    update(APPOINTMENTS)
                    .where(APPOINTMENTS.c.id == row.appointment_id, APPOINTMENTS.c.status == "checked_in")
                    .values(status="served", updated_at=now, version=APPOINTMENTS.c.version + 1)
                )
            out = {"status": "done", "outcome": outcome, "finished_at": now}
            if row.served_at is None:  # finished straight from the call
                out.update(served_at=row.called_at or now, served_by_id=principal.user_id)
            return out

        return self._change(principal, ticket_id, version, ("called", "serving"), ("办结", "finished"), "finished",
                            values)  # fmt: skip

    def transfer(
        self,
        principal: Principal,
        ticket_id: int,
        version: int,
        *,
        service_code: str | None = None,
        counter_id: int | None = None,
    ) -> QueueTicketView:
        """Send the customer to another service or counter, keeping their place.

        The number, its time of issue and priority stay, so it is called before everyone who came later;
        ``transferred_from_id`` records the counter it came from.
        """
        if (service_code is None) == (counter_id is None):
            raise LobbyError(
                "bad_transfer", "请选择要转往的业务或窗口（二选一）。", "Choose either a service or a counter."
            )

        def values(conn: Connection, row: Any) -> dict[str, Any]:
            out: dict[str, Any] = {
                "status": "waiting", "counter_id": None, "counter": None, "called_at": None, "served_at": None,
                "served_by_id": None, "transferred_from_id": row.counter_id,
            }  # fmt: skip
            if service_code is not None:
                out["service_type"] = service_named(conn, row.branch_id, service_code).code
            else:
                target = conn.execute(select(COUNTERS.c.branch_id).where(COUNTERS.c.id == counter_id)).scalar()
                if target != row.branch_id:
                    raise LobbyError("no_counter", "本网点没有该窗口。", "This branch has no such counter.")
                out["counter_id"] = counter_id
            return out

        return self._change(principal, ticket_id, version, ("waiting", "called", "serving"),
                            ("转移", "transferred"), "transferred", values)  # fmt: skip
