"""The wallboard stream in delta frames: a wallboard gets the full snapshot first, then deltas; the desktop's
client rebuilds from them exactly the snapshots the gateway's aggregator computed, and so does the page's
source; a wallboard that missed a snapshot (it read too slowly) is sent the newest in full."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import Engine

from desktop.sync.wallboard_client import WallboardClient
from desktop.ui.wallboard.source import WallboardSource
from gateway.wallboard_stream import WallboardStream
from services import stream_tokens as tokens
from services.wallboard.publisher import SnapshotPublisher
from services.wallboard.types import WallboardSnapshot
from services.wallboard.wire import DELTA_EVENT, SNAPSHOT_EVENT

from .test_stream import _gateway, _wait
from .world import ZONE, Floor, add_call, set_agent

pytestmark = pytest.mark.timeout(120)


def test_the_client_rebuilds_every_snapshot_the_aggregator_computed(qtbot: Any, floor: tuple[Engine, Floor]) -> None:
    engine, world = floor
    server = _gateway(engine)
    computed: dict[int, WallboardSnapshot] = {}
    got: list[WallboardSnapshot] = []
    lock = threading.Lock()

    def keep(snapshot: WallboardSnapshot) -> None:
        with lock:
            got.append(snapshot)

    source = WallboardSource(stale_after_ms=0)
    shown: list[WallboardSnapshot] = []
    source.snapshot.connect(shown.append)
    client: WallboardClient | None = None
    try:
        app: Any = server.server.config.app
        stream: Any = app.state.wallboard
        stream.publisher.subscribe(lambda snap: computed.__setitem__(snap.seq, snap))
        token = tokens.issue(engine, world.agents["dai"], workstation="WALL-1")

        def deliver(snapshot: WallboardSnapshot) -> None:
            keep(snapshot)
            source.post(snapshot)

        client = WallboardClient(server.url, token, deliver).start()
        _wait(lambda: client is not None and client.deltas >= 2, 30, "two deltas")
        with engine.begin() as conn:  # changes the deltas must carry: a call starts, another waits
            now = dt.datetime.now(dt.UTC)
            call = add_call(conn, world.queues["general"], "connected", now, wait=0, answered_after=0,
                            agent_id=world.agents["bob"])  # fmt: skip
            set_agent(conn, world.agents["bob"], "on_call", now, call_id=call)
            add_call(conn, world.queues["vip"], "queued", now, wait=0)
        _wait(lambda: any(a.state == "on_call" for s in list(got) for a in s.agents), 30, "the call on the board")
        seen = client.deltas
        _wait(lambda: client is not None and client.deltas >= seen + 3, 30, "three more deltas")
        qtbot.waitUntil(lambda: bool(shown) and shown[-1].seq >= got[-1].seq, timeout=10_000)
    finally:
        if client is not None:
            client.stop()
        server.stop()
    with lock:
        received = list(got)
    assert stream.deltas_sent >= client.deltas and client.received == len(received)
    assert received and all(s == computed[s.seq] for s in received)  # equal, field by field
    assert shown and all(s == computed[s.seq] for s in shown)  # and so is what the page is given
    assert any(a.state == "on_call" for a in shown[-1].agents)
    assert next(q for q in shown[-1].queues if q.name == "vip").waiting == 1


def test_a_stream_sends_full_then_deltas_and_a_slow_wallboard_the_newest_in_full(
    floor: tuple[Engine, Floor],
) -> None:
    engine, _ = floor
    # Ticks only when told (compute_now): the test decides which snapshot exists when.
    publisher = SnapshotPublisher(engine, interval=3600, min_gap=3600, zone=ZONE)
    bodies: list[bytes] = []
    asyncio.run(_slow_wallboard(engine, publisher, bodies))
    events = [_event(b) for b in bodies]
    kinds = [kind for kind, _seq in events]
    seqs = [seq for _kind, seq in events]
    # 1: full on connecting; 2: a delta; 3, 4 computed while the wallboard was stuck: only 4 sent, in full;
    # 5: a delta again (its base, 4, is what the wallboard holds).
    assert kinds == [SNAPSHOT_EVENT, DELTA_EVENT, SNAPSHOT_EVENT, DELTA_EVENT]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert len(bodies[1]) < len(bodies[0]) and len(bodies[3]) < len(bodies[2])


async def _slow_wallboard(engine: Engine, publisher: SnapshotPublisher, bodies: list[bytes]) -> None:
    stream = WallboardStream(engine, publisher, auth=None, heartbeat=3600)
    await stream.start()
    stuck = asyncio.Event()  # set while the wallboard "reads slowly": sending the next frame waits
    free = asyncio.Event()
    gone = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        body = message.get("body", b"")
        if not body:
            return
        bodies.append(body)
        if stuck.is_set():
            await free.wait()

    async def receive() -> dict[str, Any]:
        await gone.wait()
        return {"type": "http.disconnect"}

    async def until(check: Any) -> None:
        for _ in range(3000):
            if check():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("timed out")

    request = asyncio.ensure_future(stream({"type": "http", "headers": []}, receive, send))
    try:
        await until(lambda: len(bodies) == 1)  # the first snapshot (computed as the stream started), in full
        stuck.set()
        await asyncio.to_thread(publisher.compute_now)
        await until(lambda: len(bodies) == 2)  # the delta went out; sending it is now stuck
        await asyncio.to_thread(publisher.compute_now)
        await asyncio.to_thread(publisher.compute_now)
        await until(lambda: stream.sent == 2 and all(b.queue.full() for b in stream._streams))
        stuck.clear()
        free.set()
        await until(lambda: len(bodies) == 3)
        await asyncio.to_thread(publisher.compute_now)
        await until(lambda: len(bodies) == 4)
        assert stream.deltas_sent == 2
    finally:
        gone.set()
        await request
        await stream.stop()


def _event(body: bytes) -> tuple[str, int]:
    fields = dict(line.split(": ", 1) for line in body.decode().splitlines() if ": " in line and line[0] != "d")
    return fields["event"], int(fields["id"])
