"""Running an ASGI app with uvicorn on a background thread, on a loopback port picked by the OS."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import uvicorn

LOOPBACK = "127.0.0.1"


def bind(host: str = LOOPBACK, port: int = 0) -> socket.socket:
    """A listening TCP socket (port 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def server_config(app: Any, **kwargs: Any) -> uvicorn.Config:
    """uvicorn settings for the gateway and the simulator: quiet, no access log, lifespan on, and the
    connection and request limits of :mod:`gateway.server_limits`."""
    from .server_limits import uvicorn_config

    kwargs.setdefault("log_level", "warning")
    # Desktops' change-event streams never end by themselves: cut them after a short grace period.
    kwargs.setdefault("timeout_graceful_shutdown", 2)
    return uvicorn_config(app, access_log=False, lifespan="on", **kwargs)


class ServerThread:
    """An ASGI app served on its own thread and event loop; ``url`` once started, ``stop()`` to end it.

    Args:
        app: the ASGI application.
        host, port: where to listen (port 0: any free port).
        also: further coroutines to run on the same loop (given the stop event), e.g. traffic generators.
        sock: an already bound socket (to know the port before the app is built).
    """

    def __init__(
        self,
        app: Any,
        host: str = LOOPBACK,
        port: int = 0,
        *,
        also: tuple[Callable[[asyncio.Event], Coroutine[Any, Any, None]], ...] = (),
        name: str = "asgi-server",
        sock: socket.socket | None = None,
    ) -> None:
        self.sock = sock or bind(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self.url = f"http://{self.host}:{self.port}"
        self.server = uvicorn.Server(server_config(app))
        self._also = also
        self.loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported through start()
            self.error = exc

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        extra = [asyncio.create_task(fn(self._stop)) for fn in self._also]
        try:
            await self.server.serve(sockets=[self.sock])
        finally:
            self._stop.set()
            for task in extra:
                task.cancel()
            await asyncio.gather(*extra, return_exceptions=True)

    def start(self, timeout: float = 15.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if self.error is not None or not self._thread.is_alive():
                raise RuntimeError(f"server failed to start: {self.error!r}")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.server.should_exit = True
        self._thread.join(timeout)
        self.sock.close()

    def run_coroutine(self, coro: Awaitable[Any], timeout: float = 10.0) -> Any:
        """Run a coroutine on the server's loop and wait for its result."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]
