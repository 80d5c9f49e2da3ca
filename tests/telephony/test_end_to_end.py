"""Simulator -> gateway -> database -> offer -> accept through the real twilio library -> callbacks -> wrap-up.

Everything runs for real on 127.0.0.1: the gateway (uvicorn), the simulator's REST API (checked against
Twilio's OpenAPI description) and its call traffic; the desktop side uses the services the Qt call bar uses,
with QueuedCallControl, so call control goes through the gateway that holds the Twilio secret.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select, update

from db.models import Call, CallOffer, Customer, Interaction, Reminder, User
from gateway.inprocess import DEMO_ACCOUNT_SID, InProcessTelephony, start_inprocess
from gateway.simulator.runner import Chaos
from services.agent_state import AgentStateService
from services.call_control import CallControlError, QueuedCallControl
from services.calls import CALLER_GONE, CallService
from services.config import Settings
from services.wrapup import WrapupError, WrapupService

from .helpers import call_row, wait_for
from .test_routing import _queue_call
from .world import SINGLE_PHONE, UNKNOWN_PHONE, VIP_PHONE, World

LONG = {"patience": 3000.0, "talk": 3000.0}  # simulated seconds; x speed 0.01 = 30 s real


@pytest.fixture
def telephony(sqlite_world: tuple[Engine, World], tmp_path: Path) -> Iterator[InProcessTelephony]:
    engine, _ = sqlite_world
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=3,
        chaos=Chaos(0.0, 0.0),
        worker_interval=0.05,
    )
    try:
        yield tel
    finally:
        tel.stop()


def _offer(engine: Engine, agent: int):  # type: ignore[no-untyped-def]
    service = CallService(engine)
    return wait_for(lambda: service.pending_offer(agent))


def test_call_is_offered_accepted_wrapped_up_and_written(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    agent = world.agents["agent02"]
    AgentStateService(engine).set_state(agent, "available")
    sid = telephony.place_call(SINGLE_PHONE, digits="1", **LONG)
    offer = _offer(engine, agent)
    assert offer.customer_id == world.single and offer.queue_name == "general"
    calls = CallService(engine, QueuedCallControl(engine))
    result = calls.accept(agent, offer.call_id)
    assert result.ok, result.message
    assert call_row(engine, sid).state == "connected"
    assert AgentStateService(engine).state(agent).state == "on_call"
    # Twilio (the simulator) dequeued the caller to the gateway's Dial TwiML for this agent.
    assert any(r["operation"].endswith("/Members/{CallSid}.json") for r in telephony.simulator.state.requests)
    assert telephony.simulator.state.rejected == []
    calls.save_notes(offer.call_id, "客户询问")
    calls.save_notes(offer.call_id, "客户询问年费减免")
    assert calls.hold(agent, offer.call_id).ok and call_row(engine, sid).state == "on_hold"
    assert calls.resume(agent, offer.call_id).ok and call_row(engine, sid).state == "connected"
    assert calls.hang_up(agent, offer.call_id).ok
    assert call_row(engine, sid).state == "wrap_up"
    wait_for(lambda: telephony.simulator.state.calls[sid].ended is not None)  # the caller's leg is gone too
    wrapups = WrapupService(engine)
    draft = wrapups.load_wrapup_draft(agent)
    assert draft is not None and draft.call_id == offer.call_id and draft.notes == "客户询问年费减免"
    follow_up = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    interaction = wrapups.complete_wrapup(agent, offer.call_id, "complaint.fee", "已解释年费政策", follow_up, "回访")
    with engine.connect() as conn:
        row = conn.execute(select(Interaction.__table__).where(Interaction.id == interaction)).one()
        reminder = conn.execute(select(Reminder.__table__).where(Reminder.customer_id == world.single)).one()
    assert (row.call_id, row.customer_id, row.channel, row.disposition) == (
        offer.call_id,
        world.single,
        "call_in",
        "complaint.fee",
    )
    assert reminder.kind == "follow_up" and reminder.assigned_to_id == agent
    final = call_row(engine, sid)
    assert final.state == "completed" and final.disposition == "complaint.fee" and final.ended_at is not None
    assert AgentStateService(engine).state(agent).state == "available"
    with pytest.raises(WrapupError):  # nothing is written twice
        wrapups.complete_wrapup(agent, offer.call_id, "complaint.fee", "again")


def test_twilio_error_on_accept_puts_the_call_back_in_the_queue(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    first, second = world.agents["agent02"], world.agents["agent01"]
    AgentStateService(engine).set_state(first, "available")
    sid = telephony.place_call(UNKNOWN_PHONE, digits="1", **LONG)
    offer = _offer(engine, first)

    async def inject() -> None:
        telephony.simulator.state.inject("POST", r"/Members/", 21211, message="Invalid 'To' Phone Number")

    telephony.simulator_server.run_coroutine(inject())
    result = CallService(engine, QueuedCallControl(engine)).accept(first, offer.call_id)
    assert not result.ok and result.code == 21211
    assert result.message and "号码无效" in result.message and "not valid" in result.message
    assert call_row(engine, sid).state in ("queued", "offered")
    with engine.connect() as conn:
        failed = conn.execute(
            select(CallOffer.status, CallOffer.error_code).where(CallOffer.id == offer.offer_id)
        ).one()
    assert tuple(failed) == ("failed", "21211")
    assert AgentStateService(engine).state(first).state == "available"
    # The caller is still waiting in Twilio's queue, and the call goes to the next agent.
    assert sid in next(q for q in telephony.simulator.state.queues.values() if q.friendly_name == "general").members
    AgentStateService(engine).set_state(second, "available")
    again = _offer(engine, second)
    assert again.call_id == offer.call_id
    assert CallService(engine, QueuedCallControl(engine)).accept(second, again.call_id).ok


def test_a_caller_twilio_no_longer_has_is_closed_not_offered_again(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    """A call left waiting in the database that Twilio's queue does not hold (its caller hung up while the
    gateway was down, or the phone system was restarted): accepting it finds nobody, so it is closed."""
    engine, world = sqlite_world
    first, second = world.agents["agent02"], world.agents["agent01"]
    ghost = _queue_call(engine, SINGLE_PHONE, dt.datetime.now(dt.UTC))  # a CallSid the simulator never saw
    AgentStateService(engine).set_state(first, "available")
    offer = _offer(engine, first)
    assert offer.call_id == ghost
    result = CallService(engine, QueuedCallControl(engine)).accept(first, ghost)
    assert not result.ok and result.code == 20404 and result.message == CALLER_GONE
    with engine.connect() as conn:
        state, ended = conn.execute(select(Call.state, Call.ended_at).where(Call.id == ghost)).one()
        failed = conn.execute(select(CallOffer.status).where(CallOffer.id == offer.offer_id)).scalar_one()
    assert (state, ended is not None, failed) == ("failed", True, "failed")
    assert AgentStateService(engine).state(first).state == "available"
    AgentStateService(engine).set_state(second, "available")
    time.sleep(0.5)  # routing passes run every 0.05 s: the closed call is offered to nobody
    assert CallService(engine).pending_offer(second) is None
    assert CallService(engine).pending_offer(first) is None


def test_decline_and_caller_hanging_up_while_offered(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    agent = world.agents["agent02"]
    AgentStateService(engine).set_state(agent, "available")
    sid = telephony.place_call(SINGLE_PHONE, digits="1", patience=300.0, talk=10.0)  # 3 s of patience
    offer = _offer(engine, agent)
    assert CallService(engine).decline(agent, offer.call_id).ok
    wait_for(lambda: call_row(engine, sid).state == "abandoned", timeout=20)
    assert AgentStateService(engine).state(agent).state == "available"


def test_click_to_call_rings_the_agent_then_the_customer(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    agent = world.agents["agent01"]
    calls = CallService(engine, QueuedCallControl(engine))
    result = calls.click_to_call(agent, world.single, "138-0000-0001")
    assert result.ok, result.message
    with engine.connect() as conn:
        sid = conn.execute(select(Call.call_sid).where(Call.id == result.call_id)).scalar_one()
    assert sid.startswith("CA")
    wait_for(lambda: call_row(engine, sid).state == "connected")  # answered: status callback 'in-progress'
    created = [r for r in telephony.simulator.state.requests if r["operation"].endswith("/Calls.json")]
    assert created[0]["form"]["To"] == "client:agent01"
    assert calls.hang_up(agent, result.call_id).ok
    WrapupService(engine).complete_wrapup(agent, result.call_id, "other", "未接通")
    with engine.connect() as conn:
        channel = conn.execute(select(Interaction.channel).where(Interaction.call_id == result.call_id)).scalar_one()
    assert channel == "call_out"
    assert not calls.click_to_call(agent, world.single, "+8613900000002").ok  # not this customer's number


def test_click_to_call_with_an_invalid_desk_phone_gets_21211(
    sqlite_world: tuple[Engine, World], telephony: InProcessTelephony
) -> None:
    engine, world = sqlite_world
    agent = world.agents["agent03"]  # desk phone, no softphone
    with engine.begin() as conn:
        conn.execute(update(User).where(User.id == agent).values(desk_phone="12345"))
    result = CallService(engine, QueuedCallControl(engine)).click_to_call(agent, world.single, SINGLE_PHONE)
    assert not result.ok and result.code == 21211
    assert AgentStateService(engine).state(agent).state != "on_call"
    assert call_row_by_id(engine, result.call_id).state == "failed"


@pytest.mark.postgres
def test_click_to_call_from_a_desktop_login_names_the_phone_row_and_the_gateway_dials_it(
    pg_world: tuple[Engine, World], tmp_path: Path
) -> None:
    """On PostgreSQL the desk cannot read the customer's number: it names the phone row, the gateway dials."""
    from db.models import CustomerPhone
    from db.pii import lookup_key, phone_key
    from gateway.control import NOT_THE_CUSTOMERS

    from .helpers import desktop_login

    engine, world = pg_world
    agent = world.agents["agent01"]
    with engine.connect() as conn:

        def row_of(number: str) -> int:
            found = select(CustomerPhone.id).where(CustomerPhone.e164_key == lookup_key(conn, phone_key(number)))
            return int(conn.execute(found).scalar_one())

        single_phone, vip_phone = row_of(SINGLE_PHONE), row_of(VIP_PHONE)
    tel = start_inprocess(
        engine,
        Settings(data_dir=tmp_path),
        traffic=False,
        speed=0.01,
        seed=3,
        chaos=Chaos(0.0, 0.0),
        worker_interval=0.05,
    )
    desk = desktop_login(engine, agent)
    try:
        calls = CallService(desk, QueuedCallControl(desk))
        refused = calls.click_to_call(agent, world.single, vip_phone)  # another customer's row
        assert not refused.ok and refused.call_id is None
        result = calls.click_to_call(agent, world.single, single_phone)
        assert result.ok, result.message
        row = call_row_by_id(engine, result.call_id)
        assert (row.to_e164, row.to_masked) == (SINGLE_PHONE, "138****0001")  # the gateway wrote the number
        created = [r for r in tel.simulator.state.requests if r["operation"].endswith("/Calls.json")]
        assert created[0]["form"]["To"] == "client:agent01" and "to=%2B8613800000001" in created[0]["form"]["Url"]
        assert calls.current_call(agent).caller_masked == "138****0001"  # type: ignore[union-attr]
        assert calls.hang_up(agent, result.call_id).ok  # type: ignore[arg-type]
        # A desk that asks the gateway for another customer's row directly is refused there.
        with pytest.raises(CallControlError, match="not this customer"):
            QueuedCallControl(desk).dial_out(int(result.call_id), "client:agent01", vip_phone)  # type: ignore[arg-type]
        assert NOT_THE_CUSTOMERS.endswith("That number is not this customer's.")
        with engine.begin() as conn:  # and a customer who asked not to be called is not dialled, whatever a desk asks
            conn.execute(update(Customer).where(Customer.id == world.single).values(alert_flags=["do_not_call"]))
        with pytest.raises(CallControlError, match="asked not to be called"):
            QueuedCallControl(desk).dial_out(int(result.call_id), "client:agent01", single_phone)  # type: ignore[arg-type]
    finally:
        desk.dispose()
        tel.stop()


