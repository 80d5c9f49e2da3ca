"""Appointments: slots and capacity, refusals, the SMS confirmation and consent, cancel, the day's list, missed
appointments, and two bookings racing for the last place (PostgreSQL, under the staff's own logins)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, delete, insert, select, update

from db.models import Appointment, Branch, ChangeFeed, Customer, CustomerConsent, OutboxMessage
from services.lobby.appointments import AppointmentService, BookedAppointment, mark_missed_appointments
from services.lobby.setup import branch_zone
from services.lobby.types import FEED_APPOINTMENT, LobbyError
from services.messaging.service import MessagingService
from services.permissions import PermissionDenied, Principal
from tests.flows.runner_rig import World

DAY = dt.date(2031, 3, 4)  # the branch-local day the tests book on (the clock is injected)


def engine_of(world: World, username: str) -> Engine:
    return world.login(username) if world.backend == "postgresql" else world.engine


def zone(world: World, branch_id: int) -> ZoneInfo:
    with world.engine.connect() as conn:
        return branch_zone(conn, branch_id)


def local(world: World, branch_id: int, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone(world, branch_id)).astimezone(dt.UTC)


def service(world: World, username: str, at: dt.datetime, *, sms: bool = True) -> tuple[AppointmentService, Principal]:
    engine = engine_of(world, username)
    messaging = MessagingService(engine, audit=world.audit) if sms else None
    return AppointmentService(engine, world.audit, clock=lambda: at, messaging=messaging), world.principal(username)


def branch_customers(world: World, branch_id: int) -> list[int]:
    with world.engine.connect() as conn:
        return list(
            conn.execute(select(Customer.id).where(Customer.branch_id == branch_id).order_by(Customer.id)).scalars()
        )


def book(svc: AppointmentService, me: Principal, cid: int, branch_id: int, start: dt.datetime, code: str = "wealth"):
    return svc.book(me, cid, branch_id, code, start, channel="phone", token=uuid.uuid4().hex)


def test_the_days_slots_and_their_capacity(world: World) -> None:
    lobby = world.principal("lobby01")
    branch = lobby.branch_id
    assert branch is not None
    at = local(world, branch, DAY, 8)
    svc, agent = service(world, "agent01", at, sms=False)
    slots = svc.slots(branch, "wealth", DAY)
    assert len(slots) == 16
    assert slots[0].start == local(world, branch, DAY, 9) and slots[-1].end == local(world, branch, DAY, 17)
    assert all(s.end - s.start == dt.timedelta(minutes=30) and s.capacity == 2 and s.free == 2 for s in slots)
    ten = local(world, branch, DAY, 10)
    first, second, third = branch_customers(world, branch)[:3]
    made = book(svc, agent, first, branch, ten)
    assert (made.status, made.slot_start, made.slot_end, made.service_code) == (
        "booked",
        ten,
        ten + dt.timedelta(minutes=30),
        "wealth",
    )
    assert book(svc, agent, first, branch, ten).id == made.id  # a double submit: the same booking
    book(svc, agent, second, branch, ten)
    taken = {s.start: s for s in svc.slots(branch, "wealth", DAY)}[ten]
    assert (taken.booked, taken.free) == (2, 0)
    with pytest.raises(LobbyError) as refused:
        book(svc, agent, third, branch, ten)
    assert refused.value.code == "slot_full"
    assert book(svc, agent, third, branch, ten, "loan").service_code == "loan"  # another service: its own places
    with world.engine.connect() as conn:
        actions = conn.execute(
            select(ChangeFeed.action).where(ChangeFeed.entity == FEED_APPOINTMENT, ChangeFeed.entity_id == str(branch))
        ).scalars()
        assert list(actions).count("booked") >= 3


def test_bad_slots_and_services_are_refused(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    at = local(world, branch, DAY, 11, 10)
    svc, agent = service(world, "agent01", at, sms=False)
    cid = branch_customers(world, branch)[3]
    for start, code in (
        (local(world, branch, DAY, 10, 30), "past_slot"),
        (local(world, branch, DAY, 11, 0), "past_slot"),  # under way already
        (local(world, branch, DAY, 13, 15), "bad_slot"),
        (local(world, branch, DAY, 17, 0), "bad_slot"),
        (local(world, branch, DAY, 8, 30), "bad_slot"),
    ):
        with pytest.raises(LobbyError) as refused:
            book(svc, agent, cid, branch, start)
        assert refused.value.code == code, start
    with pytest.raises(LobbyError) as refused:
        book(svc, agent, cid, branch, local(world, branch, DAY, 14), "goldsmith")
    assert refused.value.code == "no_service"
    admin_svc, admin = service(world, "admin", at, sms=False)
    with pytest.raises(PermissionDenied):
        book(admin_svc, admin, cid, branch, local(world, branch, DAY, 14))


def test_the_sms_confirmation_respects_consent(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    at = local(world, branch, DAY, 8)
    svc, cm = service(world, "cm01", at)
    willing, unwilling = branch_customers(world, branch)[4:6]
    with world.engine.begin() as conn:
        conn.execute(delete(CustomerConsent).where(CustomerConsent.customer_id.in_([willing, unwilling])))
        conn.execute(
            insert(CustomerConsent).values(
                customer_id=unwilling, channel="sms", purpose="service", granted=False, source="test", updated_at=at
            )
        )
    start = local(world, branch, DAY, 15)
    made = svc.book(cm, willing, branch, "wealth", start, channel="manager", token="t-1")
    assert isinstance(made, BookedAppointment) and made.sms_queued, made.sms_en
    with world.engine.connect() as conn:
        outbox = conn.execute(
            select(OutboxMessage.customer_id, OutboxMessage.channel, OutboxMessage.body_text).where(
                OutboxMessage.idem_key == f"compose:appointment-{made.id}"
            )
        ).one()
    assert (outbox.customer_id, outbox.channel) == (willing, "sms")
    assert made.branch_name in outbox.body_text
    refused = svc.book(cm, unwilling, branch, "wealth", start, channel="manager", token="t-2")
    assert refused.status == "booked" and not refused.sms_queued and "no SMS" in refused.sms_en
    with world.engine.connect() as conn:
        none = conn.execute(
            select(OutboxMessage.id).where(OutboxMessage.idem_key == f"compose:appointment-{refused.id}")
        ).first()
    assert none is None


def test_cancel_frees_the_place_and_the_lists(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    at = local(world, branch, DAY, 8)
    svc, agent = service(world, "agent01", at, sms=False)
    cid = branch_customers(world, branch)[6]
    start = local(world, branch, DAY, 16, 30)
    made = book(svc, agent, cid, branch, start, "noncash")
    lobby_svc, lobby = service(world, "lobby01", at, sms=False)
    assert made.id in [a.id for a in lobby_svc.today(lobby)]
    assert made.id in [a.id for a in lobby_svc.for_customer(lobby, cid)]
    assert not [a for a in lobby_svc.today(lobby) if a.slot_start.astimezone(zone(world, branch)).date() != DAY]
    gone = lobby_svc.cancel(lobby, made.id, made.version)
    assert gone.status == "cancelled" and gone.version == made.version + 1
    assert {s.start: s for s in svc.slots(branch, "noncash", DAY)}[start].booked == 0
    with pytest.raises(LobbyError) as refused:
        lobby_svc.cancel(lobby, made.id, made.version)
    assert refused.value.code == "stale"
    with pytest.raises(LobbyError) as refused:
        lobby_svc.cancel(lobby, gone.id, gone.version)
    assert refused.value.code == "bad_transition"


def test_a_customer_manager_counts_other_branches_bookings(world: World) -> None:
    """Booking at another branch counts everyone's bookings there, also those row-level security hides."""
    cm = world.principal("cm01")
    other = world.principal("lobby02").branch_id
    assert other is not None and cm.branch_id is not None and other != cm.branch_id
    at = local(world, other, DAY, 8)
    agent_svc, agent = service(world, "agent01", at, sms=False)
    start = local(world, other, DAY, 9, 30)
    book(agent_svc, agent, branch_customers(world, other)[0], other, start, "cash")
    cm_svc, me = service(world, "cm01", at, sms=False)
    assert {s.start: s for s in cm_svc.slots(other, "cash", DAY)}[start].booked == 1
    mine = branch_customers(world, cm.branch_id)
    book(cm_svc, me, mine[7], other, start, "cash")
    with pytest.raises(LobbyError) as refused:
        book(cm_svc, me, mine[8], other, start, "cash")
    assert refused.value.code == "slot_full"


