"""Issuing numbers: gapless daily series, the day turning, priorities, appointments, estimates, SMS."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select, update

from db.models import Appointment, ChangeFeed, LobbySeries, OutboxMessage, QueueTicket
from db.write import write_txn
from services.lobby.estimates import Estimator
from services.lobby.notices import send_near_turn_notices
from services.lobby.queue import QueueService
from services.lobby.setup import services_of
from services.lobby.types import FEED_LOBBY, LobbyError
from services.permissions import PermissionDenied
from tests.flows.runner_rig import World
from tests.lobby.queue_rig import Clock, counter_id, customers_of, lobby, local, reset_branch, session

DAY = dt.date(2031, 3, 3)


def _branch(world: World) -> int:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    reset_branch(world, branch)
    return branch


def test_numbers_are_gapless_per_series_and_restart_at_the_branchs_midnight(world: World) -> None:
    _branch(world)
    clock = Clock(local(DAY, 23, 58))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    numbers = [desk.queue.issue(me, code).ticket.number for code in ("cash", "cash", "noncash", "cash", "vip")]
    assert numbers == ["A001", "A002", "B001", "A003", "V001"]
    late = desk.queue.issue(me, "cash").ticket
    assert late.service_day == DAY and late.status == "waiting"
    clock.now = local(DAY + dt.timedelta(days=1), 0, 0)  # local midnight: a new day
    assert [t.number for t in desk.queue.left_over(me)][:1] == ["A004"]  # yesterday's, never called today
    first = desk.queue.issue(me, "cash").ticket
    assert (first.number, first.service_day) == ("A001", DAY + dt.timedelta(days=1))
    assert desk.queue.ticket(late.id).status == "cancelled"  # expired by the new day's first number
    assert desk.queue.left_over(me) == []
    assert [t.number for t in desk.queue.tickets_today(me)] == ["A001"]


def test_a_series_beyond_999_keeps_growing(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=3)
    with write_txn(world.engine) as conn:
        conn.execute(insert(LobbySeries).values(branch_id=branch, service_day=day, prefix="C", last_seq=999))
    issued = lobby(world, Clock(local(day))).queue.issue(world.principal("lobby01"), "loan")
    assert issued.ticket.number == "C1000"


def test_a_desktop_with_a_slow_clock_never_gives_a_later_number_an_earlier_time(world: World) -> None:
    """Within a series the order of times is the order of numbers, whichever desktop issues: the counters call
    by time, so a later number must never be called before an earlier one."""
    _branch(world)
    day = DAY + dt.timedelta(days=19)
    me = world.principal("lobby01")
    first = lobby(world, Clock(local(day, 10, 0))).queue.issue(me, "cash").ticket
    slow = lobby(world, Clock(local(day, 9, 57))).queue.issue(me, "cash").ticket  # its clock is 3 minutes behind
    other = lobby(world, Clock(local(day, 9, 58))).queue.issue(me, "noncash").ticket  # another series: its own
    assert (first.number, slow.number, other.number) == ("A001", "A002", "B001")
    assert slow.issued_at == first.issued_at == local(day, 10, 0)
    assert other.issued_at == local(day, 9, 58)
    later = lobby(world, Clock(local(day, 10, 5))).queue.issue(me, "cash").ticket
    assert (later.number, later.issued_at) == ("A003", local(day, 10, 5))


def test_bad_input_is_refused_and_changes_nothing(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=5)
    desk = lobby(world, Clock(local(day)))
    me = world.principal("lobby01")
    with world.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(QueueTicket)).scalar_one()
    with pytest.raises(LobbyError) as refused:
        desk.queue.issue(me, "no-such-service")
    assert refused.value.code == "no_service" and "本网点" in refused.value.zh
    with pytest.raises(LobbyError) as bad:
        desk.queue.issue(me, "cash", priority_reason="friend")
    assert bad.value.code == "bad_priority"
    with pytest.raises(LobbyError) as other:
        desk.queue.issue(me, "cash", branch_id=branch + 1)
    assert other.value.code == "other_branch"
    with pytest.raises(LobbyError) as nobody:
        desk.queue.issue(me, "cash", customer_id=10**9)
    assert nobody.value.code == "no_customer"
    with pytest.raises(PermissionDenied):
        desk.queue.issue(world.principal("agent01"), "cash")
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(QueueTicket)).scalar_one() == before
        assert conn.execute(select(LobbySeries).where(LobbySeries.service_day == day)).first() is None


def test_vip_priority_ahead_and_the_estimate(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=7)
    clock = Clock(local(day))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    vip, plain = customers_of(world, branch, vip=True)[0], customers_of(world, branch, vip=False)[0]
    a = desk.queue.issue(me, "cash")
    assert (a.ahead, a.counters_open, a.estimated_wait_min) == (0, 0, None)  # no counter open: shown as such
    b = desk.queue.issue(me, "cash", customer_id=plain)
    assert b.ticket.customer_name and not b.ticket.is_vip and b.ahead == 1
    c = desk.queue.issue(me, "cash", customer_id=vip)
    assert c.ticket.is_vip and c.ticket.vip_level > 0
    old = desk.queue.issue(me, "cash", priority_reason="elderly")
    assert old.ticket.priority == 1 and old.ahead == 0  # before every plain number of the service
    with pytest.raises(LobbyError) as twice:
        desk.queue.issue(me, "cash", customer_id=plain)
    assert twice.value.code == "already_waiting"
    assert desk.queue.issue(me, "noncash", customer_id=plain).ahead == 0  # another service is another queue
    counters = desk.counters
    desk_session = session(world, "lobby01", clock.now)
    counters.open(me, counter_id(world, branch, 1), desk_session)
    e = desk.queue.issue(me, "cash")
    assert e.counters_open == 1 and e.ahead == 4
    assert e.estimated_wait_min == 4 * 6  # four ahead, the default six minutes, one counter
    assert e.branch_name and e.service_name_zh == "现金业务" and e.service_name_en == "Cash"
    counters.close(me, counter_id(world, branch, 1), desk_session)


def test_the_estimate_follows_the_branchs_recent_service_times(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=9)
    rows = []
    for i, minutes in enumerate([2, 3, 3, 4, 30, 3]):  # median 3.0 (one long outlier does not move it)
        served = local(day - dt.timedelta(days=2), 9, i)
        rows.append(
            dict(branch_id=branch, service_day=day - dt.timedelta(days=2), number=f"A9{i:02d}", service_type="cash",
                 status="done", issued_at=served, called_at=served, served_at=served,
                 finished_at=served + dt.timedelta(minutes=minutes), seq=900 + i, version=1)
        )  # fmt: skip
    with write_txn(world.engine) as conn:
        conn.execute(insert(QueueTicket), rows)
        service = services_of(conn, branch)[0]
        assert service.code == "cash"
        estimator = Estimator()
        assert estimator.minutes(conn, service, day) == pytest.approx(3.0)
        assert estimator.wait(conn, service, day, 4, 2) == 6
        assert estimator.wait(conn, service, day, 4, 0) is None
        # older than two weeks: the default again
        assert Estimator().minutes(conn, service, day + dt.timedelta(days=20)) == service.default_minutes


def test_an_appointment_is_checked_in_and_served_first_within_its_slot(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=11)
    clock = Clock(local(day, 9, 50))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    inside, outside, other = customers_of(world, branch, vip=False, count=3)

    def book(customer: int, hour: int) -> int:
        with write_txn(world.engine) as conn:
            return int(
                conn.execute(
                    insert(Appointment)
                    .values(customer_id=customer, branch_id=branch, service_code="wealth", slot_start=local(day, hour),
                            slot_end=local(day, hour, 30), status="booked", channel="phone", version=1,
                            created_at=clock.now, updated_at=clock.now)
                    .returning(Appointment.id)
                ).scalar_one()
            )  # fmt: skip

    first = book(inside, 10)  # starts in ten minutes: inside the 15-minute lead
    later = book(outside, 15)
    elderly = desk.queue.issue(me, "wealth", priority_reason="elderly")
    booked = desk.queue.issue(me, "wealth", customer_id=inside, appointment_id=first)
    assert (booked.ticket.priority, booked.ticket.priority_reason) == (2, "appointment")
    assert booked.ahead == 0 and elderly.ticket.priority == 1
    early = desk.queue.issue(me, "wealth", customer_id=outside, appointment_id=later)
    assert (early.ticket.priority, early.ticket.priority_reason) == (0, "appointment")
    with world.engine.connect() as conn:
        row = conn.execute(select(Appointment.status, Appointment.ticket_id).where(Appointment.id == first)).one()
    assert tuple(row) == ("checked_in", booked.ticket.id)
    with pytest.raises(LobbyError) as wrong:
        desk.queue.issue(me, "wealth", customer_id=other, appointment_id=later)  # not theirs
    assert wrong.value.code == "bad_appointment"
    with pytest.raises(LobbyError) as again:
        desk.queue.issue(me, "cash", customer_id=inside, appointment_id=first)  # already checked in
    assert again.value.code == "bad_appointment"


def test_the_number_and_the_near_turn_reminder_go_by_sms_once(world: World) -> None:
    branch = _branch(world)
    day = DAY + dt.timedelta(days=13)
    clock = Clock(local(day))
    desk = lobby(world, clock)
    me = world.principal("lobby01")
    people = customers_of(world, branch, vip=None, count=5, with_mobile=True)
    issued = [desk.queue.issue(me, "corporate", customer_id=c, sms_consent=True) for c in people]
    assert all(i.sms_queued for i in issued)
    keys = [f"lobby:queue_number:{i.ticket.id}" for i in issued]
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(OutboxMessage.body_text, OutboxMessage.purpose).where(OutboxMessage.idem_key.in_(keys))
        ).all()
    assert len(rows) == 5 and all(r.purpose == "service" for r in rows)
    assert any("E001" in r.body_text for r in rows)
    without = desk.queue.issue(me, "noncash", customer_id=people[0])  # no consent given: no SMS
    assert not without.sms_queued
    assert send_near_turn_notices(world.engine, clock.now) == 4  # E001..E004: at most three ahead
    assert send_near_turn_notices(world.engine, clock.now) == 0  # once only
    near = [f"lobby:queue_near_turn:{i.ticket.id}" for i in issued]
    with world.engine.connect() as conn:
        sent = set(conn.execute(select(OutboxMessage.idem_key).where(OutboxMessage.idem_key.in_(near))).scalars())
        flags: dict[str, bool] = dict(
            list(
                conn.execute(
                    select(QueueTicket.number, QueueTicket.near_notice_sent).where(
                        QueueTicket.id.in_([i.ticket.id for i in issued])
                    )
                ).tuples()
            )
        )
    assert sent == set(near[:4])
    assert flags == {"E001": True, "E002": True, "E003": True, "E004": True, "E005": False}
    with write_txn(world.engine) as conn:  # E001 is done: E005 has three ahead now
        conn.execute(update(QueueTicket).where(QueueTicket.id == issued[0].ticket.id).values(status="done"))
    assert send_near_turn_notices(world.engine, clock.now) == 1


def test_every_issue_writes_its_feed_row(world: World) -> None:
    branch = _branch(world)
    desk = lobby(world, Clock(local(DAY + dt.timedelta(days=15))))
    issued = desk.queue.issue(world.principal("lobby01"), "cash").ticket
    with world.engine.connect() as conn:
        row = conn.execute(
            select(ChangeFeed.entity_id, ChangeFeed.action, ChangeFeed.payload)
            .where(ChangeFeed.entity == FEED_LOBBY)
            .order_by(ChangeFeed.id.desc())
            .limit(1)
        ).one()
    assert row.entity_id == str(branch) and row.action == "issued"
    assert row.payload == {"ticket_id": issued.id, "number": issued.number, "counter_label": None, "action": "issued"}


def test_a_lobby_manager_issues_on_their_own_login_and_sees_only_their_branch(world: World) -> None:
    branch = _branch(world)
    clock = Clock(local(DAY + dt.timedelta(days=17)))
    pg = world.backend == "postgresql"
    own = lobby(world, clock, world.login("lobby01") if pg else None).queue
    me = world.principal("lobby01")
    vip = customers_of(world, branch, vip=True)[0]
    issued = own.issue(me, "cash", customer_id=vip)
    assert issued.ticket.is_vip and issued.ticket.customer_name
    texted = customers_of(world, branch, vip=None, with_mobile=True)[0]
    assert own.issue(me, "loan", customer_id=texted, sms_consent=True).sms_queued  # the outbox, on the own login
    other = world.principal("lobby02")
    theirs = QueueService(world.login("lobby02") if pg else world.engine, world.audit, clock=clock)
    assert issued.ticket.id not in {t.id for t in theirs.tickets_today(other)}
    with pytest.raises(LobbyError):
        theirs.tickets_today(other, branch)  # asking for another branch's numbers is refused
    if pg:
        with pytest.raises(LobbyError) as hidden:
            theirs.ticket(issued.ticket.id)  # row-level security: not even visible
        assert hidden.value.code == "no_ticket"


def test_the_issuing_desk_gets_the_branchs_services_in_order(world: World) -> None:
    branch = _branch(world)
    me = world.principal("lobby01")
    listed = lobby(world, Clock(local(DAY))).queue.services(me)
    with world.engine.connect() as conn:
        assert listed == services_of(conn, branch)
    assert [s.code for s in listed][:2] == ["cash", "noncash"] and all(s.branch_id == branch for s in listed)
    with pytest.raises(LobbyError) as other:
        lobby(world, Clock(local(DAY))).queue.services(me, branch + 1)
    assert other.value.code == "other_branch"
