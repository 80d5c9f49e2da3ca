"""A satisfaction score by SMS reply lands on the customer's closed complaint: through the signed webhook
(signed with the twilio library's RequestValidator), in the same transaction as the timeline entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from db.models import ChangeFeed, CustomerConsent, Interaction, Ticket, TicketEvent
from db.models.ticketing import TicketClock

from .rig import ACCOUNT_SID, Rig, running
from .world import BANK_NUMBER, LI_MOBILE, ZHANG_MOBILE, World


@pytest.fixture
def rig(sqlite_world: World, tmp_path: Path) -> Iterator[Rig]:
    with running(sqlite_world, tmp_path) as r:
        yield r


def surveyed(world: World) -> int:
    """Zhang's complaint, decided, closed and surveyed by SMS (what closing a complaint does)."""
    with world.engine.begin() as conn:
        conn.execute(update(Ticket).where(Ticket.id == world.ticket).values(status="closed"))
        conn.execute(
            insert(TicketClock).values(
                ticket_id=world.ticket, started_at=world.clock.now, survey_sent_at=world.clock.now
            )
        )
    return world.ticket


def incoming(rig: Rig, from_: str, body: str, sid: str = "SM" + "d" * 32) -> int:
    params = {"AccountSid": ACCOUNT_SID, "MessageSid": sid, "From": from_, "To": BANK_NUMBER, "Body": body}
    return rig.post("/twilio/messaging/incoming", params).status_code  # signed by RequestValidator


def survey_state(world: World, ticket: int) -> tuple[int | None, object, list[tuple[str, object]]]:
    with world.engine.connect() as conn:
        satisfaction = conn.execute(select(Ticket.satisfaction).where(Ticket.id == ticket)).scalar()
        replied = conn.execute(select(TicketClock.survey_replied_at).where(TicketClock.ticket_id == ticket)).scalar()
        events = [
            (r.kind, r.data)
            for r in conn.execute(
                select(TicketEvent.kind, TicketEvent.data).where(
                    TicketEvent.ticket_id == ticket, TicketEvent.kind == "survey_reply"
                )
            )
        ]
    return satisfaction, replied, events


@pytest.mark.parametrize(
    ("body", "score"), [("5", 5), ("１", 1), ("4分", 4), ("非常满意", 5), ("不满意", 1), (" 3 ", 3), ("满意", 4)]
)
def test_a_score_reply_is_recorded_on_the_surveyed_complaint(rig: Rig, body: str, score: int) -> None:
    world = rig.world
    ticket = surveyed(world)
    assert incoming(rig, ZHANG_MOBILE, body) == 200
    satisfaction, replied, events = survey_state(world, ticket)
    assert satisfaction == score and replied is not None
    assert events == [("survey_reply", {"score": score})]
    with world.engine.connect() as conn:
        entry = conn.execute(select(Interaction.__table__).where(Interaction.customer_id == world.zhang)).one()
        feed = conn.execute(select(ChangeFeed.entity, ChangeFeed.entity_id).where(ChangeFeed.entity == "ticket")).all()
    assert (entry.direction, entry.disposition, entry.ticket_id, entry.summary) == ("in", "survey_reply", ticket, body)
    assert str(score) in entry.subject
    assert ("ticket", str(ticket)) in [tuple(r) for r in feed]
    # A second reply (or a replayed webhook) does not change the recorded answer.
    assert incoming(rig, ZHANG_MOBILE, "1", sid="SM" + "e" * 32) == 200
    assert survey_state(world, ticket)[0] == score


def test_replies_without_a_pending_survey_or_a_score_are_only_on_the_timeline(rig: Rig) -> None:
    world = rig.world
    assert incoming(rig, ZHANG_MOBILE, "5") == 200  # the complaint is still open: no survey was sent
    assert survey_state(world, world.ticket) == (None, None, [])
    surveyed(world)
    assert incoming(rig, ZHANG_MOBILE, "请问补偿什么时候到账？", sid="SM" + "f" * 32) == 200
    assert survey_state(world, world.ticket) == (None, None, [])
    assert incoming(rig, LI_MOBILE, "5", sid="SM" + "0" * 32) == 200  # Li has no complaint
    with world.engine.connect() as conn:
        dispositions = sorted(
            conn.execute(select(Interaction.disposition).where(Interaction.direction == "in")).scalars()
        )
    assert dispositions == ["reply", "reply", "reply"]


def test_stop_is_still_an_opt_out_and_not_a_score(rig: Rig) -> None:
    world = rig.world
    ticket = surveyed(world)
    assert incoming(rig, ZHANG_MOBILE, "退订") == 200
    assert survey_state(world, ticket) == (None, None, [])
    with world.engine.connect() as conn:
        granted = conn.execute(
            select(CustomerConsent.granted).where(
                CustomerConsent.customer_id == world.zhang, CustomerConsent.channel == "sms"
            )
        ).scalars()
        assert not any(granted)
