"""What the agent's desk looks like right now — read in one worker task per poll — and the services behind it.

Nothing here touches widgets: :func:`poll_desk` runs on the database worker.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.exc import OperationalError

from db.models import CallOffer
from services.agent_state import AgentStateService, StateChangeRefused
from services.agent_states import AgentNow
from services.calls import CallService, CurrentCall, OfferInfo
from services.screenpop import ScreenPop, ScreenPopService
from services.wrapup import WrapupService

log = logging.getLogger(__name__)

BUSY_STATES = ("offered", "on_call", "wrap_up")
SIGN_OFF_ATTEMPTS = 3
SIGN_OFF_PAUSE_S = 0.5


@dataclass(frozen=True)
class DeskServices:
    """The services the call centre UI uses (all synchronous: run them off the GUI thread)."""

    calls: CallService
    states: AgentStateService
    wrapups: WrapupService
    screenpop: ScreenPopService

    @classmethod
    def create(cls, calls: CallService, engine: Engine | None = None) -> DeskServices:
        """The other services on the call service's database (or ``engine``)."""
        engine = engine if engine is not None else calls.engine
        return cls(calls, AgentStateService(engine), WrapupService(engine), ScreenPopService(engine))


@dataclass(frozen=True)
class DeskSnapshot:
    """One poll's view of the desk.

    ``pop`` is the caller card's content when this poll loaded it (a call the card did not show yet);
    None means "keep what the card shows".  It does not take part in comparisons.
    """

    agent: AgentNow
    offer: OfferInfo | None
    call: CurrentCall | None
    pop: ScreenPop | None = field(default=None, compare=False)
    polled_at: float = field(default=0.0, compare=False)

    @property
    def state(self) -> str:
        """The agent's state (``available``, ``offered``, ``on_call``, ``wrap_up``, ``break``, ...)."""
        return self.agent.state

    @property
    def call_id(self) -> int | None:
        """The call this desk is busy with: the one ringing, on the line, or in wrap-up."""
        if self.offer is not None:
            return self.offer.call_id
        return self.call.call_id if self.call is not None else None

    def same_desk(self, other: DeskSnapshot | None) -> bool:
        """True when nothing shown on the desk changed (the time in state is computed locally)."""
        return other is not None and (self.agent, self.offer, self.call) == (other.agent, other.offer, other.call)


class OfferProbe:
    """The question a desk asks several times a second — which offer rings here now? — as cheaply as it gets.

    One indexed lookup on a connection of its own, kept open in autocommit mode between polls (no pool
    check-out, no transaction left open).  Use it from one thread at a time (the database worker).
    """

    _QUERY = (
        select(CallOffer.id)
        .where(CallOffer.agent_id == bindparam("agent"), CallOffer.status == "pending")
        .order_by(CallOffer.id.desc())
        .limit(1)
    )

    def __init__(self, engine: Engine, agent_id: int) -> None:
        self._engine = engine
        self._agent = agent_id
        self._conn: Connection | None = None

    def __call__(self) -> int | None:
        """The id of the offer ringing at this desk, or None."""
        conn = self._conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            found = conn.execute(self._QUERY, {"agent": self._agent}).scalar()
        except Exception:
            self.close()
            raise
        return int(found) if found is not None else None

    def close(self) -> None:
        """Give the connection back (the next call opens another)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a connection that already failed
                log.debug("offer probe connection was already gone", exc_info=True)


def poll_desk(
    services: DeskServices,
    agent_id: int,
    shown_call: int | None,
    previous: DeskSnapshot | None = None,
    *,
    full: bool = True,
    probe: OfferProbe | None = None,
) -> DeskSnapshot:
    """Read the desk: the offer ringing (first, and its caller card at once), the agent's state, the call.

    Args:
        services: the desk's services.
        agent_id: whose desk.
        shown_call: the call the caller card shows now; the card of any other call is loaded here, in the
            same worker task as the offer, so that it reaches the screen without a second round trip.
        previous: the last snapshot; with ``full=False`` and no change in the ringing offer it is returned
            as it was (one indexed lookup: the cheap poll of an idle desk).
        full: read the agent's state and call even when nothing rings.
        probe: asks the cheap question (default: ``CallService.pending_offer``, which reads the whole offer).
    """
    if not full and previous is not None and probe is not None:
        ringing = probe()
        if ringing == (previous.offer.offer_id if previous.offer is not None else None):
            return replace(previous, pop=None, polled_at=time.monotonic())
    offer = services.calls.pending_offer(agent_id)
    pop = _pop(services, offer.call_id) if offer is not None and offer.call_id != shown_call else None
    if not full and previous is not None and offer == previous.offer and pop is None:
        return replace(previous, pop=None, polled_at=time.monotonic())
    agent = services.states.state(agent_id)
    call = None
    if agent.call_id is not None and agent.state in ("on_call", "wrap_up"):
        call = services.calls.current_call(agent_id)
        if call is not None and call.call_id != shown_call and pop is None:
            pop = _pop(services, call.call_id)
    return DeskSnapshot(agent, offer, call, pop, time.monotonic())


def _pop(services: DeskServices, call_id: int) -> ScreenPop | None:
    try:
        return services.screenpop.screen_pop_context(call_id)
    except LookupError:
        log.info("call %s vanished before its card was read", call_id)
        return None


def sign_off(services: DeskServices, agent_id: int, *, attempts: int = SIGN_OFF_ATTEMPTS) -> str:
    """The agent leaves the desk (switch user, quit): set them offline, so that routing offers them nothing.

    A call ringing here is declined first (it goes to the next agent).  During a call or its wrap-up the state
    stays: the call goes on, and the wrap-up (its draft kept) waits for the agent's next sign-in.  A database
    that does not answer is asked again a few times.

    Returns:
        The state the agent is left in.
    """
    attempt = 1
    while True:
        try:
            return _sign_off_once(services, agent_id)
        except OperationalError:
            if attempt >= attempts:
                raise
            log.warning("signing agent %s off: the database did not answer (attempt %s)", agent_id, attempt)
            time.sleep(SIGN_OFF_PAUSE_S * attempt)
            attempt += 1


def _sign_off_once(services: DeskServices, agent_id: int) -> str:
    now = services.states.state(agent_id)
    if now.state == "offered" and now.call_id is not None:
        services.calls.decline(agent_id, now.call_id)
    try:
        return services.states.set_state(agent_id, "offline").state
    except StateChangeRefused:
        return services.states.state(agent_id).state
