"""The lobby display, the lobby manager's board, the notice, telling a manager their VIP has come."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.models import AuditLog, ChangeFeed, Customer
from services.lobby.types import FEED_NOTIFY, LobbyError
from services.permissions import PermissionDenied
from tests.flows.runner_rig import World
from tests.lobby.queue_rig import Clock, counter_id, customers_of, lobby, local, reset_branch, session

DAY = dt.date(2031, 7, 7)


def test_the_display_shows_the_last_numbers_called_newest_first(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    reset_branch(world, branch)
    clock = Clock(local(DAY))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    one, two = counter_id(world, branch, 1), counter_id(world, branch, 2)
    mine, other = session(world, "lobby01", clock.now), session(world, "cm01", clock.now)
    desk.counters.open(me, one, mine)
    desk.counters.open(world.principal("cm01"), two, other)
    for _ in range(9):
        desk.queue.issue(me, "cash")
    desk.queue.issue(me, "loan")
    calls = []
    for i in range(8):
        clock.advance(seconds=30)
        counter, who, sid = (one, me, mine) if i % 2 == 0 else (two, world.principal("cm01"), other)
        called = desk.counters.call_next(who, counter, sid)
        assert called is not None
        calls.append((called.number, called.counter_label))
        desk.counters.finish(who, called.id, called.version, "served")
    desk.floor.set_notice(me, "  今日理财讲座14:00  ")
    shown = desk.floor.display(branch)
    assert [(c.number, c.counter_label) for c in shown.called] == list(reversed(calls))[:6]
    assert shown.called[0].number == "A008" and shown.notice == "今日理财讲座14:00"
    loads = {s.code: s for s in shown.waiting}
    assert (loads["cash"].waiting, loads["cash"].counters_open) == (1, 2)
    assert (loads["loan"].waiting, loads["loan"].counters_open) == (1, 0)
    assert loads["cash"].longest_wait_min == 4  # issued at 10:00, now 10:04
    with pytest.raises(LobbyError) as long:
        desk.floor.set_notice(me, "长" * 201)
    assert long.value.code == "too_long" and desk.floor.display(branch).notice == "今日理财讲座14:00"
    with pytest.raises(PermissionDenied):
        desk.floor.set_notice(world.principal("agent01"), "x")
    desk.counters.close(me, one, mine)
    desk.counters.close(world.principal("cm01"), two, other)


def test_the_board_shows_vips_with_their_manager_and_the_days_figures(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    reset_branch(world, branch)
    clock = Clock(local(DAY + dt.timedelta(days=1)))
    pg = world.backend == "postgresql"
    desk = lobby(world, clock, world.login("lobby01") if pg else None)
    me = world.principal("lobby01")
    with world.engine.connect() as conn:
        vip = conn.execute(
            select(Customer.id, Customer.manager_id, Customer.name)
            .where(Customer.branch_id == branch, Customer.vip_level > 0, Customer.manager_id.is_not(None))
            .order_by(Customer.id)
            .limit(1)
        ).one()
    plain = customers_of(world, branch, vip=False)[0]
    ticket = desk.queue.issue(me, "vip", customer_id=vip.id).ticket
    quick = desk.queue.issue(me, "cash").ticket
    slow = desk.queue.issue(me, "cash", customer_id=plain).ticket
    gone = desk.queue.issue(me, "cash").ticket
    one, mine = counter_id(world, branch, 1), session(world, "lobby01", clock.now)
    desk.counters.open(me, one, mine)
    clock.advance(minutes=5)
    first = desk.counters.call_next(me, one, mine)
    assert first is not None and first.id == quick.id
    desk.counters.finish(me, first.id, first.version, "served")
    clock.advance(minutes=20)  # the next waited 25 minutes: beyond the 15-minute target
    second = desk.counters.call_next(me, one, mine)
    assert second is not None and second.id == slow.id
    desk.counters.finish(me, second.id, second.version, "served")
    third = desk.counters.call_next(me, one, mine)
    assert third is not None and third.id == gone.id
    desk.counters.no_show(me, third.id, third.version)
    board = desk.floor.board(me)
    assert (board.served, board.served_within_target, board.no_shows, board.target_min) == (2, 1, 1, 15)
    assert board.counters_open == 1 and [t.id for t in board.tickets] == [gone.id, slow.id, quick.id, ticket.id]
    assert [v.ticket_id for v in board.vips] == [ticket.id]
    here = board.vips[0]
    assert (here.customer_id, here.manager_id, here.waited_min, here.notified_at) == (vip.id, vip.manager_id, 25, None)
    assert here.manager_name and here.vip_level > 0
    clock.advance(minutes=1)
    desk.floor.notify_manager(me, ticket.id)
    assert desk.floor.board(me).vips[0].notified_at == clock.now
    with world.engine.connect() as conn:
        note = conn.execute(
            select(ChangeFeed.entity_id, ChangeFeed.payload)
            .where(ChangeFeed.entity == FEED_NOTIFY)
            .order_by(ChangeFeed.id.desc())
            .limit(1)
        ).one()
        audited = conn.execute(select(AuditLog.action, AuditLog.entity_id).order_by(AuditLog.id.desc()).limit(1)).one()
    assert note.entity_id == str(vip.manager_id)
    assert (note.payload["ticket_id"], note.payload["number"], note.payload["customer_id"]) == (
        ticket.id, ticket.number, vip.id
    )  # fmt: skip
    assert note.payload["customer_name"] == vip.name and note.payload["lobby_manager"]
    assert tuple(audited) == ("lobby_notify", str(ticket.id))
    with pytest.raises(LobbyError) as nobody:
        desk.floor.notify_manager(me, gone.id)  # a walk-in without a manager
    assert nobody.value.code == "no_manager"
    desk.counters.close(me, one, mine)
