"""The recurring-job scheduler (gateway.jobs): intervals, failures, the health report, and the claim that lets one
process at a time run a job — on SQLite and on PostgreSQL, held by another process and released when it dies."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from gateway.jobs import Job, JobScheduler, claim, claim_key

ROOT = Path(__file__).resolve().parents[1]
HOLD = """
import sys
from db.engine import make_engine
from gateway.jobs import claim
engine = make_engine(sys.argv[1])
with claim(engine, sys.argv[2]) as got:
    print("held" if got else "refused", flush=True)
    sys.stdin.read()
"""


class Counter:
    """A job that counts its runs; ``fail`` runs raise first."""

    def __init__(self, fail: int = 0) -> None:
        self.calls = 0
        self.fail = fail
        self.threads: set[str] = set()

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        self.threads.add(threading.current_thread().name)
        if self.calls <= self.fail:
            raise RuntimeError(f"run {self.calls} broke")
        return {"done": 1}


def test_a_job_runs_every_interval_on_a_thread_of_its_own(migrated_engine: Engine) -> None:
    job = Counter()
    scheduler = JobScheduler(migrated_engine, [Job("count", 0.05, job)], name="test").start()
    try:
        assert scheduler.wait_for_runs("count", 4, timeout=10)
    finally:
        scheduler.stop()
    assert not scheduler.running and job.threads == {"test-job-count"}
    status = scheduler.status()["count"]
    assert status["runs"] >= 4 and status["failures"] == 0 and status["claimed_elsewhere"] == 0
    assert status["interval_s"] == 0.05 and status["last_result"] == {"done": 1} and not status["running"]
    assert status["last_started_at"] and status["last_ok_at"] and status["last_duration_s"] is not None
    calls = job.calls
    time.sleep(0.2)
    assert job.calls == calls, "stopped means stopped"


def test_a_failing_run_is_logged_and_the_next_one_runs(
    migrated_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    job = Counter(fail=2)
    scheduler = JobScheduler(migrated_engine, [Job("flaky", 0.05, job)])
    with caplog.at_level(logging.ERROR, logger="gateway.jobs"):
        scheduler.start()
        try:
            assert scheduler.wait_for_runs("flaky", 1, timeout=10)
        finally:
            scheduler.stop()
    assert [r.getMessage() for r in caplog.records][:2] == [
        "flaky failed: RuntimeError: run 1 broke",
        "flaky failed: RuntimeError: run 2 broke",
    ]
    status = scheduler.status()["flaky"]
    assert status["failures"] == 2 and status["failing_in_a_row"] == 0 and status["last_error"] is None


def test_the_first_run_waits_for_its_delay_and_wake_runs_at_once(migrated_engine: Engine) -> None:
    job = Counter()
    scheduler = JobScheduler(migrated_engine, [Job("later", 3600, job, first_delay=3600)]).start()
    try:
        time.sleep(0.2)
        assert job.calls == 0
        scheduler.wake("later")
        assert scheduler.wait_for_runs("later", 1, timeout=10)
    finally:
        scheduler.stop(timeout=5)
    assert job.calls == 1


def test_job_names_are_distinct_and_claim_keys_stable() -> None:
    with pytest.raises(ValueError):
        JobScheduler(None, [Job("a", 1, Counter()), Job("a", 2, Counter())])  # type: ignore[arg-type]
    assert claim_key("escalation_scan") == claim_key("escalation_scan") != claim_key("scores")
    assert -(2**63) <= claim_key("escalation_scan") < 2**63


def test_a_running_job_holds_its_claim_within_the_process(migrated_engine: Engine) -> None:
    release = threading.Event()
    started = threading.Event()

    def slow() -> None:
        started.set()
        release.wait(10)

    first = JobScheduler(migrated_engine, [Job("slow", 3600, slow)]).start()
    second = JobScheduler(migrated_engine, [Job("slow", 3600, Counter())])
    try:
        assert started.wait(10)
        assert second.run_now("slow") is False and second.status()["slow"]["claimed_elsewhere"] == 1
    finally:
        release.set()
        first.stop()
    assert second.run_now("slow") is True and second.status()["slow"]["runs"] == 1


def test_another_process_holding_the_claim_makes_this_one_skip_until_it_dies(migrated_engine: Engine) -> None:
    url = migrated_engine.url.render_as_string(hide_password=False)
    job = Counter()
    scheduler = JobScheduler(migrated_engine, [Job("busy", 3600, job), Job("other", 3600, Counter())])
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, url, "busy"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            assert scheduler.run_now("busy") is False and job.calls == 0
            assert scheduler.run_now("other") is True, "each job has a claim of its own"
            with claim(migrated_engine, "busy") as got:
                assert got is False
        finally:
            holder.kill()  # killed mid-run: its claim goes with it
            holder.wait(30)
    deadline = time.monotonic() + 20
    while not scheduler.run_now("busy"):
        assert time.monotonic() < deadline, "the dead holder's claim was never released"
        time.sleep(0.1)
    assert job.calls == 1


def test_the_gateway_runs_its_jobs_and_reports_them_on_healthz(migrated_engine: Engine, tmp_path: Path) -> None:
    from gateway.gateway import GatewayConfig, create_app
    from gateway.serve import ServerThread

    job = Counter()
    jobs = JobScheduler(migrated_engine, [Job("count", 0.05, job)])
    config = GatewayConfig(public_url="http://127.0.0.1:9", auth_token="x" * 32, run_worker=False)
    server = ServerThread(create_app(migrated_engine, config, jobs=jobs)).start()
    try:
        assert jobs.wait_for_runs("count", 2, timeout=10)
        report: Any = httpx.get(server.url + "/healthz", timeout=10).json()
        assert report["jobs"]["count"]["runs"] >= 2 and report["jobs"]["count"]["last_result"] == {"done": 1}
    finally:
        server.stop()
    assert not jobs.running, "stopped with the gateway"
