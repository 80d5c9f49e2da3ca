"""The desktop's ticket screens on both databases: scoped and masked list pages, the panel's read model,
escalation by hand, note and decision drafts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import OutboxMessage, TicketEscalation
from services.permissions import PermissionDenied as RoleDenied
from services.permissions import Principal
from services.tickets import InvalidInput, NotAllowed
from services.tickets.desk import working_days_left

from .conftest import World, cst


def make(world: World, when: dt.datetime, *, by: Principal | None = None, **kw: object) -> int:
    world.clock.set(when)
    return world.service.create_complaint(by or world.agent, world.complaint(send_receipt=False, **kw)).id


def ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in page.rows]


def test_list_scope_per_role(world: World) -> None:
    colleague = world.principal(world.handler2)  # registers these: the agent's own are the ones assigned to them
    mine = make(world, cst(2026, 2, 25, 10), by=colleague, assignee_id=world.handler, team_id=world.team)
    theirs = make(
        world, cst(2026, 2, 26, 10), by=colleague, assignee_id=world.handler2, customer_id=world.customer2
    )  # no team
    team_only = make(world, cst(2026, 2, 27, 10), by=colleague, team_id=world.team)
    outside = make(world, cst(2026, 2, 28, 10), by=colleague)  # no team, nobody assigned
    world.clock.set(cst(2026, 3, 2, 9))
    every = {"view": "all"}
    agent = world.service.list_page(world.agent, every)
    assert ids(agent) == [mine]
    boss = world.service.list_page(world.boss, every)
    assert sorted(ids(boss)) == sorted([mine, theirs, team_only])
    assert outside not in ids(boss)
    # A supervisor of another line sees none of it; an administrator sees no tickets at all.
    other = world.service.list_page(world.principal(world.manager, "supervisor"), every)
    assert ids(other) == []
    admin = world.service.list_page(Principal(world.owner, "owner", "admin"), every)
    assert ids(admin) == []
    # The views narrow the scope, never widen it.
    assert ids(world.service.list_page(world.boss, {"view": "mine"})) == []
    assert ids(world.service.list_page(world.agent, {"view": "team", "team_id": world.team})) == [mine]


def test_a_complaint_one_registers_is_on_ones_own_list(world: World) -> None:
    """First-contact rule: the agent who takes a complaint keeps it in view while it waits for a handler."""
    queued = make(world, cst(2026, 2, 27, 10), team_id=world.team)  # registered by the agent, nobody assigned
    elsewhere = make(world, cst(2026, 2, 28, 10))  # registered by the agent, no team either
    given = make(world, cst(2026, 3, 1, 10), by=world.principal(world.handler2), assignee_id=world.handler)
    world.clock.set(cst(2026, 3, 2, 9))
    for view in ("all", "mine"):
        assert sorted(ids(world.service.list_page(world.agent, {"view": view}))) == [queued, elsewhere, given]
    colleague = world.principal(world.handler2)
    assert ids(world.service.list_page(colleague, {"view": "mine"})) == [given]  # they registered it
    assert ids(world.service.list_page(world.boss, {"view": "mine"})) == []
    assert sorted(ids(world.service.list_page(world.boss, {"view": "all"}))) == [queued, given]  # the team's


def test_names_masked_for_roles_without_reveal(world: World) -> None:
    make(world, cst(2026, 2, 25, 10), assignee_id=world.handler, customer_id=world.customer2)
    world.clock.set(cst(2026, 3, 2, 9))
    agent = world.service.list_page(world.agent, {})
    assert agent.masked and agent.rows[0].customer_name == "欧阳**"
    boss = world.service.list_page(world.boss, {})
    assert not boss.masked and boss.rows[0].customer_name == "欧阳晓明"


def test_sort_and_pages(world: World) -> None:
    made = [
        make(world, cst(2026, 2, day, 10), team_id=world.team, customer_id=c)
        for day, c in ((20, world.customer), (25, world.customer2), (22, world.customer2), (23, world.customer))
    ]
    world.clock.set(cst(2026, 3, 2, 9))
    by_deadline = world.service.list_page(world.boss, {}, order="deadline")
    assert ids(by_deadline) == [made[0], made[2], made[3], made[1]]
    assert not by_deadline.has_more
    latest_first = world.service.list_page(world.boss, {}, order="deadline", descending=True)
    assert ids(latest_first) == list(reversed(ids(by_deadline)))
    first = world.service.list_page(world.boss, {}, order="received", limit=3)
    rest = world.service.list_page(world.boss, {}, order="received", offset=3, limit=3)
    assert first.has_more and not rest.has_more and rest.offset == 3
    assert ids(first) + ids(rest) == [made[0], made[2], made[3], made[1]]
    by_customer = world.service.list_page(world.boss, {}, order="customer")
    names = [r.customer_name for r in by_customer.rows]
    assert names == sorted(names)
    with pytest.raises(ValueError):
        world.service.list_page(world.boss, {}, order="colour")
    with pytest.raises(InvalidInput):
        world.service.list_page(world.boss, {"colour": "red"})


def test_ticket_view_clock_and_access(world: World) -> None:
    tid = make(world, cst(2026, 2, 10, 10), assignee_id=world.handler, team_id=world.team)  # Spring Festival: 15–23 Feb
    world.clock.set(cst(2026, 2, 20, 9))
    view = world.service.ticket_view(world.agent, tid)
    assert view.basis == "standard" and view.period_days == 15
    assert view.due_at == cst(2026, 2, 25, 23, 59, 59)
    # Working days from Fri 20 Feb (a holiday) to Wed 25 Feb: Tue 24 and Wed 25 (Mon 23 is still a holiday).
    assert view.working_days_left == 2
    assert view.customer_name == "周慧敏" and view.team_name == "投诉处理组"
    assert view.review_by is None
    # An agent who does not handle the ticket may still open it from the customer's 360° view.
    assert world.service.ticket_view(world.principal(world.handler2), tid).detail.row.id == tid
    with pytest.raises(RoleDenied):
        world.service.ticket_view(Principal(world.owner, "owner", "admin"), tid)
    v = world.service.transition(world.agent, tid, view.detail.version, "acknowledged")
    v = world.service.mark_complex(world.agent, tid, v, "需调取录音")
    assert world.service.ticket_view(world.agent, tid).basis == "complex"
    v = world.service.request_extension(world.agent, tid, v, "需总行核查")
    pending = world.service.ticket_view(world.boss, tid)
    assert pending.detail.extension_state == "requested"
    assert pending.extension_requested_by_id == world.handler
    v = world.service.decide_extension(world.boss, tid, v, approve=True, note="同意")
    extended = world.service.ticket_view(world.boss, tid)
    assert extended.basis == "extended" and extended.period_days == 60
    world.clock.set(cst(2026, 3, 5, 15))
    world.service.decide(world.agent, tid, v, decision="退还年费", outcome="upheld")
    decided = world.service.ticket_view(world.agent, tid)
    assert decided.review_by == dt.date(2026, 4, 4) and decided.review_window_days == 30
    assert decided.working_days_left is None


def test_working_days_left_counts_make_up_days(world: World) -> None:
    cal = world.service.env.calendar
    # Mid-Autumn and National Day 2026: 25 Sep and 1–7 Oct off; Sun 20 Sep and Sat 10 Oct are make-up days.
    now = cst(2026, 9, 19, 10)  # a Saturday
    # 20–24 Sep (5), 28–30 Sep (3), 8–10 Oct (3), and nothing else.
    assert working_days_left(cal, now, cst(2026, 10, 10, 23, 59, 59)) == 11
    assert working_days_left(cal, now, cst(2026, 9, 19, 23, 59, 59)) == 0  # due today, not a working day
    assert working_days_left(cal, now, cst(2026, 9, 18, 23, 59, 59)) == 0  # passed
    assert working_days_left(cal, now, None) is None


def test_escalate_by_hand(world: World) -> None:
    tid = make(world, cst(2026, 3, 1, 10), assignee_id=world.handler)
    assert world.service.escalate(world.agent, tid, "客户情绪激动，要求主管回电") == [world.supervisor]
    # The supervisor escalating the same ticket sends it to the complaint-management owner.
    assert world.service.escalate(world.boss, tid, "需投诉管理部门介入") == [world.owner]
    (mine,) = world.service.escalations_for(world.supervisor)
    assert mine.ticket_id == tid and mine.reason == "manual"
    events = [e for e in world.service.ticket_events(tid) if e.kind == "escalated"]
    assert [e.body for e in events] == ["客户情绪激动，要求主管回电", "需投诉管理部门介入"]
    with world.engine.connect() as conn:
        levels = conn.execute(select(TicketEscalation.level).order_by(TicketEscalation.id)).scalars().all()
    assert levels == [1, 2]
    with pytest.raises(InvalidInput):
        world.service.escalate(world.agent, tid, "  ")


def test_note_drafts_are_not_intake_drafts(world: World) -> None:
    tid = make(world, cst(2026, 3, 1, 10), assignee_id=world.handler)
    agent = world.agent
    assert world.service.note_draft(agent, tid) is None
    draft = world.service.save_note_draft(agent, tid, "note", {"body": "已致电客户", "customer_contact": True})
    again = world.service.save_note_draft(agent, tid, "note", {"body": "已致电客户，约定明日回复"})
    assert again == draft  # one open draft per user, ticket and kind
    loaded = world.service.note_draft(agent, tid)
    assert loaded is not None and loaded.payload == {"body": "已致电客户，约定明日回复"}
    assert world.service.note_draft(world.principal(world.handler2), tid) is None
    assert world.service.open_drafts(world.handler) == []  # intake only
    event = world.service.post_note(agent, tid, "已致电客户，约定明日回复", customer_contact=True)
    assert world.service.note_draft(agent, tid) is None
    (comment,) = [e for e in world.service.ticket_events(tid) if e.kind == "comment"]
    assert comment.id == event and comment.data == {"customer_contact": True}
    with pytest.raises(NotAllowed):
        world.service.save_note_draft(agent, tid, "note", {"body": "x"}, draft)
    with pytest.raises(InvalidInput):
        world.service.save_note_draft(agent, tid, "memo", {})


def test_resolve_closes_the_decision_draft_with_the_decision(world: World) -> None:
    tid = make(world, cst(2026, 3, 1, 10), assignee_id=world.handler)
    agent = world.agent
    v = world.service.transition(agent, tid, 1, "acknowledged")
    draft = world.service.save_note_draft(agent, tid, "decision", {"decision": "退还年费200元", "outcome": "upheld"})
    preview = world.service.decision_preview(tid, decision="退还年费200元。", outcome="upheld", compensation="200")
    assert "退还年费200元，补偿人民币200.00元。" in preview and "30日内" in preview
    with pytest.raises(InvalidInput):
        world.service.resolve(agent, tid, v, decision="", outcome="upheld")
    assert world.service.note_draft(agent, tid, "decision") is not None  # refused: the draft stays
    world.service.resolve(agent, tid, v, decision="退还年费200元", outcome="upheld", compensation="200")
    assert world.service.note_draft(agent, tid, "decision") is None
    assert draft > 0
    with world.engine.connect() as conn:
        bodies = conn.execute(select(OutboxMessage.body_text).where(OutboxMessage.customer_id == world.customer))
        assert any("补偿人民币200.00元" in b for b in bodies.scalars())


def test_assignees_and_staff(world: World) -> None:
    names = [p.name for p in world.service.assignees(world.boss)]
    assert names[0] == "supervisor" and sorted(names[1:]) == ["handler", "handler2"]
    assert [p.id for p in world.service.assignees(world.agent)] == [world.handler]
    assert [p.name for p in world.service.find_staff("tell")] == ["teller"]
    assert world.service.find_staff("  ") == []
    assert [b.name for b in world.service.branches()] == ["上海徐汇支行"]
    assert world.service.user_names([world.teller, None, 9999]) == {world.teller: "teller"}
    brief = world.service.customer_brief(world.customer2)
    assert brief is not None and (brief.name, brief.cif_no) == ("欧阳晓明", "CIF0002")
    assert world.service.customer_brief(9999) is None


def test_export_is_scoped_to_the_principal(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    make(world, cst(2026, 2, 25, 10), team_id=world.team)
    make(world, cst(2026, 2, 26, 10))  # no team: outside the supervisor's work
    world.clock.set(cst(2026, 3, 2, 9))
    path = tmp_path / "mine.csv"
    assert world.service.export(world.boss, {"view": "all"}, path) == 1
    with path.open(encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == 2  # the header and the one ticket
