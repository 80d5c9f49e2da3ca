"""The connectivity monitor flags an outage within two seconds, whether the database refuses or hangs."""

from __future__ import annotations

import threading
import time

from sqlalchemy import Engine

from desktop.sync.connectivity import Connectivity, ConnectivityMonitor

from .conftest import wait_until


def test_refusing_and_hanging_database_are_flagged_within_two_seconds(sqlite_url: str) -> None:
    from db.engine import make_engine

    engine: Engine = make_engine(sqlite_url)
    mode = {"now": "ok"}
    release = threading.Event()

    def probe(_engine: Engine) -> None:
        if mode["now"] == "refuse":
            raise ConnectionRefusedError("down")
        if mode["now"] == "hang":
            release.wait(10)

    seen: list[Connectivity] = []
    monitor = ConnectivityMonitor(engine, seen.append, uses_stream=True, probe=probe).start()
    try:
        assert not monitor.online  # the stream has not linked yet
        monitor.set_stream(True)
        assert monitor.online
        for how in ("refuse", "hang"):
            mode["now"] = how
            began = time.monotonic()
            wait_until(lambda: not monitor.online, 3, f"offline ({how})")
            assert time.monotonic() - began < 2.0
            assert monitor.state.error == ("ConnectionRefusedError" if how == "refuse" else "timeout")
            mode["now"] = "ok"
            release.set()
            wait_until(lambda: monitor.online, 3, "online again")
            release.clear()
        monitor.set_stream(False)
        assert not monitor.online and monitor.state.database
    finally:
        release.set()
        monitor.stop()
        engine.dispose()
    assert [s.online for s in seen] == [True, False, True, False, True, False]
