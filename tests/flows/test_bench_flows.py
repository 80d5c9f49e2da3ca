"""``contactdesk bench flows``: every figure, on a small data set, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from desktop.bench import BENCHMARKS
from desktop.bench.flows import STEP_FLOW_STEPS, VALIDATE_FLOW_STEPS, step_flow, validate_flow
from desktop.cli import main
from services.flows.definition import parse
from services.flows.validation import validate

FIGURES = ("flow_step_p95_ms", "flow_open_p95_ms", "flow_validate_ms", "flow_history_p95_ms")


def test_the_bench_flows_are_valid_and_of_the_promised_size() -> None:
    assert BENCHMARKS["flows"] == "desktop.bench.flows"
    steps = parse(step_flow())
    big = parse(validate_flow())
    assert len(steps.steps) == STEP_FLOW_STEPS and len(big.steps) == VALIDATE_FLOW_STEPS
    assert {s.kind for s in big.steps} == {"say", "ask", "branch", "read_aloud", "action", "identity_check", "end"}
    assert validate(steps, templates=lambda code: "approved") == []
    assert validate(big, templates=lambda code: "approved") == []


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_quick_json_prints_every_figure(
    backend: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["bench", "flows", "--quick", "--json", "--customers", "600", "--runs", "6000", "--samples", "40"]
    if backend == "postgres":
        argv += ["--database", request.getfixturevalue("pg_database_url")]
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)  # exactly one JSON document on stdout
    assert figures["backend"] == ("postgresql" if backend == "postgres" else "sqlite")
    for key in FIGURES:
        assert figures[key] > 0, key
    assert figures["flow_step_samples"] == 40 and figures["flow_step_flow_steps"] == STEP_FLOW_STEPS
    assert figures["flow_validate_steps"] == VALIDATE_FLOW_STEPS and figures["flow_validate_problems"] == 0
    assert figures["flow_runs_stored"] == 6000 and figures["customers"] == 600
    assert "ix_flow_run_customer_started" in figures["flow_history_plan"]
