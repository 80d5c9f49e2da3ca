"""``contactdesk bench wallboard --quick --json``: a real gateway pushes the snapshot to every simulated wallboard
and the figures the issue names come out (small sizes; the targets are for PostgreSQL at full size)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from gateway.bench import BENCHMARKS

pytestmark = pytest.mark.timeout(180)


def test_wallboard_bench_quick_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert BENCHMARKS["wallboard"] == "gateway.bench.wallboard"
    assert main(["bench", "wallboard", "--quick", "--json", "--wallboards", "20", "--changes", "4"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for name in ("wallboard_snapshot_p95_ms", "wallboard_floor_p95_ms", "wallboard_push_p95_ms"):
        assert isinstance(figures[name], float) and figures[name] > 0, name
    assert figures["wallboards"] == 20 and figures["wallboard_push_not_everywhere"] == 0
    assert figures["wallboard_snapshot_queues"] == 21 and figures["wallboard_snapshot_agents"] == 100
    assert figures["backend"] == "sqlite"
    # after the full snapshot on connecting, the wallboards are sent deltas, a fraction of its size
    assert 0 < figures["wallboard_delta_bytes_p50"] < figures["wallboard_snapshot_bytes"] / 3
    assert 0 < figures["wallboard_full_share"] < 0.5
