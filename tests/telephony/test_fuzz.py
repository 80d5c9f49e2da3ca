"""Fuzzing the gateway: validly signed requests with generated values to every endpoint of a real gateway process.

The gateway runs as operators run it (``contactdesk gateway``, a process of its own) on SQLite and on
PostgreSQL.  Hypothesis sends each endpoint signed forms and queries made of hostile values: NUL and other
control characters, digits Python counts as digits (``²``, ``٣``), numbers far beyond a BIGINT or of thousands
of digits, huge texts, SIDs of almost the right shape.  Every answer must be below 500, the kept-alive
connection must never be reset, and afterwards an ordinary call is still written.

``CONTACTDESK_FUZZ_EXAMPLES`` sets the examples per endpoint (CI runs the default; the full run is 2,000).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from twilio.request_validator import RequestValidator

from db.engine import make_engine
from db.migrate import upgrade
from services import stream_tokens
from tests.pgserver import free_port, unique_db_name

from .helpers import call_row, new_sid, voice_params, wait_for
from .world import AUTH_TOKEN, SINGLE_PHONE, build_world

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("CONTACTDESK_FUZZ_EXAMPLES", "30"))
PUBLIC_URL = "https://contactdesk.bank.example/cd"

VOICE = [
    "/twilio/voice/incoming",
    "/twilio/voice/menu",
    "/twilio/voice/status",
    "/twilio/voice/wait",
    "/twilio/voice/connect",
    "/twilio/voice/outbound",
    "/twilio/voice/requeue",
    "/twilio/voice/hold",
    "/twilio/voice/dial-done",
]
MESSAGING = ["/twilio/messaging/status", "/twilio/messaging/incoming"]
ENDPOINTS = VOICE + MESSAGING

# Values that broke gateways before: digits Python takes for digits but cannot convert, numbers past a BIGINT
# or past int()'s 4,300-digit limit, NUL and other controls, almost-SIDs.
# Digits Python takes for digits (str.isdigit) that int() refuses, others it converts, numbers past a BIGINT.
DIGITISH = st.sampled_from(["²", "³¹", "①②", "₃", "⁹⁹", "٣٤", "１２", "9" * 19, "9" * 20, "1" * 17, "-1", "0"])
TRICKS = st.sampled_from(
    [
        *("", "\x00", "1\x00", "NaN", "+", " ", "\t\n", "\x1b[2J", "\u202e", "😀" * 3, "9" * 4301),
        *("CA" + "²" * 32, "SM" + "0" * 31 + "²", "CA" + "g" * 32, "CA" + "0" * 32, "SM" + "0" * 32),
    ]
)
# Values a hostile (or merely broken) sender might put anywhere; the tricks come up often.
nasty_text = st.one_of(
    DIGITISH,
    DIGITISH,
    TRICKS,
    TRICKS,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n),
    st.builds(lambda s: "CA" + s, st.text(alphabet="0123456789abcdefABCDEFxyz²", min_size=30, max_size=34)),
    st.builds(lambda s: "SM" + s, st.text(alphabet="0123456789abcdef²", min_size=30, max_size=34)),
    st.text(min_size=2000, max_size=5000),
)
KNOWN_KEYS = [
    "CallSid",
    "From",
    "To",
    "Caller",
    "Called",
    "CallStatus",
    "Direction",
    "Digits",
    "QueuePosition",
    "MessageSid",
    "MessageStatus",
    "ErrorCode",
    "Body",
    "AccountSid",
]
# The fields each endpoint reads: generated values go there most of the time.
ENDPOINT_KEYS = {
    "/twilio/voice/incoming": ["CallSid", "From", "To"],
    "/twilio/voice/menu": ["CallSid", "Digits"],
    "/twilio/voice/status": ["CallSid", "CallStatus", "Direction"],
    "/twilio/voice/wait": ["QueuePosition"],
    "/twilio/voice/connect": ["CallSid"],
    "/twilio/voice/outbound": ["From", "Caller"],
    "/twilio/voice/requeue": ["CallSid"],
    "/twilio/voice/hold": ["CallSid"],
    "/twilio/voice/dial-done": ["CallSid", "DialCallStatus"],
    "/twilio/messaging/status": ["MessageSid", "MessageStatus", "ErrorCode"],
    "/twilio/messaging/incoming": ["MessageSid", "From", "Body"],
}
ENDPOINT_QUERY = {
    "/twilio/voice/status": ["call"],
    "/twilio/voice/connect": ["to"],
    "/twilio/voice/outbound": ["to"],
    "/twilio/voice/requeue": ["queue"],
    "/twilio/messaging/status": ["outbox"],
}
QUERY_KEYS = ["call", "outbox", "to", "queue"]


def forms_for(path: str) -> st.SearchStrategy[dict[str, str]]:
    keys = st.one_of(
        st.sampled_from(ENDPOINT_KEYS[path]), st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12)
    )
    return st.dictionaries(keys, nasty_text, max_size=6)


def queries_for(path: str) -> st.SearchStrategy[dict[str, str]]:
    keys = st.sampled_from(ENDPOINT_QUERY.get(path, []) + QUERY_KEYS)
    return st.dictionaries(keys, nasty_text, max_size=2)


def _plausible(path: str) -> dict[str, str]:
    """A well-formed request for ``path``, which the generated values then overwrite field by field."""
    if path.startswith("/twilio/messaging/"):
        return {"MessageSid": "SM" + "0" * 32, "MessageStatus": "delivered", "From": SINGLE_PHONE, "Body": "hi"}
    return voice_params(new_sid(), SINGLE_PHONE, CallStatus="completed", Digits="1", QueuePosition="2")


class Client:
    """A kept-alive connection that signs like Twilio, counting answers of 500 and over and broken connections."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.validator = RequestValidator(AUTH_TOKEN)
        self.server_errors: list[tuple[str, int, str]] = []
        self.resets: list[tuple[str, str]] = []
        self.sent = 0

    def post(self, path: str, form: dict[str, str], query: dict[str, str]) -> None:
        qs = urlencode(query)
        signed_url = PUBLIC_URL + path + (f"?{qs}" if qs else "")
        signature = self.validator.compute_signature(signed_url, form)
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        self.sent += 1
        try:
            response = self.http.post(path + (f"?{qs}" if qs else ""), content=urlencode(form), headers=headers)
        except httpx.TransportError as exc:
            self.resets.append((path, repr(exc)))
            return
        if response.status_code >= 500:
            self.server_errors.append((path, response.status_code, response.text[:200]))


