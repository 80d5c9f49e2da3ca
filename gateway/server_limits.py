"""The gateway's limits on connections and requests, all in one place (see docs/gateway.md).

uvicorn closes a keep-alive connection that has been idle for ``timeout_keep_alive`` seconds, but only after
a response: a connection that never sends a request, or sends part of one and stops, stays open for ever,
and so does a request whose body stops half way.  Enough of them use up the process's open files and the
webhooks Twilio sends are no longer accepted.  This module closes that gap:

* :class:`GuardedHttpToolsProtocol` and :class:`GuardedH11Protocol` are uvicorn's two HTTP/1.1 protocols with
  a deadline on every phase in which the server waits for the client (:class:`ConnectionWatch`): waiting for
  a request (``idle_timeout``), reading the rest of a request head once its first byte came
  (``header_timeout``; the head is also capped at ``max_head_bytes``), reading a request body
  (``body_timeout``).  While the application works on a request — a webhook, or a desktop's ``/events``
  stream, which lasts as long as the desktop is signed in — there is no deadline.
* Above ``max_connections`` open connections, a new connection makes the server close the one that has
  been waiting for a request the longest: idle sockets give way, requests in progress and streams do not.
  When every connection is busy, uvicorn's ``limit_concurrency`` answers 503.
* :func:`raise_open_file_limit` lifts the soft limit on open files to the hard one at start-up, and the
  connection cap is kept below the open-file limit (:func:`effective_max_connections`), so the process does
  not reach the point where it cannot accept connections.

The numbers come from :class:`ServerLimits` (defaults below, overridable through ``CONTACTDESK_GATEWAY_*``
environment variables, which uvicorn's worker processes inherit).
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import math
import os
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

log = logging.getLogger(__name__)

# -- the policy ----------------------------------------------------------------------------------------------
IDLE_TIMEOUT = 30.0  # seconds a connection may wait without sending a request (fresh or keep-alive)
HEADER_TIMEOUT = 10.0  # seconds from the first byte of a request to the end of its head
BODY_TIMEOUT = 10.0  # seconds from the end of a request's head to the end of its body
MAX_HEAD_BYTES = 64 * 1024  # request line and headers together
MAX_BODY_BYTES = 64 * 1024  # a webhook's body (413 above); the same number as gateway.core.MAX_BODY_BYTES
MAX_CONNECTIONS = 4096  # open connections per gateway process (idle ones are closed first above it)
STREAM_SHARE = 0.75  # part of the connections that /events streams may take; the rest is kept for webhooks
MAX_STREAMS = int(MAX_CONNECTIONS * STREAM_SHARE)  # open /events streams per gateway process
FD_RESERVE = 256  # open files kept for everything but client connections (database, spool, logs, pipes)
MIN_CONNECTIONS = 64  # a low open-file limit never brings the cap below this
BACKLOG = 2048  # connections the kernel queues before the server accepts them
GRACEFUL_SHUTDOWN = 5  # seconds running requests get at shutdown (streams never end by themselves)
STREAM_REVOCATION_INTERVAL = 0.5  # seconds between checks that open streams' tokens are still valid

ENV_PREFIX = "CONTACTDESK_GATEWAY_"
CONFIG_ATTRIBUTE = "contactdesk_limits"  # a ServerLimits set on a uvicorn Config wins over the environment


@dataclass(frozen=True)
class ServerLimits:
    """The limits one gateway process applies (see the module's constants for what each one means)."""

    idle_timeout: float = IDLE_TIMEOUT
    header_timeout: float = HEADER_TIMEOUT
    body_timeout: float = BODY_TIMEOUT
    max_head_bytes: int = MAX_HEAD_BYTES
    max_connections: int = MAX_CONNECTIONS
    max_streams: int = MAX_STREAMS
    backlog: int = BACKLOG
    graceful_shutdown: int = GRACEFUL_SHUTDOWN

    def __post_init__(self) -> None:
        for name in ("idle_timeout", "header_timeout", "body_timeout"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number of seconds, not {value!r}")
        for name in ("max_head_bytes", "max_connections", "max_streams", "backlog"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerLimits:
        """The defaults, with ``CONTACTDESK_GATEWAY_IDLE_TIMEOUT``, ``_HEADER_TIMEOUT``, ``_BODY_TIMEOUT``
        (seconds), ``_MAX_CONNECTIONS`` and ``_MAX_STREAMS`` taken from the environment when set."""
        env = os.environ if environ is None else environ
        limits = cls()
        changes: dict[str, Any] = {}
        for name in ("idle_timeout", "header_timeout", "body_timeout"):
            raw = env.get(ENV_PREFIX + name.upper(), "").strip()
            if raw:
                try:
                    changes[name] = float(raw)
                except ValueError:
                    raise ValueError(f"{ENV_PREFIX}{name.upper()} must be a number of seconds, not {raw!r}") from None
        for name in ("max_connections", "max_streams"):
            raw = env.get(ENV_PREFIX + name.upper(), "").strip()
            if raw:
                if not raw.isdigit():
                    raise ValueError(f"{ENV_PREFIX}{name.upper()} must be a whole number, not {raw!r}")
                changes[name] = int(raw)
        if "max_connections" in changes and "max_streams" not in changes:
            changes["max_streams"] = max(1, int(changes["max_connections"] * STREAM_SHARE))
        return replace(limits, **changes) if changes else limits


@functools.cache
def _from_environment() -> ServerLimits:
    return ServerLimits.from_env()


def current_limits(config: Any = None) -> ServerLimits:
    """The limits set on this uvicorn ``config`` (:func:`uvicorn_config`), else those of the environment."""
    limits = getattr(config, CONFIG_ATTRIBUTE, None)
    return limits if isinstance(limits, ServerLimits) else _from_environment()


# -- open files ---------------------------------------------------------------------------------------------
def open_file_limit() -> int | None:
    """The soft limit on open files of this process (None where there is no such limit, e.g. Windows)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else int(soft)


def raise_open_file_limit() -> tuple[int, int] | None:
    """Lift the soft limit on open files to the hard limit (child processes inherit it).

    Returns the (soft, hard) limits now in force, or None where the platform has none.  A hard limit of
    "unlimited" is taken as 1,048,576 (Linux refuses more by default); when the system refuses a value, smaller
    ones are tried.
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = hard if hard != resource.RLIM_INFINITY else 1 << 20
    for target in (ceiling, 1 << 16, 10240):
        if target <= soft and soft != resource.RLIM_INFINITY:
            break
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(target, ceiling), hard))
            break
        except (ValueError, OSError):
            continue
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return int(soft), int(hard)


def effective_max_connections(limits: ServerLimits, files: int | None = None) -> int:
    """The connection cap: ``max_connections``, lowered to leave :data:`FD_RESERVE` open files for the rest."""
    files = open_file_limit() if files is None else files
    if files is None:
        return limits.max_connections
    return min(limits.max_connections, max(MIN_CONNECTIONS, files - FD_RESERVE))


def effective_max_streams(limits: ServerLimits, files: int | None = None) -> int:
    """How many ``/events`` streams one process keeps open at most (the rest of the connections is left for
    webhooks)."""
    connections = effective_max_connections(limits, files)
    return max(1, min(limits.max_streams, int(connections * STREAM_SHARE)))


# -- uvicorn settings ---------------------------------------------------------------------------------------
def protocol_path() -> str:
    """uvicorn's ``http`` setting: the guarded httptools protocol (what uvicorn's "auto" picks), by import
    path so that uvicorn's worker processes load it themselves."""
    return f"{__name__}:GuardedHttpToolsProtocol"


def uvicorn_options(limits: ServerLimits | None = None) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` that apply ``limits``."""
    limits = limits or current_limits()
    return {
        "http": protocol_path(),
        "timeout_keep_alive": max(1, math.ceil(limits.idle_timeout)),  # uvicorn's own timer, a backstop to ours
        "limit_concurrency": effective_max_connections(limits) + 1,  # 503 only when no idle connection could go
        "backlog": limits.backlog,
        "timeout_graceful_shutdown": limits.graceful_shutdown,
        "h11_max_incomplete_event_size": limits.max_head_bytes,
    }


def uvicorn_config(app: Any, limits: ServerLimits | None = None, **kwargs: Any) -> uvicorn.Config:
    """A ``uvicorn.Config`` for ``app`` with these limits (keyword arguments override the derived options)."""
    limits = limits or current_limits()
    config = uvicorn.Config(app, **{**uvicorn_options(limits), **kwargs})
    setattr(config, CONFIG_ATTRIBUTE, limits)
    return config


# -- the deadlines of one connection ------------------------------------------------------------------------
class Phase(enum.Enum):
    WAITING = "waiting for a request"  # nothing sent yet, or part of a request head
    BODY = "reading a request body"
    BUSY = "the application is answering"


RESPONSE_408 = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
RESPONSE_431 = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"

# Per server: the connections waiting for a request, oldest first (the ones closed first above the cap).
_waiting: weakref.WeakKeyDictionary[ServerState, dict[ConnectionWatch, None]] = weakref.WeakKeyDictionary()


class ConnectionWatch:
    """Deadlines and the head-size cap of one connection, driven by its protocol.

    The protocol calls :meth:`update` after every event that may move the connection to another phase;
    entering a phase arms its deadline, and staying in it leaves the deadline alone (bytes trickling in do
    not buy time).
    """

    def __init__(self, protocol: Any, transport: asyncio.Transport, limits: ServerLimits) -> None:
        self.protocol = protocol
        self.transport = transport
        self.limits = limits
        self.loop = protocol.loop
        self.server_state: ServerState = protocol.server_state
        self.phase: Phase | None = None
        self.reason = ""
        self.head_bytes = 0
        self._timer: asyncio.TimerHandle | None = None
        self.registry = _waiting.setdefault(self.server_state, {})

    # -- phases ---------------------------------------------------------------------------------------------
    def opened(self) -> None:
        """A new connection: make room if the process is at its cap, then wait for a request."""
        self._shed()
        self.update(reading_body=False, busy=False, head_started=False)

    def received(self, size: int) -> None:
        if self.phase is Phase.WAITING:
            self.head_bytes += size

    def update(self, *, reading_body: bool, busy: bool, head_started: bool) -> None:
        if self.transport.is_closing():
            self.closed()
            return
        if reading_body:
            self._enter(Phase.BODY, self.limits.body_timeout, "body")
        elif busy:
            self._enter(Phase.BUSY, None, "")
        elif self.phase is not Phase.WAITING:
            self.head_bytes = 0
            self._enter(Phase.WAITING, *self._waiting_deadline(head_started))
        elif head_started and self.reason == "idle":
            self._arm(self.limits.header_timeout, "header")  # the first byte of a request: the head's deadline
        if self.phase is Phase.WAITING and head_started and self.head_bytes > self.limits.max_head_bytes:
            self.drop("head too large", RESPONSE_431)

    def closed(self) -> None:
        self._disarm()
        self.registry.pop(self, None)
        self.phase = None

    def _waiting_deadline(self, head_started: bool) -> tuple[float, str]:
        return (self.limits.header_timeout, "header") if head_started else (self.limits.idle_timeout, "idle")

    def _enter(self, phase: Phase, seconds: float | None, reason: str) -> None:
        if self.phase is phase:
            return
        self.phase = phase
        self.registry.pop(self, None)
        if phase is Phase.WAITING:
            self.registry[self] = None  # the newest waiting connection
        if seconds is None:
            self._disarm()
        else:
            self._arm(seconds, reason)

    # -- the timer ------------------------------------------------------------------------------------------
    def _arm(self, seconds: float, reason: str) -> None:
        self._disarm()
        self.reason = reason
        self._timer = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.reason = ""

    def _expired(self) -> None:
        self._timer = None
        reason = self.reason
        if reason == "header":
            self.drop("request head not complete in time", RESPONSE_408)
        else:
            self.drop("idle" if reason == "idle" else "request body not complete in time")

    # -- closing ------------------------------------------------------------------------------------------
    def drop(self, why: str, answer: bytes = b"") -> None:
        """Close the connection now (without waiting for a client that does not read)."""
        self.closed()
        transport = self.transport
        if transport.is_closing():
            return
        log.debug("closing a connection from %s: %s", self.protocol.client, why)
        if answer:  # only while waiting for a request: no response of the application's is under way
            transport.write(answer)
        if transport.get_write_buffer_size():
            transport.abort()
        else:
            transport.close()
        self.protocol.connections.discard(self.protocol)

    def _shed(self) -> None:
        """Above the cap, close the connections that have waited longest for a request."""
        cap = effective_max_connections(self.limits)
        connections = self.protocol.connections
        while len(connections) > cap and self.registry:
            oldest = next(iter(self.registry))
            oldest.drop("too many connections; this one was idle")


class _Guarded:
    """What both guarded protocols add to uvicorn's: a :class:`ConnectionWatch` told of every byte and answer.

    Mixed in before the uvicorn protocol class; :meth:`_update` tells the watch which phase the connection is in.
    """

    watch: ConnectionWatch | None = None
    config: Any
    cycle: Any
    _update: Callable[[], None]  # each protocol tells the watch its phase in its own terms

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self.watch = ConnectionWatch(self, transport, current_limits(self.config))  # type: ignore[arg-type]
        self.watch.opened()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)  # type: ignore[misc]
        if self.watch is not None:
            self.watch.closed()

    def data_received(self, data: bytes) -> None:
        if self.watch is not None:
            self.watch.received(len(data))
        super().data_received(data)  # type: ignore[misc]
        self._update()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._update()

    def _busy(self) -> bool:
        cycle = self.cycle
        return cycle is not None and not cycle.response_complete


class GuardedHttpToolsProtocol(_Guarded, HttpToolsProtocol):
    """uvicorn's httptools protocol with the deadlines and the cap of :class:`ConnectionWatch`."""

    _in_head = False  # a request head has begun and is not complete
    _in_body = False  # a request head is complete and its body is not

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._in_body = True
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()

    def _update(self) -> None:
        if self.watch is None or self.parser is None:  # parser None: the connection is gone
            return
        self.watch.update(reading_body=self._in_body, busy=self._busy(), head_started=self._in_head)


class GuardedH11Protocol(_Guarded, H11Protocol):
    """uvicorn's h11 protocol with the deadlines and the cap of :class:`ConnectionWatch`."""

    def _update(self) -> None:
        if self.watch is None:
            return
        state = self.conn.their_state
        head_started = state is h11.IDLE and bool(self.conn.trailing_data[0])
        self.watch.update(reading_body=state is h11.SEND_BODY, busy=self._busy(), head_started=head_started)
