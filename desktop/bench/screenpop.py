"""``contactdesk bench screenpop``: from a call's signed webhook at the gateway to its caller card painted.

The production gateway runs in a subprocess (``python -m desktop gateway``, the console script) on a seeded
database.  Each of ``--agents`` agents has a desktop in a process of its own, as on the agent's own PC: an
offscreen window with the application's style and the real call centre UI
(:func:`~desktop.ui.calls.install_call_center`, polling as a desktop does).  This process plays
Twilio: ``--rate`` calls per second,
each a signed ``/twilio/voice/incoming`` webhook followed at once by the IVR answer (``/twilio/voice/menu``,
key 1), from stored customer numbers (one, several or — one call in five — no match).

The clock starts just before the incoming webhook is sent (so no later than it arrives) and stops at the
first ``QEvent.Paint`` of the offered agent's caller card after the card took that call's content (an event
filter on the card): a real paint on the offered agent's desktop, not a timestamp taken before it.  Once
painted, the caller hangs up (a signed ``completed`` status callback), which frees the agent for the next call.

Figures: ``screenpop_p50_ms``, ``screenpop_p95_ms``, ``screenpop_p99_ms``, ``screenpop_max_ms``, the calls
placed and popped, and the rate achieved.  Targets: p95 ≤ 150 ms and p99 ≤ 300 ms on PostgreSQL with 1 M
customers at 20 calls/s (p95 ≤ 100 ms on SQLite).  Default size: 1,000,000 customers (give ``--database`` a
PostgreSQL URL for the target set-up; without it a temporary SQLite file is seeded); ``--quick``: 2,000
customers, 8 s of calls.  ``--database URL`` must be a benchmark database: the run changes its agents'
states and adds calls.  ``--compare-rls`` (a PostgreSQL ``--database``, as its owner): after that, the calls
again over four measurements of half of them each, the desktops on the owner's connection, on the agents' own
logins (row-level security on), on those logins, on the owner's, with the ratios (:mod:`desktop.bench.rls`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import queue
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

from services.bench_harness import BenchError, percentile

DESCRIPTION = "screen-pop latency: signed webhook at the gateway -> caller card painted on the agent's desktop"
FULL_CUSTOMERS = 1_000_000
QUICK_CUSTOMERS = 2_000
RATE = 20.0
FULL_SECONDS = 60.0
QUICK_SECONDS = 8.0
FULL_AGENTS = 24
QUICK_AGENTS = 16
SETTLE_SECONDS = 10.0  # after the last call, how long a card may still take before the call counts as missed
ACCOUNT_SID = "AC" + "5c4e" * 8
BANK = "+862160000000"


def configure(parser: argparse.ArgumentParser) -> None:
    """The benchmark's own options."""
    parser.add_argument("--rate", type=float, metavar="R", help=f"calls per second (default {RATE:g})")
    parser.add_argument("--seconds", type=float, metavar="S", help="seconds of calls (default 60; --quick 8)")
    parser.add_argument("--agents", type=int, metavar="N", help="agent desktops (default 24; --quick 16)")
    parser.add_argument("--poll-ms", type=int, metavar="MS", help="desk poll interval while busy (product default)")
    parser.add_argument(
        "--available-poll-ms", type=int, metavar="MS", help="desk poll interval while available (product default)"
    )
    from .rls import add_option

    add_option(parser)  # --compare-rls: the desktops again on the agents' own logins


def _log(message: str) -> None:
    print(f"[bench screenpop] {message}", file=sys.stderr, flush=True)


# -- the database -------------------------------------------------------------------------------------------------
def _prepare(engine: Any, agents: int) -> list[int]:
    """Pick ``agents`` agents with the general skill and a softphone; make them available, the others offline."""
    from sqlalchemy import func, select

    from db.models import AgentStatus, Call, User
    from services.agent_state import AgentStateService

    with engine.connect() as conn:
        waiting = conn.execute(
            select(func.count()).select_from(Call).where(Call.state.in_(("received", "queued", "offered")))
        ).scalar_one()
        if waiting:
            raise BenchError(f"{waiting} calls are waiting in this database; the benchmark needs a quiet call centre")
        candidates = conn.execute(
            select(User.id, User.skills)
            .where(User.role_code == "agent", User.is_active.is_(True), User.client_identity.is_not(None))
            .order_by(User.id)
        ).all()
        busy = set(
            conn.execute(
                select(AgentStatus.user_id).where(AgentStatus.state.in_(("offered", "on_call", "wrap_up")))
            ).scalars()
        )
    chosen = [r[0] for r in candidates if "general" in (r[1] or []) and r[0] not in busy][:agents]
    if len(chosen) < agents:
        raise BenchError(f"the database has {len(chosen)} free agents with the general skill; {agents} asked for")
    states = AgentStateService(engine)
    with engine.connect() as conn:
        others = list(conn.execute(select(AgentStatus.user_id).where(AgentStatus.state == "available")).scalars())
    for agent in others:
        if agent not in chosen:
            states.set_state(agent, "offline")
    for agent in chosen:
        states.set_state(agent, "available")
    return chosen


