"""Caller identification and the caller card: one match, a household, nobody, withheld numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select, update

from db.models import Call, Customer
from db.write import utcnow, write_txn
from gateway import events
from gateway.signature import Params
from services.callerid import classify, match_caller
from services.screenpop import QuickCreateRefused, ScreenPopService

from .helpers import new_sid
from .world import HOUSEHOLD_PHONE, SINGLE_PHONE, UNKNOWN_PHONE, VIP_PHONE, World


def _customers(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Customer)).scalar_one())


def _call(engine: Engine, from_: str, digits: str = "") -> int:
    sid = new_sid()
    params = Params({"CallSid": [sid], "From": [from_], "To": ["+862160000000"], "Digits": [digits]})
    with write_txn(engine) as conn:
        events.apply_incoming(conn, params, utcnow())
        events.apply_menu(conn, params, utcnow())
    with engine.connect() as conn:
        return int(conn.execute(select(Call.id).where(Call.call_sid == sid)).scalar_one())


@pytest.mark.parametrize("raw", ["anonymous", "Anonymous", "+266696687", "266696687", "", "  ", "restricted", None])
def test_withheld_numbers_are_recognised(raw: str | None) -> None:
    number = classify(raw)
    assert number.withheld and number.e164 is None


def test_match_results(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    with engine.connect() as conn:
        one = match_caller(conn, "138 0000 0001")
        several = match_caller(conn, "010-6555-0000")
        none = match_caller(conn, UNKNOWN_PHONE)
        withheld = match_caller(conn, "anonymous")
        vip = match_caller(conn, VIP_PHONE)
    assert (one.result, one.customer_id) == ("one", world.single)
    assert several.result == "several" and set(several.customer_ids) == set(world.household)
    assert several.customer_id is None  # never picked automatically
    assert (none.result, none.customer_ids) == ("none", ())
    assert withheld.result == "withheld" and withheld.number.e164 is None
    assert vip.vip_level == 4


def test_single_match_card_has_the_reasons_for_calling(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    pop = ScreenPopService(engine).screen_pop_context(_call(engine, SINGLE_PHONE, "2"))
    assert pop.match_result == "one" and pop.customer_id == world.single and pop.header is not None
    assert pop.candidates == [] and pop.quick_create is None
    assert pop.ivr_choice == "2" and pop.ivr_queue == "credit_card"
    assert pop.caller_masked == "138****0001"
    assert pop.hints is not None
    assert [c.number for c in pop.hints.open_complaints] == ["TS0001"]
    assert pop.hints.open_complaints[0].days_left in (11, 12)
    assert len(pop.hints.maturing_deposits) == 1 and pop.hints.maturing_deposits[0].days_left == 15


def test_household_line_lists_candidates_and_links_only_what_the_agent_picks(
    world_engine: tuple[Engine, World],
) -> None:
    engine, world = world_engine
    service = ScreenPopService(engine)
    call_id = _call(engine, HOUSEHOLD_PHONE)
    pop = service.screen_pop_context(call_id)
    assert pop.match_result == "several" and pop.customer_id is None and pop.hints is None
    assert {c.customer_id for c in pop.candidates} == set(world.household)
    assert all("*" in c.masked_id for c in pop.candidates)
    service.link_caller(call_id, world.household[1])
    linked = service.screen_pop_context(call_id)
    assert linked.customer_id == world.household[1] and linked.hints is not None


def test_unknown_caller_quick_create_checks_duplicates_first(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    service = ScreenPopService(engine)
    call_id = _call(engine, UNKNOWN_PHONE)
    pop = service.screen_pop_context(call_id)
    assert pop.match_result == "none" and pop.quick_create is not None
    assert pop.quick_create.masked_phone == "137****0009"
    before = _customers(engine)
    # Same ID number as an existing customer: stopped, even with force.
    blocked = service.quick_create(
        call_id, 1, name="张伟", id_type="resident_id", id_number="110101198001010001", force=True
    )
    assert blocked.customer_id is None and [c.customer_id for c in blocked.duplicates] == [world.single]
    assert _customers(engine) == before
    made = service.quick_create(call_id, 1, name="赵敏", id_type="resident_id", id_number="11010119900202999x")
    assert made.customer_id is not None and _customers(engine) == before + 1
    assert service.screen_pop_context(call_id).customer_id == made.customer_id
    # The new customer is found by the number next time.
    assert ScreenPopService(engine).screen_pop_context(_call(engine, UNKNOWN_PHONE)).customer_id == made.customer_id


@pytest.mark.parametrize("raw", ["anonymous", "+266696687", ""])
def test_withheld_numbers_never_create_customers(world_engine: tuple[Engine, World], raw: str) -> None:
    engine, _ = world_engine
    service = ScreenPopService(engine)
    before = _customers(engine)
    call_id = _call(engine, raw)
    pop = service.screen_pop_context(call_id)
    assert pop.match_result == "withheld" and pop.withheld and pop.quick_create is None and pop.candidates == []
    with pytest.raises(QuickCreateRefused):
        service.quick_create(call_id, 1, name="某人", id_type="resident_id", id_number="110101199001011234")
    assert _customers(engine) == before


def test_vip_without_a_choice_goes_to_the_vip_line(world_engine: tuple[Engine, World]) -> None:
    engine, _ = world_engine
    pop = ScreenPopService(engine, clock=lambda: dt.datetime.now(dt.UTC)).screen_pop_context(_call(engine, VIP_PHONE))
    assert pop.queue_name == "vip"


def test_the_one_statement_incoming_write_records_what_the_portable_one_does(pg_world: tuple[Engine, World]) -> None:
    """PostgreSQL records an incoming call in one statement; row for row it must equal the portable path."""
    from db.models import ChangeFeed

    engine, world = pg_world
    at = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
    numbers = [SINGLE_PHONE, "138 0000 0001", HOUSEHOLD_PHONE, VIP_PHONE, UNKNOWN_PHONE, "anonymous", "", "12ab"]
    for raw in [*numbers, "+" + "9" * 50]:
        recorded = {}
        for apply in (events.apply_incoming, events.apply_incoming_portable):
            sid = new_sid()
            params = Params({"CallSid": [sid], "From": [raw], "To": ["+862160000000"]})
            for _ in range(2):  # a retried webhook records nothing the second time
                with write_txn(engine) as conn:
                    apply(conn, params, at)
            with engine.connect() as conn:
                call = conn.execute(select(Call.__table__).where(Call.call_sid == sid)).mappings().one()
                feed_rows = conn.execute(
                    select(ChangeFeed.action, ChangeFeed.payload, ChangeFeed.txid, ChangeFeed.actor_id).where(
                        ChangeFeed.entity == "call", ChangeFeed.entity_id == str(call["id"])
                    )
                ).all()
            assert len(feed_rows) == 1 and feed_rows[0].txid is not None, raw
            kept = {k: v for k, v in call.items() if k not in {"id", "call_sid", "created_at", "updated_at"}}
            recorded[apply.__name__] = (kept, [(r.action, r.payload, r.actor_id) for r in feed_rows])
        assert recorded["apply_incoming"] == recorded["apply_incoming_portable"], raw
        kept, feed_rows = recorded["apply_incoming"]
        assert kept["received_at"] == at and kept["state"] == "received" and kept["version"] == 1
        expected = {SINGLE_PHONE: world.single, "138 0000 0001": world.single, VIP_PHONE: world.vip}.get(raw)
        assert kept["customer_id"] == expected and feed_rows[0][1] == {"customer_id": expected}, raw
    assert recorded["apply_incoming"][0]["match_result"] == "none"  # the last, too long to be a number


def test_quick_create_copies_the_callers_number_with_its_mask_and_key(world_engine: tuple[Engine, World]) -> None:
    from db.models import CustomerPhone
    from db.pii import phone_columns, stored_columns
    from services.screenpop import caller_phone_to_customer

    engine, _ = world_engine
    service = ScreenPopService(engine)
    landline = "+861066660000"  # a Beijing landline: +861… too, but not a mobile
    made = {}
    for number in (UNKNOWN_PHONE, landline):
        call_id = _call(engine, number)
        made[number] = (
            call_id,
            service.quick_create(call_id, 1, name="新客户", id_type="passport", id_number=number[-9:]),
        )
    with engine.connect() as conn:
        for number, (_call_id, result) in made.items():
            rows = conn.execute(
                select(CustomerPhone.__table__).where(CustomerPhone.customer_id == result.customer_id)
            ).all()
            assert len(rows) == 1, number
            row = rows[0]
            assert {"e164": row.e164, "e164_masked": row.e164_masked, "e164_key": row.e164_key} == stored_columns(
                conn, phone_columns(number)
            )
            assert (row.kind, row.is_primary, row.verified) == (
                "mobile" if number == UNKNOWN_PHONE else "landline",
                True,
                False,
            )
    # Linked now: the call gives its number to nobody else.
    call_id, result = made[UNKNOWN_PHONE]
    with write_txn(engine) as conn:
        assert caller_phone_to_customer(conn, call_id, world_engine[1].single) is None


@pytest.mark.postgres
def test_a_desktop_login_pops_and_quick_creates_without_reading_numbers(pg_world: tuple[Engine, World]) -> None:
    """On PostgreSQL an agent's own login may not read call or phone numbers; the caller card still works."""
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    from .helpers import desktop_login

    engine, world = pg_world
    household, unknown, elsewhere = (
        _call(engine, HOUSEHOLD_PHONE),
        _call(engine, UNKNOWN_PHONE),
        _call(engine, "+8613700000010"),
    )
    with write_txn(engine) as conn:  # offered to this agent (another agent has the third)
        for call_id, agent_id in ((household, 1), (unknown, 1), (elsewhere, 2)):
            conn.execute(update(Call).where(Call.id == call_id).values(agent_id=agent_id))
    agent = desktop_login(engine, world.agents["agent01"])
    try:
        for raw in ("SELECT from_e164 FROM call", "SELECT e164 FROM customer_phone", "SELECT id_number FROM customer"):
            with pytest.raises(ProgrammingError, match="permission denied"), agent.connect() as conn:
                conn.execute(text(raw))
        service = ScreenPopService(agent)
        pop = service.screen_pop_context(household)
        assert pop.caller_masked == "010-****0000"
        assert {c.customer_id for c in pop.candidates} == set(world.household)
        assert all(c.masked_id.startswith("110") and "*" in c.masked_id for c in pop.candidates)
        pop = service.screen_pop_context(unknown)
        assert pop.quick_create is not None and pop.quick_create.masked_phone == "137****0009"
        made = service.quick_create(
            unknown, world.agents["agent01"], name="赵敏", id_type="resident_id", id_number="11010119900202999x"
        )
        assert made.customer_id is not None
        assert service.screen_pop_context(unknown).customer_id == made.customer_id
        # The number reached the new customer inside the database, and finds them on the next call.
        assert ScreenPopService(agent).screen_pop_context(_call(engine, UNKNOWN_PHONE)).customer_id == made.customer_id
        # Another agent's caller cannot be given to a customer from this desk.
        with pytest.raises(QuickCreateRefused, match="not at your desk"):
            service.quick_create(elsewhere, 1, name="钱多", id_type="resident_id", id_number="110101199003030033")
        assert ScreenPopService(engine).screen_pop_context(elsewhere).customer_id is None
    finally:
        agent.dispose()
