"""The Reports page on the demo-like seeded database, through the real report service: the service level is
there, every report runs, and every text a report puts on screen has its Chinese translation."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from sqlalchemy import Engine, func, select

from db.engine import make_engine
from db.models import CallQueue, ReportQueueInterval, User
from desktop.tasks import TaskManager
from desktop.ui.reports.page import ReportsPage
from desktop.ui.reports.seat import make_service
from services.permissions import Principal
from services.reports import aggregate
from services.reports.catalogue import REPORTS
from services.reports.types import TR_CONTEXT, ReportResult
from tests.wallboard.world import add_call

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
FIRST_CALL = dt.datetime(2026, 11, 30, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai


@pytest.fixture
def engine(seeded_sqlite_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A private copy of the seeded database with its report aggregates brought up to date."""
    target = tmp_path / "reports.db"
    shutil.copy(Path(seeded_sqlite_url.removeprefix("sqlite:///")), target)
    engine = make_engine(f"sqlite:///{target.as_posix()}")
    with engine.begin() as conn:  # the seed has no call history: three busy mornings in every queue
        queues = conn.execute(select(CallQueue.id).order_by(CallQueue.id)).scalars().all()
        agent = conn.execute(select(User.id).where(User.username == "agent01")).scalar_one()
        for day in range(3):
            for n in range(40):
                received = FIRST_CALL + dt.timedelta(days=day, minutes=30 * (n // 2))
                queue = queues[n % len(queues)]
                if n % 9 == 4:
                    add_call(conn, queue, "abandoned", received, wait=0, ended_after=30 + n)
                else:
                    add_call(conn, queue, "completed", received, wait=0, answered_after=5 + n % 30,
                             ended_after=200 + n, wrapup_after=260 + n, agent_id=agent)  # fmt: skip
    aggregate.refresh(engine, clock=lambda: FIRST_CALL + dt.timedelta(days=4))
    yield engine
    engine.dispose()


def supervisor(engine: Engine) -> Principal:
    with engine.connect() as conn:
        uid, role, team = conn.execute(
            select(User.id, User.role_code, User.team_id).where(User.username == "super01")
        ).one()
    return Principal(user_id=uid, username="super01", role=role, team_id=team)


def busiest_month(engine: Engine) -> tuple[dt.date, dt.date]:
    with engine.connect() as conn:
        last = conn.execute(select(func.max(ReportQueueInterval.day))).scalar_one()
    assert last is not None, "the seeded calls are aggregated"
    end = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last)[:10])
    return end - dt.timedelta(days=29), end


def texts(result: ReportResult) -> set[str]:
    found = {result.title, result.x_title, result.y_title, result.y2_title, result.target_label, *result.notes}
    found |= {s.label for s in result.series} | {c.label for c in result.columns}
    if result.empty_reason:
        found.add(result.empty_reason)
    return {t for t in found if t}


def test_the_page_shows_the_seeded_service_level_and_every_report_is_translated(
    qtbot: Any, engine: Engine, translations: Any
) -> None:
    tasks = TaskManager(engine)
    try:
        page = ReportsPage(tasks, make_service(engine, supervisor(engine), "Asia/Shanghai"), None)
        qtbot.addWidget(page)
        page.resize(1366, 700)
        page.show()
        qtbot.waitUntil(lambda: page.result is not None or page.failure is not None, timeout=20_000)
        assert page.failure is None, page.failure
        start, end = busiest_month(engine)
        runs = page.runs
        page.filters.set_dates(start, end)
        qtbot.waitUntil(lambda: page.runs > runs and page.result is not None and page.state.state != "loading")
        qtbot.waitUntil(lambda: page.state.state != "loading", timeout=20_000)
        result = page.result
        assert result is not None and result.name == "service_level" and not result.empty, result
        assert page.state.state == "content" and page.model.rowCount() > 0
        assert page.chart.items and page.chart.target_line is not None
        assert page.title.text() == "服务水平与话务量"
        untranslated: set[str] = set()
        for info in REPORTS:
            page.select_report(info.name)
            qtbot.waitUntil(lambda n=info.name: page.result is not None and page.result.name == n, timeout=20_000)
            assert page.failure is None and page.result is not None, (info.name, page.failure)
            shown = texts(page.result)
            untranslated |= {t for t in shown if QCoreApplication.translate(TR_CONTEXT, t) == t}
        assert not untranslated, sorted(untranslated)
    finally:
        assert tasks.shutdown()
