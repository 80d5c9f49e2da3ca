"""On the embedded database there is no gateway: the desktop (``contactdesk app`` / ``demo``) runs the escalation
scan itself, on a thread of its own, from the moment the database is open — and stops it when it ends."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QThread
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, func, select

from db.models import ChangeFeed, TicketEvent
from desktop.app import Desktop, LaunchOptions
from gateway.standard_jobs import ESCALATION_SCAN, SCAN_ENV
from services.config import Settings
from services.tickets import alerts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def counts(url: str) -> tuple[int, int]:
    """Warning events and alerts in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            warnings = conn.execute(
                select(func.count()).select_from(TicketEvent).where(TicketEvent.kind == "warning")
            ).scalar_one()
            sent = conn.execute(
                select(func.count()).select_from(ChangeFeed).where(ChangeFeed.entity == alerts.ENTITY)
            ).scalar_one()
    finally:
        engine.dispose()
    return int(warnings), int(sent)


def start_desktop(qapp: QApplication, qtbot: Any, url: str, tmp_path: Path, *, embedded: bool) -> Desktop:
    settings = Settings(data_dir=tmp_path / "data", workstation_name="WS-JOBS")
    desktop = Desktop(
        settings, LaunchOptions(database_url=url, embedded=embedded, language="zh_CN"), tmp_path / "x.log"
    )
    desktop.start_database()
    desktop.start_interface(qapp)
    qtbot.waitUntil(lambda: desktop.access.engine is not None, timeout=20_000)
    return desktop


def stop_desktop(qapp: QApplication, desktop: Desktop) -> None:
    desktop.access.dialog.hide()
    desktop.access.dialog.deleteLater()
    desktop.shutdown()
    desktop.translations.switch("en")
    qapp.setQuitOnLastWindowClosed(True)
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


@pytest.fixture
def db_url(seeded_sqlite_url: str, tmp_path: Path) -> str:
    source = Path(seeded_sqlite_url.removeprefix("sqlite:///"))
    target = tmp_path / "desk.db"
    shutil.copy(source, target)
    return f"sqlite:///{target.as_posix()}"


def test_the_embedded_desktop_runs_the_escalation_scan_off_the_gui_thread(
    qapp: QApplication, qtbot: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCAN_ENV, "0.3")
    assert counts(db_url) == (0, 0), "the seeded complaints were never scanned"
    desktop = start_desktop(qapp, qtbot, db_url, tmp_path, embedded=True)
    try:
        jobs = desktop.jobs
        assert jobs is not None and jobs.running
        scanning = [t for t in threading.enumerate() if t.name == f"embedded-job-{ESCALATION_SCAN}"]
        assert len(scanning) == 1 and scanning[0] is not threading.main_thread()
        assert QThread.currentThread() is qapp.thread(), "the test (and the GUI) stay on the main thread"
        assert jobs.wait_for_runs(ESCALATION_SCAN, 2, timeout=60)
        warnings, sent = counts(db_url)
        assert warnings > 0 and sent > 0, "overdue warning points of the seeded complaints were marked"
        status = jobs.status()[ESCALATION_SCAN]
        assert status["failures"] == 0 and status["interval_s"] == 0.3
        assert jobs.wait_for_runs(ESCALATION_SCAN, status["runs"] + 2, timeout=30)
        assert counts(db_url)[0] == warnings, "each warning once"
    finally:
        stop_desktop(qapp, desktop)
    assert desktop.jobs is None and not jobs.running
    assert not [t for t in threading.enumerate() if t.name.startswith("embedded-job-")]


def test_a_desktop_on_a_shared_database_leaves_the_jobs_to_the_gateway(
    qapp: QApplication, qtbot: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCAN_ENV, "0.3")
    desktop = start_desktop(qapp, qtbot, db_url, tmp_path, embedded=False)
    try:
        qtbot.wait(600)
        assert desktop.jobs is None and counts(db_url) == (0, 0)
    finally:
        stop_desktop(qapp, desktop)
