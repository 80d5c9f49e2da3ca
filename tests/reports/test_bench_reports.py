"""``contactdesk bench reports --quick --json`` prints every figure the issue names (small sizes; the targets
are for PostgreSQL at full size), the escalation scan's included."""

from __future__ import annotations

import json

import pytest

from desktop.bench import BENCHMARKS
from desktop.cli import main

FIGURES = (
    "report_sl_30d_ms",
    "report_sl_30d_p50_ms",
    "report_pareto_ms",
    "report_pareto_p50_ms",
    "report_upkeep_steady_ms",
    "escalation_scan_ms",
)


def test_reports_bench_quick_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert BENCHMARKS["reports"] == "desktop.bench.reports"
    argv = ["bench", "reports", "--quick", "--json", "--customers", "600", "--calls", "5000", "--tickets", "3000"]
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)
    for name in FIGURES:
        assert isinstance(figures[name], float) and figures[name] > 0, name
    assert figures["calls"] == 5000 and figures["backend"] == "sqlite"
    assert figures["report_backfill_rows"]["intervals"] > 0 and figures["report_sl_30d_points"] > 100
    assert figures["escalation_scan_examined"] == figures["escalation_scan_due"]
