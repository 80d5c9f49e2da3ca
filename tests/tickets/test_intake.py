"""Intake: one-transaction creation, drafts that reopen, repeat detection and merge (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select

from db.models import Call, ChangeFeed, OutboxMessage, Ticket, TicketClock, TicketDraft, TicketEvent
from services.tickets import ComplaintInput, InvalidInput, NotAllowed
from services.tickets.calendar import as_utc

from .conftest import World, cst, recipient_of


def counts(world: World, ticket_id: int) -> dict[str, int]:
    with world.engine.connect() as conn:
        events = conn.execute(select(func.count()).where(TicketEvent.ticket_id == ticket_id)).scalar_one()
        feed = conn.execute(
            select(func.count()).where(ChangeFeed.entity == "ticket", ChangeFeed.entity_id == str(ticket_id))
        ).scalar_one()
        clock = conn.execute(select(func.count()).where(TicketClock.ticket_id == ticket_id)).scalar_one()
    return {"events": events, "feed": feed, "clock": clock}


def test_complaint_is_fully_recorded(world: World) -> None:
    created = world.service.create_complaint(world.agent, world.complaint())
    assert created.number.startswith("TS2603-") and created.version == 1
    # received Mon 2 Mar 09:00 → 15 calendar days → 17 Mar 23:59:59 Beijing time
    assert created.due_at == cst(2026, 3, 17, 23, 59, 59)
    detail = world.service.ticket_detail(created.id)
    assert detail.row.status == "new" and detail.identity_verified and detail.row.customer_id == world.customer
    assert detail.first_response_due == cst(2026, 3, 2, 17, 30)  # one business day (420 min) from 09:00
    events = world.service.ticket_events(created.id)
    assert [e.kind for e in events] == ["created", "notice"]
    assert events[0].data["identity"] == {"verified": True, "method": "phone_verification"}
    assert counts(world, created.id) == {"events": 2, "feed": 2, "clock": 1}
    with world.engine.connect() as conn:
        feed_rows = conn.execute(select(ChangeFeed.action, ChangeFeed.payload).order_by(ChangeFeed.id)).all()
        notice = conn.execute(select(OutboxMessage)).one()
    assert feed_rows[0].action == "insert" and feed_rows[0].payload["event_id"] == events[0].id
    assert recipient_of(world, notice) == "+8613812345678" and notice.to_masked == "138****5678"
    assert notice.idem_key == f"ticket:{created.id}:complaint_received:v1"
    assert created.number in notice.body_text and "2026-03-17" in notice.body_text


def test_invalid_intake_writes_nothing(world: World) -> None:
    for bad in (
        world.complaint(category="no_such_category"),
        world.complaint(summary="  "),
        world.complaint(intake_channel="regulator"),  # without the referral date
        world.complaint(received_at=world.clock.now + dt.timedelta(hours=1)),
    ):
        with pytest.raises(InvalidInput):
            world.service.create_complaint(world.agent, bad)
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Ticket)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(ChangeFeed)).scalar_one() == 0


def test_prefill_from_a_call_uses_the_call_arrival_as_receipt(world: World) -> None:
    arrived = cst(2026, 2, 27, 17, 20)
    with world.engine.begin() as conn:
        call_id = conn.execute(
            insert(Call)
            .values(call_sid="CA1", direction="in", customer_id=world.customer, state="completed", received_at=arrived)
            .returning(Call.id)
        ).scalar_one()
    data = world.service.prefill_from_call(call_id)
    assert data.customer_id == world.customer and data.call_id == call_id and data.received_at == arrived
    data.category, data.summary = "service_quality", "柜员态度冷淡"
    created = world.service.create_complaint(world.agent, data)
    assert created.due_at == cst(2026, 3, 14, 23, 59, 59)  # 27 Feb + 15
    with world.engine.connect() as conn:
        assert conn.execute(select(Ticket.call_id).where(Ticket.id == created.id)).scalar_one() == call_id


def test_regulator_referral_starts_its_own_clock(world: World) -> None:
    world.clock.set(cst(2026, 10, 8, 9, 30))
    created = world.service.create_complaint(
        world.agent,
        world.complaint(
            intake_channel="regulator", referral_date=dt.date(2026, 9, 28), referral_ref="沪金管转〔2026〕88号"
        ),
    )
    assert created.due_at == cst(2026, 10, 13, 23, 59, 59)
    created_event = world.service.ticket_events(created.id)[0]
    assert created_event.data["referral"] == {"date": "2026-09-28", "ref": "沪金管转〔2026〕88号"}


def test_draft_reopens_until_submitted_and_submits_once(world: World) -> None:
    actor = world.agent
    draft = world.service.save_draft(actor, ComplaintInput(customer_id=world.customer, category="fee_dispute"))
    draft = world.service.save_draft(actor, world.complaint(summary="年费争议"), draft)
    (reopened,) = world.service.open_drafts(world.handler)
    assert reopened.id == draft and reopened.data.summary == "年费争议" and reopened.status == "open"
    created = world.service.submit_draft(actor, draft)
    assert world.service.open_drafts(world.handler) == []
    again = world.service.submit_draft(actor, draft)  # a retry after an unknown outcome
    assert again.id == created.id
    with world.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Ticket)).scalar_one() == 1
        row = conn.execute(select(TicketDraft.status, TicketDraft.ticket_id)).one()
    assert tuple(row) == ("submitted", created.id)
    assert world.service.ticket_events(created.id)[0].data["draft_id"] == draft
    with pytest.raises(NotAllowed):
        world.service.save_draft(actor, world.complaint(), draft)


def test_incomplete_draft_cannot_be_submitted_and_stays_open(world: World) -> None:
    draft = world.service.save_draft(world.agent, ComplaintInput(customer_id=world.customer))
    with pytest.raises(InvalidInput):
        world.service.submit_draft(world.agent, draft)
    assert [d.id for d in world.service.open_drafts(world.handler)] == [draft]
    world.service.discard_draft(world.agent, draft)
    assert world.service.open_drafts(world.handler) == []


def test_repeat_is_proposed_and_merging_keeps_the_original_deadline(world: World) -> None:
    original = world.service.create_complaint(world.agent, world.complaint())
    world.clock.set(cst(2026, 3, 10, 15, 0))  # eight days later the customer complains again
    repeats = world.service.find_repeats(world.customer, "fee_dispute")
    assert [(r.id, r.match) for r in repeats] == [(original.id, "same")]
    assert [r.match for r in world.service.find_repeats(world.customer, "fee_disclosure")] == ["related"]
    assert world.service.find_repeats(world.customer, "app_issue") == []
    assert world.service.find_repeats(world.customer2, "fee_dispute") == []
    repeat = world.service.create_complaint(
        world.agent, world.complaint(summary="再次投诉年费"), merge_into=original.id
    )
    assert repeat.due_at == cst(2026, 3, 25, 23, 59, 59)  # its own clock, but ...
    orig = world.service.ticket_detail(original.id)
    assert orig.row.due_at == cst(2026, 3, 17, 23, 59, 59)  # ... the original deadline stands
    dup = world.service.ticket_detail(repeat.id)
    assert dup.row.status == "merged" and dup.merged_into_id == original.id and dup.read_only
    assert dup.row.remaining_s is None  # not on the at-risk board
    assert [e.kind for e in world.service.ticket_events(original.id)][-1] == "repeat_merged"
    world.clock.set(cst(2026, 4, 20))  # outside the 30-day window
    assert world.service.find_repeats(world.customer, "fee_dispute") == []


def test_merge_refuses_other_customers_and_itself(world: World) -> None:
    a = world.service.create_complaint(world.agent, world.complaint())
    b = world.service.create_complaint(world.agent, world.complaint(customer_id=world.customer2))
    with pytest.raises(NotAllowed):
        world.service.merge(world.agent, b.id, b.version, a.id)
    with pytest.raises(NotAllowed):
        world.service.merge(world.agent, a.id, a.version, a.id)


def test_received_at_is_stored_in_utc(world: World) -> None:
    created = world.service.create_complaint(world.agent, world.complaint(received_at=cst(2026, 3, 1, 23, 30)))
    with world.engine.connect() as conn:
        stored = conn.execute(select(Ticket.received_at).where(Ticket.id == created.id)).scalar_one()
    assert as_utc(stored) == cst(2026, 3, 1, 23, 30)
    assert created.due_at == cst(2026, 3, 16, 23, 59, 59)
