"""Outages: the gateway killed and restarted; PostgreSQL killed and restarted in the middle of an edit.

On PostgreSQL the desktops sign in through the gateway and work as their users' own logins; after the server
restarts, their engines reconnect with the same short-lived credential (no new sign-in)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

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
from tests.signin_gateway import SignInGateway, desktop_sign_in, gateway_url_for, session_user, set_passwords

from .conftest import AUTH_TOKEN, wait_until, write_changes
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
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":  # as in production: a gateway login, which desktops sign in through
        url = gateway_url_for(url)
    gw = GatewayProcess(url, tmp_path / "gw")
    gw.start()
    yield gw
    gw.kill()


def test_gateway_killed_and_restarted(world_engine: tuple[Engine, World], gateway_process: GatewayProcess) -> None:
    engine, world = world_engine
    desk = engine
    shared = None
    session_id = None
    if engine.dialect.name == "postgresql":  # 李娜 signs in through `contactdesk gateway` and takes her token
        set_passwords(engine, [world.li.username])
        shared, signed = desktop_sign_in(gateway_process.url, engine.url.render_as_string(), "lina", workstation="WS-B")
        desk, session_id = shared.handle.engine, signed.session_id
        assert session_user(desk) == "cd_lina"
    token = tokens.issue(desk, world.li.user_id, session_id=session_id, workstation="WS-B")
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
        if shared is not None:
            shared.close()
    keys = [c.entity_id for c in got]
    assert len(keys) == len(set(keys)) == 50
    assert set(keys) == {f"{p}{i}" for p, n in (("before", 10), ("down", 30), ("after", 10)) for i in range(n)}
    assert client.connects >= 2


@pytest.mark.postgres
def test_postgres_killed_mid_edit_journal_replayed(tmp_path: Path) -> None:
    pg = ThrowawayPostgres()
    owner_url = pg.create_database("outage")
    engine = make_engine(owner_url)
    monitor: ConnectivityMonitor | None = None
    client: ChangeClient | None = None
    gateway: SignInGateway | None = None
    desks: list[Any] = []
    try:
        upgrade(engine)
        world = build_world(engine)
        set_passwords(engine, [world.zhang.username, world.li.username])
        cid, other = world.customers[0], world.customers[1]
        gateway = SignInGateway(owner_url)
        # 张伟's desktop: signed in through the gateway, working as cd_zhangwei with the credential it issued
        zhang_desk, zhang = desktop_sign_in(gateway.url, owner_url, "zhangwei", workstation="WS-A")
        desks.append(zhang_desk)
        desk = zhang_desk.handle.engine
        credential = zhang_desk.handle.credential
        assert session_user(desk) == "cd_zhangwei"
        editor = RecordEditor(desk)
        states: list[tuple[Connectivity, float]] = []
        monitor = ConnectivityMonitor(desk, lambda s: states.append((s, time.monotonic())), uses_stream=True).start()
        token = tokens.issue(desk, zhang.user.user_id, session_id=zhang.session_id, workstation="WS-A")
        got: list[Change] = []
        client = ChangeClient(
            got.extend, url=gateway.url, token=token, position=start_position(desk), on_link=monitor.set_stream
        ).start()
        wait_until(lambda: monitor is not None and monitor.online, 10, "online")

        # 张伟 opens the customer and starts typing
        loaded = editor.load(zhang.user, "customer", cid)
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
            editor.save(zhang.user, "customer", cid, loaded["version"], original, {**original, "occupation": "律师"})
        journal.close()
        journal = Journal(journal_path)
        assert [e.payload["mine"]["occupation"] for e in journal.pending()] == ["律师"]

        pg.start()
        wait_until(lambda: monitor.online, 10, "online again")  # type: ignore[union-attr]
        # The pool's connections died with the server: the new ones use the same short-lived credential.
        assert zhang_desk.handle.credential is credential and not credential.expired()
        assert session_user(desk) == "cd_zhangwei"
        with desk.connect() as conn:
            backends = conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE usename = 'cd_zhangwei'")
            ).scalar_one()
        assert backends >= 1
        with engine.connect() as conn:  # no second sign-in happened
            sessions = conn.execute(
                text("SELECT count(*) FROM user_session WHERE user_id = :uid"), {"uid": zhang.user.user_id}
            ).scalar_one()
        assert sessions == 1
        # 李娜 signs in on her desktop right after the restart and saves another customer
        li_desk, li = desktop_sign_in(gateway.url, owner_url, "lina", workstation="WS-B")
        desks.append(li_desk)
        li_editor = RecordEditor(li_desk.handle.engine)
        lo = li_editor.load(li.user, "customer", other)
        lo_original = {k: lo[k] for k in FIELDS}
        li_editor.save(li.user, "customer", other, lo["version"], lo_original, {**lo_original, "segment": "affluent"})

        handlers = standard_handlers(zhang.user, editor=editor)
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
        if monitor is not None:
            monitor.stop()
        for shared in desks:
            shared.close()
        if gateway is not None:
            gateway.stop()
        engine.dispose()
        pg.stop()
