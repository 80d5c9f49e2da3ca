"""The wallboard's alerts: a banner of the queues past their thresholds (critical first) and a sound when a
queue newly turns warning or critical.

The sound goes once per change for the worse, not once a second while a queue stays critical: the supervisor
has heard it, the banner stays.  A queue that recovers and turns bad again sounds again.  The first snapshot a
board gets does not sound (opening the board is not news); the banner shows what is already wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from . import figures as f
from .board_data import QueueAlerts, rank


class AlertBanner(QLabel):
    """The queues past warning / critical, one line each, critical first; hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallboardAlerts")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.level = "ok"
        self.lines: list[str] = []
        self.hide()

    def show_alerts(self, alerts: tuple[QueueAlerts, ...], *, stale: bool) -> None:
        self.lines = [
            self.tr("{level}: {queue} — {reasons}").format(
                level=f.level_name(item.level),
                queue=f.queue_label(item.queue),
                reasons="; ".join(f.alert_reason(a) for a in sorted(item.alerts, key=lambda a: -rank(a.level))),
            )
            for item in alerts
        ]
        self.level = max((item.level for item in alerts), key=rank, default="ok")
        self.setText("\n".join(self.lines))
        color = f.STALE_COLOR if stale else f.level_color(self.level)
        self.setStyleSheet(
            f"QLabel#wallboardAlerts {{ background: {color}; color: #ffffff; padding: 6px 10px;"
            " border-radius: 6px; font-weight: 700; }"
        )
        self.setAccessibleName(self.text())
        self.setVisible(bool(self.lines))


class AlertWatch:
    """Decides when the alert sound plays.

    Args:
        sound: called with ``"critical"`` or ``"warning"`` (the worst newly reached level) to make the sound.
    """

    def __init__(self, sound: Callable[[str], None]) -> None:
        self._sound = sound
        self._levels: dict[int, str] | None = None  # queue id -> level of the last snapshot; None before one

    def update(self, alerts: tuple[QueueAlerts, ...]) -> str | None:
        """The queues' levels now; sounds (and returns the level) when one of them got worse."""
        levels = {item.queue.queue_id: item.level for item in alerts}
        before, self._levels = self._levels, levels
        if before is None:
            return None
        worse = [level for queue, level in levels.items() if rank(level) > rank(before.get(queue, "ok"))]
        if not worse:
            return None
        level = max(worse, key=rank)
        self._sound(level)
        return level

    def reset(self) -> None:
        """Forget the levels (a new filter: what is shown now is not news)."""
        self._levels = None