def _numbers(engine: Any, count: int, rng: random.Random) -> list[str]:
    """Caller numbers: stored customer numbers, and one in five that matches nobody."""
    from services.bench_harness import caller_numbers

    stored = caller_numbers(engine, 5000)
    if not stored:
        raise BenchError("the database has no customer phone numbers")
    out = []
    for i in range(count):
        out.append(f"+86137{rng.randrange(10**8):08d}" if i % 5 == 4 else rng.choice(stored))
    return out


def _first_offers(engine: Any, call_ids: list[int]) -> dict[int, float]:
    """When each call was first offered (epoch seconds)."""
    from sqlalchemy import func, select

    from db.models import CallOffer
    from db.write import aware

    out: dict[int, float] = {}
    with engine.connect() as conn:
        for start in range(0, len(call_ids), 500):
            rows = conn.execute(
                select(CallOffer.call_id, func.min(CallOffer.offered_at))
                .where(CallOffer.call_id.in_(call_ids[start : start + 500]))
                .group_by(CallOffer.call_id)
            )
            out.update({int(r[0]): aware(r[1]).timestamp() for r in rows})  # type: ignore[union-attr]
    return out


def _sids_by_call(engine: Any, sids: list[str]) -> dict[int, str]:
    from sqlalchemy import select

    from db.models import Call

    out: dict[int, str] = {}
    with engine.connect() as conn:
        for start in range(0, len(sids), 500):
            rows = conn.execute(select(Call.id, Call.call_sid).where(Call.call_sid.in_(sids[start : start + 500])))
            out.update({int(r[0]): str(r[1]) for r in rows})
    return out


