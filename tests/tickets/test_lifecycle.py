"""State machine, conflict of interest, optimistic concurrency, read-only closed tickets, SLA pause."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, TicketEvent
from services.permissions import PermissionDenied as RoleDenied
from services.tickets import ConflictError, ConflictOfInterest, NotAllowed
from services.tickets.workflow import TRANSITIONS, allowed_targets

from .conftest import World, cst


def new_ticket(world: World, **overrides: object) -> tuple[int, int]:
    created = world.service.create_complaint(world.agent, world.complaint(**overrides))
    return created.id, created.version


def test_transition_table_is_closed_over_the_states() -> None:
    from db.models.ticket import TICKET_STATES

    assert set(TRANSITIONS) == set(TICKET_STATES)
    assert all(targets <= set(TICKET_STATES) for targets in TRANSITIONS.values())
    assert TRANSITIONS["merged"] == frozenset() and TRANSITIONS["closed"] == {"reopened"}
    assert allowed_targets("new") == ["acknowledged", "in_progress", "merged"]


def test_allowed_path_records_every_step(world: World) -> None:
    tid, v = new_ticket(world)
    for target in ("acknowledged", "in_progress", "pending_internal", "in_progress", "pending_customer", "in_progress"):
        world.clock.advance(minutes=10)
        v = world.service.transition(world.agent, tid, v, target, note=f"→ {target}")
    events = [e for e in world.service.ticket_events(tid) if e.kind == "status_changed"]
    assert [(e.data["from"], e.data["to"]) for e in events][:2] == [
        ("new", "acknowledged"),
        ("acknowledged", "in_progress"),
    ]
    assert len(events) == 6 and all(e.actor_id == world.handler for e in events)
    assert v == 7


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), "pending_customer"),  # must be acknowledged first
        ((), "decided"),  # a decision needs resolution.decide
        (("acknowledged",), "new"),
        (("acknowledged", "in_progress"), "closed"),
    ],
)
def test_refused_transitions(world: World, path: tuple[str, ...], refused: str) -> None:
    tid, v = new_ticket(world)
    for target in path:
        v = world.service.transition(world.agent, tid, v, target)
    with pytest.raises(NotAllowed) as info:
        world.service.transition(world.agent, tid, v, refused)
    assert info.value.zh and info.value.en


def test_stale_version_is_refused(world: World) -> None:
    tid, v = new_ticket(world)
    world.service.transition(world.agent, tid, v, "acknowledged")  # a colleague saves first
    with pytest.raises(ConflictError) as info:
        world.service.transition(world.principal(world.handler2), tid, v, "in_progress")
    assert "刷新" in info.value.zh and "reload" in info.value.en
    with pytest.raises(ConflictError):
        world.service.assign(world.boss, tid, v, assignee_id=world.handler2)
    assert world.service.ticket_detail(tid).row.status == "acknowledged"


@pytest.mark.parametrize(("who", "depth"), [("teller", 0), ("manager", 1), ("director", 2)])
def test_conflict_of_interest_is_refused(world: World, who: str, depth: int) -> None:
    tid, v = new_ticket(world, complained_user_id=world.teller)
    with pytest.raises(ConflictOfInterest) as info:
        world.service.assign(world.boss, tid, v, assignee_id=getattr(world, who))
    assert info.value.detail["depth"] == depth
    assert "回避" in info.value.zh and "must not handle" in info.value.en
    assert world.service.ticket_detail(tid).row.assignee_id is None
    v = world.service.assign(world.boss, tid, v, assignee_id=world.handler)  # unrelated: fine
    assert world.service.ticket_detail(tid).row.assignee_id == world.handler
    assert world.service.ticket_detail(tid).row.team_id == world.team


def test_conflict_of_interest_at_intake_and_when_the_complained_employee_changes(world: World) -> None:
    with pytest.raises(ConflictOfInterest):
        world.service.create_complaint(
            world.agent, world.complaint(complained_user_id=world.teller, assignee_id=world.manager)
        )
    tid, v = new_ticket(world, assignee_id=world.handler)
    with pytest.raises(ConflictOfInterest):
        world.service.update_details(world.agent, tid, v, complained_user_id=world.handler)
    v = world.service.update_details(world.agent, tid, v, complained_user_id=world.teller, severity="major")
    assert world.service.ticket_detail(tid).complained_user_id == world.teller


def test_closed_ticket_is_read_only_until_reopened_by_a_permitted_user(world: World) -> None:
    tid, v = new_ticket(world)
    v = world.service.transition(world.agent, tid, v, "acknowledged")
    v = world.service.decide(world.agent, tid, v, decision="已退还年费", outcome="upheld")
    v = world.service.close(world.agent, tid, v)
    for attempt in (
        lambda: world.service.comment(world.agent, tid, "补充说明"),
        lambda: world.service.transition(world.agent, tid, v, "in_progress"),
        lambda: world.service.assign(world.boss, tid, v, assignee_id=world.handler2),
        lambda: world.service.update_details(world.agent, tid, v, summary="改"),
    ):
        with pytest.raises(NotAllowed):
            attempt()
    with pytest.raises(RoleDenied):
        world.service.reopen(world.agent, tid, v, "客户不服")
    with world.engine.connect() as conn:
        denied = conn.execute(select(AuditLog.detail).where(AuditLog.action == "permission_denied")).scalars().all()
    assert any("ticket.reopen" in str(d) for d in denied)
    world.clock.advance(days=3)
    v = world.service.reopen(world.boss, tid, v, "客户不服处理结果")
    detail = world.service.ticket_detail(tid)
    assert detail.row.status == "reopened" and not detail.read_only
    assert detail.row.due_at == cst(2026, 3, 20, 23, 59, 59)  # a fresh 15 days from Thu 5 Mar
    world.service.comment(world.agent, tid, "重新调查")


def test_comments_need_no_version_and_customer_contact_restarts_the_update_clock(world: World) -> None:
    tid, v = new_ticket(world)
    world.service.comment(world.agent, tid, "内部备注")
    assert world.service.ticket_detail(tid).first_responded_at is None
    world.clock.set(cst(2026, 3, 2, 10, 0))
    world.service.comment(world.agent, tid, "已致电客户说明进度", customer_contact=True)
    detail = world.service.ticket_detail(tid)
    assert detail.first_responded_at == cst(2026, 3, 2, 10, 0)
    assert detail.next_update_due == cst(2026, 3, 3, 10, 0)  # 420 business minutes later
    assert detail.version == v  # comments do not bump the version


def test_pending_customer_pauses_the_update_clock(world: World) -> None:
    tid, v = new_ticket(world)
    v = world.service.transition(world.agent, tid, v, "acknowledged")  # Mon 09:00: update due Mon 17:30
    assert world.service.ticket_detail(tid).next_update_due == cst(2026, 3, 2, 17, 30)
    world.clock.set(cst(2026, 3, 2, 11, 0))
    v = world.service.transition(world.agent, tid, v, "pending_customer")  # 300 business minutes left
    world.clock.set(cst(2026, 3, 4, 10, 0))  # the customer answers on Wednesday
    v = world.service.transition(world.agent, tid, v, "in_progress")
    detail = world.service.ticket_detail(tid)
    assert detail.next_update_due == cst(2026, 3, 4, 16, 30)
    assert not detail.row.sla_paused
    with world.engine.connect() as conn:
        from db.models import TicketClock

        paused = conn.execute(select(TicketClock.sla_paused_s).where(TicketClock.ticket_id == tid)).scalar_one()
    assert paused == 780 * 60  # Mon 11–12, 13:30–17:30, all Tuesday, Wed 9–10


def test_every_event_has_exactly_one_feed_row(world: World) -> None:
    tid, v = new_ticket(world)
    v = world.service.transition(world.agent, tid, v, "acknowledged")
    world.service.comment(world.agent, tid, "备注")
    v = world.service.assign(world.boss, tid, v, assignee_id=world.handler)
    from db.models import ChangeFeed

    with world.engine.connect() as conn:
        events = set(conn.execute(select(TicketEvent.id).where(TicketEvent.ticket_id == tid)).scalars())
        payloads = conn.execute(select(ChangeFeed.payload).where(ChangeFeed.entity == "ticket")).scalars().all()
        n = conn.execute(select(func.count()).select_from(ChangeFeed)).scalar_one()
    assert sorted(p["event_id"] for p in payloads) == sorted(events) and n == len(events)


def test_rights_to_take_assign_and_create(world: World) -> None:
    tid, v = new_ticket(world, team_id=world.team)
    with pytest.raises(RoleDenied):  # agents do not hold ticket.assign
        world.service.assign(world.agent, tid, v, assignee_id=world.handler2)
    v = world.service.take(world.agent, tid, v)  # but may take a ticket themselves
    assert [r.id for r in world.service.my_tickets(world.handler)] == [tid]
    with pytest.raises(RoleDenied):  # administrators do not take complaints
        world.service.create_complaint(world.principal(world.owner, "admin"), world.complaint())
