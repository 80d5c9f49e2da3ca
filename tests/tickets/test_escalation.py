"""The escalation scan: warnings at 50 % and 80 %, one breach, escalations, SLA overdue — all idempotent."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from db.models import TicketEscalation, TicketEvent
from services.tickets.escalation import escalations_for

from .conftest import FixedClock, World, cst


def kinds(world: World, tid: int) -> list[str]:
    return [e.kind for e in world.service.ticket_events(tid)]


def scan_twice(world: World) -> tuple[int, int]:
    first = world.service.scan()
    second = world.service.scan()
    assert second.warnings == second.breaches == second.escalations == second.sla_overdue == 0
    return first.warnings, first.breaches


def test_scan_warns_breaches_and_escalates_once(world: World) -> None:
    created = world.service.create_complaint(world.agent, world.complaint(team_id=world.team, send_receipt=False))
    tid = created.id
    v = world.service.transition(world.agent, tid, created.version, "acknowledged")
    # Window: Mon 2 Mar 09:00 → Tue 17 Mar 23:59:59; 50 % ≈ 10 Mar 04:30, 80 % ≈ 14 Mar 21:00 (Beijing time).
    world.clock.set(cst(2026, 3, 10, 4, 0))
    assert scan_twice(world) == (0, 0)
    world.clock.set(cst(2026, 3, 10, 5, 0))
    assert scan_twice(world) == (1, 0)
    assert world.service.ticket_detail(tid).row.warn_level == 1
    assert world.service.at_risk()[0].warn_level == 1
    world.clock.set(cst(2026, 3, 15, 9, 0))
    assert scan_twice(world) == (1, 0)  # the last point: escalated to the supervisor
    assert [e.reason for e in escalations_for_user(world, world.supervisor)] == ["warning"]
    world.clock.set(cst(2026, 3, 17, 23, 59, 59))
    assert scan_twice(world) == (0, 0)  # the deadline's last second is still in time
    world.clock.set(cst(2026, 3, 18, 0, 0, 0))
    assert scan_twice(world) == (0, 1)
    detail = world.service.ticket_detail(tid)
    assert detail.row.breached and detail.version == v  # system marks do not invalidate an open edit
    assert [e.reason for e in escalations_for_user(world, world.supervisor)] == ["breach", "warning"]
    assert [e.reason for e in escalations_for_user(world, world.owner)] == ["breach"]
    assert kinds(world, tid).count("warning") == 2 and kinds(world, tid).count("breach") == 1
    assert kinds(world, tid).count("escalated") == 2
    assert [r.id for r in world.service.breached()] == [tid] and world.service.at_risk() == []
    world.service.acknowledge_escalation(
        world.principal(world.owner, "supervisor"), escalations_for_user(world, world.owner)[0].id
    )
    assert escalations_for_user(world, world.owner) == []


def escalations_for_user(world: World, user_id: int) -> list:
    with world.engine.connect() as conn:
        return escalations_for(conn, user_id)


def test_first_response_and_update_overdue_are_marked_once(world: World) -> None:
    created = world.service.create_complaint(world.agent, world.complaint(send_receipt=False))
    world.clock.set(cst(2026, 3, 2, 18, 0))  # first response was due Mon 17:30
    report = world.service.scan()
    assert report.sla_overdue == 1 and world.service.scan().sla_overdue == 0
    v = world.service.transition(world.agent, created.id, created.version, "acknowledged")  # update due Tue 18:00→
    world.clock.set(cst(2026, 3, 4, 9, 0))
    assert world.service.scan().sla_overdue == 1 and world.service.scan().sla_overdue == 0
    world.service.comment(world.agent, created.id, "已回电", customer_contact=True)  # a new due time
    world.clock.set(cst(2026, 3, 6, 9, 0))
    assert world.service.scan().sla_overdue == 1
    data = [e.data["clock"] for e in world.service.ticket_events(created.id) if e.kind == "sla_overdue"]
    assert data == ["first_response", "next_update", "next_update"]
    assert v


def test_paused_update_clock_is_not_overdue(world: World) -> None:
    created = world.service.create_complaint(world.agent, world.complaint(send_receipt=False))
    v = world.service.transition(world.agent, created.id, created.version, "acknowledged")
    world.service.transition(world.agent, created.id, v, "pending_customer")
    world.clock.set(cst(2026, 3, 9, 9, 0))
    assert world.service.scan().sla_overdue == 0


@pytest.mark.postgres
def test_concurrent_scans_mark_each_event_once(pg_database_url: str, clock: FixedClock) -> None:
    from db.engine import make_engine
    from db.migrate import upgrade

    from .conftest import build_world

    engine = make_engine(pg_database_url, pool_size=10)
    try:
        upgrade(engine)
        world = build_world(engine, clock)
        ids = [
            world.service.create_complaint(world.agent, world.complaint(team_id=world.team, send_receipt=False)).id
            for _ in range(30)
        ]
        world.clock.set(cst(2026, 3, 18, 1, 0))
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def run() -> None:
            try:
                barrier.wait()
                world.service.scan(batch=7)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with engine.connect() as conn:
            per_kind = dict(conn.execute(select(TicketEvent.kind, func.count()).group_by(TicketEvent.kind)).all())
            escalations = conn.execute(select(func.count()).select_from(TicketEscalation)).scalar_one()
        # both warning points passed before the first scan: one warning (level 2) per ticket
        assert per_kind["warning"] == len(ids) and per_kind["breach"] == len(ids)
        # warning at the last point → supervisor; breach → supervisor and owner
        assert escalations == 3 * len(ids) and per_kind["escalated"] == 2 * len(ids)
    finally:
        engine.dispose()
