"""The screen-pop controller: watches this desk in the shared database and pops the caller card.

It polls :func:`~.desk.poll_desk` on the database worker (one poll at a time, under one task key, so polls
never pile up).  When a call is offered here it raises the window without taking the keyboard from a field
being typed in, hands the caller card to the view and asks the integrator to open the caller's 360° view
(or, for a caller nobody has identified, to show that instead).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.tasks import TaskManager
from services.agent_desk import DeskServices, DeskSnapshot, OfferProbe, poll_desk
from services.calls import OfferInfo
from services.screenpop import ScreenPop

from .focus import bring_forward

log = logging.getLogger(__name__)

# While the agent is available (or a call rings) an offer may ring at any moment: look for one often enough
# that the card is on the screen well within the screen-pop target (a poll finds an offer on average half an
# interval after it is made).  That quick look is one indexed lookup; the whole desk (state, call) is read
# every POLL_MS, and in every other state only then: only slower changes matter there (the caller hanging up,
# the wrap-up limit).
AVAILABLE_POLL_MS = 100
POLL_MS = 300


class ScreenPopController(QObject):
    """Polls the agent's desk and drives the screen-pop.

    Args:
        tasks: the task manager (polls run on its database worker).
        services: the desk's services.
        agent_id: the signed-in agent (``Principal.user_id``).
        window: the window to bring forward when a call rings (None: none).
        poll_ms: the poll interval while the agent is not available.
        available_poll_ms: the poll interval while the agent is available (an offer may come any moment).
    """

    snapshot_changed = Signal(object)  # DeskSnapshot, when anything on the desk changed
    offer_popped = Signal(object)  # OfferInfo: a call started ringing at this desk
    offer_closed = Signal(object)  # OfferInfo: it stopped ringing (taken, declined, timed out, caller gone)
    card_changed = Signal(object)  # ScreenPop | None: what the caller card shows
    open_customer = Signal(int)  # the caller's 360° view should open
    unknown_caller = Signal(object)  # ScreenPop: an inbound call from nobody identified (yet) pops
    poll_failed = Signal(str)  # the database did not answer (the next poll tries again)
    recovered = Signal()  # a poll succeeded again after failures

    def __init__(
        self,
        tasks: TaskManager,
        services: DeskServices,
        agent_id: int,
        window: QWidget | None = None,
        *,
        poll_ms: int = POLL_MS,
        available_poll_ms: int = AVAILABLE_POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.services = services
        self.agent_id = agent_id
        self.window = window
        self.poll_ms = poll_ms
        self.available_poll_ms = available_poll_ms
        self._key = f"calls.desk-poll.{agent_id}.{id(self)}"
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(lambda: self.poll_now(full=False))
        self._in_flight = False
        self._again = False
        self._snapshot: DeskSnapshot | None = None
        self._pop: ScreenPop | None = None
        self._popped_offer: int | None = None
        self._opened: tuple[int, int | None] | None = None
        self._failing = False
        self._full_due = True
        self._last_full = 0.0
        self._probe = OfferProbe(services.calls.engine, agent_id)
        self.polls = 0
        self.last_pop_at: float | None = None  # time.monotonic() when the latest card was handed to the view

    # -- running ------------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Poll now and then every interval."""
        self._timer.start(self.available_poll_ms if self._available() else self.poll_ms)
        self.poll_now()

    def stop(self) -> None:
        """Stop polling; a poll in flight is dropped, and the probe's connection given back."""
        self._timer.stop()
        self.tasks.supersede(self._key)
        self._in_flight = False
        probe = self._probe
        if not self.tasks.closing:
            # After any poll still running; marked as a write so that it runs even while shutting down.
            self.tasks.run_db(probe.close, busy=False, changes=("desk_probe",), label="desk probe close")
        else:
            probe.close()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def look_for_offer(self) -> None:
        """A call was just offered to this desk (pushed by live sync): poll now instead of at the next tick."""
        self.poll_now(full=False)

    def poll_now(self, *, full: bool = True) -> None:
        """Poll at once (after an action: ``full`` reads the whole desk), or right after the poll in flight."""
        self._full_due = self._full_due or full
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        shown = self._pop.call_id if self._pop is not None else None
        services, agent, previous, probe = self.services, self.agent_id, self._snapshot, self._probe
        now = time.monotonic()
        full = self._full_due or previous is None or now - self._last_full >= self.poll_ms / 1000 * 0.9
        if full:
            self._last_full = now
        self._full_due = False
        self.tasks.run_db(
            lambda: poll_desk(services, agent, shown, previous, full=full, probe=probe),
            on_success=self._polled,
            on_failure=self._poll_error,
            key=self._key,
            owner=self,
            busy=False,
            label="desk poll",
        )

    # -- state -----------------------------------------------------------------------------------------------------
    @property
    def snapshot(self) -> DeskSnapshot | None:
        """The latest poll's view of the desk (None before the first poll)."""
        return self._snapshot

    @property
    def pop(self) -> ScreenPop | None:
        """What the caller card shows."""
        return self._pop

    def reload_card(self, *, open_customer: bool = True) -> None:
        """Read the caller card again (after the agent linked or created the caller)."""
        if self._pop is None:
            return
        call_id = self._pop.call_id
        screenpop = self.services.screenpop

        def arrived(pop: ScreenPop) -> None:
            if self._pop is not None and self._pop.call_id == pop.call_id:
                self._set_pop(pop, open_customer=open_customer)

        self.tasks.run_db(
            lambda: screenpop.screen_pop_context(call_id),
            on_success=arrived,
            on_failure=lambda exc: log.warning("caller card of call %s: %r", call_id, exc),
            key=f"{self._key}.card",
            owner=self,
            label="caller card",
        )

    # -- internals -------------------------------------------------------------------------------------------------
    def _available(self) -> bool:
        # Offered counts too: the offer may end (caller gone, timed out) and the next one ring right after.
        return self._snapshot is None or self._snapshot.state in ("available", "offered")

    def _poll_error(self, exc: BaseException) -> None:
        self._in_flight = False
        if not self._failing:
            log.warning("desk poll failed: %r", exc)
        self._failing = True
        self.poll_failed.emit(f"{type(exc).__name__}: {exc}")
        self._follow_up()

    def _polled(self, snap: DeskSnapshot) -> None:
        self._in_flight = False
        if self._failing:
            self._failing = False
            self.recovered.emit()
        self.polls += 1
        previous = self._snapshot
        self._snapshot = snap
        if snap.pop is not None:
            self._set_pop(snap.pop, open_customer=True)
        elif self._pop is not None and self._pop.call_id != snap.call_id:
            self._set_pop(None)
        old_offer = previous.offer if previous is not None else None
        if old_offer is not None and (snap.offer is None or snap.offer.offer_id != old_offer.offer_id):
            self.offer_closed.emit(old_offer)
        if snap.offer is not None and snap.offer.offer_id != self._popped_offer:
            self._popped_offer = snap.offer.offer_id
            self._ring(snap.offer)
        if not snap.same_desk(previous):
            if previous is None or previous.state != snap.state:
                log.info("agent %s: %s -> %s", self.agent_id, previous.state if previous else "?", snap.state)
            self.snapshot_changed.emit(snap)
        self._follow_up()

    def _follow_up(self) -> None:
        interval = self.available_poll_ms if self._available() else self.poll_ms
        if self._timer.isActive() and self._timer.interval() != interval:
            self._timer.setInterval(interval)
        if self._again:
            self._again = False
            self.poll_now(full=False)  # a full read if one was asked for meanwhile

    def _ring(self, offer: OfferInfo) -> None:
        log.info("call %s offered to agent %s (offer %s)", offer.call_id, self.agent_id, offer.offer_id)
        self.offer_popped.emit(offer)
        if self.window is not None:
            bring_forward(self.window)

    def _set_pop(self, pop: ScreenPop | None, *, open_customer: bool = False) -> None:
        self._pop = pop
        self.last_pop_at = time.monotonic()
        self.card_changed.emit(pop)
        if pop is None or not open_customer or pop.direction != "inbound":
            return
        if self._opened == (pop.call_id, pop.customer_id):
            return
        self._opened = (pop.call_id, pop.customer_id)
        if pop.customer_id is not None:
            self.open_customer.emit(pop.customer_id)
        else:  # unknown, withheld or a shared line: the main area must not go on showing someone else
            self.unknown_caller.emit(pop)

    def describe(self) -> dict[str, Any]:
        """For logs and tests."""
        snap = self._snapshot
        return {
            "state": snap.state if snap else None,
            "call": snap.call_id if snap else None,
            "card": self._pop.call_id if self._pop else None,
            "polls": self.polls,
        }
