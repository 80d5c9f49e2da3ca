"""First-contact resolution kept per call: a later run revisits only the changed calls and the same customers'
calls of the 7 days before them, and ends with the rows a rebuild from scratch writes (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Connection, Engine, delete, insert, select, update

from db.engine import make_engine
from db.migrate import upgrade
from db.models import Branch, Call, Customer, ReportFcrCall, ReportFcrDay, ReportWatermark
from db.pii import id_number_columns
from services.reports.aggregate import refresh, refresh_on
from tests.wallboard.world import NOW, Floor, add_call, build_floor

EARLY = NOW - dt.timedelta(days=6, minutes=10)  # the first call; the first run is a few minutes after it
SHANGHAI_DAY = (EARLY + dt.timedelta(hours=8)).date()


@pytest.fixture
def floor(migrated_engine: Engine) -> tuple[Engine, Floor]:
    return migrated_engine, _with_customers(migrated_engine)


def _with_customers(engine: Engine) -> Floor:
    f = build_floor(engine)
    with engine.begin() as conn:
        conn.execute(insert(Branch).values(id=1, code="B1", name="一支行", city="x", district="x", address="x"))
        for i, id_no in ((1, "110101199003074573"), (2, "110101199003074581")):
            conn.execute(insert(Customer).values(
                id=i, cif_no=f"CIF{i}", name=f"客户{i}", name_pinyin="kehu", gender="F", id_type="resident",
                **id_number_columns(id_no), branch_id=1, segment="mass", tier="mass", lifecycle_stage="active",
                created_at=NOW, updated_at=NOW, aum=1000,
            ))  # fmt: skip
    return f


def _call(conn: Connection, f: Floor, at: dt.datetime, customer: int, code: str, state: str = "completed") -> int:
    cid = add_call(conn, f.queues["general"], state, at, wait=0, answered_after=5, ended_after=50,
                   agent_id=f.agents["ann"])  # fmt: skip
    conn.execute(update(Call).where(Call.id == cid).values(customer_id=customer, disposition=code))
    return cid


def _days(engine: Engine) -> dict[dt.date, tuple[int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(select(ReportFcrDay.day, ReportFcrDay.calls, ReportFcrDay.first_contact)).all()
    return {d: (n, fc) for d, n, fc in rows}


def _first_run(engine: Engine, f: Floor) -> None:
    """Customer 1's lost card, and five calls of customer 2 on the same day, counted by a first run."""
    with engine.begin() as conn:
        _call(conn, f, EARLY, 1, "lost_card")
        for k in range(5):
            _call(conn, f, EARLY - dt.timedelta(hours=1, minutes=k), 2, f"fees{k}")
    summary = refresh(engine, clock=lambda: EARLY + dt.timedelta(minutes=5))
    assert (summary["fcr_calls"], summary["fcr_days"]) == (6, 1)
    assert _days(engine) == {SHANGHAI_DAY: (6, 6)}


def _same_as_a_rebuild(engine: Engine, clock: dt.datetime) -> None:
    """The incremental rows equal what a first run (no watermark) builds from every call."""
    kept = _days(engine)
    with engine.connect() as conn:
        facts = sorted(tuple(r) for r in conn.execute(select(ReportFcrCall)).all())
    with engine.begin() as conn:
        for model in (ReportWatermark, ReportFcrCall, ReportFcrDay):
            conn.execute(delete(model))
    refresh(engine, clock=lambda: clock)
    assert _days(engine) == kept
    with engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(ReportFcrCall)).all()) == facts


def test_a_repeat_six_days_later_flips_the_earlier_day_and_only_its_calls_are_revisited(
    floor: tuple[Engine, Floor],
) -> None:
    engine, f = floor
    _first_run(engine, f)
    with engine.begin() as conn:
        _call(conn, f, EARLY + dt.timedelta(days=6), 1, "lost_card")
    summary = refresh(engine, clock=lambda: NOW)
    assert _days(engine)[SHANGHAI_DAY] == (6, 5)
    assert _days(engine)[(NOW + dt.timedelta(hours=8)).date()] == (1, 1)
    # The earlier call rewritten (old row out, new in) and the new call: customer 2's calls are not read again.
    assert summary["fcr_calls"] == 3
    assert refresh(engine, clock=lambda: NOW)["fcr_calls"] == 0  # run again: nothing differs
    _same_as_a_rebuild(engine, NOW)


def test_a_repeat_eight_days_later_leaves_the_earlier_call_resolved(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _first_run(engine, f)
    later = EARLY + dt.timedelta(days=8)
    with engine.begin() as conn:
        _call(conn, f, later, 1, "lost_card")
    refresh(engine, clock=lambda: later + dt.timedelta(minutes=1))
    assert _days(engine)[SHANGHAI_DAY] == (6, 6)
    _same_as_a_rebuild(engine, later + dt.timedelta(minutes=1))


def test_a_changed_disposition_or_customer_moves_the_repeat(floor: tuple[Engine, Floor]) -> None:
    engine, f = floor
    _first_run(engine, f)
    with engine.begin() as conn:
        repeat = _call(conn, f, NOW - dt.timedelta(minutes=1), 1, "lost_card", state="wrap_up")
    refresh(engine, clock=lambda: NOW)
    assert _days(engine)[SHANGHAI_DAY] == (6, 5)  # a repeat counts even before its own wrap-up ends
    # The agent corrects the reason: the earlier call is resolved again, and customer 2's "fees0" is repeated.
    with engine.begin() as conn:
        conn.execute(update(Call).where(Call.id == repeat).values(disposition="fees0", customer_id=2))
    refresh(engine, clock=lambda: NOW + dt.timedelta(minutes=1))
    assert _days(engine)[SHANGHAI_DAY] == (6, 5)
    with engine.connect() as conn:
        repeated = conn.execute(select(ReportFcrCall.customer_id, ReportFcrCall.disposition).where(
            ReportFcrCall.repeated.is_(True))).all()  # fmt: skip
    assert [tuple(r) for r in repeated] == [(2, "fees0")]
    # Wrap-up done: the call counts on its own day too.
    with engine.begin() as conn:
        conn.execute(update(Call).where(Call.id == repeat).values(state="completed"))
    refresh(engine, clock=lambda: NOW + dt.timedelta(minutes=2))
    assert _days(engine)[(NOW + dt.timedelta(hours=8)).date()] == (1, 1)
    _same_as_a_rebuild(engine, NOW + dt.timedelta(minutes=2))


@pytest.mark.postgres
def test_two_incremental_runs_at_once_and_a_run_rolled_back_change_nothing_twice(pg_database_url: str) -> None:
    engine = make_engine(pg_database_url)
    try:
        upgrade(engine)
        f = _with_customers(engine)
        _first_run(engine, f)
        with engine.begin() as conn:
            _call(conn, f, NOW - dt.timedelta(minutes=3), 1, "lost_card")
        # A run that never commits (killed halfway): its per-call facts and day sums go with it.
        with engine.connect() as conn:
            refresh_on(conn, ZoneInfo("Asia/Shanghai"), NOW)
            conn.rollback()
        assert _days(engine) == {SHANGHAI_DAY: (6, 6)}
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
        assert _days(engine)[SHANGHAI_DAY] == (6, 5)
        _same_as_a_rebuild(engine, NOW)
    finally:
        engine.dispose()
