"""Flow analytics for supervisors, per flow and version: runs, completion, drop-off per step, duration, outcomes.

Everything is an SQL aggregate over ``flow_run`` on the index ``(flow_id, status, current_step)``: a run that
did not finish stopped at its ``current_step``, so the drop-off per step is a GROUP BY on the index (an
index-only scan on PostgreSQL), whatever the number of runs.  Preview runs (an author trying a draft) are
left out.  ``version=None`` sums every version of the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from db.models import FlowRun, ServiceFlow

from .errors import FlowNotFound

COUNTED = ("active", "finished", "abandoned")


@dataclass(frozen=True)
class StepDrop:
    """Runs that stopped at one step: abandoned there, or still open there."""

    step_id: str
    abandoned: int
    open: int

    @property
    def stopped(self) -> int:
        return self.abandoned + self.open


@dataclass(frozen=True)
class FlowStats:
    """The figures of one flow version (or of every version of a code)."""

    code: str
    version: int | None
    runs: int
    finished: int
    abandoned: int
    open: int
    completion_rate: float | None  # finished / (finished + abandoned); None before any run ended
    average_duration_s: float | None  # of finished runs
    drop_off: tuple[StepDrop, ...] = ()  # most stops first
    outcomes: Mapping[str, int] = field(default_factory=dict)  # of finished runs, most first

    def drop_rate(self, step_id: str) -> float:
        """Share of all runs that stopped at ``step_id`` (for the canvas heat overlay)."""
        if not self.runs:
            return 0.0
        found = next((d for d in self.drop_off if d.step_id == step_id), None)
        return 0.0 if found is None else found.stopped / self.runs


def flow_ids(conn: Connection, code: str, version: int | None) -> list[int]:
    query = select(ServiceFlow.id).where(ServiceFlow.code == code)
    if version is not None:
        query = query.where(ServiceFlow.version_no == version)
    ids = list(conn.execute(query).scalars())
    if not ids:
        what = f"第 {version} 版" if version is not None else ""
        raise FlowNotFound(
            f"流程“{code}”{what}不存在。",
            f"Flow {code!r} {'version ' + str(version) + ' ' if version else ''}does not exist.",
        )
    return ids


def summary(conn: Connection, code: str, version: int | None = None) -> FlowStats:
    """The analytics of ``code`` (one version, or all of them): one aggregate pass over the run index."""
    ids = flow_ids(conn, code, version)
    rows = conn.execute(
        select(FlowRun.status, FlowRun.current_step, FlowRun.outcome, func.count(), func.sum(FlowRun.duration_s))
        .where(FlowRun.flow_id.in_(ids), FlowRun.status.in_(COUNTED))
        .group_by(FlowRun.status, FlowRun.current_step, FlowRun.outcome)
    ).all()
    counts = {"finished": 0, "abandoned": 0, "active": 0}
    seconds = 0
    drops: dict[str, list[int]] = {}
    outcomes: dict[str, int] = {}
    for status, step, outcome, count, total in rows:
        count = int(count)
        counts[status] += count
        if status == "finished":
            seconds += int(total or 0)
            if outcome is not None:
                outcomes[str(outcome)] = outcomes.get(str(outcome), 0) + count
        else:
            slot = drops.setdefault(str(step or ""), [0, 0])
            slot[0 if status == "abandoned" else 1] += count
    finished, abandoned, still_open = counts["finished"], counts["abandoned"], counts["active"]
    ended = finished + abandoned
    drop_off = sorted((StepDrop(k, v[0], v[1]) for k, v in drops.items()), key=lambda d: (-d.stopped, d.step_id))
    return FlowStats(
        code=code,
        version=version,
        runs=finished + abandoned + still_open,
        finished=finished,
        abandoned=abandoned,
        open=still_open,
        completion_rate=(finished / ended) if ended else None,
        average_duration_s=(seconds / finished) if finished else None,
        drop_off=tuple(drop_off),
        outcomes=dict(sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
