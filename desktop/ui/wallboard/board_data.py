"""What the board shows under a team / queue filter: plain functions over a snapshot, no widgets.

A queue belongs to a team when one of the team's agents can take its calls (``QueueFigures.team_ids``); an
agent belongs to a queue when they have its skills (``AgentFigures.queue_ids``).  The totals are counted again
from the agents left after filtering, so an agent in several queues still counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.wallboard.types import (
    GROUP_OF,
    LEVELS,
    AgentCounts,
    AgentFigures,
    Alert,
    QueueFigures,
    WallboardSnapshot,
)


@dataclass(frozen=True)
class BoardFilter:
    """None: every team / queue."""

    team_id: int | None = None
    queue_id: int | None = None

    @property
    def is_all(self) -> bool:
        return self.team_id is None and self.queue_id is None


@dataclass(frozen=True)
class QueueAlerts:
    """A queue's alerts for the banner: its worst level and what is past a threshold."""

    queue: QueueFigures
    level: str
    alerts: tuple[Alert, ...]


@dataclass(frozen=True)
class FilteredBoard:
    """The snapshot as the board shows it under a filter."""

    snapshot: WallboardSnapshot
    queues: tuple[QueueFigures, ...]
    agents: tuple[AgentFigures, ...]
    totals: AgentCounts
    alerts: tuple[QueueAlerts, ...]  # critical first

    @property
    def waiting(self) -> int:
        return sum(q.waiting for q in self.queues)

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.queues)

    @property
    def abandoned(self) -> int:
        return sum(q.abandoned for q in self.queues)


def rank(level: str) -> int:
    """ok 0, warning 1, critical 2 (an unknown level counts as ok)."""
    return LEVELS.index(level) if level in LEVELS else 0


def count_agents(agents: tuple[AgentFigures, ...]) -> AgentCounts:
    """Agents by state group, each once."""
    groups = {"available": 0, "on_call": 0, "wrap_up": 0, "break": 0, "offline": 0}
    for agent in agents:
        groups[GROUP_OF.get(agent.state, "offline")] += 1
    return AgentCounts(
        available=groups["available"],
        on_call=groups["on_call"],
        wrap_up=groups["wrap_up"],
        on_break=groups["break"],
        offline=groups["offline"],
    )


def queue_alerts(snapshot: WallboardSnapshot, queues: tuple[QueueFigures, ...]) -> tuple[QueueAlerts, ...]:
    """The alerts of ``queues`` grouped per queue, critical queues first, then in the board's queue order."""
    found = []
    for order, queue in enumerate(queues):
        mine = tuple(a for a in snapshot.alerts if a.queue_id == queue.queue_id)
        if mine:
            level = max((a.level for a in mine), key=rank)
            found.append((-rank(level), order, QueueAlerts(queue, level, mine)))
    return tuple(item for *_key, item in sorted(found, key=lambda x: (x[0], x[1])))


def apply(snapshot: WallboardSnapshot, board_filter: BoardFilter) -> FilteredBoard:
    """``snapshot`` narrowed to the filter's team and queue."""
    team, queue = board_filter.team_id, board_filter.queue_id
    queues = tuple(
        q for q in snapshot.queues if (queue is None or q.queue_id == queue) and (team is None or team in q.team_ids)
    )
    agents = tuple(
        a for a in snapshot.agents if (queue is None or queue in a.queue_ids) and (team is None or a.team_id == team)
    )
    totals = snapshot.totals if board_filter.is_all else count_agents(agents)
    return FilteredBoard(snapshot, queues, agents, totals, queue_alerts(snapshot, queues))
