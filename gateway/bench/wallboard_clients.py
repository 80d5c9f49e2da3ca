"""Many wallboards in one process for ``contactdesk bench wallboard``: raw ``GET /wallboard`` streams on asyncio.

A real wallboard spends a Qt application on its stream; here hundreds share one event loop, so each stream is
a protocol parsed straight from the socket's data callbacks.  A wallboard does not decode the events: it only
needs the probe queue's ``waiting`` count, found by a byte search in each event.  A full ``snapshot`` holds
every queue; a ``delta`` holds every queue whose figures other than the longest wait changed, in the same
layout, so a delta that moves the probe's count shows it, and one that does not leaves the count as the
wallboard last had it.  For every count ``k`` it notes when it first received an event showing at least ``k``.
It also notes the size of each event, full and delta apart.

Usage: ``python -m gateway.bench.wallboard_clients PLAN_JSON``; prints ``ready`` once every stream is open,
then reads ``stop N`` on stdin and prints one JSON line: per count, the latest first-arrival over the
streams (``last``) and how many streams never saw it (``partial``), and the streams' count (``connected``).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any, cast


class WallboardProtocol(asyncio.Protocol):
    """One open ``/wallboard`` stream (chunked transfer encoding), split into server-sent events."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.marker = f'"name":"{plan["probe"]}"'.encode()
        self.transport: asyncio.Transport | None = None
        self.head: bytes | None = None
        self.raw = bytearray()
        self.text = bytearray()
        self.seen = 0  # the highest probe count received
        self.first: dict[int, float] = {}
        self.full_bytes: list[int] = []  # the size of each full snapshot event
        self.delta_bytes: list[int] = []  # the size of each delta event
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self.transport.write(
            (
                f"GET /wallboard HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.plan['token']}\r\n"
                "Accept: text/event-stream\r\n\r\n"
            ).encode()
        )

    def data_received(self, data: bytes) -> None:
        if self.head is None:
            self.raw += data
            head, sep, rest = bytes(self.raw).partition(b"\r\n\r\n")
            if not sep:
                return
            if head[9:12] != b"200":
                self._fail(f"stream refused: {head[:40]!r}")
                return
            self.head = head
            self.raw = bytearray(rest)
            if not self.opened.done():
                self.opened.set_result(None)
        else:
            self.raw += data
        while True:  # de-chunk what is complete
            size_end = self.raw.find(b"\r\n")
            if size_end < 0:
                break
            size = int(bytes(self.raw[:size_end]) or b"0", 16)
            if size == 0:
                self._fail("stream ended")
                return
            if len(self.raw) < size_end + 2 + size + 2:
                break
            start = len(self.text)
            self.text += self.raw[size_end + 2 : size_end + 2 + size]
            del self.raw[: size_end + 2 + size + 2]
            end = self.text.find(b"\n\n", max(0, start - 1))
            while end >= 0:
                self._event(bytes(self.text[:end]))
                del self.text[: end + 2]
                end = self.text.find(b"\n\n")

    def _event(self, message: bytes) -> None:
        kind = message.find(b"\nevent: ")
        if kind >= 0:
            sizes = self.delta_bytes if message.startswith(b"delta\n", kind + 8) else self.full_bytes
            sizes.append(len(message))
        at = message.find(self.marker)
        if at < 0:
            return
        arrived = time.time()
        at = message.find(b'"waiting":', at) + len(b'"waiting":')
        end = message.find(b",", at)
        count = int(message[at:end])
        for k in range(self.seen + 1, count + 1):
            self.first[k] = arrived
        self.seen = max(self.seen, count)

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


async def _main(plan: dict[str, Any]) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    streams: list[WallboardProtocol] = []
    for _ in range(plan["count"]):
        _transport, proto = await loop.create_connection(lambda: WallboardProtocol(plan), "127.0.0.1", plan["port"])
        streams.append(proto)
    await asyncio.wait_for(asyncio.gather(*(s.opened for s in streams)), 60)
    print("ready", flush=True)
    line = await loop.run_in_executor(None, sys.stdin.readline)  # "stop N"
    total = int(line.split()[1])
    connected = sum(1 for s in streams if not s.closed.done())
    for s in streams:
        if s.transport is not None:
            s.transport.close()
    last: dict[str, float] = {}
    partial: dict[str, int] = {}
    for k in range(1, total + 1):
        seen = [s.first[k] for s in streams if k in s.first]
        if seen:
            last[str(k)] = max(seen)
        partial[str(k)] = len(streams) - len(seen)
    return {
        "last": last,
        "partial": partial,
        "connected": connected,
        "full_bytes": max((n for s in streams for n in s.full_bytes), default=0),
        "delta_bytes": sorted(streams[0].delta_bytes) if streams else [],  # one stream's: all alike
        "fulls": sum(len(s.full_bytes) for s in streams),
        "deltas": sum(len(s.delta_bytes) for s in streams),
    }


def main() -> None:
    plan = json.loads(sys.argv[1])
    try:
        import uvloop

        result = uvloop.run(_main(plan))
    except ImportError:
        result = asyncio.run(_main(plan))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
