"""Where a supervisor's wallboard gets its snapshots, and the tab it shows them in.

* With a gateway (shared PostgreSQL): the gateway's ``/wallboard`` stream (:class:`~desktop.sync.wallboard_client.
  WallboardClient`), authenticated with the desktop's stream token: the desktop itself does not query the floor.
* Embedded (SQLite) or without a gateway: a :class:`~services.wallboard.publisher.SnapshotPublisher` in this
  process, computing once a second on a thread of its own.

:func:`attach` returns a :class:`WallboardLink` that the main window stops at sign-out.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from services.config import Settings
from services.permissions import allowed

log = logging.getLogger(__name__)


class WallboardLink:
    """The wallboard page and what feeds it; :meth:`stop` ends the feed."""

    def __init__(self, page: Any, source: Any, stop: Any) -> None:
        self.page = page
        self.source = source
        self._stop = stop

    def stop(self) -> None:
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()


def attach(window: Any, engine: Any, settings: Settings, principal: Any, *, embedded: bool) -> WallboardLink | None:
    """The wallboard tab of ``window`` for a principal allowed to view it, fed as the module says; else None."""
    if not allowed(principal.role, "wallboard.view"):
        return None
    from desktop.ui.wallboard.seat import attach_wallboard
    from desktop.ui.wallboard.source import InProcessSource, WallboardSource

    if embedded or not settings.gateway_url:
        from services.wallboard.publisher import SnapshotPublisher

        publisher = SnapshotPublisher(engine, interval=1.0, zone=ZoneInfo(settings.ticket_timezone))
        source: Any = InProcessSource(publisher, window)
        publisher.start()

        def stop() -> None:
            source.close()
            publisher.stop()

    else:
        from desktop.sync.wallboard_client import WallboardClient

        source = WallboardSource(window, stale_after_ms=0)
        live = getattr(window, "live", None)
        client = WallboardClient(
            settings.gateway_url, live.stream_token if live is not None else None, source.post, on_link=source.post_link
        ).start()
        stop = client.stop
    page = attach_wallboard(window, source, principal)
    return WallboardLink(page, source, stop)
