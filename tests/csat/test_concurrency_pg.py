"""Two gateways run the survey job at the same moment on PostgreSQL: each call is surveyed and sent once."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.migrate import upgrade
from db.models import CsatSurvey, OutboxMessage

from .world import CsatWorld, build_csat_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_cw(pg_database_url: str) -> Iterator[CsatWorld]:
    engine = make_engine(pg_database_url)
    upgrade(engine)
    yield build_csat_world(engine, min_gap_days=0)
    engine.dispose()


def test_two_jobs_at_once_send_each_survey_once(pg_cw: CsatWorld) -> None:
    cw = pg_cw
    calls = [cw.call(customer) for customer in (cw.bank.zhang, cw.bank.li, cw.bank.wang) for _ in range(3)]
    start = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def gateway() -> None:
        try:
            start.wait(timeout=30)
            results.append(cw.run())
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=gateway) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(results) == 2
    assert sum(r["pending"] for r in results) == len(calls)
    assert sum(r["released_sent"] for r in results) == len(calls)
    cw.run()  # and once more afterwards
    with cw.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CsatSurvey)).scalar() == len(calls)
        keys = conn.execute(select(OutboxMessage.idem_key).where(OutboxMessage.idem_key.like("csat:%"))).scalars()
        assert sorted(keys) == sorted(f"csat:{c}" for c in calls)
