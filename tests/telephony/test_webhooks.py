"""The gateway's webhook surface: signatures, malformed and oversized requests, idempotency, caller formats."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine

from db.pii import phone_key
from gateway.signature import Params, SignatureChecker

from .helpers import PUBLIC_URL, call_count, call_row, new_sid, running_gateway, voice_params
from .world import AUTH_TOKEN, HOUSEHOLD_PHONE, SINGLE_PHONE, World

# -- the signature checker itself ---------------------------------------------------------------------------------


def test_checker_accepts_twilios_signature_and_refuses_everything_else() -> None:
    checker = SignatureChecker(AUTH_TOKEN, PUBLIC_URL)
    params = Params.from_pairs([("CallSid", "CA1"), ("From", "+8613800000001")])
    good = checker.sign("/twilio/voice/incoming", "", params)
    assert checker.check("/twilio/voice/incoming", "", params, good)
    assert not checker.check("/twilio/voice/incoming", "", params, None)
    assert not checker.check("/twilio/voice/incoming", "", params, "")
    assert not checker.check("/twilio/voice/incoming", "", params, good[:-2] + "xx")
    assert not checker.check("/twilio/voice/status", "", params, good)  # another path
    assert not checker.check("/twilio/voice/incoming", "x=1", params, good)  # another query
    tampered = Params.from_pairs([("CallSid", "CA1"), ("From", "+8613800000002")])
    assert not checker.check("/twilio/voice/incoming", "", tampered, good)
    assert not SignatureChecker("another-token", PUBLIC_URL).check("/twilio/voice/incoming", "", params, good)


def test_checker_uses_the_public_url_not_the_internal_one() -> None:
    params = Params.from_pairs([("CallSid", "CA1")])
    internal = SignatureChecker(AUTH_TOKEN, "http://127.0.0.1:8765")
    signed_for_internal = internal.sign("/twilio/voice/status", "", params)
    assert not SignatureChecker(AUTH_TOKEN, PUBLIC_URL).check("/twilio/voice/status", "", params, signed_for_internal)


def test_checker_covers_every_value_of_a_repeated_key() -> None:
    checker = SignatureChecker(AUTH_TOKEN, PUBLIC_URL)
    both = Params.from_pairs([("CallSid", "CA1"), ("Event", "a"), ("Event", "b")])
    signature = checker.sign("/p", "", both)
    assert checker.check("/p", "", both, signature)
    assert not checker.check("/p", "", Params.from_pairs([("CallSid", "CA1"), ("Event", "a")]), signature)
    assert not checker.check(
        "/p", "", Params.from_pairs([("CallSid", "CA1"), ("Event", "a"), ("Event", "c")]), signature
    )


def test_checker_validates_a_json_body_against_its_hash() -> None:
    checker = SignatureChecker(AUTH_TOKEN, PUBLIC_URL)
    body = json.dumps({"CallSid": "CA1", "CallStatus": "completed"})
    query = "bodySHA256=" + hashlib.sha256(body.encode()).hexdigest()
    signature = checker.sign("/twilio/voice/status", query, Params())
    assert checker.check("/twilio/voice/status", query, body, signature)
    assert not checker.check("/twilio/voice/status", query, body.replace("completed", "ringing"), signature)
    assert not checker.check("/twilio/voice/status", "", body, signature)  # no hash: refused


def test_checker_with_shared_key_header_needs_that_key() -> None:
    from twilio.request_validator import RequestValidator

    shared = SignatureChecker(AUTH_TOKEN, PUBLIC_URL, {"webhooks_sharedkey_1": "shared-secret"})
    params = Params.from_pairs([("CallSid", "CA1")])
    header = "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"
    signature = RequestValidator("shared-secret").compute_signature(PUBLIC_URL + "/p", params, "HMAC_SHA256")
    assert shared.check("/p", "", params, signature, header)
    assert not shared.check("/p", "", params, signature, "key=unknown,algorithm=HMAC_SHA256")
    assert not SignatureChecker(AUTH_TOKEN, PUBLIC_URL).check("/p", "", params, signature, header)


# -- over HTTP against a running gateway ---------------------------------------------------------------------------


@pytest.fixture
def gateway(sqlite_world: tuple[Engine, World], tmp_path: Path):  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    with running_gateway(engine, tmp_path / "spool") as gw:
        yield gw


def test_signed_incoming_is_written_and_answered_with_twiml(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, world = sqlite_world
    sid = new_sid()
    response = gateway.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Gather" in response.text and f"{PUBLIC_URL}/twilio/voice/menu" in response.text
    row = call_row(engine, sid)
    assert row.state == "received" and row.customer_id == world.single and row.match_result == "one"


@pytest.mark.parametrize(
    "signature",
    [None, "", "bm90IGEgc2lnbmF0dXJl", "internal"],
    ids=["missing", "empty", "wrong", "signed-for-internal-url"],
)
def test_bad_signatures_get_403_and_write_nothing(gateway, sqlite_world, signature) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    params = voice_params(new_sid(), SINGLE_PHONE)
    if signature == "internal":
        from twilio.request_validator import RequestValidator

        signature = RequestValidator(AUTH_TOKEN).compute_signature(
            gateway.server.url + "/twilio/voice/incoming", params
        )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    response = gateway.http.post("/twilio/voice/incoming", data=params, headers=headers)
    assert response.status_code == 403
    assert call_count(engine) == 0


def test_valid_signature_over_modified_parameters_is_refused(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    params = voice_params(new_sid(), SINGLE_PHONE)
    signature = gateway.sign("/twilio/voice/incoming", params)
    forged = dict(params, From=HOUSEHOLD_PHONE)
    assert gateway.post("/twilio/voice/incoming", forged, signature=signature).status_code == 403
    added = [*params.items(), ("Extra", "1")]
    assert gateway.post("/twilio/voice/incoming", added, signature=signature).status_code == 403
    assert call_count(engine) == 0


def test_repeated_keys_are_all_signed(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    pairs = [*voice_params(new_sid(), SINGLE_PHONE).items(), ("StirVerstat", "A"), ("StirVerstat", "B")]
    assert gateway.post("/twilio/voice/incoming", pairs).status_code == 200
    only_first = gateway.sign("/twilio/voice/incoming", {k: v for k, v in pairs})
    assert gateway.post("/twilio/voice/incoming", pairs, signature=only_first).status_code == 403
    assert call_count(engine) == 1


def test_query_string_is_part_of_the_signature(gateway) -> None:  # type: ignore[no-untyped-def]
    params = voice_params(new_sid(), SINGLE_PHONE)
    query = "to=" + quote("client:agent01")
    assert gateway.post("/twilio/voice/connect", params, query=query).status_code == 200
    signature = gateway.sign("/twilio/voice/connect", params, query)
    other = "to=" + quote("client:agent02")
    assert gateway.post("/twilio/voice/connect", params, query=other, signature=signature).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"From": SINGLE_PHONE, "To": "+862160000000"},  # no CallSid
        {"CallSid": "not-a-sid", "From": SINGLE_PHONE, "To": "+862160000000"},
        {"CallSid": "CA" + "1" * 32, "To": "+862160000000"},  # no From
        {"CallSid": "CA" + "1" * 32, "From": SINGLE_PHONE},  # no To
    ],
    ids=["no-callsid", "bad-callsid", "no-from", "no-to"],
)
def test_malformed_incoming_gets_400_and_writes_nothing(gateway, sqlite_world, params) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    assert gateway.post("/twilio/voice/incoming", params).status_code == 400
    assert call_count(engine) == 0


def test_unparseable_bodies_get_400(gateway) -> None:  # type: ignore[no-untyped-def]
    headers = {"X-Twilio-Signature": "x", "Content-Type": "application/x-www-form-urlencoded"}
    assert gateway.http.post("/twilio/voice/incoming", content=b"\xff\xfe\x00", headers=headers).status_code == 400
    json_headers = {**headers, "Content-Type": "application/json"}
    assert gateway.http.post("/twilio/voice/status", content=b"{not json", headers=json_headers).status_code == 400


def test_status_with_unknown_callstatus_gets_400(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    response = gateway.status(new_sid(), SINGLE_PHONE, "exploded")
    assert response.status_code == 400


def test_one_megabyte_body_is_refused_before_anything_is_written(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    params = voice_params(new_sid(), SINGLE_PHONE, Padding="x" * 1_000_000)
    response = gateway.post("/twilio/voice/incoming", params)
    assert response.status_code == 413
    # The same without a Content-Length (chunked): refused while reading.
    chunks = (b"CallSid=CA" + b"1" * 32 + b"&Padding=" for _ in range(1))

    def body():  # type: ignore[no-untyped-def]
        yield from chunks
        for _ in range(64):
            yield b"x" * 16384

    headers = {"X-Twilio-Signature": "x", "Content-Type": "application/x-www-form-urlencoded"}
    assert gateway.http.post("/twilio/voice/incoming", content=body(), headers=headers).status_code == 413
    assert call_count(engine) == 0


def test_a_callsid_seen_before_is_not_written_twice(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    sid = new_sid()
    for _ in range(3):  # Twilio's retries of the same webhook
        assert gateway.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE)).status_code == 200
    assert call_count(engine) == 1
    first = gateway.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="2"))
    again = gateway.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="1"))
    assert "credit_card</Enqueue>" in first.text and "credit_card</Enqueue>" in again.text
    assert call_row(engine, sid).ivr_choice == "2"


def test_duplicate_and_out_of_order_callbacks_never_move_a_call_backwards(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    sid = new_sid()
    gateway.incoming(sid, SINGLE_PHONE, "1")
    assert gateway.status(sid, SINGLE_PHONE, "completed", CallDuration="12").status_code == 204
    ended = call_row(engine, sid)
    assert ended.state == "abandoned" and ended.ended_at is not None
    for late in ("completed", "in-progress", "ringing", "completed"):
        assert gateway.status(sid, SINGLE_PHONE, late).status_code == 204
    again = call_row(engine, sid)
    assert again.state == "abandoned" and again.ended_at == ended.ended_at and again.version == ended.version
    # A late IVR answer cannot queue the call again either.
    gateway.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="3"))
    assert call_row(engine, sid).state == "abandoned"


def test_status_callback_for_an_unknown_call_changes_nothing(gateway, sqlite_world) -> None:  # type: ignore[no-untyped-def]
    engine, _ = sqlite_world
    assert gateway.status(new_sid(), SINGLE_PHONE, "completed").status_code == 204
    assert call_count(engine) == 0


@pytest.mark.parametrize(
    "raw",
    [
        "+8613800000001",
        "8613800000001",
        "13800000001",
        "+86 138 0000 0001",
        "+86-138-0000-0001",
        "(+86) 13800000001",
        "+86１３８００００００01",
    ],
)
def test_caller_numbers_in_every_format_find_the_customer(gateway, sqlite_world, raw) -> None:  # type: ignore[no-untyped-def]
    engine, world = sqlite_world
    sid = new_sid()
    assert gateway.post("/twilio/voice/incoming", voice_params(sid, raw)).status_code == 200
    row = call_row(engine, sid)
    assert (row.from_e164, row.customer_id, row.match_result) == ("+8613800000001", world.single, "one")
    assert (row.from_masked, row.from_key) == ("138****0001", phone_key("+8613800000001"))


def test_wait_and_control_twiml(gateway) -> None:  # type: ignore[no-untyped-def]
    sid = new_sid()
    wait = gateway.post("/twilio/voice/wait", voice_params(sid, SINGLE_PHONE, QueuePosition="3"))
    assert wait.status_code == 200 and "<Pause" in wait.text and "2位" in wait.text
    assert (
        "<Client>agent01</Client>"
        in gateway.post("/twilio/voice/connect", voice_params(sid, SINGLE_PHONE), query="to=client%3Aagent01").text
    )
    assert gateway.post("/twilio/voice/connect", voice_params(sid, SINGLE_PHONE), query="to=evil").status_code == 400
    assert "<Hangup" in gateway.post("/twilio/voice/dial-done", voice_params(sid, SINGLE_PHONE)).text
    assert gateway.http.get("/healthz").json()["database"] == "ok"
