"""The gateway's change-event stream: live delivery, catch-up after a reconnect with no gap or duplicate."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
from sqlalchemy import Engine

from db import feed
from desktop.sync.client import ChangeClient, PositionStore
from gateway.serve import ServerThread
from services import stream_tokens as tokens
from services.sync.changes import Change
from services.sync.position import decode, start_position

from .conftest import RawStream, change_stream, start_gateway, wait_until, write_changes
from .world import World


def test_live_changes_reach_a_connected_desktop(world_engine: tuple[Engine, World], gateway: ServerThread) -> None:
    engine, _ = world_engine
    got: list[Change] = []
    links: list[bool] = []
    client = ChangeClient(got.extend, url=gateway.url, position=start_position(engine), on_link=links.append).start()
    try:
        wait_until(lambda: client.linked is True, 10, "stream connected")
        write_changes(engine, ["a", "b", "c"])
        wait_until(lambda: len(got) == 3, 10, "three changes")
        assert [c.entity_id for c in got] == ["a", "b", "c"]
        assert got[0].topics == frozenset({"probe", "probe:a"})
        assert links == [True]
    finally:
        client.stop()


def test_reconnect_catches_up_without_gap_or_duplicate(
    world_engine: tuple[Engine, World], gateway: ServerThread
) -> None:
    """Writers never stop; a desktop disconnects and reconnects several times from its last position."""
    engine, _ = world_engine
    start = start_position(engine)
    stop = threading.Event()
    written: list[str] = []

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            with engine.begin() as conn:
                feed.append(conn, "probe", f"w{n}", "update")
            written.append(f"w{n}")

    thread = threading.Thread(target=writer)
    thread.start()
    stream = RawStream(gateway.url, after=start)
    try:
        for round_ in range(6):
            target = len(stream.ids) + 15
            stream.read(lambda s, t=target: len(s.ids) >= t)  # type: ignore[misc]
            if round_ % 2:
                write_changes(engine, [f"gap{round_}-{i}" for i in range(20)])  # while disconnected
    finally:
        stop.set()
        thread.join()
    everything = len(written) + 60
    stream.read(lambda s: len(s.ids) >= everything)
    assert len(stream.ids) == len(set(stream.ids)), "an event was delivered twice"
    assert sorted(stream.keys) == sorted(written + [f"gap{r}-{i}" for r in (1, 3, 5) for i in range(20)])


def test_a_stream_without_position_starts_live(world_engine: tuple[Engine, World], gateway: ServerThread) -> None:
    engine, _ = world_engine
    write_changes(engine, ["old"])
    hub = change_stream(gateway).hub
    wait_until(lambda: hub.delivered == 1, 10, "the hub read the old change")
    stream = RawStream(gateway.url)
    stream.read(lambda s: s.position is not None)
    write_changes(engine, ["new"])
    stream.read(lambda s: bool(s.keys))
    assert stream.keys == ["new"]


def test_stream_needs_a_valid_token(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    server = start_gateway(engine, auth=True)
    try:
        assert httpx.get(server.url + "/events", timeout=5).status_code == 401
        bad = httpx.get(server.url + "/events", headers={"Authorization": "Bearer nope"}, timeout=5)
        assert bad.status_code == 401
        token = tokens.issue(engine, world.zhang.user_id, workstation="WS-A")
        assert (
            httpx.get(server.url + "/events?after=x:y", headers={"Authorization": f"Bearer {token}"}).status_code == 400
        )
        got: list[Change] = []
        client = ChangeClient(got.extend, url=server.url, token=token, position=start_position(engine)).start()
        try:
            wait_until(lambda: client.linked is True, 10, "authorised stream")
            write_changes(engine, ["x"])
            wait_until(lambda: len(got) == 1, 10, "the change")
        finally:
            client.stop()
        tokens.revoke(engine, token)
        assert tokens.check(engine, token) is None
    finally:
        server.stop()


def test_in_process_source_polls_the_feed(world_engine: tuple[Engine, World]) -> None:
    engine, _ = world_engine
    got: list[Change] = []
    client = ChangeClient(got.extend, engine=engine, position=start_position(engine), poll_interval=0.02).start()
    try:
        write_changes(engine, ["p", "q"])
        wait_until(lambda: len(got) == 2, 10, "two changes in-process")
        assert client.linked is True
    finally:
        client.stop()


def test_position_store_keeps_the_last_position(tmp_path: Path) -> None:
    store = PositionStore(tmp_path / "sync" / "position.json")
    assert store.load() is None
    store.save("1234:1240,1241")
    assert PositionStore(store.path).load() == "1234:1240,1241"
    assert decode("1234:1240,1241").delivered == {1240, 1241}
    store.path.write_text("{broken", encoding="utf-8")
    assert store.load() is None
    store.path.write_text('{"position": "12:x"}', encoding="utf-8")
    assert store.load() is None