def test_booked_appointments_not_kept_become_missed(world: World) -> None:
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    day = DAY + dt.timedelta(days=1)
    svc, agent = service(world, "agent01", local(world, branch, day, 8), sms=False)
    kept, missed = branch_customers(world, branch)[8:10]
    start = local(world, branch, day, 10)
    checked_in = book(svc, agent, kept, branch, start, "cash")
    with world.engine.begin() as conn:  # what the queue's check-in does
        conn.execute(
            update(Appointment)
            .where(Appointment.id == checked_in.id)
            .values(status="checked_in", version=Appointment.version + 1)
        )
    gone = book(svc, agent, missed, branch, start, "cash")
    end = start + dt.timedelta(minutes=30)
    mark_missed_appointments(world.engine, end + dt.timedelta(minutes=14))
    assert _status(world, gone.id) == "booked"
    assert mark_missed_appointments(world.engine, end + dt.timedelta(minutes=16)) >= 1
    assert (_status(world, gone.id), _status(world, checked_in.id)) == ("missed", "checked_in")
    assert mark_missed_appointments(world.engine, end + dt.timedelta(minutes=16)) == 0


def _status(world: World, appointment_id: int) -> str:
    with world.engine.connect() as conn:
        return str(conn.execute(select(Appointment.status).where(Appointment.id == appointment_id)).scalar_one())


