"""``contactdesk bench gateway``: signed webhooks per second and their p99 latency at concurrency 8.

A gateway runs in a subprocess on loopback (the same command as production, ``--workers`` processes) over a
seeded database; the load is Twilio-shaped: per simulated call one signed incoming webhook and three signed
status callbacks (ringing, in-progress, completed), with fresh CallSids, so every request does its real
database work.  The client is a minimal keep-alive HTTP/1.1 client on asyncio with the requests pre-signed,
to leave the CPU to the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

CONCURRENCY = 8
ACCOUNT_SID = "AC" + "be0c" * 8
BANK = "+862160000000"


def configure(parser: argparse.ArgumentParser) -> None:
    """The benchmark's own options."""
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="gateway worker processes (default 1: with SQLite one process is fastest)",
    )
    parser.add_argument("--seconds", type=float, metavar="S", help="seconds of load (default 30; --quick 5)")


def build_requests(public: str, token: str, numbers: list[str], calls: int) -> list[bytes]:
    """Pre-signed raw HTTP requests: per call, incoming + ringing + in-progress + completed."""
    validator = RequestValidator(token)
    out: list[bytes] = []
    host = public.split("//", 1)[1]
    for i in range(calls):
        sid = "CA" + secrets.token_hex(16)
        frm = numbers[i % len(numbers)] if numbers and i % 4 else f"+86135{i % 10**8:08d}"
        base = {
            "AccountSid": ACCOUNT_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": sid,
            "From": frm,
            "To": BANK,
            "Caller": frm,
            "Called": BANK,
            "Direction": "inbound",
        }
        steps = [("/twilio/voice/incoming", {**base, "CallStatus": "ringing"})]
        for seq, status in enumerate(("ringing", "in-progress", "completed"), start=1):
            extra = {"CallStatus": status, "SequenceNumber": str(seq), "CallbackSource": "call-progress-events"}
            if status == "completed":
                extra["CallDuration"] = "37"
            steps.append(("/twilio/voice/status", {**base, **extra}))
        for path, params in steps:
            body = urlencode(params).encode()
            signature = validator.compute_signature(public + path, params)
            out.append(
                (
                    f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode()
                + body
            )
    return out


async def _connection(
    port: int, requests: list[bytes], cursor: list[int], stop_at: float, lat: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            i = cursor[0]
            if i >= len(requests):
                return
            cursor[0] = i + 1
            began = time.perf_counter()
            writer.write(requests[i])
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            lat.append(time.perf_counter() - began)
            if head[9:12] not in (b"200", b"204"):
                errors.append(int(head[9:12]))
    finally:
        writer.close()


async def _load(
    port: int, requests: list[bytes], seconds: float, concurrency: int
) -> tuple[list[float], list[int], float, int]:
    """Send ``requests`` in order over ``concurrency`` kept connections for ``seconds``.

    Returns the latencies, the error statuses, the time taken and how many requests were sent.
    """
    lat: list[float] = []
    errors: list[int] = []
    cursor = [0]
    began = time.perf_counter()
    stop_at = began + seconds
    await asyncio.gather(*[_connection(port, requests, cursor, stop_at, lat, errors) for _ in range(concurrency)])
    return lat, errors, time.perf_counter() - began, cursor[0]


def _calls_in(url: str) -> int:
    from sqlalchemy import func, select

    from db.engine import make_engine
    from db.models import Call

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Call)).scalar_one())
    finally:
        engine.dispose()


def _drained(public: str, timeout: float = 60.0) -> bool:
    """Wait until the gateway's spool is empty (what it spooled is written); False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(public + "/healthz", timeout=5) as response:
                report = json.loads(response.read())
        except urllib.error.HTTPError as failing:  # 503 still carries the report
            report = json.loads(failing.read())
        except OSError:
            report = {}
        if report.get("spool", {}).get("depth") == 0:
            return True
        time.sleep(0.5)
    return False


def _cpu_seconds(pid: int) -> float | None:
    """CPU time of a process and its children (the uvicorn workers); Linux only, else None."""
    try:
        pids = [pid] + [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        total = 0
        for one in pids:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark (``--quick``: ~5 s of load; ``--database``: on that database; ``--workers N``)."""
    from services.bench_harness import caller_numbers, free_port, percentile, seeded_database, wait_healthy

    quick = bool(getattr(args, "quick", False))
    seconds = float(getattr(args, "seconds", None) or (5.0 if quick else 30.0))
    workers = int(getattr(args, "workers", None) or os.environ.get("CONTACTDESK_BENCH_GATEWAY_WORKERS") or 1)
    customers = int(getattr(args, "customers", None) or (1000 if quick else 5000))
    with (
        seeded_database(args, customers, progress=False) as prepared,
        tempfile.TemporaryDirectory(prefix="cd-bench-gw-") as tmp,
    ):
        numbers = caller_numbers(prepared.engine)
        prepared.engine.dispose()
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        token = secrets.token_hex(16)
        env = {
            **os.environ,
            "TWILIO_AUTH_TOKEN": token,
            "TWILIO_ACCOUNT_SID": "",
            "CONTACTDESK_DATA_DIR": tmp,
            "CONTACTDESK_LOG_LEVEL": "WARNING",
            "CONTACTDESK_PUBLIC_URL": public,
        }
        cmd = [
            sys.executable,
            "-m",
            "gateway.commands.serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database",
            prepared.url,
            "--workers",
            str(workers),
        ]
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            wait_healthy(public, proc)
            requests = build_requests(public, token, numbers, int(4000 * (seconds + 1) / 4) + 100)
            asyncio.run(_load(port, build_requests(public, token, numbers, 200), 1.0, CONCURRENCY))  # warm-up
            drained = _drained(public)
            calls_before = _calls_in(prepared.url)
            cpu_before = _cpu_seconds(proc.pid)
            lat, errors, elapsed, sent = asyncio.run(_load(port, requests, seconds, CONCURRENCY))
            cpu_after = _cpu_seconds(proc.pid)
            # What counts is what reached the database: every call sent is a call written (spool drained).
            drained = _drained(public) and drained
            calls_written = _calls_in(prepared.url) - calls_before
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
    count = len(lat)
    ms = [v * 1000 for v in lat]
    return {
        "gateway_rps": round(count / elapsed, 1) if elapsed else 0.0,
        "gateway_p99_ms": round(percentile(ms, 99), 2),
        "gateway_p50_ms": round(percentile(ms, 50), 2),
        "gateway_requests": count,
        "gateway_errors": len(errors),
        "calls_sent": (sent + 3) // 4,  # every fourth request is an incoming call
        "calls_written": calls_written,
        "spool_drained": drained,
        "gateway_workers": workers,
        "gateway_concurrency": CONCURRENCY,
        "gateway_seconds": round(elapsed, 1),
        # Server CPU per webhook: what limits the rate when the cores are not shared with other work.
        "gateway_cpu_ms_per_request": (
            round((cpu_after - cpu_before) * 1000 / count, 3)
            if count and cpu_before is not None and cpu_after
            else None
        ),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "gateway_backend": prepared.backend,
    }
