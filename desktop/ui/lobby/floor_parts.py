"""What the floor screens (counter, board, display, referrals, appointments) share: the translated labels of the
lobby's codes, service names, waiting minutes, a debounced live refresh and the text of a failure."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop.tasks import TaskManager
from services.lobby.setup import STANDARD_SERVICES

from ..fmt import is_chinese
from ..i18n import error_text
from ..translate import QT_TRANSLATE_NOOP

CONTEXT = "LobbyCodes"
REFRESH_DELAY_MS = 300  # a burst of changes reloads once

TICKET_STATUS = {
    "waiting": QT_TRANSLATE_NOOP("LobbyCodes", "Waiting"),
    "called": QT_TRANSLATE_NOOP("LobbyCodes", "Called"),
    "serving": QT_TRANSLATE_NOOP("LobbyCodes", "Being served"),
    "done": QT_TRANSLATE_NOOP("LobbyCodes", "Done"),
    "no_show": QT_TRANSLATE_NOOP("LobbyCodes", "No-show"),
    "transferred": QT_TRANSLATE_NOOP("LobbyCodes", "Transferred"),
    "cancelled": QT_TRANSLATE_NOOP("LobbyCodes", "Cancelled"),
}
OUTCOMES = {
    "served": QT_TRANSLATE_NOOP("LobbyCodes", "Served"),
    "referred": QT_TRANSLATE_NOOP("LobbyCodes", "Referred"),
    "not_possible": QT_TRANSLATE_NOOP("LobbyCodes", "Not possible"),
    "redirected": QT_TRANSLATE_NOOP("LobbyCodes", "Redirected"),
}
COUNTER_STATUS = {
    "closed": QT_TRANSLATE_NOOP("LobbyCodes", "Closed"),
    "open": QT_TRANSLATE_NOOP("LobbyCodes", "Open"),
    "paused": QT_TRANSLATE_NOOP("LobbyCodes", "Paused"),
}
APPOINTMENT_STATUS = {
    "booked": QT_TRANSLATE_NOOP("LobbyCodes", "Booked"),
    "checked_in": QT_TRANSLATE_NOOP("LobbyCodes", "Checked in"),
    "served": QT_TRANSLATE_NOOP("LobbyCodes", "Served"),
    "missed": QT_TRANSLATE_NOOP("LobbyCodes", "Missed"),
    "cancelled": QT_TRANSLATE_NOOP("LobbyCodes", "Cancelled"),
}
REFERRAL_STATUS = {
    "new": QT_TRANSLATE_NOOP("LobbyCodes", "New"),
    "accepted": QT_TRANSLATE_NOOP("LobbyCodes", "Accepted"),
    "contacted": QT_TRANSLATE_NOOP("LobbyCodes", "Contacted"),
    "appointment": QT_TRANSLATE_NOOP("LobbyCodes", "Appointment made"),
    "won": QT_TRANSLATE_NOOP("LobbyCodes", "Won"),
    "lost": QT_TRANSLATE_NOOP("LobbyCodes", "Lost"),
}
INTERESTS = {
    "deposit": QT_TRANSLATE_NOOP("LobbyCodes", "Deposits"),
    "wealth": QT_TRANSLATE_NOOP("LobbyCodes", "Wealth management"),
    "fund": QT_TRANSLATE_NOOP("LobbyCodes", "Funds"),
    "insurance": QT_TRANSLATE_NOOP("LobbyCodes", "Insurance"),
    "loan": QT_TRANSLATE_NOOP("LobbyCodes", "Loans"),
    "card": QT_TRANSLATE_NOOP("LobbyCodes", "Credit cards"),
    "other": QT_TRANSLATE_NOOP("LobbyCodes", "Other"),
}
AMOUNT_BANDS = {
    "lt50k": QT_TRANSLATE_NOOP("LobbyCodes", "under ¥50k"),
    "50k_500k": QT_TRANSLATE_NOOP("LobbyCodes", "¥50k–500k"),
    "500k_3m": QT_TRANSLATE_NOOP("LobbyCodes", "¥500k–3M"),
    "gt3m": QT_TRANSLATE_NOOP("LobbyCodes", "over ¥3M"),
}
PRIORITY_REASONS = {
    "elderly": QT_TRANSLATE_NOOP("LobbyCodes", "Elderly"),
    "disabled": QT_TRANSLATE_NOOP("LobbyCodes", "Disabled"),
    "appointment": QT_TRANSLATE_NOOP("LobbyCodes", "Appointment"),
}
URGENCY = {
    "normal": QT_TRANSLATE_NOOP("LobbyCodes", "Normal"),
    "high": QT_TRANSLATE_NOOP("LobbyCodes", "Urgent"),
}
_SERVICE_NAMES = {s.code: (s.name_zh, s.name_en) for s in STANDARD_SERVICES}
SERVICE_ORDER = tuple(s.code for s in STANDARD_SERVICES)


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` (the code itself when unknown, never hidden)."""
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code


def bilingual(zh: str, en: str) -> str:
    """The name in the interface language."""
    return zh if is_chinese() else en


def service_name(code: str | None, names: dict[str, tuple[str, str]] | None = None) -> str:
    """A service code's name: from ``names`` (code -> (zh, en), the branch's own) or the standard services."""
    if code is None:
        return ""
    found = (names or {}).get(code) or _SERVICE_NAMES.get(code)
    return bilingual(*found) if found else code


def service_names(loads: Iterable[object]) -> dict[str, tuple[str, str]]:
    """``code -> (zh, en)`` from anything with ``code``, ``name_zh``, ``name_en`` (ServiceLoad, ServiceType)."""
    return {
        str(getattr(x, "code", "")): (str(getattr(x, "name_zh", "")), str(getattr(x, "name_en", ""))) for x in loads
    }


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def minutes_between(start: dt.datetime | None, end: dt.datetime | None) -> int:
    """Whole minutes from ``start`` to ``end`` (naive times are UTC); 0 when either is missing."""
    if start is None or end is None:
        return 0
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    if end.tzinfo is None:
        end = end.replace(tzinfo=dt.UTC)
    return max(0, int((end - start).total_seconds() // 60))


def failure_text(exc: BaseException, fallback: str) -> str:
    """A refusal's own bilingual message; ``fallback`` (which may name ``{error}``) for anything else."""
    if hasattr(exc, "zh") and hasattr(exc, "en"):
        return error_text(exc)
    return fallback.format(error=type(exc).__name__)


def live_refresh(
    tasks: TaskManager,
    owner: QObject,
    wanted: Callable[[frozenset[str]], bool],
    refresh: Callable[[], None],
    *,
    delay_ms: int = REFRESH_DELAY_MS,
) -> QTimer:
    """Call ``refresh`` once, ``delay_ms`` after a burst of ``tasks.changed`` topics that ``wanted`` accepts."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(refresh)

    def changed(topics: frozenset[str]) -> None:
        if wanted(topics):
            timer.start()

    tasks.changed.connect(changed)
    owner.destroyed.connect(lambda: _disconnect(tasks, changed))
    return timer


def _disconnect(tasks: TaskManager, slot: Callable[[frozenset[str]], None]) -> None:
    with contextlib.suppress(RuntimeError, TypeError):  # the manager went first
        tasks.changed.disconnect(slot)
