"""The supervisor's screens for ``contactdesk demo --screenshot``: the wallboard tab, the board full screen (at
1366×768 and 1920×1080), from one snapshot of the demo's floor computed as the aggregator does, and the
escalations inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SUPERVISOR = "super01"
FULL_SIZES = ((1366, 768), (1920, 1080))


def floor_snapshot(engine: Any, zone: str) -> Any:
    """One snapshot of the demo's floor now (read as the aggregator reads it)."""
    from db.write import utcnow
    from services.wallboard.snapshot import compute

    with engine.connect() as conn:
        return compute(conn, now=utcnow(), seq=1, zone=ZoneInfo(zone))


def take_wallboard_screens(desktop: Any, out_dir: Path, helpers: Any) -> list[Path]:
    """Sign in as the supervisor and render the wallboard (``helpers``: :mod:`desktop.screenshots`)."""
    from desktop.ui.wallboard.source import WallboardSource
    from desktop.wallboard_link import WallboardLink

    helpers.sign_in_as(desktop, SUPERVISOR)
    window = desktop.window
    if window.wallboard is None:  # automated runs attach no live feed: one snapshot, shown as it is
        from desktop.ui.wallboard.seat import attach_wallboard

        source = WallboardSource(window, stale_after_ms=0)
        page = attach_wallboard(window, source, desktop.access.signed.user)
        if page is None:
            raise helpers.ScreenNotRendered("wallboard", f"{SUPERVISOR} may not view the wallboard")
        window.wallboard = WallboardLink(page, source, None)
        from desktop.ui.wallboard.seat import attach_board_tools

        attach_board_tools(page, desktop.tasks, desktop.session.engine, desktop.access.signed.user)
        zone = desktop.settings.ticket_timezone
        source.accept(helpers._call(desktop, lambda: floor_snapshot(desktop.session.engine, zone)))
    page = window.wallboard.page
    written: list[Path] = []
    window.tabs.setCurrentWidget(page)
    helpers.settle(desktop)
    written.extend(helpers.grab_looks(desktop, out_dir, "wallboard", helpers.MAIN_LOOKS))
    helpers.use_language(desktop, "zh_CN")
    board = page.open_full_screen()
    board.showNormal()
    written.extend(helpers.grab_window_sizes(desktop, board, out_dir, "wallboard_fullscreen", FULL_SIZES))
    page.close_full_screen()
    inbox = getattr(window, "escalations", None)
    if inbox is not None:  # the supervisor's escalations inbox, as the in-process scan filled it
        with helpers.rendering("escalations"):
            window.tabs.setCurrentWidget(inbox)
            inbox.refresh()
            helpers.settle(desktop)
            written.extend(helpers.grab_looks(desktop, out_dir, "escalations", helpers.MAIN_LOOKS))
    window.tabs.setCurrentIndex(0)
    return written
