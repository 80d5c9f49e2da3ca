"""Outages: the gateway killed and restarted; PostgreSQL killed and restarted in the middle of an edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import Customer
from desktop.sync.client import ChangeClient
from desktop.sync.connectivity import Connectivity, ConnectivityMonitor
from services import stream_tokens as tokens
from services.backoff import Backoff
from services.sync.changes import Change
from services.sync.journal import Journal
from services.sync.position import start_position
from services.sync.records import RecordEditor
from services.sync.replay import RECORD_EDIT, replay, standard_handlers
from tests.pgserver import ThrowawayPostgres

from .conftest import AUTH_TOKEN, start_gateway, wait_until, write_changes
from .world import World, build_world

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("name", "occupation", "segment")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class GatewayProcess:
    """``contactdesk gateway`` in a subprocess that can be killed (SIGKILL) and started again on its port."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.data_dir = data_dir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": "",
            "CONTACTDESK_DATA_DIR": str(self.data_dir),
            "CONTACTDESK_PUBLIC_URL": self.url,
            "PYTHONPATH": str(ROOT),
        }
        cmd = [sys.executable, "-m", "gateway.commands.serve", "--port", str(self.port)]
        cmd += ["--database", self.database_url]
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "gateway exited"
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("gateway did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)


@pytest.fixture
def gateway_process(world_engine: tuple[Engine, World], tmp_path: Path) -> Iterator[GatewayProcess]:
    engine, _ = world_engine
    gw = GatewayProcess(engine.url.render_as_string(hide_password=False), tmp_path / "gw")
    gw.start()
    yield gw
    gw.kill()


def test_gateway_killed_and_restarted(world_engine: tuple[Engine, World], gateway_process: GatewayProcess) -> None:
    engine, world = world_engine
    token = tokens.issue(engine, world.li.user_id, workstation="WS-B")
    got: list[Change] = []
    links: list[tuple[bool, float]] = []
    client = ChangeClient(
        got.extend,
        url=gateway_process.url,
        token=token,
        position=start_position(engine),
        on_link=lambda up: links.append((up, time.monotonic())),
        backoff=Backoff(0.1, 0.5),
    ).start()
    try:
        wait_until(lambda: client.linked is True, 30, "stream connected")
        write_changes(engine, [f"before{i}" for i in range(10)])
        wait_until(lambda: len(got) == 10, 10, "changes before the kill")
        killed = time.monotonic()
        gateway_process.kill()
        wait_until(lambda: client.linked is False, 5, "link down")
        assert links[-1][1] - killed < 2.0, "the dead gateway was not noticed within 2 s"
        write_changes(engine, [f"down{i}" for i in range(30)])  # committed while no gateway runs
        gateway_process.start()
        wait_until(lambda: len(got) >= 40, 30, "catch-up after the restart")
        write_changes(engine, [f"after{i}" for i in range(10)])
        wait_until(lambda: len(got) >= 50, 10, "live again")
        time.sleep(0.3)
    finally:
        client.stop()
    keys = [c.entity_id for c in got]
    assert len(keys) == len(set(keys)) == 50
    assert set(keys) == {f"{p}{i}" for p, n in (("before", 10), ("down", 30), ("after", 10)) for i in range(n)}
    assert client.connects >= 2


@pytest.mark.postgres
def test_postgres_killed_mid_edit_journal_replayed(tmp_path: Path) -> None:
    pg = ThrowawayPostgres()
    engine = make_engine(pg.create_database("outage"))
    monitor: ConnectivityMonitor | None = None
    client: ChangeClient | None = None
    gateway = None
    try:
        upgrade(engine)
        world = build_world(engine)
        cid, other = world.customers[0], world.customers[1]
        editor = RecordEditor(engine)
        states: list[tuple[Connectivity, float]] = []
        monitor = ConnectivityMonitor(engine, lambda s: states.append((s, time.monotonic())), uses_stream=True).start()
        gateway = start_gateway(engine, auth=False)
        got: list[Change] = []
        client = ChangeClient(
            got.extend, url=gateway.url, position=start_position(engine), on_link=monitor.set_stream
        ).start()
        wait_until(lambda: monitor is not None and monitor.online, 10, "online")

        # 张伟 opens the customer and starts typing
        loaded = editor.load(world.zhang, "customer", cid)
        original = {k: loaded[k] for k in FIELDS}
        journal_path = tmp_path / "journal.db"
        journal = Journal(journal_path)
        draft = {"entity": "customer", "id": cid, "base_version": loaded["version"], "original": original}
        journal.put(RECORD_EDIT, f"customer:{cid}", {**draft, "mine": {**original, "occupation": "律"}})

        killed = time.monotonic()
        pg.kill()
        wait_until(lambda: not monitor.online, 5, "offline")  # type: ignore[union-attr]
        offline_at = next(at for s, at in states if not s.online)
        assert offline_at - killed < 2.0, "the outage was not flagged within 2 s"

        # he keeps typing; saving fails; everything stays in the journal, which survives a crash of the desktop
        journal.put(RECORD_EDIT, f"customer:{cid}", {**draft, "mine": {**original, "occupation": "律师"}})
        with pytest.raises(Exception):  # noqa: B017 - any driver error: the database is away
            editor.save(world.zhang, "customer", cid, loaded["version"], original, {**original, "occupation": "律师"})
        journal.close()
        journal = Journal(journal_path)
        assert [e.payload["mine"]["occupation"] for e in journal.pending()] == ["律师"]

        pg.start()
        wait_until(lambda: monitor.online, 10, "online again")  # type: ignore[union-attr]
        # 李娜 saves another customer right after the restart
        lo = editor.load(world.li, "customer", other)
        lo_original = {k: lo[k] for k in FIELDS}
        editor.save(world.li, "customer", other, lo["version"], lo_original, {**lo_original, "segment": "affluent"})

        handlers = standard_handlers(world.zhang, editor=editor)
        backoff = Backoff(0.1, 1.0)
        deadline = time.monotonic() + 30
        report = replay(journal, handlers)
        while not report.complete and time.monotonic() < deadline:
            time.sleep(backoff.next())
            report = replay(journal, handlers)
        assert report.complete and len(report.applied) == 1 and not report.conflicts
        assert len(journal) == 0
        with engine.connect() as conn:
            assert conn.execute(select(Customer.occupation).where(Customer.id == cid)).scalar_one() == "律师"
        # the desktop catches up on the feed: both saves arrive, once each
        wait_until(lambda: {c.entity_id for c in got if c.entity == "customer"} >= {str(cid), str(other)}, 15, "feed")
        customer_changes = [c for c in got if c.entity == "customer"]
        assert sorted(c.entity_id for c in customer_changes) == sorted([str(cid), str(other)])
        journal.close()
    finally:
        if client is not None:
            client.stop()
        if gateway is not None:
            gateway.stop()
        if monitor is not None:
            monitor.stop()
        engine.dispose()
        pg.stop()
