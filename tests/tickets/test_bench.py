"""``contactdesk bench tickets`` end to end on a small table (the full size is 1,000,000 tickets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.bench import BENCHMARKS
from desktop.cli import main

KEYS = {
    "ticket_create_p95_ms",
    "ticket_create_bare_p95_ms",
    "at_risk_view_p95_ms",
    "at_risk_team_view_p95_ms",
    "breached_view_p95_ms",
    "tickets",
    "open_tickets",
    "backend",
}


def test_registered() -> None:
    assert BENCHMARKS["tickets"] == "desktop.bench.tickets"


def test_quick_run_prints_every_figure_and_reuses_its_tickets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{(tmp_path / 't.db').as_posix()}"
    argv = ["bench", "tickets", "--json", "--tickets", "3000", "--samples", "20", "--database", url]
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) >= KEYS and figures["tickets"] == 3000 and figures["backend"] == "sqlite"
    assert 60 <= figures["open_tickets"] <= 200 and figures["at_risk_rows"] == 100
    assert all(figures[k] > 0 for k in KEYS if k.endswith("_ms"))
    assert main(argv) == 0  # the bench tickets are reused, not loaded twice
    assert json.loads(capsys.readouterr().out)["bulk_load_s"] == 0.0
