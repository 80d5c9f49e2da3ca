"""``contactdesk bench``: the harness, and the search benchmark end to end on a small data set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from desktop.bench import BENCHMARKS
from desktop.cli import main
from services.bench_harness import percentile, render, seeded_database, time_calls

SEARCH_KEYS = {
    "phone_lookup_p99_ms",
    "name3_search_p95_ms",
    "name2_search_p95_ms",
    "pinyin_search_p95_ms",
    "idtail_search_p95_ms",
    "customer360_p95_ms",
    "seed_seconds",
    "customers",
    "backend",
    "name2_plan",
}


def test_registry_is_a_name_to_module_map() -> None:
    assert BENCHMARKS["search"] == "desktop.bench.search"
    assert BENCHMARKS["startup"] == "desktop.bench.startup"


def test_search_quick_json_prints_one_object_with_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "search", "--quick", "--json", "--customers", "2000"]) == 0
    out = capsys.readouterr().out
    figures = json.loads(out)  # exactly one JSON document on stdout
    assert isinstance(figures, dict)
    assert set(figures) >= SEARCH_KEYS
    assert figures["customers"] == 2000 and figures["backend"] == "sqlite"
    assert figures["seed_seconds"] > 0
    for key in SEARCH_KEYS:
        if key.endswith("_ms"):
            assert figures[key] > 0, key
    assert "SCAN customer" not in figures["name2_plan"] and figures["name2_plan"].strip()


def test_search_reuses_a_seeded_database_and_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{(tmp_path / 'b.db').as_posix()}"
    assert main(["seed", "--database", url, "--customers", "600", "--no-progress", "--today", "2026-11-22"]) == 0
    capsys.readouterr()
    assert main(["bench", "search", "--quick", "--json", "--customers", "500", "--database", url]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["seed_seconds"] is None and figures["customers"] == 600
    assert main(["bench", "search", "--quick", "--customers", "500", "--database", url]) == 0
    table = capsys.readouterr().out
    assert "phone_lookup_p99_ms" in table and "name2_plan" in table and "SEARCH" in table
    # A database with fewer customers than asked is refused, not topped up.
    assert main(["bench", "search", "--quick", "--customers", "1000", "--database", url]) == 1
    assert "fewer" in capsys.readouterr().err


def test_unknown_benchmark_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bench", "nosuch"])
    assert "invalid choice" in capsys.readouterr().err


def test_harness_helpers(tmp_path: Path) -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile([float(i) for i in range(1, 101)], 99) == 99.0
    calls: list[int] = []
    timings = time_calls(calls.append, [1, 2, 3], warmup=[0])
    assert calls == [0, 1, 2, 3] and len(timings) == 3 and all(t >= 0 for t in timings)
    text = render("x", {"a_ms": 1.5, "customers": 1000, "plan": "line 1\nline 2", "seed_seconds": None})
    assert "a_ms" in text and "1,000" in text and "plan:" in text
    args = argparse.Namespace(database=None, seed=1)
    with seeded_database(args, 50, progress=False) as db:
        assert db.customers == 50 and db.backend == "sqlite" and db.seed_seconds is not None
        path = db.url.removeprefix("sqlite:///")
    assert not Path(path).exists()  # the temporary database is removed
