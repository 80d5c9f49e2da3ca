"""The gateway closes connections that wait on the client: idle ones, half-sent request heads, stalled bodies;
and idle sockets never keep a signed webhook from being answered.

A real gateway app served by uvicorn on a loopback port with the guarded protocol of
:mod:`gateway.server_limits`, its timeouts shortened to about a second; raw sockets play the slow clients.
One test runs ``contactdesk gateway`` itself as a process, configured through the environment.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from gateway import server_limits
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from gateway.server_limits import ServerLimits
from gateway.spool import Spool
from tests.pgserver import free_port

from .helpers import PUBLIC_URL, Gateway, call_count, new_sid, voice_params
from .world import ACCOUNT_SID, AUTH_TOKEN, SINGLE_PHONE, World

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 1.0  # the shortened idle, header and body timeouts
SLACK = 1.5  # scheduling leeway on top of a timeout before the test calls it "never closed"
PROTOCOLS = {
    "httptools": "gateway.server_limits:GuardedHttpToolsProtocol",
    "h11": "gateway.server_limits:GuardedH11Protocol",
}
QUICK = ServerLimits(idle_timeout=TIMEOUT, header_timeout=TIMEOUT, body_timeout=TIMEOUT)


@contextlib.contextmanager
def limited_gateway(
    engine: Engine,
    spool_dir: Path,
    limits: ServerLimits = QUICK,
    *,
    http: str = PROTOCOLS["httptools"],
    stream_auth: bool = True,
) -> Iterator[Gateway]:
    """The gateway app (no worker) under uvicorn with these limits, and a client that signs like Twilio."""
    config = GatewayConfig(public_url=PUBLIC_URL, auth_token=AUTH_TOKEN, run_worker=False, stream_auth=stream_auth)
    app = create_app(engine, config, spool=Spool(spool_dir))
    server = ServerThread(app, name="limited-gateway")
    server.server = uvicorn.Server(
        server_limits.uvicorn_config(
            app, limits, http=http, lifespan="on", access_log=False, log_level="warning", timeout_graceful_shutdown=2
        )
    )
    server.start()
    gateway = Gateway(server, app, PUBLIC_URL, AUTH_TOKEN)
    try:
        yield gateway
    finally:
        gateway.http.close()
        server.stop()


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_until_closed(sock: socket.socket, limit: float) -> tuple[float, bytes]:
    """Everything the server sends until it closes the connection, and how long that took."""
    began = time.monotonic()
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        raise AssertionError(f"connection still open after {limit:.1f} s; got {data[:200]!r}") from None
    except ConnectionResetError:
        pass
    return time.monotonic() - began, data


def signed_request(gateway: Gateway, path: str, params: dict[str, str]) -> bytes:
    """A complete, correctly signed webhook request as raw bytes."""
    from urllib.parse import urlencode

    body = urlencode(params).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Twilio-Signature: {gateway.sign(path, params)}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def test_the_policy_numbers() -> None:
    from gateway import core

    assert server_limits.MAX_BODY_BYTES == core.MAX_BODY_BYTES  # one number, enforced by core
    defaults = ServerLimits()
    assert (defaults.idle_timeout, defaults.header_timeout, defaults.body_timeout) == (30, 10, 10)
    # A default Linux soft limit of 1,024 open files: 256 kept back, three quarters of the rest for streams.
    assert server_limits.effective_max_connections(defaults, files=1024) == 768
    assert server_limits.effective_max_streams(defaults, files=1024) == 576
    assert server_limits.effective_max_connections(defaults, files=1 << 20) == 4096
    options = server_limits.uvicorn_options(defaults)
    assert options["timeout_keep_alive"] == 30 and options["http"].endswith(":GuardedHttpToolsProtocol")
    env = {"CONTACTDESK_GATEWAY_IDLE_TIMEOUT": "1.5", "CONTACTDESK_GATEWAY_MAX_CONNECTIONS": "200"}
    tuned = ServerLimits.from_env(env)
    assert (tuned.idle_timeout, tuned.max_connections, tuned.max_streams) == (1.5, 200, 150)
    for bad in ({"CONTACTDESK_GATEWAY_BODY_TIMEOUT": "soon"}, {"CONTACTDESK_GATEWAY_HEADER_TIMEOUT": "0"}):
        with pytest.raises(ValueError):
            ServerLimits.from_env(bad)


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_idle_connections_are_closed(sqlite_world: tuple[Engine, World], tmp_path: Path, protocol: str) -> None:
    engine, _ = sqlite_world
    with limited_gateway(engine, tmp_path, http=PROTOCOLS[protocol]) as gw:
        fresh = connect(gw.server.port)  # connects and never sends a byte
        keep_alive = connect(gw.server.port)
        keep_alive.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        took, data = read_until_closed(fresh, TIMEOUT + SLACK)
        assert data == b"" and took > TIMEOUT - 0.2
        took, data = read_until_closed(keep_alive, TIMEOUT + SLACK)  # answered, then idle
        assert data.startswith(b"HTTP/1.1 200") and data.endswith(b"}")
        print(f"\n[{protocol}] idle connections closed after about {TIMEOUT:.0f} s")
        fresh.close()
        keep_alive.close()


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_a_half_sent_request_is_closed(sqlite_world: tuple[Engine, World], tmp_path: Path, protocol: str) -> None:
    engine, _ = sqlite_world
    with limited_gateway(engine, tmp_path, http=PROTOCOLS[protocol]) as gw:
        sock = connect(gw.server.port)
        sock.sendall(b"POST /twilio/voice/incoming HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Twilio-Sig")
        took, data = read_until_closed(sock, TIMEOUT + SLACK)
        assert data.startswith(b"HTTP/1.1 408") and took > TIMEOUT - 0.2
        sock.close()

        # A byte now and then does not buy time: the head has its deadline from its first byte.
        sock = connect(gw.server.port)
        began = time.monotonic()
        sock.sendall(b"G")
        with contextlib.suppress(OSError):
            for byte in b"ET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n":
                if select.select([sock], [], [], 0.1)[0]:
                    break  # the server has answered (and closed)
                sock.sendall(bytes([byte]))
        _, data = read_until_closed(sock, TIMEOUT + SLACK)
        took = time.monotonic() - began
        assert data.startswith(b"HTTP/1.1 408") and took < TIMEOUT + SLACK
        sock.close()

        # A head larger than the limit is refused as soon as it passes the limit.
        sock = connect(gw.server.port)
        began = time.monotonic()
        with contextlib.suppress(OSError):
            sock.sendall(b"GET /healthz HTTP/1.1\r\n" + b"X-Filler: " + b"x" * (QUICK.max_head_bytes + 1024))
        _, data = read_until_closed(sock, TIMEOUT + SLACK)
        assert data.startswith((b"HTTP/1.1 431", b"HTTP/1.1 400")) and time.monotonic() - began < TIMEOUT
        sock.close()


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
def test_a_stalled_body_is_cut(sqlite_world: tuple[Engine, World], tmp_path: Path, protocol: str) -> None:
    engine, _ = sqlite_world
    with limited_gateway(engine, tmp_path, http=PROTOCOLS[protocol]) as gw:
        full = signed_request(gw, "/twilio/voice/incoming", voice_params(new_sid(), SINGLE_PHONE))
        for path in ("/twilio/voice/incoming", "/twilio/messaging/status"):  # ASGI fast path; Starlette route
            sock = connect(gw.server.port)
            sock.sendall(full.replace(b"/twilio/voice/incoming", path.encode())[:-20])  # 20 bytes short
            took, data = read_until_closed(sock, TIMEOUT + SLACK)
            assert data == b"" and took > TIMEOUT - 0.2, path  # cut; nothing was answered or written
            sock.close()
        assert call_count(engine) == 0
        # The event stream takes no body at all.
        sock = connect(gw.server.port)
        sock.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc")
        _, data = read_until_closed(sock, TIMEOUT + SLACK)
        assert data.startswith(b"HTTP/1.1 400") and b"takes no body" in data
        sock.close()
        # A webhook sent whole is still answered.
        sock = connect(gw.server.port)
        sock.sendall(full)
        sock.settimeout(10)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.close()


def test_webhooks_are_answered_among_hundreds_of_idle_sockets(
    sqlite_world: tuple[Engine, World], tmp_path: Path
) -> None:
    """300 idle sockets against a process capped at 100 connections: the oldest idle ones are closed to make
    room, and a signed webhook gets its TwiML at once (not a 503, not a wait for a timeout)."""
    engine, _ = sqlite_world
    limits = ServerLimits(idle_timeout=30, header_timeout=30, body_timeout=30, max_connections=100)
    with limited_gateway(engine, tmp_path, limits) as gw:
        state = gw.server.server.server_state
        idle = [connect(gw.server.port) for _ in range(300)]
        try:
            time.sleep(0.3)
            assert len(state.connections) <= limits.max_connections
            began = time.monotonic()
            sid = new_sid()
            response = gw.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE))
            took = time.monotonic() - began
            print(f"\nwebhook answered in {took * 1000:.0f} ms with 300 idle sockets open against a cap of 100")
            assert response.status_code == 200 and "<Gather" in response.text
            assert took < 2.0
            assert call_count(engine) == 1
            closed = 0
            for sock in idle:
                sock.settimeout(0.01)
                with contextlib.suppress(TimeoutError):
                    closed += sock.recv(1) == b""
            assert closed >= 300 - limits.max_connections  # the server let the oldest idle ones go
        finally:
            for sock in idle:
                sock.close()


def test_streams_leave_room_for_webhooks(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    """Past its cap on open ``/events`` streams a process answers 503 to the next desktop; webhooks still pass."""
    engine, _ = sqlite_world
    with limited_gateway(engine, tmp_path, stream_auth=False) as gw:
        stream: Any = gw.app.state.changes
        stream.max_streams = 2
        deadline = time.monotonic() + 10
        while not stream.hub.ready:
            assert time.monotonic() < deadline, "change hub not ready"
            time.sleep(0.02)
        with httpx.Client(timeout=5) as http, contextlib.ExitStack() as open_streams:
            for _ in range(2):
                assert open_streams.enter_context(http.stream("GET", gw.server.url + "/events")).status_code == 200
            refused = http.get(gw.server.url + "/events")
            assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
            assert gw.post("/twilio/voice/wait", voice_params(new_sid(), SINGLE_PHONE)).status_code == 200
        with httpx.Client(timeout=5) as http, http.stream("GET", gw.server.url + "/events") as again:
            assert again.status_code == 200  # room again once the desktops left


@pytest.mark.slow
def test_the_gateway_command_applies_the_limits(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, _ = sqlite_world
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "CONTACTDESK_PUBLIC_URL": public,
        "CONTACTDESK_DATA_DIR": str(tmp_path),
        "CONTACTDESK_GATEWAY_IDLE_TIMEOUT": "1",
        "CONTACTDESK_GATEWAY_HEADER_TIMEOUT": "1",
        "CONTACTDESK_GATEWAY_BODY_TIMEOUT": "1",
    }
    log = (tmp_path / "gateway.log").open("wb")
    command = [sys.executable, "-m", "gateway.commands.serve", "--port", str(port), "--database", str(engine.url)]
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert httpx.get(public + "/healthz", timeout=2).status_code == 200
                break
            except httpx.HTTPError:
                assert process.poll() is None, (tmp_path / "gateway.log").read_text(errors="replace")
                assert time.monotonic() < deadline, "gateway did not start"
                time.sleep(0.2)
        idle, partial = connect(port), connect(port)
        partial.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        took, data = read_until_closed(idle, TIMEOUT + SLACK)
        assert data == b"" and took > TIMEOUT - 0.2
        _, data = read_until_closed(partial, TIMEOUT + SLACK)
        assert data.startswith(b"HTTP/1.1 408")
        idle.close()
        partial.close()
        limits = Path(f"/proc/{process.pid}/limits")
        if limits.exists():  # Linux: the soft limit on open files was raised to the hard one
            line = next(ln for ln in limits.read_text().splitlines() if ln.startswith("Max open files"))
            soft, hard = line.split()[3:5]
            assert soft == hard, line
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()
