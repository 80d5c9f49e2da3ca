"""The wallboard's agent table: who is in which state, for how long, on which queue's call.

The snapshot comes once a second, but a supervisor watches seconds tick on a long call; :meth:`tick` moves the
times on between snapshots.  The time is counted from the agent's ``since`` on the aggregator's clock: the gap
between that clock and this workstation's is measured when a snapshot arrives and taken off, so a workstation
whose clock is a minute out still shows the right minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from services.wallboard.types import AgentFigures, QueueFigures

from ..calls import texts
from ..table_model import Index, ReadOnlyTableModel
from ..translate import QT_TRANSLATE_NOOP
from . import figures as f

COLUMNS = (
    QT_TRANSLATE_NOOP("AgentsModel", "Agent"),
    QT_TRANSLATE_NOOP("AgentsModel", "Team"),
    QT_TRANSLATE_NOOP("AgentsModel", "State"),
    QT_TRANSLATE_NOOP("AgentsModel", "In state"),
    QT_TRANSLATE_NOOP("AgentsModel", "Call queue"),
    QT_TRANSLATE_NOOP("AgentsModel", "Call time"),
    QT_TRANSLATE_NOOP("AgentsModel", "Handled today"),
    QT_TRANSLATE_NOOP("AgentsModel", "AHT"),
)
NAME, TEAM, STATE, IN_STATE, QUEUE, CALL, HANDLED, AHT = range(len(COLUMNS))
TICKING = (IN_STATE, CALL)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def aware(value: dt.datetime) -> dt.datetime:
    """Naive times are UTC (as the database keeps them)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class AgentsModel(ReadOnlyTableModel):
    """The agents of a snapshot (already filtered), read-only."""

    header_context = "AgentsModel"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.agents: tuple[AgentFigures, ...] = ()
        self._queues: dict[int, QueueFigures] = {}
        self._skew = dt.timedelta(0)  # the aggregator's clock minus ours
        self._at: dt.datetime | None = None
        self._now: dt.datetime | None = None

    def row_total(self) -> int:
        return len(self.agents)

    def column_titles(self) -> Sequence[str]:
        return COLUMNS

    def column_align(self, section: int) -> int | None:
        return RIGHT if section in (IN_STATE, CALL, HANDLED, AHT) else None

    def set_agents(
        self, agents: tuple[AgentFigures, ...], queues: tuple[QueueFigures, ...], at: dt.datetime, now: dt.datetime
    ) -> None:
        """A new snapshot's agents, taken at ``at`` (aggregator's clock) and received at ``now`` (ours)."""
        self.beginResetModel()
        self.agents = agents
        self._queues = {q.queue_id: q for q in queues}
        at, now = aware(at), aware(now)
        self._at, self._skew, self._now = at, at - now, now
        self.endResetModel()

    def tick(self, now: dt.datetime) -> None:
        """Move the times on to ``now`` (this workstation's clock)."""
        self._now = aware(now)
        if self.agents:
            for column in TICKING:
                self.dataChanged.emit(
                    self.index(0, column), self.index(len(self.agents) - 1, column), [Qt.ItemDataRole.DisplayRole]
                )

    def _elapsed(self) -> dt.timedelta:
        """How far the aggregator's clock has gone since the snapshot (never backwards)."""
        if self._at is None or self._now is None:
            return dt.timedelta(0)
        return max(dt.timedelta(0), self._now + self._skew - self._at)

    def in_state_s(self, agent: AgentFigures) -> int:
        """Seconds in the current state now: from ``since``, on the aggregator's clock."""
        if self._at is None:
            return agent.in_state_s
        return max(0, int((self._at + self._elapsed() - aware(agent.since)).total_seconds()))

    def call_s(self, agent: AgentFigures) -> int | None:
        if agent.call_s is None:
            return None
        return agent.call_s + int(self._elapsed().total_seconds())

    def state_text(self, agent: AgentFigures) -> str:
        text = texts.state(agent.state)
        if agent.state == "break" and agent.reason:
            text = f"{text} · {texts.break_reason(agent.reason)}"
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.agents):
            return None
        agent, column = self.agents[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(agent, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == STATE:
                return f"{text} — {f.level_name(agent.level)}"
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.column_align(column)
        if column == STATE and agent.level != "ok":
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(f.level_color(agent.level))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#ffffff")
        if role == Qt.ItemDataRole.UserRole:
            return agent.user_id
        return None

    def _text(self, agent: AgentFigures, column: int) -> str:
        if column == NAME:
            return agent.name
        if column == TEAM:
            return agent.team_name or f.DASH
        if column == STATE:
            return self.state_text(agent)
        if column == IN_STATE:
            return f.duration(self.in_state_s(agent))
        if column == QUEUE:
            queue = self._queues.get(agent.call_queue_id) if agent.call_queue_id is not None else None
            if queue is None:
                return f.DASH if agent.call_queue_id is None else str(agent.call_queue_id)
            return f.queue_label(queue)
        if column == CALL:
            return f.duration(self.call_s(agent))
        if column == HANDLED:
            return str(agent.handled_today)
        return f.duration(agent.aht_s)

    def retranslate(self) -> None:
        """Headers and states in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.agents:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.agents) - 1, len(COLUMNS) - 1))
