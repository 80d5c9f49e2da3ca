"""SMS end to end: the twilio library against the simulator (checked against Twilio's OpenAPI description),
status callbacks to the signed gateway, unknown outcomes reconciled without a second message, inbound STOP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from db.models import CustomerConsent, Interaction, OutboxMessage
from gateway.outbox_store import OUTBOX

from ..telephony.helpers import wait_for
from .rig import ACCOUNT_SID, Rig, running
from .world import BANK_NUMBER, LI_MOBILE, SHARED_MOBILE, ZHANG_MOBILE, World


@pytest.fixture
def rig(sqlite_world: World, tmp_path: Path) -> Iterator[Rig]:
    with running(sqlite_world, tmp_path) as r:
        yield r


def send_maturity(world: World, token: str = "dialog-sms-001") -> int:
    return world.service.send(
        world.agent_p, world.zhang, world.template_id("deposit_maturity_sms"), {}, token=token
    ).outbox_id


def raw_row(world: World, to: str, key: str, body: str = "测试短信", customer: int | None = None) -> int:
    """An outbox row as other services write it (e.g. complaint notices)."""
    with world.engine.begin() as conn:
        return int(
            conn.execute(
                insert(OUTBOX)
                .values(
                    idem_key=key,
                    channel="sms",
                    purpose="service",
                    customer_id=customer,
                    to_address=to,
                    body_text=body,
                    status="pending",
                    created_at=world.clock.now,
                )
                .returning(OUTBOX.c.id)
            ).scalar_one()
        )


def hold_maintenance(rig: Rig) -> None:
    """Keep the sender from reconciling on its own, to look at the row in between."""
    import time

    rig.sender.maintenance_every = 3600.0
    rig.sender._maintained = time.monotonic()


def timeline_state(world: World, outbox_id: int) -> str | None:
    with world.engine.connect() as conn:
        return conn.execute(select(Interaction.disposition).where(Interaction.outbox_id == outbox_id)).scalar()


def test_sms_goes_through_the_twilio_library_and_delivery_reaches_the_timeline(rig: Rig) -> None:
    world = rig.world
    outbox_id = send_maturity(world)
    assert rig.sender.drain() == 1
    (request,) = rig.creates()
    assert rig.simulator.state.rejected == []  # the library's request fits Twilio's spec
    assert request["form"]["To"] == ZHANG_MOBILE and request["form"]["From"] == BANK_NUMBER
    assert (
        request["form"]["StatusCallback"]
        == f"https://contactdesk.bank.example/cd/twilio/messaging/status?outbox={outbox_id}"
    )
    assert "尊敬的张伟先生" in request["form"]["Body"]
    sid = rig.row(outbox_id).provider_id
    assert sid and sid.startswith("SM") and rig.row(outbox_id).sent_at is not None
    wait_for(lambda: rig.row(outbox_id).status == "delivered")
    assert timeline_state(world, outbox_id) == "delivered"
    assert rig.row(outbox_id).delivered_at is not None


def test_undelivered_shows_with_its_error_code(rig: Rig) -> None:
    rig.box.unreachable.add(ZHANG_MOBILE)
    outbox_id = send_maturity(rig.world)
    rig.sender.drain()
    wait_for(lambda: rig.row(outbox_id).status == "undelivered")
    assert rig.row(outbox_id).error_code == "30003"
    assert timeline_state(rig.world, outbox_id) == "undelivered:30003"


def test_a_500_after_twilio_created_the_message_is_reconciled_without_a_second_send(rig: Rig) -> None:
    rig.box.callbacks = False  # only the message list can tell
    rig.box.fail_after_create(500)
    outbox_id = send_maturity(rig.world)
    hold_maintenance(rig)
    rig.sender.drain()
    row = rig.row(outbox_id)
    assert (row.status, row.provider_id) == ("unknown", None)
    assert (timeline_state(rig.world, outbox_id) or "").startswith("unknown")
    assert rig.sender.reconcile() == 1
    row = rig.row(outbox_id)
    (held,) = rig.box.outbound()
    assert (row.status, row.provider_id) == ("queued", held.sid)
    for _ in range(3):  # nothing left to send, nothing sent again
        rig.sender.run_once()
        rig.sender.reconcile()
    assert len(rig.box.outbound()) == 1 and len(rig.creates()) == 1
    lists = [
        r for r in rig.simulator.state.requests if r["method"] == "GET" and r["operation"].endswith("/Messages.json")
    ]
    assert lists and rig.simulator.state.rejected == []


def test_a_timeout_after_create_is_settled_by_the_callback(sqlite_world: World, tmp_path: Path) -> None:
    with running(sqlite_world, tmp_path, timeout=0.5) as rig:
        rig.box.fail_after_create(500, stall=1.5)
        outbox_id = send_maturity(rig.world)
        rig.sender.drain()
        assert rig.row(outbox_id).status in ("unknown", "sent", "delivered")
        wait_for(lambda: rig.row(outbox_id).status == "delivered")  # the callback carries the outbox id
        (held,) = rig.box.outbound()
        assert rig.row(outbox_id).provider_id == held.sid
        rig.sender.drain()
        rig.sender.reconcile()
        assert len(rig.box.outbound()) == 1


def test_a_500_before_create_is_confirmed_absent_and_sent_once(rig: Rig) -> None:
    rig.simulator.state.inject("POST", r"/Messages\.json$", 20500, status=500)
    outbox_id = send_maturity(rig.world)
    hold_maintenance(rig)
    rig.sender.drain()
    assert rig.row(outbox_id).status == "unknown" and rig.box.outbound() == []
    rig.sender.reconcile()  # not in Twilio's list after the grace period: back to the queue
    assert rig.row(outbox_id).status == "pending"
    rig.sender.drain()
    assert len(rig.box.outbound()) == 1 and rig.row(outbox_id).attempts == 2
    wait_for(lambda: rig.row(outbox_id).status == "delivered")


def test_429_and_refused_connections_are_retried_with_backoff(rig: Rig) -> None:
    rig.simulator.state.inject("POST", r"/Messages\.json$", 20429, status=429)
    outbox_id = send_maturity(rig.world)
    rig.sender.drain()
    row = rig.row(outbox_id)
    assert (row.status, row.error_code, row.attempts) == ("pending", "20429", 1)
    assert row.not_before is not None and row.not_before > rig.world.clock.now
    assert rig.sender.drain() == 0  # not due yet
    with rig.world.engine.begin() as conn:
        conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id)
            .values(not_before=None, version=OutboxMessage.version + 1)
        )
    rig.sender.drain()
    wait_for(lambda: rig.row(outbox_id).status == "delivered")
    assert len(rig.box.outbound()) == 1


def test_connection_refused_is_a_retry(sqlite_world: World, tmp_path: Path) -> None:
    from gateway.serve import bind
    from gateway.sms_sender import SmsSender

    closed = bind()
    port = closed.getsockname()[1]
    closed.close()
    with running(sqlite_world, tmp_path) as rig:
        rig.sender.sms = SmsSender(
            ACCOUNT_SID, "x" * 32, "https://x.example", base_url=f"http://127.0.0.1:{port}", timeout=2
        )
        outbox_id = send_maturity(rig.world)
        rig.sender.drain()
        row = rig.row(outbox_id)
        assert (row.status, row.error_code) == ("pending", "connect") and row.not_before is not None


@pytest.mark.parametrize(
    ("to", "code"),
    [("+86123", "21211"), ("+862150001234", "21614")],
)
def test_twilio_refusals_fail_with_their_code(rig: Rig, to: str, code: str) -> None:
    outbox_id = raw_row(rig.world, to, f"notice:{code}")
    rig.sender.drain()
    row = rig.row(outbox_id)
    assert (row.status, row.error_code) == ("failed", code) and rig.box.outbound() == []


def test_21610_records_the_opt_out(rig: Rig) -> None:
    world = rig.world
    rig.box.opted_out.add((ZHANG_MOBILE, BANK_NUMBER))  # the customer texted STOP to Twilio directly
    outbox_id = raw_row(world, ZHANG_MOBILE, "notice:21610", customer=world.zhang)
    rig.sender.drain()
    assert (rig.row(outbox_id).status, rig.row(outbox_id).error_code) == ("failed", "21610")
    assert timeline_state(world, outbox_id) == "failed:21610"
    with world.engine.connect() as conn:
        refused = conn.execute(
            select(CustomerConsent.purpose).where(
                CustomerConsent.customer_id == world.zhang,
                CustomerConsent.channel == "sms",
                CustomerConsent.granted.is_(False),
            )
        ).scalars()
        assert set(refused) == {"service", "marketing"}


def status_params(sid: str, status: str, to: str = ZHANG_MOBILE, **extra: str) -> dict[str, str]:
    params = {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "MessageSid": sid,
        "SmsSid": sid,
        "MessageStatus": status,
        "SmsStatus": status,
        "From": BANK_NUMBER,
        "To": to,
    }
    params.update(extra)
    return params


def test_status_callbacks_out_of_order_never_go_backwards(rig: Rig) -> None:
    rig.box.callbacks = False
    outbox_id = send_maturity(rig.world)
    rig.sender.drain()
    sid = rig.row(outbox_id).provider_id
    query = f"outbox={outbox_id}"
    assert rig.post("/twilio/messaging/status", status_params(sid, "delivered"), query=query).status_code == 204
    assert rig.post("/twilio/messaging/status", status_params(sid, "sent"), query=query).status_code == 204
    assert rig.post("/twilio/messaging/status", status_params(sid, "queued"), query=query).status_code == 204
    assert (
        rig.post("/twilio/messaging/status", status_params(sid, "failed", ErrorCode="30008"), query=query).status_code
        == 204
    )
    assert rig.post("/twilio/messaging/status", status_params(sid, "delivered"), query=query).status_code == 204
    row = rig.row(outbox_id)
    assert (row.status, row.error_code) == ("delivered", None)
    assert timeline_state(rig.world, outbox_id) == "delivered"
    other = "SM" + "f" * 32  # a callback naming another message for this row is ignored
    rig.post("/twilio/messaging/status", status_params(other, "failed"), query=query)
    assert rig.row(outbox_id).status == "delivered"


def counts(world: World) -> tuple[int, ...]:
    with world.engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (Interaction.__table__, CustomerConsent.__table__)
        ) + tuple(conn.execute(select(OutboxMessage.status).order_by(OutboxMessage.id)).scalars())


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", None])
def test_unsigned_or_badly_signed_webhooks_get_403_and_write_nothing(rig: Rig, signature: str | None) -> None:
    outbox_id = send_maturity(rig.world)
    before = counts(rig.world)
    params = status_params("SM" + "a" * 32, "delivered")
    wrong = "" if signature == "" else signature
    if signature is None:  # signed, but over other parameters
        from twilio.request_validator import RequestValidator

        wrong = RequestValidator("another-token").compute_signature(
            f"https://contactdesk.bank.example/cd/twilio/messaging/status?outbox={outbox_id}", params
        )
    assert rig.post("/twilio/messaging/status", params, query=f"outbox={outbox_id}", signature=wrong).status_code == 403
    stop = {
        "AccountSid": ACCOUNT_SID,
        "MessageSid": "SM" + "b" * 32,
        "From": ZHANG_MOBILE,
        "To": BANK_NUMBER,
        "Body": "STOP",
    }
    assert rig.post("/twilio/messaging/incoming", stop, signature=wrong).status_code == 403
    assert counts(rig.world) == before


def test_malformed_webhooks_get_400_and_write_nothing(rig: Rig) -> None:
    before = counts(rig.world)
    assert rig.post("/twilio/messaging/status", status_params("nonsense", "delivered")).status_code == 400
    assert rig.post("/twilio/messaging/status", status_params("SM" + "a" * 32, "exploded")).status_code == 400
    assert (
        rig.post("/twilio/messaging/status", status_params("SM" + "a" * 32, "sent"), query="outbox=abc").status_code
        == 400
    )
    bad = {"MessageSid": "SM" + "c" * 32, "From": "not a number", "To": BANK_NUMBER, "Body": "TD"}
    assert rig.post("/twilio/messaging/incoming", bad).status_code == 400
    assert counts(rig.world) == before


def consent_of(world: World, customer: int) -> dict[tuple[str, str], bool]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(CustomerConsent.channel, CustomerConsent.purpose, CustomerConsent.granted).where(
                CustomerConsent.customer_id == customer
            )
        )
        return {(c, p): bool(g) for c, p, g in rows}


@pytest.mark.parametrize("body", ["STOP", " stop ", "S T O P", "ｓｔｏｐ", "td", "TD。", "退订", " 退 订 "])
def test_inbound_stop_opts_out_every_customer_with_the_number(rig: Rig, body: str) -> None:
    world = rig.world
    assert rig.reply(SHARED_MOBILE, body) == 200
    for customer in world.twins:
        assert consent_of(world, customer)[("sms", "marketing")] is False
        assert consent_of(world, customer)[("sms", "service")] is False
        with world.engine.connect() as conn:
            entry = conn.execute(select(Interaction.__table__).where(Interaction.customer_id == customer)).one()
        assert (entry.channel, entry.direction, entry.disposition, entry.summary) == ("sms", "in", "opt_out", body)
    offer = world.template_id("marketing_offer_sms")
    fields = {"offer_title": "春季理财", "offer_rate": "2.5%", "offer_end": "2026-04-30"}
    assert world.service.preview(world.agent_p, world.twins[0], offer, fields).blocked == "opt_out"


def test_other_replies_go_on_the_timeline_only(rig: Rig) -> None:
    world = rig.world
    assert rig.reply(LI_MOBILE, "请问到期后利率是多少？") == 200
    assert consent_of(world, world.li)[("sms", "marketing")] is True
    with world.engine.connect() as conn:
        entry = conn.execute(select(Interaction.__table__).where(Interaction.customer_id == world.li)).one()
    assert (entry.direction, entry.disposition, entry.summary) == ("in", "reply", "请问到期后利率是多少？")
    assert rig.reply("+8613100000000", "STOP") == 200  # nobody has that number: nothing to record


def test_opt_out_after_queueing_skips_the_message_at_send_time(rig: Rig) -> None:
    world = rig.world
    outbox_id = send_maturity(world)
    rig.reply(ZHANG_MOBILE, "退订")
    rig.sender.drain()
    row = rig.row(outbox_id)
    assert (row.status, row.error_code) == ("skipped", "opt_out") and rig.box.outbound() == []


def test_the_gateway_runs_the_sender(sqlite_world: World, tmp_path: Path) -> None:
    with running(sqlite_world, tmp_path, start_sender=True) as rig:
        outbox_id = send_maturity(rig.world)
        rig.sender.wake()
        wait_for(lambda: rig.row(outbox_id).status == "delivered")
        health = rig.http.get("/healthz").json()
        assert health["status"] == "ok"


def test_a_claim_left_by_a_dead_sender_is_reconciled_not_resent(rig: Rig) -> None:
    world = rig.world
    outbox_id = send_maturity(world)
    rig.sender.drain()  # sent; now pretend the process died before recording it
    sid = rig.row(outbox_id).provider_id
    rig.box.callbacks = False
    old = world.clock.now - dt.timedelta(hours=1)
    with world.engine.begin() as conn:
        conn.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id)
            .values(status="sending", provider_id=None, claimed_at=old, version=OutboxMessage.version + 1)
        )
    rig.sender.maintain()
    row = rig.row(outbox_id)
    assert row.provider_id == sid and row.status in ("sent", "delivered", "queued")
    rig.sender.drain()
    assert len(rig.box.outbound()) == 1
