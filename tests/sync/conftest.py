"""Fixtures for the live-sync tests: a migrated database with a small world, gateways on loopback."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from httpx_sse import connect_sse
from sqlalchemy import Engine

from db import feed
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread

from .world import World, build_world

AUTH_TOKEN = "sync_test_auth_token_0123456789ab"


@pytest.fixture
def world_engine(migrated_engine: Engine) -> tuple[Engine, World]:
    """(engine, world) on SQLite and on PostgreSQL."""
    return migrated_engine, build_world(migrated_engine)


def start_gateway(engine: Engine, *, auth: bool = True, heartbeat: float = 0.5) -> ServerThread:
    """The gateway app (no worker, no telephony traffic) on a free loopback port."""
    config = GatewayConfig(
        public_url="http://127.0.0.1:1",
        auth_token=AUTH_TOKEN,
        run_worker=False,
        stream_auth=auth,
        stream_heartbeat=heartbeat,
    )
    server = ServerThread(create_app(engine, config), name="sync-gateway").start()
    wait_until(lambda: server_ready(server), 10, "change hub ready")
    return server


def change_stream(server: ServerThread) -> Any:
    """The gateway's :class:`~gateway.changes.stream.ChangeStream`."""
    app: Any = server.server.config.app
    return app.state.changes


def server_ready(server: ServerThread) -> bool:
    stream = change_stream(server)
    return bool(stream is not None and stream.hub.ready)


@pytest.fixture
def gateway(world_engine: tuple[Engine, World]) -> Iterator[ServerThread]:
    """A gateway with the change stream, token checking off (loopback)."""
    server = start_gateway(world_engine[0], auth=False)
    yield server
    server.stop()


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def write_changes(engine: Engine, keys: list[str], entity: str = "probe") -> None:
    """One committed feed row per key (one transaction each)."""
    for key in keys:
        with engine.begin() as conn:
            feed.append(conn, entity, key, "update")


class RawStream:
    """Reads ``/events`` at the wire level and records every delivered feed id, duplicates included."""

    def __init__(self, url: str, *, after: str | None = None, token: str | None = None) -> None:
        self.url = url
        self.after = after
        self.token = token
        self.ids: list[int] = []
        self.keys: list[str] = []
        self.position: str | None = after

    def read(self, until: Callable[[RawStream], bool], timeout: float = 10.0) -> RawStream:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        params = {"after": self.position} if self.position else None
        deadline = time.monotonic() + timeout
        with (
            httpx.Client(timeout=httpx.Timeout(5.0)) as http,
            connect_sse(http, "GET", self.url + "/events", headers=headers, params=params) as source,
        ):
            assert source.response.status_code == 200, source.response.read()
            for sse in source.iter_sse():
                if sse.event == "changes":
                    items: list[list[Any]] = json.loads(sse.data)
                    self.ids += [int(i[0]) for i in items]
                    self.keys += [str(i[2]) for i in items]
                if sse.id:
                    self.position = sse.id
                if until(self) or time.monotonic() > deadline:
                    break
        return self
