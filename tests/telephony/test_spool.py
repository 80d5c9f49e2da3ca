"""The spool: webhooks answered in time while the database is slow or down, written once it is back."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from db.engine import make_engine
from db.migrate import upgrade
from gateway.spool import Spool

from .helpers import call_row, new_sid, running_gateway, voice_params, wait_for
from .world import SINGLE_PHONE, UNKNOWN_PHONE, World, build_world


def test_spool_replays_in_order_and_resumes_after_a_failure(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    for i in range(5):
        spool.append({"n": i})
    assert spool.pending
    seen: list[int] = []

    def flaky(event: dict[str, Any]) -> None:
        if event["n"] == 3 and 3 not in seen and len(seen) == 3:
            seen.append(-1)
            raise ConnectionError("database still down")
        seen.append(event["n"])

    with pytest.raises(ConnectionError):
        spool.replay(flaky)
    assert spool.pending
    spool.append({"n": 5})
    assert spool.replay(flaky) == 3
    assert [n for n in seen if n >= 0] == [0, 1, 2, 3, 4, 5]
    assert not spool.pending and spool.path.stat().st_size == 0
    spool.close()
    assert not spool.path.exists()


def test_a_dead_processs_spool_is_picked_up(tmp_path: Path) -> None:
    orphan = tmp_path / "spool-99999-deadbeef.jsonl"
    orphan.write_text("".join(json.dumps({"n": i}) + "\n" for i in range(3)) + '{"n": 3', encoding="utf-8")
    spool = Spool(tmp_path)
    seen: list[int] = []
    assert spool.replay(lambda e: seen.append(e["n"])) == 3
    assert seen == [0, 1, 2] and not orphan.exists()  # the torn last line was never acknowledged
    spool.close()


def test_slow_sqlite_spools_then_writes(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, _ = sqlite_world
    blocker = make_engine(engine.url)
    conn = blocker.connect()
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        with running_gateway(engine, tmp_path / "spool", run_worker=True, db_budget=0.5) as gw:
            sid = new_sid()
            began = time.monotonic()
            response = gw.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE))
            assert response.status_code == 200 and "<Gather" in response.text
            menu = gw.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="2"))
            assert menu.status_code == 200 and "credit_card</Enqueue>" in menu.text
            assert time.monotonic() - began < 5.0  # well within Twilio's 15 s
            assert gw.state.spool.pending
            conn.rollback()
            conn.close()
            row = wait_for(lambda: (r := call_row(engine, sid)) is not None and r.state == "queued" and r)
            assert row.ivr_choice == "2"
            wait_for(lambda: not gw.state.spool.pending)
    finally:
        blocker.dispose()


@pytest.mark.postgres
def test_postgres_down_spools_and_writes_after_restart(tmp_path: Path) -> None:
    from tests.pgserver import ThrowawayPostgres

    with ThrowawayPostgres() as pg:
        engine = make_engine(pg.create_database("spooltest"))
        try:
            upgrade(engine)
            build_world(engine)
            with running_gateway(engine, tmp_path / "spool", run_worker=True, db_budget=2.0) as gw:
                warm = new_sid()
                gw.incoming(warm, UNKNOWN_PHONE, "1")
                pg.kill()
                sid = new_sid()
                began = time.monotonic()
                incoming = gw.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE))
                menu = gw.post("/twilio/voice/menu", voice_params(sid, SINGLE_PHONE, Digits="1"))
                status = gw.status(warm, UNKNOWN_PHONE, "completed")
                assert time.monotonic() - began < 10.0
                assert incoming.status_code == 200 and "<Gather" in incoming.text
                assert menu.status_code == 200 and "general</Enqueue>" in menu.text
                assert status.status_code == 204
                assert gw.state.spool.pending
                health = gw.http.get("/healthz").json()
                assert health["database"] == "down" and health["spool_pending"]
                pg.start()
                row = wait_for(lambda: (r := _quiet_row(engine, sid)) is not None and r.state != "received" and r, 30)
                assert row.state in ("queued", "offered") and row.customer_id is not None
                wait_for(lambda: (r := _quiet_row(engine, warm)) and r.state == "abandoned", timeout=30)
                wait_for(lambda: not gw.state.spool.pending)
        finally:
            engine.dispose()


def _quiet_row(engine: Engine, sid: str) -> Any:
    try:
        return call_row(engine, sid)
    except Exception:  # the server is still starting
        return None


def test_spool_survives_a_gateway_restart(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, _ = sqlite_world
    blocker = make_engine(engine.url)
    conn = blocker.connect()
    conn.exec_driver_sql("BEGIN IMMEDIATE")
    sid = new_sid()
    try:
        with running_gateway(engine, tmp_path / "spool", run_worker=False, db_budget=0.3) as gw:
            assert gw.post("/twilio/voice/incoming", voice_params(sid, SINGLE_PHONE)).status_code == 200
        # The gateway stopped with the event still spooled: the file stays for the next one.
        assert list((tmp_path / "spool").glob("spool-*.jsonl"))
    finally:
        conn.rollback()
        conn.close()
        blocker.dispose()
    with running_gateway(engine, tmp_path / "spool", run_worker=True) as gw:
        wait_for(lambda: call_row(engine, sid))
    threading.Event().wait(0.1)
