"""The background-operation infrastructure: callbacks, supersession, shutdown, inline mode."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QLabel

from desktop.tasks import TaskManager

ENGINE = object()  # the manager only uses the engine to pick a worker


@pytest.fixture(params=["threaded", "inline"])
def tasks(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[TaskManager]:
    manager = TaskManager(ENGINE, inline=request.param == "inline", busy_delay_ms=50)
    yield manager
    assert manager.shutdown()


def test_success_runs_off_gui_thread_and_calls_back_on_it(tasks: TaskManager, qtbot) -> None:
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["thread"] = QThread.currentThread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = QThread.currentThread()

    tasks.run_db(work, on_success=done)
    assert "value" not in seen  # never synchronous, even inline
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["callback_thread"] is gui
    if not tasks._inline:
        assert seen["thread"] is not gui
    assert tasks.pending == 0


def test_failure_goes_to_failure_callback(tasks: TaskManager, qtbot) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise ValueError("no such customer")

    tasks.run_db(boom, on_success=lambda _: pytest.fail("no success"), on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_unhandled_failure_reaches_excepthook(tasks: TaskManager, qtbot, monkeypatch) -> None:
    hooked: list[BaseException] = []
    monkeypatch.setattr("sys.excepthook", lambda _t, exc, _tb: hooked.append(exc))

    def boom() -> None:
        raise RuntimeError("lost?")

    tasks.run_db(boom)
    qtbot.waitUntil(lambda: bool(hooked))
    assert str(hooked[0]) == "lost?"


def test_tasks_run_in_submission_order(tasks: TaskManager, qtbot) -> None:
    order: list[int] = []
    for i in range(20):
        tasks.run_db(lambda i=i: i, on_success=order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_newer_task_of_same_key_supersedes(qapp, qtbot) -> None:
    tasks = TaskManager(ENGINE)
    started = threading.Event()
    release = threading.Event()
    cancelled: list[str] = []
    results: list[str] = []

    def slow() -> str:
        started.set()
        release.wait(5)
        return "old"

    def cancel_old() -> None:
        cancelled.append("old")
        release.set()

    try:
        tasks.run_db(slow, on_success=results.append, key="search", cancel=cancel_old)
        assert started.wait(5)
        queued = tasks.run_db(lambda: "middle", on_success=results.append, key="search")
        tasks.run_db(lambda: "new", on_success=results.append, key="search")
        assert cancelled == ["old"]  # the running statement was asked to stop
        qtbot.waitUntil(lambda: tasks.pending == 0)
        assert results == ["new"]
        assert queued.skipped  # never ran
    finally:
        tasks.shutdown()


def test_supersede_drops_outstanding_result(tasks: TaskManager, qtbot) -> None:
    results: list[str] = []
    tasks.run_db(lambda: "x", on_success=results.append, key="k")
    tasks.supersede("k")
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert results == []


def test_destroyed_owner_drops_callback(tasks: TaskManager, qtbot) -> None:
    label = QLabel()
    calls: list[str] = []
    tasks.run_db(lambda: "text", on_success=lambda t: (calls.append(t), label.setText(t)), owner=label)
    shiboken6.delete(label)
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert calls == []


def test_changed_signal_after_write(tasks: TaskManager, qtbot) -> None:
    with qtbot.waitSignal(tasks.changed) as blocker:
        tasks.run_db(lambda: None, changes=["customer"])
    assert blocker.args == [frozenset({"customer"})]


def test_network_pool(tasks: TaskManager, qtbot) -> None:
    results: list[int] = []
    for i in range(10):
        tasks.run_net(lambda i=i: i * i, on_success=results.append)
    qtbot.waitUntil(lambda: len(results) == 10)
    assert sorted(results) == [i * i for i in range(10)]


def test_busy_cursor_after_delay(qapp, qtbot) -> None:
    tasks = TaskManager(ENGINE, busy_delay_ms=50)
    release = threading.Event()
    try:
        tasks.run_db(lambda: release.wait(5))
        assert not tasks.busy_cursor.shown
        qtbot.waitUntil(lambda: tasks.busy_cursor.shown, timeout=2000)
        release.set()
        qtbot.waitUntil(lambda: not tasks.busy_cursor.shown)
    finally:
        release.set()
        tasks.shutdown()


def test_quick_task_never_shows_busy_cursor(qapp, qtbot) -> None:
    tasks = TaskManager(ENGINE, busy_delay_ms=300)
    try:
        tasks.run_db(lambda: None)
        assert tasks.wait_idle()
        assert not tasks.busy_cursor.shown
    finally:
        tasks.shutdown()


def test_shutdown_stops_threads_and_drops_late_results(qapp, qtbot) -> None:
    tasks = TaskManager(ENGINE)
    results: list[str] = []
    started = threading.Event()

    def slow() -> str:
        started.set()
        time.sleep(0.2)
        return "late"

    tasks.run_db(slow, on_success=results.append)
    for _ in range(50):
        tasks.run_db(lambda: "queued", on_success=results.append)
    assert started.wait(5)
    t0 = time.monotonic()
    assert tasks.shutdown()
    assert time.monotonic() - t0 < 2
    assert all(not w.isRunning() for w in tasks._workers.values())
    qapp.processEvents()
    assert results == []
    # After shutdown nothing new runs.
    tasks.run_db(lambda: "after", on_success=results.append)
    qapp.processEvents()
    assert results == []


def test_one_worker_per_engine(qapp, qtbot) -> None:
    tasks = TaskManager()
    a, b = object(), object()
    threads: dict[int, QThread] = {}
    try:
        for i, engine in enumerate((a, a, b)):
            tasks.run_db(
                lambda: QThread.currentThread(), on_success=lambda t, i=i: threads.__setitem__(i, t), engine=engine
            )
        qtbot.waitUntil(lambda: len(threads) == 3)
        assert threads[0] is threads[1]
        assert threads[0] is not threads[2]
    finally:
        tasks.shutdown()


def test_wait_idle(tasks: TaskManager) -> None:
    out: list[int] = []
    tasks.run_db(lambda: 1, on_success=lambda v: tasks.run_db(lambda: v + 1, on_success=out.append))
    assert tasks.wait_idle(5000)
    assert out == [2]


def test_callbacks_may_be_bound_methods_of_qobjects(tasks: TaskManager, qtbot) -> None:
    class Receiver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.value = None

        def take(self, value: object) -> None:
            self.value = value

    receiver = Receiver()
    tasks.run_db(lambda: "ok", on_success=receiver.take, owner=receiver)
    qtbot.waitUntil(lambda: receiver.value == "ok")


def test_a_widget_whose_task_finished_is_destroyed_on_the_gui_thread(tasks: TaskManager, qtbot) -> None:
    """A finished task lets go of its callbacks on the GUI thread: the worker never holds the last reference
    to the widget they are bound to (destroying a widget from a worker thread crashes the application)."""
    destroyed_on: list[object] = []

    seen: dict[str, int] = {}

    class Panel(QObject):
        def loaded(self, value: int) -> None:
            seen["value"] = value

    panel = Panel()
    panel.destroyed.connect(lambda: destroyed_on.append(QThread.currentThread()))
    task = tasks.run_db(lambda: 7, on_success=panel.loaded, on_failure=lambda exc: None)
    qtbot.waitUntil(lambda: seen.get("value") == 7)
    assert tasks.wait_idle(5_000)
    assert task.on_success is None and task.on_failure is None and task.owner is None
    del panel  # the widget's only owner lets go; nothing else keeps it alive
    qtbot.waitUntil(lambda: bool(destroyed_on))
    assert destroyed_on == [QThread.currentThread()]
