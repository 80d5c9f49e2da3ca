"""The real gateway process runs the escalation scan: a complaint's warning fires as its clock passes the point.

``contactdesk gateway --scan-interval 0.5`` against a PostgreSQL database; the complaint is taken through the
ticket service under a policy whose one warning point falls a few seconds later (:mod:`.soon`), in real time.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import ChangeFeed
from services.tickets import alerts
from services.tickets.calendar import as_utc
from tests.pgserver import free_port

from .conftest import FixedClock, build_world
from .soon import warning_soon

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "0123456789abcdef0123456789abcdef"


def wait_for(what: str, predicate: Callable[[], Any], timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.postgres
def test_the_gateway_process_fires_a_warning_as_the_clock_passes_it(pg_database_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_database_url, pool_size=4)
    upgrade(engine)
    world = build_world(engine, FixedClock(dt.datetime.now(dt.UTC)))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "CONTACTDESK_PUBLIC_URL": url,
        "CONTACTDESK_DATA_DIR": str(tmp_path / "gateway-data"),
    }
    command = ["gateway", "--host", "127.0.0.1", "--port", str(port), "--database", pg_database_url]
    log = (tmp_path / "gateway.log").open("wb")
    gateway = subprocess.Popen(
        [sys.executable, "-m", "desktop", *command, "--scan-interval", "0.5"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def scans() -> dict[str, Any] | None:
        try:
            report = httpx.get(url + "/healthz", timeout=2).json()
        except (httpx.HTTPError, ValueError):
            assert gateway.poll() is None, (tmp_path / "gateway.log").read_text(errors="replace")
            return None
        return report.get("jobs", {}).get("escalation_scan")

    def warnings() -> list[Any]:
        return [e for e in world.service.ticket_events(ticket) if e.kind == "warning"]

    try:
        wait_for("the gateway's first scan", lambda: (scans() or {}).get("runs", 0) >= 1, timeout=60)
        ticket, warning_at = warning_soon(world, 8.0)
        runs = scans()["runs"]  # type: ignore[index]
        wait_for("two more scans", lambda: scans()["runs"] >= runs + 2)  # type: ignore[index]
        assert dt.datetime.now(dt.UTC) < warning_at, "the machine is too slow for this test's margin"
        assert warnings() == [], "not before its time"

        (warning,) = wait_for("the warning", warnings)
        assert as_utc(warning.at) >= warning_at and warning.data["level"] == warning.data["of"] == 1
        escalated = [e for e in world.service.ticket_events(ticket) if e.kind == "escalated"]
        assert [e.data["to"] for e in escalated] == [[world.supervisor]], "the last point goes to the supervisor"
        assert [e.ticket_id for e in world.service.escalations_for(world.supervisor)] == [ticket]
        with engine.connect() as conn:
            sent = conn.execute(
                select(ChangeFeed.entity_id, ChangeFeed.action).where(ChangeFeed.entity == alerts.ENTITY)
            ).all()
        assert sorted(sent) == sorted([(str(world.handler), "warning"), (str(world.supervisor), "escalated")])
        time.sleep(1.5)  # a few more scans: still one warning
        assert len(warnings()) == 1
        report = scans()
        assert report is not None and report["failures"] == 0 and report["interval_s"] == 0.5
    finally:
        gateway.terminate()
        try:
            gateway.wait(30)
        finally:
            log.close()
            engine.dispose()
    output = (tmp_path / "gateway.log").read_text(errors="replace")
    assert gateway.returncode in (0, -signal.SIGTERM) and "Traceback" not in output, output
