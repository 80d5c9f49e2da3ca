"""Translatable labels of the call centre's codes (agent states, break reasons) and small formatters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from ..translate import QT_TRANSLATE_NOOP

CONTEXT = "CallCodes"

STATES = {
    "available": QT_TRANSLATE_NOOP("CallCodes", "Available"),
    "offered": QT_TRANSLATE_NOOP("CallCodes", "Offered"),
    "on_call": QT_TRANSLATE_NOOP("CallCodes", "On call"),
    "wrap_up": QT_TRANSLATE_NOOP("CallCodes", "Wrap-up"),
    "break": QT_TRANSLATE_NOOP("CallCodes", "Break"),
    "offline": QT_TRANSLATE_NOOP("CallCodes", "Offline"),
    "not_responding": QT_TRANSLATE_NOOP("CallCodes", "Not responding"),
}
STATE_COLORS = {
    "available": "#2e7d32",
    "offered": "#b9770e",
    "on_call": "#1f5fa8",
    "wrap_up": "#6a3d9a",
    "break": "#7b8794",
    "offline": "#5b6675",
    "not_responding": "#c0392b",
}
BREAK_REASONS = {
    "lunch": QT_TRANSLATE_NOOP("CallCodes", "Lunch"),
    "rest": QT_TRANSLATE_NOOP("CallCodes", "Rest"),
    "training": QT_TRANSLATE_NOOP("CallCodes", "Training"),
    "meeting": QT_TRANSLATE_NOOP("CallCodes", "Meeting"),
    "coaching": QT_TRANSLATE_NOOP("CallCodes", "Coaching"),
    "other": QT_TRANSLATE_NOOP("CallCodes", "Other"),
}
CALL_STATES = {
    "connected": QT_TRANSLATE_NOOP("CallCodes", "Talking"),
    "on_hold": QT_TRANSLATE_NOOP("CallCodes", "On hold"),
    "received": QT_TRANSLATE_NOOP("CallCodes", "Dialling"),
    "wrap_up": QT_TRANSLATE_NOOP("CallCodes", "Call ended"),
}


def _label(table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(CONTEXT, source) if source else code


def state(code: str | None) -> str:
    """Translated agent state."""
    return _label(STATES, code)


def state_color(code: str | None) -> str:
    """The colour that stands for an agent state."""
    return STATE_COLORS.get(code or "", "#5b6675")


def break_reason(code: str | None) -> str:
    """Translated break reason."""
    return _label(BREAK_REASONS, code)


def call_state(code: str | None) -> str:
    """Translated state of the call on the line."""
    return _label(CALL_STATES, code)


def clock(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour); negative values count as zero."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def since(start: dt.datetime | None, now: dt.datetime) -> str:
    """Time elapsed since ``start`` as ``mm:ss`` (empty without a start)."""
    return clock((now - start).total_seconds()) if start is not None else ""
