"""PostgreSQL itself guards the aggregates: each role's own login, and two upkeeps at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, select, text

from db.engine import make_engine
from db.migrate import upgrade
from db.models import ReportQueueInterval
from services.audit import AuditTrail
from services.reports.aggregate import refresh
from services.reports.service import ReportService
from services.reports.types import ReportFilter
from tests.security.conftest import INSUFFICIENT_PRIVILEGE, SecuredDatabase, run_refused, secured
from tests.wallboard.world import NOW, add_call, build_floor

__all__ = ["secured"]  # the module-scoped fixture, imported for these tests

pytestmark = pytest.mark.postgres
TABLES = (
    "report_queue_interval",
    "report_agent_day",
    "report_fcr_day",
    "report_fcr_call",
    "report_ticket_day",
    "report_watermark",
)


@pytest.mark.parametrize("username", ["agent01", "admin"])
def test_logins_without_report_view_cannot_read_the_aggregates(secured: SecuredDatabase, username: str) -> None:
    engine = secured.login_engine(username)
    for table in TABLES:
        assert run_refused(engine, f'SELECT count(*) FROM "{table}"') == INSUFFICIENT_PRIVILEGE, table


@pytest.mark.parametrize("username", ["super01", "lobby01", "cm01"])
def test_report_viewers_read_but_never_write(secured: SecuredDatabase, username: str) -> None:
    refresh(secured.owner)
    engine = secured.login_engine(username)
    with engine.connect() as conn:
        for table in TABLES:
            conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
    sql = "INSERT INTO report_fcr_day (queue_id, day, calls, first_contact) VALUES (1, '2026-01-01', 1, 1)"
    assert run_refused(engine, sql) == INSUFFICIENT_PRIVILEGE
    assert run_refused(engine, "DELETE FROM report_queue_interval") == INSUFFICIENT_PRIVILEGE
    service = ReportService(engine, secured.principal(username), audit=AuditTrail(workstation="RPT-SQL"))
    today = dt.date.today()
    pareto = service.run("value_pareto", ReportFilter(today, today))
    assert not pareto.empty and pareto.rows[1][0] == "Top 20 %"


def test_two_upkeeps_at_once_write_the_same_rows_as_one(pg_database_url: str) -> None:
    engine: Engine = make_engine(pg_database_url)
    try:
        upgrade(engine)
        f = build_floor(engine)
        with engine.begin() as conn:
            for minutes in range(0, 600, 7):
                at = NOW - dt.timedelta(minutes=minutes)
                add_call(conn, f.queues["general"], "completed", at, wait=0, answered_after=minutes % 40,
                         ended_after=100, wrapup_after=130, agent_id=f.agents["ann"])  # fmt: skip
        errors: list[BaseException] = []

        def run() -> None:
            try:
                refresh(engine, clock=lambda: NOW)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with engine.connect() as conn:
            both = conn.execute(select(ReportQueueInterval).order_by("interval_start")).all()
            conn.execute(text("DELETE FROM report_watermark"))
            conn.execute(text("DELETE FROM report_queue_interval"))
            conn.commit()
        refresh(engine, clock=lambda: NOW)
        with engine.connect() as conn:
            once = conn.execute(select(ReportQueueInterval).order_by("interval_start")).all()
        assert both == once and sum(r.offered for r in once) == len(range(0, 600, 7))
    finally:
        engine.dispose()


@pytest.mark.parametrize("username", ["super01", "lobby01", "cm01"])
def test_every_report_runs_on_each_viewers_own_login(secured: SecuredDatabase, username: str) -> None:
    from services.reports.catalogue import REPORTS

    refresh(secured.owner)
    engine = secured.login_engine(username)
    service = ReportService(engine, secured.principal(username), audit=AuditTrail(workstation="RPT-SQL"))
    today = dt.date.today()
    flt = ReportFilter(today - dt.timedelta(days=400), today)
    for info in REPORTS:
        if info.name == "csat":
            continue
        service.run(info.name, flt)  # no permission error: the grants cover what each report reads