# -- Twilio's side: signed webhooks -------------------------------------------------------------------------------
class Caller:
    """Sends the calls' webhooks from a thread of its own (asyncio + httpx), signed like Twilio."""

    def __init__(self, engine: Any, url: str, token: str, numbers: list[str], rate: float) -> None:
        from twilio.request_validator import RequestValidator

        self.engine = engine
        self.url = url
        self.validator = RequestValidator(token)
        self.numbers = numbers
        self.rate = rate
        self.started: dict[str, float] = {}  # CallSid -> time.monotonic() before its incoming webhook was sent
        self.wall: dict[str, float] = {}  # CallSid -> time.time() then (to split the latency at the offer)
        self.errors: list[str] = []
        self.placed_seconds = 0.0
        self.hangups: queue.SimpleQueue[int | None] = queue.SimpleQueue()  # call ids whose card painted
        self._thread = threading.Thread(target=self._main, name="bench-caller", daemon=True)
        self.done = threading.Event()
        self.stop_hangups = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float) -> None:
        self.hangups.put(None)
        self._thread.join(timeout)

    def _params(self, sid: str, from_: str, **extra: str) -> dict[str, str]:
        params = {
            "AccountSid": ACCOUNT_SID,
            "ApiVersion": "2010-04-01",
            "CallSid": sid,
            "CallStatus": "ringing",
            "Direction": "inbound",
            "From": from_,
            "Caller": from_,
            "To": BANK,
            "Called": BANK,
        }
        params.update(extra)
        return params

    async def _post(self, http: Any, path: str, params: dict[str, str]) -> None:
        signature = self.validator.compute_signature(self.url + path, params)
        response = await http.post(path, data=params, headers={"X-Twilio-Signature": signature})
        if response.status_code not in (200, 204):
            self.errors.append(f"{path}: {response.status_code}")

    async def _call(self, http: Any, sid: str, from_: str) -> None:
        self.started[sid] = time.monotonic()  # one clock for every process of this machine
        self.wall[sid] = time.time()
        await self._post(http, "/twilio/voice/incoming", self._params(sid, from_))
        await self._post(http, "/twilio/voice/menu", self._params(sid, from_, Digits="1", CallStatus="in-progress"))

    async def _hang_up(self, http: Any, sid: str, from_: str) -> None:
        params = self._params(sid, from_, CallStatus="completed", CallDuration="3", SequenceNumber="3")
        await self._post(http, "/twilio/voice/status", params)

    async def _run(self) -> None:
        import httpx

        loop = asyncio.get_running_loop()
        froms: dict[str, str] = {}
        limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
        async with httpx.AsyncClient(base_url=self.url, timeout=30, limits=limits) as http:
            pending: set[asyncio.Task[None]] = set()

            async def hang_ups() -> None:
                known: dict[int, str] = {}
                while True:
                    call_id = await loop.run_in_executor(None, self.hangups.get)
                    if call_id is None:
                        return
                    if call_id not in known:
                        mapped = set(known.values())
                        unmapped = [sid for sid in froms if sid not in mapped]
                        known.update(await asyncio.to_thread(_sids_by_call, self.engine, unmapped))
                    sid = known.get(call_id)
                    if sid is not None:
                        task = asyncio.create_task(self._hang_up(http, sid, froms[sid]))
                        pending.add(task)
                        task.add_done_callback(pending.discard)

            hanging = asyncio.create_task(hang_ups())
            began = time.perf_counter()
            for i, from_ in enumerate(self.numbers):
                delay = began + i / self.rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                sid = "CA" + secrets.token_hex(16)
                froms[sid] = from_
                task = asyncio.create_task(self._call(http, sid, from_))
                pending.add(task)
                task.add_done_callback(pending.discard)
            self.placed_seconds = time.perf_counter() - began
            self.done.set()
            await hanging
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            # Calls whose card never painted: the callers hang up, so nothing is left ringing.
            for sid, from_ in froms.items():
                await self._hang_up(http, sid, from_)

    def _main(self) -> None:
        try:
            asyncio.run(self._run())
        except Exception as exc:  # reported, never a hang
            self.errors.append(f"caller thread: {exc!r}")
            self.done.set()


# -- the desktops -------------------------------------------------------------------------------------------------
def desk_main(argv: list[str] | None = None) -> int:
    """One agent's desktop in a process of its own (as on the agent's own PC): the real call centre UI in an
    offscreen window with the application's style; prints ``READY`` once it polls, then ``PAINT <call id>
    <time.monotonic()>`` at the first paint of each call's caller card; ends when its standard input closes."""
    parser = argparse.ArgumentParser(prog="screenpop-desk")
    parser.add_argument("--database", required=True)
    parser.add_argument("--agent", type=int, required=True)
    parser.add_argument("--poll-ms", type=int)
    parser.add_argument("--available-poll-ms", type=int)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSocketNotifier
    from PySide6.QtWidgets import QLabel, QMainWindow

    from db.engine import make_engine
    from desktop.app import create_application
    from desktop.tasks import TaskManager
    from desktop.ui.calls import AVAILABLE_POLL_MS, POLL_MS, install_call_center
    from services.calls import CallService
    from services.permissions import Principal

    app = create_application([sys.argv[0]])
    engine = make_engine(args.database)
    tasks = TaskManager(engine)
    window = QMainWindow()
    window.setCentralWidget(QLabel("360°"))
    window.resize(1366, 768)
    window.show()
    center = install_call_center(
        window,
        tasks,
        CallService(engine),
        Principal(user_id=args.agent, username=f"agent{args.agent}", role="agent"),
        None,
        poll_ms=args.poll_ms or POLL_MS,
        available_poll_ms=args.available_poll_ms or AVAILABLE_POLL_MS,
    )

    class PaintProbe(QObject):
        """The first paint of each call's caller card (the content was set before the paint)."""

        def __init__(self) -> None:
            super().__init__()
            self.seen: set[int] = set()

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                call_id = watched.call_id
                if call_id is not None and call_id not in self.seen:
                    self.seen.add(call_id)
                    sys.stdout.write(f"PAINT {call_id} {time.monotonic():.6f}\n")
                    sys.stdout.flush()
            return False

    probe = PaintProbe()
    center.card.installEventFilter(probe)
    ready = [False]

    def announce() -> None:
        if not ready[0] and center.controller.snapshot is not None:
            ready[0] = True
            sys.stdout.write("READY\n")
            sys.stdout.flush()

    center.controller.snapshot_changed.connect(lambda _snap: announce())
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def quit_when_closed() -> None:
        if not os.read(sys.stdin.fileno(), 4096):
            stdin.setEnabled(False)
            app.quit()

    stdin.activated.connect(quit_when_closed)
    app.exec()
    center.shutdown()
    tasks.shutdown()
    engine.dispose()
    return 0


