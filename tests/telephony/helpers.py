"""Helpers for the telephony tests: a gateway on a real loopback port, and signed requests to it."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import Engine, func, select
from twilio.request_validator import RequestValidator

from db.models import Call
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from gateway.spool import Spool
from services.call_control import CallControl

from .world import AUTH_TOKEN, BANK_NUMBER

# Behind a reverse proxy: Twilio calls (and signs) the public URL; the gateway listens on loopback.
PUBLIC_URL = "https://contactdesk.bank.example/cd"


def new_sid() -> str:
    return "CA" + secrets.token_hex(16)


def voice_params(sid: str, from_: str, **extra: str) -> dict[str, str]:
    params = {
        "AccountSid": "AC" + "0" * 31 + "1",
        "ApiVersion": "2010-04-01",
        "CallSid": sid,
        "CallStatus": "ringing",
        "Direction": "inbound",
        "From": from_,
        "Caller": from_,
        "To": BANK_NUMBER,
        "Called": BANK_NUMBER,
    }
    params.update(extra)
    return params


class Gateway:
    """A running gateway and a client that signs like Twilio."""

    def __init__(self, server: ServerThread, app: Any, public_url: str, token: str) -> None:
        self.server = server
        self.app = app
        self.public_url = public_url
        self.validator = RequestValidator(token)
        self.http = httpx.Client(base_url=server.url, timeout=20)

    @property
    def state(self) -> Any:
        return self.app.state.gateway

    def sign(self, path: str, params: Any, query: str = "") -> str:
        url = f"{self.public_url}{path}" + (f"?{query}" if query else "")
        return str(self.validator.compute_signature(url, params))

    def post(
        self,
        path: str,
        params: dict[str, str] | list[tuple[str, str]],
        *,
        query: str = "",
        signature: str | None = None,
        sign_params: Any = None,
    ) -> httpx.Response:
        """POST form params, signed over the public URL (or with ``signature``)."""
        if signature is None:
            signed = sign_params if sign_params is not None else _multidict(params)
            signature = self.sign(path, signed, query)
        body = urlencode(params)
        url = path + (f"?{query}" if query else "")
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        return self.http.post(url, content=body, headers=headers)

    def incoming(self, sid: str, from_: str, digits: str = "") -> str:
        """Incoming webhook then the IVR answer; returns the queue's TwiML."""
        assert self.post("/twilio/voice/incoming", voice_params(sid, from_)).status_code == 200
        response = self.post("/twilio/voice/menu", voice_params(sid, from_, Digits=digits, CallStatus="in-progress"))
        assert response.status_code == 200, response.text
        return response.text

    def status(self, sid: str, from_: str, status: str, **extra: str) -> httpx.Response:
        return self.post("/twilio/voice/status", voice_params(sid, from_, CallStatus=status, **extra))


class _Multi(dict[str, list[str]]):
    def getlist(self, key: str) -> list[str]:
        return list(self.get(key, []))


def _multidict(params: dict[str, str] | list[tuple[str, str]]) -> _Multi:
    pairs = params.items() if isinstance(params, dict) else params
    out = _Multi()
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


@contextmanager
def running_gateway(
    engine: Engine,
    spool_dir: Path,
    *,
    public_url: str = PUBLIC_URL,
    control: CallControl | None = None,
    run_worker: bool = False,
    db_budget: float = 3.0,
    worker_interval: float = 0.05,
) -> Iterator[Gateway]:
    config = GatewayConfig(
        public_url=public_url,
        auth_token=AUTH_TOKEN,
        run_worker=run_worker,
        db_budget=db_budget,
        worker_interval=worker_interval,
    )
    app = create_app(engine, config, spool=Spool(spool_dir), control=control)
    server = ServerThread(app).start()
    gateway = Gateway(server, app, public_url, AUTH_TOKEN)
    try:
        yield gateway
    finally:
        gateway.http.close()
        server.stop()


def call_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Call)).scalar_one())


def call_row(engine: Engine, sid: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(Call.__table__).where(Call.call_sid == sid)).first()


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, interval: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something truthy (bounded in time)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def desktop_login(engine: Engine, user_id: int) -> Engine:
    """PostgreSQL: an engine on ``engine``'s database as the user's own desktop login (db.pg_security), which
    may not read raw numbers and sees rows as the user's role does.  ``engine`` is the owner's."""
    from sqlalchemy import text

    from db.engine import make_engine

    password = secrets.token_urlsafe(18)
    with engine.begin() as conn:
        login = conn.execute(text("SELECT cd_sync_login(:id)"), {"id": user_id}).scalar_one()
        conn.execute(text(f"ALTER ROLE \"{login}\" LOGIN PASSWORD '{password}'"))  # url-safe: nothing to quote
    return make_engine(engine.url.set(username=login, password=password))
