"""The reports' screens for ``contactdesk demo --screenshot``: every report in the supervisor's "Reports" tab, in
Chinese and English at 1366×768 and 1920×1080, as ``report_<name>_<language>_<w>x<h>.png``.

The aggregates are brought up to date first (as the gateway's job would); the service level shows yesterday per
half hour, the call figures and satisfaction the last 30 days, and the rest the last year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

REPORT_LOOKS = (("zh_CN", (1366, 768)), ("zh_CN", (1920, 1080)), ("en", (1366, 768)), ("en", (1920, 1080)))
# Which dates each report is shown for: a full day per half hour, the last 30 days, or the last year (the demo's
# complaints and campaigns are spread thinly over its history; its surveys follow the four weeks of calls).
YESTERDAY_BY_INTERVAL = ("service_level",)
LAST_30_DAYS = ("speed", "agents", "fcr", "csat")
YEAR = dt.timedelta(days=364)


def take_report_screens(desktop: Any, out_dir: Path, helpers: Any) -> list[Path]:
    """Render every report (``helpers``: :mod:`desktop.screenshots`); the supervisor is signed in."""
    from services.reports import aggregate

    window = desktop.window
    page = getattr(window, "reports", None)
    if page is None:
        raise helpers.ScreenNotRendered("report", f"{window.user.username} has no Reports tab")
    engine, zone = desktop.session.engine, desktop.settings.ticket_timezone
    helpers._call(desktop, lambda: aggregate.refresh(engine, timezone=zone))
    helpers.use_language(desktop, "zh_CN")
    window.tabs.setCurrentWidget(page)
    helpers.settle(desktop)
    written: list[Path] = []
    for info in page.catalogue:
        with helpers.rendering(f"report_{info.name}"):
            page.select_report(info.name)
            filters = page.filters
            filters.grain.setCurrentIndex(filters.grain.findData("day"))
            today = filters.today()
            if info.name in YESTERDAY_BY_INTERVAL:
                filters.grain.setCurrentIndex(filters.grain.findData("interval"))
                yesterday = today - dt.timedelta(days=1)
                filters.set_dates(yesterday, yesterday)
            elif info.name in LAST_30_DAYS:
                filters.apply_preset("last30")
            else:
                filters.set_dates(today - YEAR, today)
            helpers.settle(desktop)
            if page.result is None or page.failure is not None:
                raise helpers.ScreenNotRendered(f"report_{info.name}", f"the report did not run: {page.failure}")
            written.extend(helpers.grab_looks(desktop, out_dir, f"report_{info.name}", REPORT_LOOKS))
            helpers.use_language(desktop, "zh_CN")
    window.tabs.setCurrentIndex(0)
    return written
