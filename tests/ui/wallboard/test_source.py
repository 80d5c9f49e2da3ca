"""Where the wallboard's snapshots come from: the in-process source hands a snapshot published on the
aggregator's thread to the GUI thread, drops older ones, says when the aggregator falls silent, and stops
listening when closed or deleted."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.ui.wallboard.source import InProcessSource, WallboardSource, is_older
from services.wallboard.types import WallboardSnapshot
from tests.ui.wallboard import snapshots as sn


class Publisher:
    """services/wallboard/publisher.py's interface: subscribe(callback) -> unsubscribe, latest()."""

    def __init__(self, latest: WallboardSnapshot | None = None) -> None:
        self.callbacks: list[Callable[[WallboardSnapshot], None]] = []
        self._latest = latest
        self._lock = threading.Lock()

    def subscribe(self, callback: Callable[[WallboardSnapshot], None]) -> Callable[[], None]:
        with self._lock:
            self.callbacks.append(callback)
        return lambda: self._drop(callback)

    def _drop(self, callback: Callable[[WallboardSnapshot], None]) -> None:
        with self._lock:
            self.callbacks.remove(callback)

    def latest(self) -> WallboardSnapshot | None:
        return self._latest

    def publish(self, snapshot: WallboardSnapshot) -> None:
        self._latest = snapshot
        with self._lock:
            callbacks = list(self.callbacks)
        for callback in callbacks:
            callback(snapshot)


def test_a_snapshot_published_on_another_thread_arrives_on_the_gui_thread(qtbot: Any, qapp: QApplication) -> None:
    publisher = Publisher()
    source = InProcessSource(publisher, stale_after_ms=0)
    arrived: list[tuple[WallboardSnapshot, threading.Thread]] = []
    source.snapshot.connect(lambda snap: arrived.append((snap, threading.current_thread())))
    snap = sn.snapshot(1)
    aggregator = threading.Thread(target=publisher.publish, args=(snap,), name="aggregator")
    with qtbot.waitSignal(source.snapshot, timeout=5000):
        aggregator.start()
    aggregator.join()
    assert arrived == [(snap, threading.main_thread())]
    assert source.latest() is snap
    source.close()
    assert publisher.callbacks == []


def test_delivery_is_queued_even_from_the_gui_thread(qtbot: Any) -> None:
    publisher = Publisher(latest=sn.snapshot(1))
    source = InProcessSource(publisher, stale_after_ms=0)
    assert source.latest() is not None and source.latest().seq == 1  # type: ignore[union-attr]
    arrived: list[int] = []
    source.snapshot.connect(lambda snap: arrived.append(snap.seq))
    publisher.publish(sn.snapshot(2, at=sn.NOW + dt.timedelta(seconds=1)))
    assert arrived == []  # not inside the publisher's call
    qtbot.waitUntil(lambda: arrived == [2])
    publisher.publish(sn.snapshot(1))  # older: dropped
    publisher.publish(sn.snapshot(3, at=sn.NOW + dt.timedelta(seconds=2)))
    qtbot.waitUntil(lambda: arrived == [2, 3])
    source.close()


def test_deleting_the_source_unsubscribes(qtbot: Any) -> None:
    publisher = Publisher()
    source = InProcessSource(publisher, stale_after_ms=0)
    assert len(publisher.callbacks) == 1
    with qtbot.waitSignal(source.destroyed):
        source.deleteLater()
    assert publisher.callbacks == []


def test_a_silent_aggregator_makes_the_source_stale(qtbot: Any) -> None:
    publisher = Publisher()
    source = InProcessSource(publisher, stale_after_ms=50)
    with qtbot.waitSignal(source.stale, timeout=2000) as lost:
        pass
    assert lost.args == [True] and source.is_stale()
    with qtbot.waitSignal(source.stale, timeout=2000) as back:
        publisher.publish(sn.snapshot(1))
    assert back.args == [False] and not source.is_stale()
    source.close()


def test_older_snapshots_and_a_restarted_aggregator() -> None:
    last = sn.snapshot(10)
    assert is_older(sn.snapshot(9), last) and is_older(sn.snapshot(10), last)
    assert not is_older(sn.snapshot(11, at=sn.NOW + dt.timedelta(seconds=1)), last)
    assert not is_older(sn.snapshot(1, at=sn.NOW + dt.timedelta(seconds=5)), last)  # counting again, but later
    assert not is_older(sn.snapshot(1), None)


def test_a_stale_signal_only_on_a_change(qtbot: Any) -> None:
    source = WallboardSource(stale_after_ms=0)
    said: list[bool] = []
    source.stale.connect(said.append)
    source.set_stale(False)
    source.set_stale(True)
    source.set_stale(True)
    source.accept(sn.snapshot())
    assert said == [True, False] and not source.watchdog.isActive()


def test_a_transport_thread_posts_snapshots_and_its_link(qtbot: Any) -> None:
    source = WallboardSource(stale_after_ms=0)
    threads: list[threading.Thread] = []
    source.stale.connect(lambda _stale: threads.append(threading.current_thread()))
    source.snapshot.connect(lambda _snap: threads.append(threading.current_thread()))
    client = threading.Thread(target=source.post_link, args=(False,), name="stream-client")
    with qtbot.waitSignal(source.stale, timeout=5000) as lost:
        client.start()
    client.join()
    assert lost.args == [True]
    client = threading.Thread(target=source.post, args=(sn.snapshot(),), name="stream-client")
    with qtbot.waitSignals([source.snapshot, source.stale], timeout=5000):
        client.start()
    client.join()
    assert source.latest() is not None and not source.is_stale()
    assert threads == [threading.main_thread()] * 3