def _gateway_process(url: str, tmp: Path) -> Iterator[str]:
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CONTACTDESK_")},
        "PYTHONPATH": str(ROOT),
        "TWILIO_ACCOUNT_SID": "",
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "CONTACTDESK_PUBLIC_URL": PUBLIC_URL,
        "CONTACTDESK_DATA_DIR": str(tmp),
    }
    log = (tmp / "gateway.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "gateway", "--port", str(port), "--database", url],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(public + "/healthz", timeout=2).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp / "gateway.log").read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the gateway did not start"
            time.sleep(0.2)
        yield public
        assert proc.poll() is None, "the gateway process died: " + (tmp / "gateway.log").read_text(errors="replace")
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def gateway(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    tmp = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp / 'fuzz.db').as_posix()}"
        name = None
    else:
        server = request.getfixturevalue("pg_server")
        name = unique_db_name("cd_fuzz")
        url = server.create_database(name)
    engine = make_engine(url)
    upgrade(engine)
    build_world(engine)
    try:
        for public in _gateway_process(url, tmp):
            yield public, engine
    finally:
        engine.dispose()
        if name is not None:
            request.getfixturevalue("pg_server").drop_database(name)


@pytest.mark.slow
@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_generated_webhook_gets_a_server_error(gateway: tuple[str, Engine], path: str) -> None:
    public, _engine = gateway
    client = Client(public)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(form=forms_for(path), query=queries_for(path), keep_plausible=st.booleans())
    def send(form: dict[str, str], query: dict[str, str], keep_plausible: bool) -> None:
        body = {**_plausible(path), **form} if keep_plausible else form
        client.post(path, body, query)

    try:
        send()
    finally:
        client.http.close()
    print(f"{path}: {client.sent} requests")
    assert client.resets == []
    assert client.server_errors == []


@pytest.mark.slow
def test_the_change_stream_refuses_bad_positions_plainly(gateway: tuple[str, Engine]) -> None:
    public, engine = gateway
    token = stream_tokens.issue(engine, 1)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(after=nasty_text)
    def ask(after: str) -> None:
        with httpx.Client(base_url=public, timeout=10) as http:
            headers = {"Authorization": f"Bearer {token}"}
            with http.stream("GET", "/events", params={"after": after}, headers=headers) as response:
                assert response.status_code < 500, (after[:40], response.status_code)
                if response.status_code == 200:
                    next(response.iter_raw())  # the stream starts: the position was taken as one

    ask()
    big = httpx.get(
        public + "/events", params={"after": "9999999999999999999"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert big.status_code == 400


@pytest.mark.slow
def test_an_ordinary_call_is_written_after_the_fuzzing(gateway: tuple[str, Engine]) -> None:
    public, engine = gateway
    client = Client(public)
    sid = new_sid()
    try:
        client.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE), {})
        client.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="1", CallStatus="in-progress"), {})
    finally:
        client.http.close()
    assert client.server_errors == [] and client.resets == []
    row: Any = wait_for(lambda: call_row(engine, sid))
    assert row.customer_id is not None and row.state in ("queued", "offered")
    health = httpx.get(public + "/healthz", timeout=10).json()
    assert health["routing"]["running"] and health["spool"]["depth"] == 0
