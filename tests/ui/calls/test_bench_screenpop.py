"""``contactdesk bench screenpop`` runs end to end: gateway subprocess, desktops in their own processes, paints."""

from __future__ import annotations

import json

import pytest

from desktop.bench import BENCHMARKS
from services.bench_harness import run_benchmark


@pytest.mark.slow
def test_screenpop_bench_measures_every_call_to_its_painted_card(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--quick", "--json", "--customers", "300", "--seconds", "2", "--rate", "4", "--agents", "3"]
    assert run_benchmark("screenpop", BENCHMARKS, argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["screenpop_calls"] == 8 and figures["screenpop_popped"] == 8 and figures["screenpop_missed"] == 0
    assert figures["screenpop_webhook_errors"] == 0
    assert 0 < figures["screenpop_p50_ms"] <= figures["screenpop_p95_ms"] <= figures["screenpop_p99_ms"]
    assert figures["screenpop_to_offer_p50_ms"] > 0 and figures["screenpop_offer_to_paint_p50_ms"] > 0
    assert figures["screenpop_backend"] == "sqlite" and figures["screenpop_agents"] == 3
