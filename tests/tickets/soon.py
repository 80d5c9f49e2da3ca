"""A complaint whose deadline warning passes a few seconds from now, in real time.

For the tests of the scan as it runs for real (the gateway process, the embedded desktop's jobs), which use
the wall clock: the complaint is taken now under an SLA policy whose one warning point is an ISO duration
before the deadline, chosen so that the point falls ``seconds`` from now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select

from db.models import SlaPolicy, TicketClock
from services.tickets.calendar import as_utc
from services.tickets.clocks import deadline_after

from .conftest import World

POLICY = "test_warning_soon"


def warning_soon(world: World, seconds: float) -> tuple[int, dt.datetime]:
    """Create, as ``world.handler``, a complaint of ``world.customer`` handled by ``world.handler`` in
    ``world.team`` whose only warning point passes ``seconds`` from now; returns its id and that instant.

    ``world.clock`` is set to the wall clock.  Call it before the world's service has opened any complaint
    (the policy is looked up, and cached, at the first one).
    """
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    world.clock.set(now)
    env = world.service.env
    due = deadline_after(env.calendar.local_date(now), env.config.regulatory_days, env.calendar, working_days=False)
    before = int((due - (now + dt.timedelta(seconds=seconds))).total_seconds())
    with world.engine.begin() as conn:
        conn.execute(
            insert(SlaPolicy).values(
                name=POLICY,
                ticket_kind="complaint",
                severity=None,
                regulatory_days=env.config.regulatory_days,
                complex_days=env.config.complex_days,
                extension_days=env.config.extension_days,
                calendar_days=True,
                first_response_minutes=env.config.first_response_minutes,
                next_update_minutes=env.config.next_update_minutes,
                warn_points=[f"PT{before}S"],
            )
        )
    created = world.service.create_complaint(
        world.agent, world.complaint(team_id=world.team, assignee_id=world.handler, send_receipt=False)
    )
    warning_at = due - dt.timedelta(seconds=before)
    with world.engine.connect() as conn:
        clock: Any = conn.execute(select(TicketClock.__table__).where(TicketClock.ticket_id == created.id)).one()
    assert as_utc(clock.due_at) == due and as_utc(clock.next_check_at) == warning_at, "the scan looks at it then"
    return created.id, warning_at
