"""``contactdesk bench lobby --quick --json`` prints every figure the issue names, with no duplicate or skipped
call (small sizes; the figures' targets are for PostgreSQL at full size)."""

from __future__ import annotations

import json

import pytest

from desktop.bench import BENCHMARKS
from desktop.cli import main

FIGURES = (
    "lobby_issue_p95_ms",
    "lobby_call_next_p95_ms",
    "lobby_display_p95_ms",
    "lobby_checkin_p95_ms",
)


def test_lobby_bench_quick_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert BENCHMARKS["lobby"] == "desktop.bench.lobby"
    argv = ["bench", "lobby", "--quick", "--json", "--customers", "600", "--tickets", "3000"]
    assert main([*argv, "--rounds", "120", "--counters", "6"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for name in FIGURES:
        assert isinstance(figures[name], float) and figures[name] > 0, name
    assert figures["calls"] == 120 and figures["display_samples"] > 0
    assert figures["duplicate_calls"] == 0 and figures["skipped_numbers"] == 0
    assert figures["history_tickets"] == 3000 and figures["backend"] == "sqlite"
