"""Simulated colleagues for the demo's branch lobby: tellers at counters and customers taking numbers.

The lobby manager signing in to ``contactdesk demo`` meets a lobby at work: the demo branch's colleagues hold
some counters (each with a session of its own, kept alive like a desktop's), call the next number, serve and
finish; customers arrive and take numbers (walk-ins, and now and then a known customer) at a kiosk.  They use
the lobby's own services, so the display, the board and the counters change exactly as they would with people.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from db.models import Customer, LobbyCounter, User, UserSession
from db.write import utcnow, write_txn
from services.audit import AuditTrail
from services.lobby.counters import CounterService
from services.lobby.queue import QueueService
from services.lobby.types import LobbyError, QueueTicketView
from services.permissions import Principal

log = logging.getLogger(__name__)

ROBOT_WORKSTATION = "demo-robot"
KIOSK_WORKSTATION = "demo-kiosk"
TICK_SECONDS = 1.0
TOUCH_SECONDS = 15.0  # a robot's session and counter say they are alive this often
SERVE_SECONDS = (25.0, 70.0)  # how long a customer takes at the counter
WALK_UP_SECONDS = (4.0, 9.0)  # from a number called to the customer at the counter
ARRIVAL_SECONDS = (20.0, 45.0)  # between customers taking numbers
SERVICES = ("cash", "cash", "noncash", "noncash", "noncash", "wealth", "loan", "corporate")


@dataclass
class _Teller:
    principal: Principal
    counter_id: int
    session_id: int = 0
    ticket: QueueTicketView | None = None
    next_step_at: float = 0.0
    touched_at: float = field(default_factory=time.monotonic)


class LobbyRobots:
    """Tellers ``staff`` (user ids) at ``counter_numbers`` of ``branch_id``; a kiosk issuing as ``kiosk_user``."""

    def __init__(
        self,
        engine: Engine,
        branch_id: int,
        staff: Sequence[int],
        counter_numbers: Sequence[int],
        kiosk_user: int,
        *,
        seed: int | None = None,
    ) -> None:
        self.engine = engine
        self.branch_id = branch_id
        audit = AuditTrail(workstation=ROBOT_WORKSTATION)
        self.counters = CounterService(engine, audit)
        self.queue = QueueService(engine, audit)
        self.rng = random.Random(seed)
        self._staff = list(staff)
        self._numbers = list(counter_numbers)
        self._kiosk_user = kiosk_user
        self._tellers: list[_Teller] = []
        self._kiosk: Principal | None = None
        self._customers: list[int] = []
        self._next_arrival = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lobby-robots", daemon=True)
        self.called = 0
        self.served = 0
        self.issued = 0

    # -- start and stop -----------------------------------------------------------------------------------------
    def start(self) -> LobbyRobots:
        self._take_counters()
        self._next_arrival = time.monotonic() + self.rng.uniform(*ARRIVAL_SECONDS) / 2
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """The tellers close their counters and sign out."""
        self._stop.set()
        self._thread.join(timeout)
        try:
            for teller in self._tellers:
                if teller.ticket is None:
                    self.counters.close(teller.principal, teller.counter_id, teller.session_id)
            with write_txn(self.engine) as conn:
                conn.execute(
                    update(UserSession)
                    .where(UserSession.id.in_([t.session_id for t in self._tellers]), UserSession.ended_at.is_(None))
                    .values(ended_at=utcnow(), ended_reason="signed_out")
                )
        except (SQLAlchemyError, LobbyError) as exc:  # the database is gone, or a number is still served there
            log.warning("lobby robots could not close their counters: %s", exc)

    def _principal(self, conn: object, user_id: int, workstation: str) -> Principal:
        row = conn.execute(  # type: ignore[attr-defined]
            select(User.id, User.username, User.role_code, User.branch_id, User.team_id, User.display_name).where(
                User.id == user_id
            )
        ).one()
        return Principal(row[0], row[1], row[2], row[3], row[4], workstation, row[5])

    def _take_counters(self) -> None:
        now = utcnow()
        with write_txn(self.engine) as conn:
            found = conn.execute(
                select(LobbyCounter.number, LobbyCounter.id).where(
                    LobbyCounter.branch_id == self.branch_id, LobbyCounter.number.in_(self._numbers)
                )
            ).all()
            counter_ids: dict[int, int] = {int(number): int(cid) for number, cid in found}
            self._kiosk = self._principal(conn, self._kiosk_user, KIOSK_WORKSTATION)
            self._customers = list(
                conn.execute(
                    select(Customer.id).where(Customer.branch_id == self.branch_id).order_by(Customer.id).limit(200)
                ).scalars()
            )
            for user_id, number in zip(self._staff, self._numbers, strict=False):
                if number not in counter_ids:
                    continue
                session = conn.execute(
                    insert(UserSession)
                    .values(user_id=user_id, workstation=ROBOT_WORKSTATION, started_at=now, last_seen_at=now)
                    .returning(UserSession.id)
                ).scalar_one()
                principal = self._principal(conn, user_id, ROBOT_WORKSTATION)
                self._tellers.append(_Teller(principal, int(counter_ids[number]), int(session)))
        for teller in self._tellers:
            try:
                self.counters.hold(teller.principal, teller.counter_id, teller.session_id, take_over=True)
            except LobbyError as exc:  # a person holds it: leave it to them
                log.info("lobby robot %s leaves its counter: %s", teller.principal.username, exc.en)
                teller.counter_id = 0
                continue
            teller.ticket = self.counters.current(teller.principal, teller.counter_id)
            self.counters.open(teller.principal, teller.counter_id, teller.session_id)
            teller.next_step_at = time.monotonic() + self.rng.uniform(*SERVE_SECONDS) / 3
        self._tellers = [t for t in self._tellers if t.counter_id]

    # -- the loop -----------------------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            now = time.monotonic()
            for teller in self._tellers:
                try:
                    self._step(teller, now)
                except LobbyError as exc:  # someone changed the ticket or took the counter: start afresh
                    log.info("lobby robot %s: %s", teller.principal.username, exc.en)
                    teller.ticket = None
                    teller.next_step_at = now + 5
                except SQLAlchemyError as exc:
                    log.warning("lobby robot %s: %s", teller.principal.username, exc)
            try:
                self._arrivals(now)
            except (LobbyError, SQLAlchemyError) as exc:
                log.info("lobby kiosk: %s", exc)

    def _step(self, teller: _Teller, now: float) -> None:
        if now - teller.touched_at >= TOUCH_SECONDS:
            self.counters.heartbeat(teller.principal, teller.counter_id, teller.session_id)
            with write_txn(self.engine) as conn:
                conn.execute(
                    update(UserSession).where(UserSession.id == teller.session_id).values(last_seen_at=utcnow())
                )
            teller.touched_at = now
        if now < teller.next_step_at:
            return
        ticket = teller.ticket
        if ticket is None:
            teller.ticket = self.counters.call_next(teller.principal, teller.counter_id, teller.session_id)
            self.called += teller.ticket is not None
            teller.next_step_at = now + (self.rng.uniform(*WALK_UP_SECONDS) if teller.ticket else 10.0)
        elif ticket.status == "called":
            teller.ticket = self.counters.serve(teller.principal, ticket.id, ticket.version)
            self.served += 1
            teller.next_step_at = now + self.rng.uniform(*SERVE_SECONDS)
        else:
            self.counters.finish(teller.principal, ticket.id, ticket.version, "served")
            teller.ticket = None
            teller.next_step_at = now + self.rng.uniform(3.0, 12.0)

    def _arrivals(self, now: float) -> None:
        if now < self._next_arrival or self._kiosk is None:
            return
        self._next_arrival = now + self.rng.uniform(*ARRIVAL_SECONDS)
        known = self._customers and self.rng.random() < 0.5
        customer = self.rng.choice(self._customers) if known else None
        try:
            self.queue.issue(self._kiosk, self.rng.choice(SERVICES), customer_id=customer)
        except LobbyError as exc:
            if exc.code != "already_waiting":
                raise
            return
        self.issued += 1
