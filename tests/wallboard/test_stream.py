"""The gateway pushes the wallboard: a real gateway (uvicorn on loopback, stream tokens checked) computes the
floor once a second and every connected wallboard receives the same snapshot, through the desktop's own
client; an agent's token is refused; when the gateway goes, the wallboard is told the link is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from desktop.sync.wallboard_client import WallboardClient
from gateway.gateway import GatewayConfig, create_app
from gateway.serve import ServerThread
from services import stream_tokens as tokens
from services.wallboard.types import WallboardSnapshot
from services.wallboard.wire import WALLBOARD_PATH

from .world import Floor

pytestmark = pytest.mark.timeout(120)


def _wait(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _gateway(engine: Engine) -> ServerThread:
    config = GatewayConfig(
        public_url="http://127.0.0.1:1", auth_token="wallboard_test_token_0123456789abcd", run_worker=False,
        change_stream=False, wallboard_interval=0.2,
    )  # fmt: skip
    return ServerThread(create_app(engine, config), name="wallboard-gateway").start()


class Board:
    """One wallboard's client, recording what it got and its link."""

    def __init__(self, url: str, token: str) -> None:
        self.snapshots: list[WallboardSnapshot] = []
        self.links: list[bool] = []
        self.lock = threading.Lock()
        self.client = WallboardClient(url, token, self._got, on_link=self.links.append).start()

    def _got(self, snapshot: WallboardSnapshot) -> None:
        with self.lock:
            self.snapshots.append(snapshot)

    def seqs(self) -> list[int]:
        with self.lock:
            return [s.seq for s in self.snapshots]


def test_every_wallboard_gets_the_same_snapshots_and_others_are_refused(floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    server = _gateway(engine)
    boards: list[Board] = []
    try:
        app: Any = server.server.config.app
        stream = app.state.wallboard
        token = tokens.issue(engine, world.agents["dai"], workstation="WALL-1")  # the supervisor
        boards = [Board(server.url, token), Board(server.url, token)]
        _wait(lambda: all(len(b.seqs()) >= 3 for b in boards), 30, "three snapshots on both wallboards")
        assert stream.open_streams == 2
        first, second = boards[0].seqs(), boards[1].seqs()
        assert first == sorted(first) and len(set(first)) == len(first)  # in order, each once
        common = set(first) & set(second)
        assert common  # the same snapshots (one aggregator), not one computation per wallboard
        by_seq = {s.seq: s for s in boards[0].snapshots}
        other = next(s for s in boards[1].snapshots if s.seq in common)
        assert by_seq[other.seq] == other
        assert {q.name for q in other.queues} >= {"general", "vip", "credit_card"}
        assert boards[0].links[:1] == [True]

        agent = tokens.issue(engine, world.agents["ann"], workstation="DESK-1")
        refused = httpx.get(f"{server.url}{WALLBOARD_PATH}", headers={"Authorization": f"Bearer {agent}"}, timeout=5)
        assert refused.status_code == 403
        assert httpx.get(f"{server.url}{WALLBOARD_PATH}", timeout=5).status_code == 401
        bad = httpx.get(f"{server.url}{WALLBOARD_PATH}", headers={"Authorization": "Bearer nope"}, timeout=5)
        assert bad.status_code == 401
    finally:
        server.stop()
    _wait(lambda: all(b.links[-1:] == [False] for b in boards), 10, "the wallboards told the link is lost")
    for board in boards:
        board.client.stop()
