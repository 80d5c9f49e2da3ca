"""The counter desk: one desktop per counter, taking over a crashed one, the calling order, the called number."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.models import ChangeFeed, QueueTicket
from services.lobby.counters import CounterService
from services.lobby.types import FEED_LOBBY, LobbyError
from tests.flows.runner_rig import World
from tests.lobby.queue_rig import Clock, counter_id, customers_of, lobby, local, reset_branch, session

DAY = dt.date(2031, 5, 5)


def _branch(world: World) -> int:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    reset_branch(world, branch)
    return branch


def test_a_counter_is_held_on_one_desktop_and_a_crashed_one_is_taken_over(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY))
    desk = lobby(world, clock)
    me, colleague = world.principal("lobby01"), world.principal("cm01")
    first, second = session(world, "lobby01", clock.now), session(world, "cm01", clock.now)
    counter = counter_id(world, branch, 2)
    held = desk.counters.open(me, counter, first)
    assert (held.status, held.user_id, held.stale) == ("open", me.user_id, False)
    with pytest.raises(LobbyError) as busy:
        desk.counters.hold(colleague, counter, second)
    assert busy.value.code == "held" and "另一台电脑" in busy.value.zh
    ticket = desk.queue.issue(me, "cash").ticket
    called = desk.counters.call_next(me, counter, first)
    assert called is not None and called.id == ticket.id
    serving = desk.counters.serve(me, called.id, called.version)
    clock.advance(seconds=60)
    desk.counters.heartbeat(me, counter, first)
    clock.advance(seconds=120)  # the first desktop crashed: not seen for two minutes
    assert next(c for c in desk.counters.counters(me) if c.id == counter).stale
    with pytest.raises(LobbyError) as ask:
        desk.counters.hold(colleague, counter, second)
    assert ask.value.code == "held_stale"
    taken = desk.counters.hold(colleague, counter, second, take_over=True)
    assert taken.user_id == colleague.user_id and not taken.stale
    left = desk.counters.current(colleague, counter)
    assert left is not None and (left.id, left.status) == (serving.id, "serving")  # visibly still being served
    with pytest.raises(LobbyError) as gone:
        desk.counters.heartbeat(me, counter, first)  # the old desktop learns it lost the counter
    assert gone.value.code == "not_held"
    done = desk.counters.finish(colleague, left.id, left.version, "served")
    assert (done.status, done.outcome) == ("done", "served") and desk.counters.current(colleague, counter) is None
    closed = desk.counters.close(colleague, counter, second)
    assert (closed.status, closed.user_id) == ("closed", None)


def test_the_same_person_on_a_restarted_desktop_takes_their_counter_back_at_once(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    before, after = session(world, "lobby01", clock.now), session(world, "lobby01", clock.now)
    counter = counter_id(world, branch, 3)
    desk.counters.open(me, counter, before)
    clock.advance(seconds=10)  # not stale yet: another person would be refused
    back = desk.counters.hold(me, counter, after)
    assert (back.user_id, back.status, back.stale) == (me.user_id, "open", False)
    with pytest.raises(LobbyError) as gone:
        desk.counters.heartbeat(me, counter, before)
    assert gone.value.code == "not_held"
    desk.counters.close(me, counter, after)


def test_call_order_vips_priority_profile_then_time(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=1)))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    vip = customers_of(world, branch, vip=True)[0]
    plain = desk.queue.issue(me, "wealth").ticket
    clock.advance(seconds=1)
    loan = desk.queue.issue(me, "loan").ticket
    clock.advance(seconds=1)
    rich = desk.queue.issue(me, "wealth", customer_id=vip).ticket
    clock.advance(seconds=1)
    elderly = desk.queue.issue(me, "loan", priority_reason="elderly").ticket
    clock.advance(seconds=1)
    room = desk.queue.issue(me, "vip").ticket  # a VIP-room number: only counters whose profile has it
    # 理财室 (5): profile wealth, loan; serves VIPs.  Its order: the VIP, the elderly, then wealth before loan.
    five = counter_id(world, branch, 5)
    me_session = session(world, "lobby01", clock.now)
    desk.counters.open(me, five, me_session)
    order = []
    for _ in range(4):
        called = desk.counters.call_next(me, five, me_session)
        assert called is not None
        order.append(called.id)
        desk.counters.finish(me, called.id, called.version, "served")
    assert order == [rich.id, elderly.id, plain.id, loan.id]
    assert desk.counters.call_next(me, five, me_session) is None  # the V number is not this counter's
    desk.counters.close(me, five, me_session)
    six = counter_id(world, branch, 6)
    desk.counters.open(me, six, me_session)
    called = desk.counters.call_next(me, six, me_session)
    assert called is not None and called.id == room.id and called.counter_label == "贵宾室"
    desk.counters.no_show(me, called.id, called.version)
    desk.counters.close(me, six, me_session)


def test_a_counter_finishes_its_customer_before_calling_the_next(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=2)))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    one, mine = counter_id(world, branch, 1), session(world, "lobby01", clock.now)
    a, b = desk.queue.issue(me, "cash").ticket, desk.queue.issue(me, "cash").ticket
    with pytest.raises(LobbyError) as closed:
        desk.counters.call_next(me, one, mine)
    assert closed.value.code == "not_held"  # nobody opened it
    desk.counters.open(me, one, mine)
    desk.counters.pause(me, one, mine)
    with pytest.raises(LobbyError) as paused:
        desk.counters.call_next(me, one, mine)
    assert paused.value.code == "not_open"
    desk.counters.open(me, one, mine)
    called = desk.counters.call_next(me, one, mine)
    assert called is not None and called.id == a.id
    with pytest.raises(LobbyError) as busy:
        desk.counters.call_next(me, one, mine)
    assert busy.value.code == "busy" and called.number in busy.value.en
    with pytest.raises(LobbyError) as closing:
        desk.counters.close(me, one, mine)
    assert closing.value.code == "busy"
    recalled = desk.counters.recall(me, called.id, called.version)
    assert recalled.recalls == 1
    with pytest.raises(LobbyError) as stale:
        desk.counters.no_show(me, called.id, called.version)  # the version before the recall
    assert stale.value.code == "stale"
    assert desk.queue.ticket(called.id).status == "called"  # nothing changed
    passed = desk.counters.no_show(me, recalled.id, recalled.version)
    assert passed.status == "no_show"
    with pytest.raises(LobbyError) as wrong:
        desk.counters.serve(me, passed.id, passed.version)
    assert wrong.value.code == "bad_state"
    nxt = desk.counters.call_next(me, one, mine)
    assert nxt is not None and nxt.id == b.id
    with pytest.raises(LobbyError) as outcome:
        desk.counters.finish(me, nxt.id, nxt.version, "maybe")
    assert outcome.value.code == "bad_outcome"
    desk.counters.finish(me, nxt.id, nxt.version, "referred")
    desk.counters.close(me, one, mine)


def test_a_transferred_customer_keeps_their_place(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=3)))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    mine = session(world, "lobby01", clock.now)
    one, four = counter_id(world, branch, 1), counter_id(world, branch, 4)
    early = desk.queue.issue(me, "cash").ticket
    clock.advance(minutes=1)
    later = desk.queue.issue(me, "noncash").ticket
    desk.counters.open(me, one, mine)
    called = desk.counters.call_next(me, one, mine)
    assert called is not None and called.id == early.id
    moved = desk.counters.transfer(me, called.id, called.version, service_code="noncash")
    assert (moved.status, moved.service_code, moved.number, moved.issued_at) == (
        "waiting", "noncash", early.number, early.issued_at
    )  # fmt: skip
    again = desk.counters.call_next(me, one, mine)  # noncash is on counter 1's profile too: the early one first
    assert again is not None and again.id == early.id
    pinned = desk.counters.transfer(me, again.id, again.version, counter_id=four)
    assert pinned.counter_id == four and pinned.status == "waiting"
    nxt = desk.counters.call_next(me, one, mine)
    assert nxt is not None and nxt.id == later.id  # a number sent to counter 4 is not counter 1's
    desk.counters.finish(me, nxt.id, nxt.version, "served")
    desk.counters.close(me, one, mine)
    desk.counters.open(me, four, mine)
    at_four = desk.counters.call_next(me, four, mine)
    assert at_four is not None and at_four.id == early.id
    with pytest.raises(LobbyError) as neither:
        desk.counters.transfer(me, at_four.id, at_four.version)
    assert neither.value.code == "bad_transfer"
    desk.counters.finish(me, at_four.id, at_four.version, "served")
    desk.counters.close(me, four, mine)


def test_numbers_of_yesterday_are_never_called_today(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=4), 23, 50))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    yesterday = desk.queue.issue(me, "cash").ticket
    clock.advance(minutes=20)  # past the branch's midnight
    one, mine = counter_id(world, branch, 1), session(world, "lobby01", clock.now)
    desk.counters.open(me, one, mine)
    assert desk.counters.call_next(me, one, mine) is None
    today = desk.queue.issue(me, "cash").ticket
    assert today.number == "A001"
    called = desk.counters.call_next(me, one, mine)
    assert called is not None and called.id == today.id
    assert desk.queue.ticket(yesterday.id).status == "cancelled"
    desk.counters.finish(me, called.id, called.version, "served")
    desk.counters.close(me, one, mine)


def test_every_change_is_announced_on_the_feed(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=6)))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    one, mine = counter_id(world, branch, 1), session(world, "lobby01", clock.now)
    with world.engine.connect() as conn:
        start = conn.execute(select(func.max(ChangeFeed.id))).scalar_one()
    desk.counters.open(me, one, mine)
    ticket = desk.queue.issue(me, "cash").ticket
    called = desk.counters.call_next(me, one, mine)
    assert called is not None
    recalled = desk.counters.recall(me, called.id, called.version)
    serving = desk.counters.serve(me, recalled.id, recalled.version)
    desk.counters.finish(me, serving.id, serving.version, "served")
    desk.counters.close(me, one, mine)
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(ChangeFeed.entity, ChangeFeed.entity_id, ChangeFeed.action, ChangeFeed.payload)
            .where(ChangeFeed.id > start, ChangeFeed.entity == FEED_LOBBY)
            .order_by(ChangeFeed.id)
        ).all()
    assert [r.action for r in rows] == ["issued", "called", "recalled", "serving", "finished"]
    assert all(r.entity_id == str(branch) and r.payload["ticket_id"] == ticket.id for r in rows)
    assert rows[1].payload == {"ticket_id": ticket.id, "number": "A001", "counter_label": "1号窗口", "action": "called"}


def test_another_branchs_staff_can_neither_call_nor_see_these_numbers(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=8)))
    pg = world.backend == "postgresql"
    mine = lobby(world, clock, world.login("lobby01") if pg else None)
    me = world.principal("lobby01")
    ticket = mine.queue.issue(me, "cash").ticket
    one = counter_id(world, branch, 1)
    own = session(world, "lobby01", clock.now)
    mine.counters.open(me, one, own)  # works on the lobby manager's own login
    called = mine.counters.call_next(me, one, own)
    assert called is not None and called.id == ticket.id
    stranger = world.principal("lobby02")
    theirs = CounterService(world.login("lobby02") if pg else world.engine, world.audit, clock=clock)
    with pytest.raises(LobbyError) as other:
        theirs.hold(stranger, one, session(world, "lobby02", clock.now))
    assert other.value.code == "other_branch"
    with pytest.raises(LobbyError) as no_touch:
        theirs.no_show(stranger, called.id, called.version)
    assert no_touch.value.code in ("other_branch", "no_ticket")
    assert all(c.branch_id == stranger.branch_id for c in theirs.counters(stranger))
    with pytest.raises(LobbyError):
        theirs.counters(stranger, branch)
    if pg:  # the customer manager of this branch serves on their own login too
        cm = CounterService(world.login("cm01"), world.audit, clock=clock)
        serving = cm.serve(world.principal("cm01"), called.id, called.version)
        assert serving.status == "serving" and serving.served_by_id == world.principal("cm01").user_id
        current = cm.finish(world.principal("cm01"), serving.id, serving.version, "served")
    else:
        current = mine.counters.finish(me, called.id, called.version, "served")
    assert current.status == "done"
    mine.counters.close(me, one, own)
    with world.engine.connect() as conn:
        assert conn.execute(select(QueueTicket.status).where(QueueTicket.id == ticket.id)).scalar_one() == "done"
