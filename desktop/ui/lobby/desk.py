"""What the lobby's screens are given: the lobby services (every method runs on the database worker) and
this desktop's sign-in session (a counter is held by one session at a time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class LobbyDesk:
    """The lobby services of one signed-in desktop.

    Attributes are the services of :mod:`services.lobby` (each may be a :class:`desktop.wiring.Deferred`
    that is made on the database worker at first use: only touch them inside ``tasks.run_db``).
    """

    queue: Any  # services.lobby.queue.QueueService
    counters: Any  # services.lobby.counters.CounterService
    floor: Any  # services.lobby.floor.FloorService
    checkin: Any  # services.lobby.checkin.CheckinService
    memos: Any  # services.lobby.memos.MemoService
    referrals: Any  # services.lobby.referrals.ReferralService
    appointments: Any  # services.lobby.appointments.AppointmentService
    session_id: int | None = None  # this desktop's sign-in session (None: an unsigned display)
    print_to_pdf: str | None = None  # the demo prints queue tickets to this folder instead of a printer
