"""Two desktop processes on one database: live values, presence and a refused stale save across processes.

On PostgreSQL each desk signs in through the gateway and works as its user's own database login (张伟 as
``cd_zhangwei``, 李娜 as ``cd_lina``), with the credential the gateway issued; the watcher follows the gateway's
change stream with a token it took as that login."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tests.signin_gateway import PASSWORD, SignInGateway, set_passwords

from .world import World

ROOT = Path(__file__).resolve().parents[2]


def _desk(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESK_PASSWORD": PASSWORD}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sync.desk", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )


def _line(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(f"desk ended early: {proc.wait(30)}\n{proc.stderr.read() if proc.stderr else ''}")
    return json.loads(line)  # type: ignore[no-any-return]


def test_two_desktop_processes(world_engine: tuple[Engine, World]) -> None:
    engine, world = world_engine
    url = engine.url.render_as_string(hide_password=False)
    cid = str(world.customers[0])
    gateway: SignInGateway | None = None
    through: list[str] = []
    if engine.dialect.name == "postgresql":  # shared PostgreSQL: sign-in and the change stream through the gateway
        set_passwords(engine, [world.zhang.username, world.li.username])
        gateway = SignInGateway(url)
        through = [gateway.url]
    watcher = _desk("watcher", url, cid, *through)  # SQLite: the feed in-process
    try:
        if gateway is not None:
            assert _line(watcher) == {"step": "connected", "login": "cd_lina", "user": 2}
        ready = _line(watcher)
        assert ready == {"step": "ready", "version": 1, "occupation": "教师"}
        editor = _desk("editor", url, cid, *through)
        out, err = editor.communicate(timeout=120)
        assert editor.returncode == 0, err
        connected = [{"step": "connected", "login": "cd_zhangwei", "user": 1}] if gateway is not None else []
        assert [json.loads(line) for line in out.splitlines()] == [
            *connected,
            {"step": "saved", "saved": True, "version": 2},
            {"step": "editing"},
        ]
        seen = [_line(watcher), _line(watcher)]
        by_step = {s["step"]: s for s in seen}
        assert by_step["customer_changed"] == {
            "step": "customer_changed",
            "version": 2,
            "occupation": "张伟改",
            "actor": 1,
        }
        assert by_step["presence"]["people"] == [["张伟", "editing"]]
        mine = _line(watcher)
        assert mine == {
            "step": "my_save",
            "saved": False,
            "kinds": {"name": "same", "occupation": "conflict", "segment": "same"},
            "theirs": "张伟改",
        }
        _rest, err = watcher.communicate(timeout=60)
        assert watcher.returncode == 0, err
    finally:
        if watcher.poll() is None:
            watcher.kill()
        watcher.communicate(timeout=30)
        if gateway is not None:
            gateway.stop()
