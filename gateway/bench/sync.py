"""``contactdesk bench sync``: commit-to-desktop latency of live sync, and events missed across a disconnect.

A gateway runs in a subprocess (the production command) on the database; N simulated desktops hold its
change-event stream open (minimal SSE clients on asyncio, in two client processes so that they do not share
a core with the gateway's event loop); the benchmark commits changes at a fixed rate (each one a transaction
with a change-feed row).  Every desktop measures, for each change, the time from just before the commit on
"desktop A" to the change arriving parsed on itself (``sync_p95_ms``, ``sync_p99_ms``; an upper bound by
the commit's own duration).

A tenth of the desktops disconnect for ``--disconnect`` seconds in the middle of the run (5 minutes at full
size) and reconnect with their last position; at the end every desktop must hold every committed change
exactly once: ``missed_events`` and ``duplicate_events`` count the exceptions over all desktops.  Desktops
that disconnected do not count towards the latency figures (their catch-up is late by design).

Full size (the figures the issue names): 1,000 desktops, 50 changes/s, on PostgreSQL (``--database``).
``--quick``: 50 desktops, 12 s, a 4 s disconnect.
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
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, cast

DESCRIPTION = "commit-to-desktop latency of live sync (p95/p99) and missed events after a disconnect"
BUCKET_MS = 1.0
BUCKETS = 20_000  # histogram up to 20 s
CLIENT_PROCESSES = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--desktops", type=int, metavar="N", help="simulated desktops (default 1000; --quick 50)")
    parser.add_argument("--rate", type=float, metavar="R", help="changes per second (default 50)")
    parser.add_argument("--seconds", type=float, metavar="S", help="length of the run (default 390; --quick 12)")
    parser.add_argument(
        "--disconnect",
        type=float,
        metavar="S",
        help="how long a tenth of the desktops stay away (default 300; --quick 4)",
    )
    parser.add_argument(
        "--clients", type=int, metavar="N", help="clients committing call events for commits_per_s (default 16)"
    )


# -- the simulated desktops (client processes) -------------------------------------------------------------------
class SseProtocol(asyncio.Protocol):
    """One open event stream, parsed straight from the socket's data callbacks.

    A real desktop spends a process on its stream; here hundreds share one event loop, so the reader avoids
    per-read tasks and timeouts: the loop calls :meth:`data_received` and the message is handled at once.
    """

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.transport: asyncio.Transport | None = None
        self.head: bytes | None = None
        self.chunked = False
        self.raw = b""  # bytes not yet de-chunked
        self.text = b""  # de-chunked stream not yet split into messages
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A write transport, whatever its class (uvloop's are not asyncio's).
        self.transport = cast(asyncio.Transport, transport)
        plan = self.desk.plan
        self.transport.write(
            (
                f"GET /events?after={self.desk.position} HTTP/1.1\r\nHost: {plan['host']}\r\n"
                f"Authorization: Bearer {plan['token']}\r\nAccept: text/event-stream\r\n\r\n"
            ).encode()
        )

    def data_received(self, data: bytes) -> None:
        arrived = time.time()
        if self.head is None:
            self.raw += data
            head, sep, rest = self.raw.partition(b"\r\n\r\n")
            if not sep:
                return
            if head[9:12] != b"200":
                self._fail(f"stream refused: {head[:40]!r}")
                return
            self.head = head
            self.chunked = b"transfer-encoding: chunked" in head.lower()
            self.raw = b""
            if not self.opened.done():
                self.opened.set_result(None)
            data = rest
        if self.chunked:
            self.raw += data
            data = b""
            while True:
                size_end = self.raw.find(b"\r\n")
                if size_end < 0:
                    break
                size = int(self.raw[:size_end] or b"0", 16)
                if size == 0:
                    self._fail("stream ended")
                    return
                if len(self.raw) < size_end + 2 + size + 2:
                    break
                data += self.raw[size_end + 2 : size_end + 2 + size]
                self.raw = self.raw[size_end + 2 + size + 2 :]
        self.text += data
        *messages, self.text = self.text.split(b"\n\n")
        for message in messages:
            self.desk.message(message, arrived)

    def _fail(self, why: str) -> None:
        if not self.opened.done():
            self.opened.set_exception(ValueError(why))
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("connection lost"))
        if not self.closed.done():
            self.closed.set_result(None)


class Desk:
    """One simulated desktop: a stream reader that keeps its position and a bitmap of changes seen."""

    def __init__(self, index: int, plan: dict[str, Any], stats: dict[str, Any]) -> None:
        self.index = index
        self.plan = plan
        self.stats = stats
        self.position = plan["start"]
        self.seen = bytearray(plan["capacity"])
        self.duplicates = 0
        self.away = index in set(plan["away"])
        self.connected = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        began = self.plan["t0"]
        leave_at = began + self.plan["away_at"]
        back_at = leave_at + self.plan["away_for"]
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            now = time.time()
            if self.away and leave_at <= now < back_at:
                await asyncio.sleep(back_at - now)
                continue
            deadline = leave_at if self.away and now < leave_at else None
            try:
                transport, proto = await loop.create_connection(
                    lambda: SseProtocol(self), self.plan["host"], self.plan["port"]
                )
            except OSError:
                await asyncio.sleep(0.2)
                continue
            try:
                await proto.opened
                self.connected.set()
                stopped: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
                ends: list[asyncio.Future[Any]] = [stopped, proto.closed]
                timeout = None if deadline is None else max(0.0, deadline - time.time())
                done, _ = await asyncio.wait(ends, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if proto.closed in done and not stop.is_set():
                    await asyncio.sleep(0.2)  # dropped or refused: reconnect from the last position
            except (OSError, ValueError):
                await asyncio.sleep(0.2)
            finally:
                transport.close()

    def message(self, message: bytes, arrived: float) -> None:
        data = None
        for line in message.split(b"\n"):
            if line.startswith(b"id: "):
                self.position = line[4:].decode()
            elif line.startswith(b"data: "):
                data = line[6:]
        if not data:
            return
        items = json.loads(data)
        live = not self.away
        hist = self.stats["hist"]
        for item in items:
            key = int(item[2])
            if key >= len(self.seen):
                self.seen.extend(bytearray(key + 1 - len(self.seen)))
            if self.seen[key]:
                self.duplicates += 1
                continue
            self.seen[key] = 1
            if live and item[5]:
                ms = (arrived - float(item[5]["t"])) * 1000
                hist[min(BUCKETS - 1, max(0, int(ms / BUCKET_MS)))] += 1


async def _client_main(plan: dict[str, Any]) -> dict[str, Any]:
    stats: dict[str, Any] = {"hist": [0] * BUCKETS}
    stop = asyncio.Event()
    desks = [Desk(i, plan, stats) for i in plan["indices"]]
    tasks = [asyncio.create_task(d.run(stop)) for d in desks]
    await asyncio.wait_for(asyncio.gather(*(d.connected.wait() for d in desks)), 60)
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    line = await loop.run_in_executor(None, sys.stdin.readline)  # "stop <last key>"
    total = int(line.split()[1])
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    missed = sum(total - sum(d.seen[1 : total + 1]) for d in desks)
    return {"hist": stats["hist"], "missed": missed, "duplicates": sum(d.duplicates for d in desks)}


def client_main() -> None:
    """Entry point of a client process: the plan as JSON on argv[1]; results as JSON on stdout."""
    plan = json.loads(sys.argv[1])
    try:
        import uvloop  # the gateway's server runs on it too (uvicorn's default when installed)

        result = uvloop.run(_client_main(plan))
    except ImportError:
        result = asyncio.run(_client_main(plan))
    print(json.dumps(result), flush=True)


# -- the run (orchestrator) -------------------------------------------------------------------------------------
def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds used by a process so far (Linux), else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None


def _share(before: float | None, after: float | None, seconds: float) -> float | None:
    return round((after - before) / seconds, 3) if before is not None and after is not None and seconds else None


def _percentile(hist: list[int], p: float) -> float:
    total = sum(hist)
    if not total:
        return float("nan")
    rank = p / 100 * total
    running = 0
    for bucket, count in enumerate(hist):
        running += count
        if running >= rank:
            return (bucket + 1) * BUCKET_MS
    return BUCKETS * BUCKET_MS


def _prepare(url: str) -> tuple[Any, int]:
    """A migrated database with a user for the stream token; returns (engine, user id)."""
    from sqlalchemy import insert, select

    from db.engine import make_engine
    from db.migrate import upgrade
    from db.models import Branch, Role, User

    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        user = conn.execute(select(User.id).order_by(User.id).limit(1)).scalar()
        if user is None:
            if conn.execute(select(Branch.id).limit(1)).scalar() is None:
                conn.execute(insert(Branch).values(code="BENCH", name="bench", city="-", district="-", address="-"))
            if conn.execute(select(Role.code).where(Role.code == "agent")).scalar() is None:
                conn.execute(insert(Role).values(code="agent", name_zh="坐席", name_en="Agent"))
            branch = conn.execute(select(Branch.id).limit(1)).scalar_one()
            user = conn.execute(
                insert(User)
                .values(username="bench_sync", display_name="基准", role_code="agent", branch_id=branch)
                .returning(User.id)
            ).scalar_one()
    return engine, int(user)


def _writer(engine: Any, rate: float, seconds: float, keys: list[int], stop: threading.Event) -> None:
    from db import feed

    began = time.perf_counter()
    n = 0
    with engine.connect() as conn:
        while not stop.is_set():
            due = began + n / rate
            if due - began >= seconds:
                return
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            n += 1
            with conn.begin():
                feed.append(conn, "bench", n, "update", payload={"t": time.time()})
            keys.append(n)


def _wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gateway exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gateway did not start")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark (see the module docstring)."""
    from services import stream_tokens as tokens
    from services.bench_harness import BenchError, free_port
    from services.sync.position import start_position

    from . import commit_rate

    quick = bool(getattr(args, "quick", False))
    desktops = int(getattr(args, "desktops", None) or (50 if quick else 1000))
    rate = float(getattr(args, "rate", None) or 50.0)
    away_for = float(getattr(args, "disconnect", None) or (4.0 if quick else 300.0))
    seconds = float(getattr(args, "seconds", None) or (12.0 if quick else away_for + 90.0))
    if away_for > seconds - 4:
        raise BenchError("--seconds must exceed --disconnect by at least 4 s")
    with tempfile.TemporaryDirectory(prefix="cd-bench-sync-") as tmp:
        url = getattr(args, "database", None) or f"sqlite:///{(Path(tmp) / 'sync.db').as_posix()}"
        engine, user = _prepare(url)
        backend = engine.dialect.name
        token = tokens.issue(engine, user, workstation="bench")
        port = free_port()
        public = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
            "TWILIO_ACCOUNT_SID": "",
            "CONTACTDESK_DATA_DIR": tmp,
            "CONTACTDESK_LOG_LEVEL": "WARNING",
            "CONTACTDESK_PUBLIC_URL": public,
        }
        cmd = [sys.executable, "-m", "gateway.commands.serve", "--port", str(port), "--database", url]
        gateway = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        clients: list[subprocess.Popen[str]] = []
        try:
            _wait_ready(public, gateway)
            t0 = time.time() + 2.0
            away = list(range(0, desktops, 10))
            plan = {
                "host": "127.0.0.1",
                "port": port,
                "token": token,
                "start": start_position(engine),
                "capacity": int(rate * seconds * 1.2) + 100,
                "t0": t0,
                "away": away,
                "away_at": 2.0,
                "away_for": away_for,
            }
            for part in range(CLIENT_PROCESSES):
                indices = list(range(part, desktops, CLIENT_PROCESSES))
                arg = json.dumps({**plan, "indices": indices})
                clients.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gateway.bench.sync", arg],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        text=True,
                        env=env,
                    )
                )
            for client in clients:
                assert client.stdout is not None
                if client.stdout.readline().strip() != "ready":
                    raise BenchError("a client process did not connect its desktops")
            time.sleep(max(0.0, t0 - time.time()))
            keys: list[int] = []
            stop = threading.Event()
            writer = threading.Thread(target=_writer, args=(engine, rate, seconds, keys, stop))
            began = time.perf_counter()
            processes: list[subprocess.Popen[Any]] = [gateway, *clients]
            cpu_before = [_cpu_seconds(p.pid) for p in processes]
            writer.start()
            writer.join()
            elapsed = time.perf_counter() - began
            cpu_after = [_cpu_seconds(p.pid) for p in processes]
            time.sleep(3.0)  # let the last changes and the returning desktops' catch-up arrive
            results = []
            for client in clients:
                out, _ = client.communicate(f"stop {len(keys)}\n", timeout=120)
                results.append(json.loads(out.strip().splitlines()[-1]))
        finally:
            for client in clients:
                if client.poll() is None:
                    client.kill()
                    client.wait(10)
            gateway.terminate()
            try:
                gateway.wait(15)
            except subprocess.TimeoutExpired:
                gateway.kill()
                gateway.wait(5)
            engine.dispose()
        # The write path's commit rate, on the same database once the desktops are gone.
        writers = int(getattr(args, "clients", None) or 16)
        commits = commit_rate.measure(url, clients=writers, seconds=5.0 if quick else 20.0)
    hist = [sum(r["hist"][i] for r in results) for i in range(BUCKETS)]
    return {
        "sync_p50_ms": _percentile(hist, 50),
        "sync_p95_ms": _percentile(hist, 95),
        "sync_p99_ms": _percentile(hist, 99),
        "missed_events": sum(r["missed"] for r in results),
        "duplicate_events": sum(r["duplicates"] for r in results),
        "sync_desktops": desktops,
        "sync_desktops_disconnected": len(away),
        "sync_disconnect_s": away_for,
        "sync_changes": len(keys),
        "sync_changes_per_s": round(len(keys) / elapsed, 1) if elapsed else 0.0,
        "sync_deliveries_measured": sum(hist),
        "sync_backend": backend,
        # CPU used per second of run (1.0 = one core): the gateway, then the processes simulating desktops.
        "sync_gateway_cpu": _share(cpu_before[0], cpu_after[0], elapsed),
        "sync_clients_cpu": _share(sum(c or 0 for c in cpu_before[1:]), sum(c or 0 for c in cpu_after[1:]), elapsed),
        **commits,
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


if __name__ == "__main__":
    client_main()