def call_row_by_id(engine: Engine, call_id: int | None):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(Call.__table__).where(Call.id == call_id)).one()


def test_simulator_checks_requests_against_twilios_spec(telephony: InProcessTelephony) -> None:
    rest = telephony.rest_url
    base = f"{rest}/2010-04-01/Accounts/{DEMO_ACCOUNT_SID}"
    token = telephony.control.rest.client.password
    auth = (DEMO_ACCOUNT_SID, token)
    with httpx.Client(timeout=10) as http:
        queue = http.post(f"{base}/Queues.json", data={"FriendlyName": "general"}, auth=auth)
        assert queue.status_code == 201 and queue.json()["sid"].startswith("QU")
        qsid = queue.json()["sid"]
        member = f"{base}/Queues/{qsid}/Members/CA{'1' * 32}.json"
        missing = http.post(member, data={"Method": "POST"}, auth=auth)
        assert missing.status_code == 400 and missing.json()["code"] == 20001 and "Url" in missing.json()["message"]
        unknown = http.post(member, data={"Url": "http://x/y", "Colour": "red"}, auth=auth)
        assert unknown.status_code == 400 and "Colour" in unknown.json()["message"]
        bad_enum = http.post(member, data={"Url": "http://x/y", "Method": "PATCH"}, auth=auth)
        assert bad_enum.status_code == 400
        assert http.post(member, data={"Url": "http://x/y"}, auth=(DEMO_ACCOUNT_SID, "wrong")).json()["code"] == 20003
        bad_sid = http.post(f"{base}/Queues/QUnot-a-sid/Members/Front.json", data={"Url": "http://x"}, auth=auth)
        assert bad_sid.status_code == 400
        gone = http.post(member, data={"Url": "http://x/y"}, auth=auth)
        assert gone.status_code == 404 and gone.json()["code"] == 20404
        assert http.get(f"{rest}/2010-04-01/Nothing.json", auth=auth).json()["code"] == 20404
    # The product's own requests, through the twilio library, fit the spec; an invalid To is 21211.
    with pytest.raises(CallControlError) as err:
        telephony.control.rest.create_call("not-a-number", "+862160000000", "http://x/y", "http://x/z")
    assert err.value.code == 21211
    assert telephony.control.rest.queue_sid("general") == qsid