def _race(racers: list[tuple[AppointmentService, Principal]], customers: list[int], branch: int, start: dt.datetime):
    """Both desks book at once (released together by a barrier); what each got."""
    barrier = threading.Barrier(len(racers))
    results: list[object] = [None] * len(racers)

    def run(i: int) -> None:
        svc, me = racers[i]
        barrier.wait()
        try:
            results[i] = book(svc, me, customers[i], branch, start, "corporate")
        except LobbyError as refused:
            results[i] = refused

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(racers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_bookings_racing_for_the_last_place_one_wins(world: World) -> None:
    """Two desks (two logins on PostgreSQL) book the last place of a slot at the same moment: exactly one wins."""
    branch = world.principal("lobby01").branch_id
    assert branch is not None
    day = DAY + dt.timedelta(days=2)
    at = local(world, branch, day, 8)
    customers = branch_customers(world, branch)
    for hour in (9, 10, 11, 12):
        start = local(world, branch, day, hour)
        first_svc, agent = service(world, "agent01", at, sms=False)
        book(first_svc, agent, customers[0], branch, start, "corporate")  # one of the two places taken
        racers = [service(world, "agent01", at, sms=False), service(world, "lobby01", at, sms=False)]
        results = _race(racers, customers[1:3], branch, start)
        wins = [r for r in results if not isinstance(r, LobbyError)]
        losses = [r for r in results if isinstance(r, LobbyError)]
        assert len(wins) == 1 and len(losses) == 1, results
        assert losses[0].code == "slot_full"
        assert {s.start: s for s in first_svc.slots(branch, "corporate", day)}[start].booked == 2


def test_the_dialog_lists_every_branch_by_name_on_a_staff_login(world: World) -> None:
    """The booking dialog offers every branch (an agent books for any branch), read on the user's own login."""
    with world.engine.connect() as conn:
        expected = sorted((int(r.id), str(r.name)) for r in conn.execute(select(Branch.id, Branch.name)))
    svc, _ = service(world, "agent01", local(world, 1, DAY, 10))
    listed = svc.branches()
    assert sorted(listed) == expected and len(listed) >= 2
    assert [name for _, name in listed] == sorted(name for _, name in listed)