class Desks:
    """The agents' desktops, one process each, and the paints they report."""

    def __init__(
        self,
        database: str | dict[int, str],  # one URL for all, or each agent's own (agent id -> URL)
        agents: list[int],
        caller: Caller,
        poll_ms: int | None,
        available: int | None,
    ):
        self.caller = caller
        self.painted: dict[int, float] = {}  # call id -> time.monotonic() of its card's first paint
        self.ready = 0
        self._lock = threading.Lock()
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        self.procs: list[subprocess.Popen[str]] = []
        self.readers: list[threading.Thread] = []
        for agent in agents:
            url = database[agent] if isinstance(database, dict) else database
            cmd = [sys.executable, "-m", "desktop.bench.screenpop", "--database", url, "--agent", str(agent)]
            if poll_ms:
                cmd += ["--poll-ms", str(poll_ms)]
            if available:
                cmd += ["--available-poll-ms", str(available)]
            proc = subprocess.Popen(
                cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
            self.procs.append(proc)
            reader = threading.Thread(target=self._read, args=(proc,), name=f"desk-{agent}", daemon=True)
            reader.start()
            self.readers.append(reader)

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            parts = line.split()
            if parts[:1] == ["READY"]:
                with self._lock:
                    self.ready += 1
            elif parts[:1] == ["PAINT"] and len(parts) == 3:
                call_id = int(parts[1])
                with self._lock:
                    self.painted.setdefault(call_id, float(parts[2]))
                self.caller.hangups.put(call_id)

    def wait(self, predicate: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                return False
            if any(p.poll() is not None for p in self.procs):
                raise BenchError("an agent desktop exited early")
            time.sleep(0.02)
        return True

    def close(self) -> None:
        for proc in self.procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        for reader in self.readers:
            reader.join(5)
        for proc in self.procs:
            if proc.stdout is not None:
                proc.stdout.close()


def _gateway(url: str, database: str, token: str, port: int, data_dir: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TWILIO_AUTH_TOKEN": token,
        "TWILIO_ACCOUNT_SID": "",
        "CONTACTDESK_DATA_DIR": data_dir,
        "CONTACTDESK_LOG_LEVEL": "WARNING",
        "CONTACTDESK_PUBLIC_URL": url,
    }
    cmd = [sys.executable, "-m", "desktop", "gateway", "--host", "127.0.0.1", "--port", str(port),
           "--database", database, "--workers", "1"]  # fmt: skip
    return subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark (see the module docstring)."""
    from services.bench_harness import free_port, seeded_database, wait_healthy

    quick = bool(getattr(args, "quick", False))
    customers = int(getattr(args, "customers", None) or (QUICK_CUSTOMERS if quick else FULL_CUSTOMERS))
    rate = float(getattr(args, "rate", None) or RATE)
    seconds = float(getattr(args, "seconds", None) or (QUICK_SECONDS if quick else FULL_SECONDS))
    n_agents = int(getattr(args, "agents", None) or (QUICK_AGENTS if quick else FULL_AGENTS))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rng = random.Random(getattr(args, "seed", 1))
    with (
        seeded_database(args, customers, progress=False) as prepared,
        tempfile.TemporaryDirectory(prefix="cd-bench-pop-") as tmp,
    ):
        engine = prepared.engine
        if getattr(args, "compare_rls", False):
            from .rls import require_owner

            require_owner(engine)  # before anything is measured
        agents = _prepare(engine, n_agents)
        numbers = _numbers(engine, max(1, int(rate * seconds)), rng)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        token = secrets.token_hex(16)
        gateway = _gateway(url, prepared.url, token, port, tmp)
        try:
            wait_healthy(url, gateway)
            figures = _measure(engine, prepared.url, agents, numbers, url, token, rate, args)
            if getattr(args, "compare_rls", False):
                from .rls import compare_screenpop

                def again(database: str | dict[int, str], calls: int) -> list[float]:
                    if set(_prepare(engine, n_agents)) != set(agents):  # the same agents, available again
                        raise BenchError("the agents were not all free again for the next measurement")
                    latencies: list[float] = []
                    _measure(engine, database, agents, numbers[:calls], url, token, rate, args, latencies)
                    return latencies

                figures.update(compare_screenpop(engine, agents, again, len(numbers)))
        finally:
            gateway.terminate()
            try:
                gateway.wait(15)
            except subprocess.TimeoutExpired:
                gateway.kill()
                gateway.wait(5)
            from services.agent_state import AgentStateService, StateChangeRefused

            for agent in agents:
                with contextlib.suppress(StateChangeRefused):  # an agent still busy with a call is left as is
                    AgentStateService(engine).set_state(agent, "offline")
    figures.update(
        screenpop_backend=prepared.backend,
        screenpop_customers=prepared.customers,
        load_average=round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    )
    return figures


def _measure(
    engine: Any,
    database: str | dict[int, str],
    agents: list[int],
    numbers: list[str],
    url: str,
    token: str,
    rate: float,
    args: argparse.Namespace,
    latencies_out: list[float] | None = None,
) -> dict[str, Any]:
    from desktop.ui.calls import AVAILABLE_POLL_MS, POLL_MS

    caller = Caller(engine, url, token, numbers, rate)
    poll_ms, available_ms = getattr(args, "poll_ms", None), getattr(args, "available_poll_ms", None)
    desks = Desks(database, agents, caller, poll_ms, available_ms)
    try:
        if not desks.wait(lambda: desks.ready >= len(agents), 120):
            raise BenchError("the agent desktops did not start polling")
        _log(f"{len(agents)} desktops ready; {len(numbers)} calls at {rate:g}/s")
        caller.start()
        desks.wait(caller.done.is_set, len(numbers) / rate + 60)
        desks.wait(lambda: len(desks.painted) >= len(numbers), SETTLE_SECONDS)
        caller.join(30)
    finally:
        desks.close()
    sids = _sids_by_call(engine, list(caller.started))
    painted = dict(desks.painted)
    latencies = [(t - caller.started[sids[c]]) * 1000 for c, t in painted.items() if c in sids]
    offered = _first_offers(engine, list(painted))
    # Where the time goes: until the gateway made the offer, and from the offer to the painted card.
    to_offer = [(offered[c] - caller.wall[sids[c]]) * 1000 for c in painted if c in offered and c in sids]
    to_paint = [
        (painted[c] - caller.started[sids[c]]) * 1000 - (offered[c] - caller.wall[sids[c]]) * 1000
        for c in painted
        if c in offered and c in sids
    ]
    if caller.errors:
        _log(f"{len(caller.errors)} webhook errors, e.g. {caller.errors[:3]}")
    if not latencies:
        raise BenchError("no caller card was painted")
    if latencies_out is not None:
        latencies_out.extend(latencies)
    return {
        "screenpop_p50_ms": round(percentile(latencies, 50), 1),
        "screenpop_p95_ms": round(percentile(latencies, 95), 1),
        "screenpop_p99_ms": round(percentile(latencies, 99), 1),
        "screenpop_max_ms": round(max(latencies), 1),
        "screenpop_to_offer_p50_ms": round(percentile(to_offer, 50), 1),
        "screenpop_to_offer_p95_ms": round(percentile(to_offer, 95), 1),
        "screenpop_offer_to_paint_p50_ms": round(percentile(to_paint, 50), 1),
        "screenpop_offer_to_paint_p95_ms": round(percentile(to_paint, 95), 1),
        "screenpop_calls": len(numbers),
        "screenpop_popped": len(latencies),
        "screenpop_missed": len(numbers) - len(latencies),
        "screenpop_webhook_errors": len(caller.errors),
        "screenpop_rate": round(len(numbers) / caller.placed_seconds, 1) if caller.placed_seconds else None,
        "screenpop_agents": len(agents),
        "screenpop_available_poll_ms": available_ms or AVAILABLE_POLL_MS,
        "screenpop_poll_ms": poll_ms or POLL_MS,
    }


if __name__ == "__main__":
    sys.exit(desk_main())
