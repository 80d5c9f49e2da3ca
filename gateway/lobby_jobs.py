"""The branch lobby's recurring jobs (run by the gateway, and in-process by the embedded desktop).

- :class:`NearTurnNotices` (every :data:`NEAR_TURN_SECONDS`): the SMS "three people ahead of you" to customers
  who asked for it, once per number;
- :class:`LobbySweep` (every :data:`SWEEP_SECONDS`): referrals not accepted in time escalate, referrals in the
  inbox of a manager who has left go back to the branch's pool, appointments whose slot has passed are marked
  missed.

Each step is idempotent and claims its rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so a second run or a
second gateway finds nothing left to do; the scheduler also runs each job once at a time across gateways.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

log = logging.getLogger(__name__)

NEAR_TURN = "lobby_near_turn"
NEAR_TURN_SECONDS = 15.0
SWEEP = "lobby_sweep"
SWEEP_SECONDS = 60.0


class NearTurnNotices:
    """Queues the near-turn SMS (:func:`services.lobby.notices.send_near_turn_notices`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> dict[str, int]:
        from db.write import utcnow
        from services.lobby.notices import send_near_turn_notices

        return {"queued": send_near_turn_notices(self.engine, utcnow())}


class LobbySweep:
    """Referral escalations, leavers' referrals back to the pool, missed appointments."""

    def __init__(self, engine: Engine, accept_minutes: int) -> None:
        self.engine = engine
        self.accept_minutes = accept_minutes

    def __call__(self) -> dict[str, int]:
        from db.write import utcnow
        from services.audit import AuditTrail
        from services.lobby.appointments import mark_missed_appointments
        from services.lobby.referrals import escalate_overdue_referrals, return_referrals_of_leavers

        now, audit = utcnow(), AuditTrail(workstation="gateway")
        out = {
            "escalated": escalate_overdue_referrals(self.engine, audit, now, accept_minutes=self.accept_minutes),
            "returned": return_referrals_of_leavers(self.engine, audit, now, accept_minutes=self.accept_minutes),
            "missed": mark_missed_appointments(self.engine, now),
        }
        if any(out.values()):
            log.info("lobby sweep: %s", out)
        return out
