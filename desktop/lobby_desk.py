"""The lobby services of one signed-in desktop, each made on the database worker at first use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.ui.lobby.desk import LobbyDesk
from desktop.wiring import deferred


def make_lobby_desk(
    engine: Any,
    settings: Any,
    audit: Callable[[], Any],
    messaging: Callable[[], Any],
    *,
    session_id: int | None,
    print_to_pdf: str | None = None,
) -> LobbyDesk:
    """A :class:`LobbyDesk` whose services act on ``engine`` (the signed-in person's own login on PostgreSQL).

    Args:
        audit: makes the audit trail the services write to.
        messaging: gives the window's messaging service (SMS with the number, appointment confirmations).
        session_id: this desktop's sign-in session (a counter is held by one session).
        print_to_pdf: a folder to print queue tickets to as PDF files instead of a printer (the demo).
    """

    def queue() -> Any:
        from services.lobby.queue import QueueService

        return QueueService(engine, audit(), messaging=messaging())

    def counters() -> Any:
        from services.lobby.counters import CounterService

        return CounterService(engine, audit())

    def floor() -> Any:
        from services.lobby.floor import FloorService

        return FloorService(engine, audit())

    def checkin() -> Any:
        from services.lobby.checkin import CheckinService

        return CheckinService(engine, audit())

    def memos() -> Any:
        from services.lobby.memos import MemoService

        return MemoService(engine, audit())

    def referrals() -> Any:
        from services.lobby.referrals import ReferralService

        return ReferralService(engine, audit(), accept_minutes=getattr(settings, "referral_accept_minutes", 120))

    def appointments() -> Any:
        from services.lobby.appointments import AppointmentService

        return AppointmentService(engine, audit(), messaging=messaging())

    return LobbyDesk(
        queue=deferred(queue),
        counters=deferred(counters),
        floor=deferred(floor),
        checkin=deferred(checkin),
        memos=deferred(memos),
        referrals=deferred(referrals),
        appointments=deferred(appointments),
        session_id=session_id,
        print_to_pdf=print_to_pdf,
    )
