"""``contactdesk bench sync`` runs end to end (a small size on PostgreSQL) and reports every figure."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Call, ChangeFeed
from desktop.cli import main


@pytest.mark.postgres
def test_bench_sync_small_on_postgres(pg_database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["bench", "sync", "--quick", "--json", "--database", pg_database_url]
    assert (
        main([*argv, "--desktops", "20", "--seconds", "6", "--disconnect", "2", "--rate", "40", "--clients", "4"]) == 0
    )
    figures = json.loads(capsys.readouterr().out)
    assert figures["missed_events"] == 0 and figures["duplicate_events"] == 0
    assert figures["sync_backend"] == "postgresql"
    assert figures["sync_desktops"] == 20 and figures["sync_desktops_disconnected"] == 2
    assert 200 <= figures["sync_changes"] <= 241
    # every desktop that stayed got every change, each measured once
    assert figures["sync_deliveries_measured"] == 18 * figures["sync_changes"]
    assert 0 < figures["sync_p95_ms"] <= figures["sync_p99_ms"] < 5000
    # the call-event write path: every commit counted is a call with its change-feed row
    assert figures["commit_clients"] == 4 and figures["commit_errors"] == 0
    engine = make_engine(pg_database_url)
    try:
        with engine.connect() as conn:
            calls = conn.execute(select(func.count()).select_from(Call)).scalar_one()
            fed = conn.execute(select(func.count()).where(ChangeFeed.entity == "call")).scalar_one()
    finally:
        engine.dispose()
    assert calls == round(figures["commits_per_s"] * figures["commit_seconds"]) > 0
    assert fed == calls


def test_bench_sync_refuses_a_disconnect_longer_than_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "sync", "--quick", "--json", "--seconds", "5", "--disconnect", "3"]) == 1
    assert "--seconds must exceed --disconnect" in capsys.readouterr().err
