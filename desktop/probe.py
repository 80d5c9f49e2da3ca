"""Start-up and browsing probes for ``contactdesk bench startup`` (hidden: ``CONTACTDESK_PROBE``).

``startup``: once the database is open, the main window shown and painted and the event loop idle,
print ``PROBE ready_ms=<ms since the desktop started> cpu_ms=<process CPU time> rss_mb=<resident MB>``
and quit.
``browse``: run several searches, open the 360° view of several customers, visit every tab
(and page the timeline), then print ``PROBE rss_mb=<resident MB> tasks=<n>`` and quit.
Each line is printed on stdout and flushed; the exit status is 0 on success.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

log = logging.getLogger(__name__)

BROWSE_QUERIES = ("王", "李", "zhang", "liu", "陈", "1234", "138")
CUSTOMERS_PER_QUERY = 2


def rss_mb() -> float:
    """Resident memory of this process in MB (current, not peak, where the OS tells)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            resident_pages = int(fh.read().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576
    except (OSError, ValueError, AttributeError):
        pass
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        handle = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        ctypes.windll.psapi.GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb)  # type: ignore[attr-defined]
        return counters.WorkingSetSize / 1_048_576
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1_048_576 if sys.platform == "darwin" else peak / 1024


def emit(**figures: Any) -> None:
    """Print one machine-readable probe line."""
    print("PROBE " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


class _FirstPaint(QObject):
    """Waits for the window's first paint, then for the event loop to be idle."""

    def __init__(self, desktop: Any, then: Any) -> None:
        super().__init__(desktop.window)
        self._desktop = desktop
        self._then = then
        self._done = False
        desktop.window.installEventFilter(self)
        QTimer.singleShot(5000, self._fire)  # offscreen platforms without expose events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._desktop.window.removeEventFilter(self)
        self._then()


def attach(desktop: Any, mode: str) -> None:
    """Start the probe ``mode`` once the window has painted."""
    if mode == "startup":
        _FirstPaint(desktop, lambda: _startup_done(desktop))
    elif mode == "browse":
        _FirstPaint(desktop, lambda: QTimer.singleShot(0, lambda: _browse(desktop)))
    else:
        log.error("unknown probe %r", mode)
        desktop._finish(1)


def _startup_done(desktop: Any) -> None:
    emit(
        ready_ms=round((time.monotonic() - desktop.started) * 1000, 1),
        cpu_ms=round(time.process_time() * 1000, 1),  # all threads, since the interpreter started
        rss_mb=round(rss_mb(), 1),
    )
    desktop._finish(0)


def _browse(desktop: Any) -> None:
    from desktop.ui.customer360 import TABS

    try:
        window = desktop.window
        tasks = desktop.tasks
        panel = window.search_panel
        view = window.customer_view
        opened = 0
        for query in BROWSE_QUERIES:
            panel.search_now(query)
            tasks.wait_idle(60_000)
            ids = panel.model.ids[:CUSTOMERS_PER_QUERY]
            window.grab()  # paint: lazy row pages are fetched
            tasks.wait_idle(60_000)
            for cid in ids:
                view.open_customer(cid)
                for tab in TABS:
                    view.show_tab(tab)
                    tasks.wait_idle(60_000)
                    if tab == "timeline" and view.timeline_model.canFetchMore():
                        view.timeline_model.fetchMore()
                        tasks.wait_idle(60_000)
                window.grab()
                view.show_tab("overview")
                tasks.wait_idle(60_000)
                opened += 1
        emit(rss_mb=round(rss_mb(), 1), customers=opened, tasks=tasks.completed)
        desktop._finish(0)
    except Exception:
        log.exception("browse probe failed")
        desktop._finish(1)
