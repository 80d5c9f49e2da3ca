"""What the simulated Twilio account holds: calls, queues and their members, and injected REST faults."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any


def new_sid(prefix: str) -> str:
    """A Twilio-shaped SID: two letters and 32 hex digits."""
    return prefix + secrets.token_hex(16)


def rfc2822(moment: dt.datetime | None = None) -> str:
    """Twilio's date format: 'Tue, 31 Aug 2010 20:36:28 +0000'."""
    return (moment or dt.datetime.now(dt.UTC)).strftime("%a, %d %b %Y %H:%M:%S +0000")


def wall_clock(moment: float) -> dt.datetime:
    """The UTC wall-clock time of a ``time.monotonic()`` reading (the simulator times calls monotonically)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(seconds=time.monotonic() - moment)


@dataclass
class Command:
    """A REST request that changes a live call: 'redirect' (to ``url``), 'dequeue' (to ``url``) or 'hangup'."""

    kind: str
    url: str = ""


@dataclass
class SimCall:
    """One simulated call."""

    sid: str
    from_: str
    to: str
    direction: str  # 'inbound' | 'outbound-api'
    kind: str = "known"  # who is calling: known, vip, household, unknown, withheld, agent
    status: str = "queued"
    created: float = field(default_factory=time.monotonic)
    answered: float | None = None
    ended: float | None = None
    queue_sid: str | None = None
    enqueued: float | None = None
    outcome: str = ""
    commands: asyncio.Queue[Command] = field(default_factory=asyncio.Queue)
    sequence: int = 0

    def duration(self) -> int:
        if self.answered is None:
            return 0
        return int((self.ended or time.monotonic()) - self.answered)


@dataclass
class SimQueue:
    """A Twilio queue: members in the order they joined."""

    sid: str
    friendly_name: str
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    members: OrderedDict[str, SimCall] = field(default_factory=OrderedDict)
    waits: list[float] = field(default_factory=list)

    def average_wait(self) -> int:
        return int(sum(self.waits[-50:]) / len(self.waits[-50:])) if self.waits else 0


@dataclass
class Fault:
    """An error the REST server returns for matching requests (``times`` left; -1 = always)."""

    method: str
    path: re.Pattern[str]
    code: int
    status: int
    message: str
    times: int = 1


class AccountState:
    """Calls, queues and faults of the simulated account, plus a log of REST requests."""

    def __init__(self, account_sid: str) -> None:
        self.account_sid = account_sid
        self.calls: dict[str, SimCall] = {}
        self.queues: dict[str, SimQueue] = {}
        self.faults: list[Fault] = []
        self.requests: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []

    def queue_named(self, name: str, *, create: bool = True) -> SimQueue | None:
        for queue in self.queues.values():
            if queue.friendly_name == name:
                return queue
        if not create:
            return None
        queue = SimQueue(new_sid("QU"), name)
        self.queues[queue.sid] = queue
        return queue

    def inject(
        self, method: str, path_regex: str, code: int, *, status: int = 400, message: str = "", times: int = 1
    ) -> None:
        """Make the next ``times`` matching REST requests fail with Twilio error ``code``."""
        self.faults.append(
            Fault(method.upper(), re.compile(path_regex), code, status, message or f"Error {code}", times)
        )

    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.path.search(path) and fault.times != 0:
                if fault.times > 0:
                    fault.times -= 1
                return fault
        return None
