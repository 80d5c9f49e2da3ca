"""``contactdesk gateway`` and ``contactdesk simulate`` as the processes an operator starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from db.models import Call
from tests.pgserver import free_port

from .world import ACCOUNT_SID, AUTH_TOKEN, World

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, public_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "CONTACTDESK_PUBLIC_URL": public_url,
        "CONTACTDESK_DATA_DIR": str(tmp_path),
    }


@pytest.mark.parametrize("command", ["gateway", "simulate"])
def test_help(command: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    ).stdout
    assert "--gateway" in out if command == "simulate" else "--workers" in out


@pytest.mark.slow
def test_simulate_drives_a_gateway_process(sqlite_world: tuple[Engine, World], tmp_path: Path) -> None:
    engine, _ = sqlite_world
    url = str(engine.url)
    port, rest_port = free_port(), free_port()
    public = f"http://127.0.0.1:{port}"
    env = _env(tmp_path, public)
    log = (tmp_path / "gateway.log").open("wb")
    gateway = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop",
            "gateway",
            "--port",
            str(port),
            "--database",
            url,
            "--twilio-api-url",
            f"http://127.0.0.1:{rest_port}",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with httpx.Client(timeout=2) as http:
                    assert http.get(public + "/healthz").json()["database"] == "ok"
                    break
            except httpx.HTTPError:
                assert gateway.poll() is None, (tmp_path / "gateway.log").read_text(errors="replace")
                assert time.monotonic() < deadline, "gateway did not start"
                time.sleep(0.2)
        simulated = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "simulate",
                "--gateway",
                public,
                "--rest-port",
                str(rest_port),
                "--calls-per-minute",
                "300",
                "--duration",
                "4",
                "--speed",
                "0.05",
                "--seed",
                "5",
                "--database",
                url,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert simulated.returncode == 0, simulated.stderr
        stats = json.loads(simulated.stdout.strip().splitlines()[-1])
    finally:
        gateway.terminate()
        gateway.wait(20)
        log.close()
    assert stats["calls_placed"] > 3
    answers = {int(k): v for k, v in stats["webhook_answers"].items()}
    assert answers.get(200, 0) > 0 and 403 not in answers and 400 not in answers and 500 not in answers
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Call)).scalar_one() == stats["calls_placed"]
