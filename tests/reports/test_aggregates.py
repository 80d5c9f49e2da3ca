"""The reports' aggregates and reports on a small known floor, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, insert, select, update

from db.models import AuditLog, Call, Customer, DispositionCode, ReportQueueInterval, Role
from db.models import Branch as BranchModel
from db.pii import id_number_columns
from gateway.standard_jobs import REPORT_AGGREGATES, standard_jobs
from services.config import Settings
from services.permissions import PermissionDenied, Principal
from services.reports.aggregate import refresh
from services.reports.service import ReportFilterError, ReportService
from services.reports.types import ReportFilter
from tests.wallboard.world import NOW, Floor, add_call, build_floor

DAY = dt.date(2026, 12, 7)  # NOW is 10:00 on this day in Shanghai
FLT = ReportFilter(DAY, DAY)


@pytest.fixture
def floor(migrated_engine: Engine) -> tuple[Engine, Floor]:
    return migrated_engine, build_floor(migrated_engine)


def _known_calls(engine: Engine, f: Floor) -> None:
    """general: 3 answered (waits 10, 30, 15 s; SL 20 s), 1 abandoned after 3 s (short), 1 after 40 s."""
    t0 = NOW - dt.timedelta(hours=1)  # 09:00 local: the 09:00 interval
    g, ann = f.queues["general"], f.agents["ann"]
    with engine.begin() as conn:
        add_call(conn, g, "completed", t0, wait=0, answered_after=10, ended_after=70, wrapup_after=100, agent_id=ann)
        add_call(
            conn,
            g,
            "completed",
            t0 + dt.timedelta(minutes=7),
            wait=0,
            answered_after=30,
            ended_after=90,
            wrapup_after=200,
            agent_id=ann,
        )
        add_call(conn, g, "completed", t0, wait=0, answered_after=15, ended_after=45, wrapup_after=60, agent_id=ann)
        add_call(conn, g, "abandoned", t0, wait=0, ended_after=3)
        add_call(conn, g, "abandoned", t0 + dt.timedelta(minutes=29, seconds=59), wait=0, ended_after=40)


def _service(engine: Engine, role: str = "supervisor", user_id: int = 4) -> ReportService:
    return ReportService(engine, Principal(user_id, "dai", role))


def test_aggregates_match_the_calls_and_the_reports_give_exact_numbers(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _known_calls(engine, f)
    refresh(engine, clock=lambda: NOW)
    with engine.connect() as conn:
        row = conn.execute(select(ReportQueueInterval)).one()
    assert (row.offered, row.answered, row.answered_in_sl, row.abandoned, row.short_abandoned) == (5, 3, 2, 2, 1)
    assert row.wait_sum_s == pytest.approx(55)
    assert (row.handled, row.handle_sum_s) == (3, pytest.approx(90 + 170 + 45))
    assert row.day == DAY
    sl = _service(engine).run("service_level", FLT)
    assert sl.rows == (("2026-12-07", 5, 3, 2, 2, 1, pytest.approx(50.0)),)
    assert sl.target == pytest.approx(80.0)
    speed = _service(engine).run("speed", FLT)
    assert speed.rows[0][4:] == (pytest.approx(55 / 3), pytest.approx(305 / 3), pytest.approx(40.0))
    interval = _service(engine).run("service_level", ReportFilter(DAY, DAY, grain="interval"))
    assert interval.x_labels == ("12-07 09:00",)
    agents = _service(engine).run("agents", FLT)
    assert agents.rows[0][:3] == ("ann", 3, pytest.approx(305 / 3))
    assert agents.rows[0][4] == 1  # one wrap-up of 110 s over the 60 s limit


def test_upkeep_picks_up_new_and_changed_calls_and_is_idempotent(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _known_calls(engine, f)
    refresh(engine, clock=lambda: NOW)
    with engine.begin() as conn:
        waiting = add_call(conn, f.queues["general"], "queued", NOW - dt.timedelta(minutes=1), wait=0)
    refresh(engine, clock=lambda: NOW)
    with engine.begin() as conn:
        conn.execute(update(Call).where(Call.id == waiting).values(state="abandoned", ended_at=NOW))
        # A call written late, received yesterday.
        add_call(conn, f.queues["vip"], "abandoned", NOW - dt.timedelta(days=1), wait=0, ended_after=60)
    later = NOW + dt.timedelta(minutes=1)
    refresh(engine, clock=lambda: later)
    first = _rows(engine)
    refresh(engine, clock=lambda: later)
    assert _rows(engine) == first
    with engine.connect() as conn:
        t = ReportQueueInterval
        sums = conn.execute(select(func.sum(t.offered), func.sum(t.abandoned))).one()
    assert tuple(sums) == (7, 4)
    assert _service(engine).run("service_level", ReportFilter(DAY - dt.timedelta(days=1), DAY)).rows[0][1] == 1


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(ReportQueueInterval).order_by("queue_id", "interval_start"))]


def test_fcr_counts_a_repeat_for_the_same_reason_within_seven_days(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    g, ann = f.queues["general"], f.agents["ann"]
    with engine.begin() as conn:
        conn.execute(insert(BranchModel).values(id=1, code="B1", name="一支行", city="x", district="x", address="x"))
        for i in (1, 2):
            conn.execute(insert(Customer).values(
                id=i, cif_no=f"CIF{i}", name=f"客户{i}", name_pinyin="kehu", gender="F", id_type="resident",
                **id_number_columns(["110101199003074573", "110101199003074581"][i - 1]), branch_id=1,
                segment="mass", tier="mass", lifecycle_stage="active", created_at=NOW, updated_at=NOW, aum=1000 * i,
            ))  # fmt: skip
        day0 = NOW - dt.timedelta(days=3)
        specs = [(1, "lost_card", day0), (1, "lost_card", day0 + dt.timedelta(days=2)), (2, "balance", day0),
                 (2, "fees", day0 + dt.timedelta(days=1))]  # fmt: skip
        for customer, code, at in specs:
            cid = add_call(conn, g, "completed", at, wait=0, answered_after=5, ended_after=50, agent_id=ann)
            conn.execute(update(Call).where(Call.id == cid).values(customer_id=customer, disposition=code))
    refresh(engine, clock=lambda: NOW)
    result = _service(engine).run("fcr", ReportFilter(DAY - dt.timedelta(days=7), DAY))
    by_day = {r[0]: r[1:] for r in result.rows}
    first_day = (NOW - dt.timedelta(days=3)).date().isoformat()
    assert by_day[first_day][:3] == (2, 1, 1)  # customer 1 called again about the lost card
    assert sum(int(str(r[1])) for r in result.rows) == 4
    assert sum(int(str(r[2])) for r in result.rows) == 3
    # The agents' disposition mix names the configured reasons in the reader's language, a code without one as is.
    with engine.begin() as conn:
        conn.execute(insert(DispositionCode).values(code="lost_card", label_zh="挂失", label_en="Card lost"))
    week = ReportFilter(DAY - dt.timedelta(days=7), DAY)
    assert _service(engine).run("agents", week).rows[0][5] == "挂失 2, balance 1, fees 1"


def test_an_empty_range_explains_itself(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _known_calls(engine, f)
    refresh(engine, clock=lambda: NOW)
    empty = ReportFilter(dt.date(2020, 1, 1), dt.date(2020, 1, 2))
    for name in ("service_level", "speed", "agents", "fcr", "complaints", "campaigns"):
        result = _service(engine).run(name, empty)
        assert result.empty and result.empty_reason and not result.rows, name
    for name in ("value_pareto", "tiers", "lifecycle"):
        assert _service(engine).run(name, empty).empty


def test_an_agent_is_refused_and_it_is_audited(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    with engine.begin() as conn:
        if not conn.execute(select(Role).where(Role.code == "agent")).first():
            conn.execute(insert(Role).values(code="agent", name_zh="坐席", name_en="Agent"))
    with pytest.raises(PermissionDenied):
        _service(engine, "agent", f.agents["ann"]).run("service_level", FLT)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar_one() >= 1
    with pytest.raises(ReportFilterError):
        _service(engine).run("service_level", ReportFilter(DAY, DAY - dt.timedelta(days=1)))


def test_the_job_runs_in_the_scheduler(floor: tuple[Engine, Floor]) -> None:
    from gateway.jobs import JobScheduler

    engine, f = floor
    _known_calls(engine, f)
    jobs = [job for job in standard_jobs(engine, Settings(), escalation_scan=0) if job.name == REPORT_AGGREGATES]
    assert len(jobs) == 1 and jobs[0].interval == 60.0
    scheduler = JobScheduler(engine, jobs, name="test").start()
    try:
        assert scheduler.wait_for_runs(REPORT_AGGREGATES, 1, timeout=60)
    finally:
        scheduler.stop()
    status = scheduler.status()[REPORT_AGGREGATES]
    assert status["failures"] == 0 and status["last_result"]["intervals"] == 1
    with engine.connect() as conn:
        assert conn.execute(select(func.sum(ReportQueueInterval.offered))).scalar_one() == 5


def test_every_text_of_a_result_is_marked_for_translation(floor: tuple[Engine, Floor]) -> None:
    from desktop.report_texts import REPORT_TEXTS
    from services.reports.catalogue import REPORTS

    engine, f = floor
    _known_calls(engine, f)
    refresh(engine, clock=lambda: NOW)
    known = set(REPORT_TEXTS)
    for info in REPORTS:
        assert info.title in known, info.title
        if info.name == "csat":
            continue
        for flt in (FLT, ReportFilter(dt.date(2020, 1, 1), dt.date(2020, 1, 1))):
            r = _service(engine).run(info.name, flt)
            texts = {r.title, r.x_title, r.y_title, r.y2_title, r.target_label, r.empty_reason or "", *r.notes}
            texts |= {s.label for s in r.series} | {c.label for c in r.columns}
            assert texts - {""} <= known, (info.name, texts - known - {""})
