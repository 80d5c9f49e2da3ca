"""How the wallboard writes its figures: durations, percentages, "—" for a missing figure, level colours and
the service-level formula as a queue's rules count it (so the supervisor can check what the number means)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from services.wallboard.types import Alert, QueueFigures, QueueRules

from .. import fmt
from ..calls.texts import clock
from ..translate import QT_TRANSLATE_NOOP

CONTEXT = "WallboardTexts"
DASH = "—"
# Solid backgrounds under white text: readable from across the room, and each above 4.5:1 contrast.
LEVEL_COLORS = {"ok": "#1e7b34", "warning": "#a85a00", "critical": "#b91c1c"}
STALE_COLOR = "#4b5563"
LEVEL_NAMES = {
    "ok": QT_TRANSLATE_NOOP("WallboardTexts", "Normal"),
    "warning": QT_TRANSLATE_NOOP("WallboardTexts", "Warning"),
    "critical": QT_TRANSLATE_NOOP("WallboardTexts", "Critical"),
}


FORMULAS = {
    "exclude_short": QT_TRANSLATE_NOOP(
        "WallboardTexts",
        "Service level = answered within {threshold} s / (answered + abandoned, short abandons within {short} s"
        " excluded); resets daily at {reset}",
    ),
    "count_all": QT_TRANSLATE_NOOP(
        "WallboardTexts",
        "Service level = answered within {threshold} s / (answered + all abandoned); resets daily at {reset}",
    ),
    "exclude_all": QT_TRANSLATE_NOOP(
        "WallboardTexts",
        "Service level = answered within {threshold} s / answered (abandons not counted); resets daily at {reset}",
    ),
}
TARGET = QT_TRANSLATE_NOOP("WallboardTexts", "Target: {target} %")
ASA_AHT = QT_TRANSLATE_NOOP(
    "WallboardTexts",
    "ASA = average wait of the answered calls; AHT = average talk + wrap-up of the calls finished today",
)
SHORT = QT_TRANSLATE_NOOP("WallboardTexts", "Abandoned within {short} s counts as a short abandon")
LIMITS = QT_TRANSLATE_NOOP(
    "WallboardTexts", "Warning at {w} waiting or a wait of {ws}; critical at {c} waiting or a wait of {cs}"
)
LONGEST_ALERT = QT_TRANSLATE_NOOP("WallboardTexts", "longest wait {value} (limit {limit})")
WAITING_ALERT = QT_TRANSLATE_NOOP("WallboardTexts", "{value} waiting (limit {limit})")


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def duration(seconds: float | None) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour), ``—`` for None."""
    return DASH if seconds is None else clock(round(seconds))


def number(value: int | None) -> str:
    return DASH if value is None else str(value)


def percent(share: float | None) -> str:
    """``87 %`` for 0.87, ``—`` for None."""
    return DASH if share is None else f"{round(share * 100)} %"


def level_name(level: str) -> str:
    source = LEVEL_NAMES.get(level)
    return _t(source) if source else level


def level_color(level: str) -> str:
    return LEVEL_COLORS.get(level, LEVEL_COLORS["ok"])


def queue_label(queue: QueueFigures) -> str:
    """The queue's name in the interface language (its code when that label is empty)."""
    label = queue.label_zh if fmt.is_chinese() else queue.label_en
    return label or queue.label_zh or queue.label_en or queue.name


def sl_formula(rules: QueueRules) -> str:
    """The service-level formula under ``rules``, e.g. "服务水平 = 20 秒内接听 / (接听 + 放弃，不含 5 秒内的短放弃)；
    每日 00:00 重置"."""
    source = FORMULAS.get(rules.abandon_rule, FORMULAS["exclude_short"])
    return _t(source).format(threshold=rules.sl_threshold_s, short=rules.short_abandon_s, reset=rules.day_reset)


def queue_tooltip(queue: QueueFigures) -> str:
    """A tile's tooltip: the formula, the target, what ASA / AHT are and when the queue turns warning / critical."""
    rules = queue.rules
    return "\n".join(
        (
            sl_formula(rules),
            _t(TARGET).format(target=rules.sl_target_pct),
            _t(ASA_AHT),
            _t(SHORT).format(short=rules.short_abandon_s),
            _t(LIMITS).format(
                w=rules.warn_waiting, ws=clock(rules.warn_wait_s), c=rules.crit_waiting, cs=clock(rules.crit_wait_s)
            ),
        )
    )


def alert_reason(alert: Alert) -> str:
    """One alert in words, e.g. "12 waiting (limit 10)" or "longest wait 04:10 (limit 03:00)"."""
    if alert.what == "longest_wait":
        return _t(LONGEST_ALERT).format(value=clock(alert.value), limit=clock(alert.threshold))
    return _t(WAITING_ALERT).format(value=alert.value, limit=alert.threshold)
