"""A supervisor changes a queue's wallboard rules: the service-level threshold and target, the short-abandon
threshold and how abandons count, the daily reset, and the waiting / longest-wait alert thresholds.

The rules are part of the queue's row (``call_queue``), which desktops may only read.  On PostgreSQL the one way
to change them is ``cd_queue_rules_set`` (:mod:`db.pg_queue_rules_security`): it checks the caller's role, the
rules and the row's version, and writes the audit row itself, so a desktop program cannot skip any of it.  The
embedded SQLite database, and the owner's login, do the same steps here.  Two supervisors editing one queue
never overwrite each other: the save names the version it was read at and is refused when the queue changed in
between.  The aggregator reads the rules on its next tick, so every wallboard shows the new formula within a
second.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import Engine, select, text, update

from db.models import CallQueue
from db.write import write_txn
from services.audit import AuditTrail, note_chain_locked
from services.auth_errors import BilingualError
from services.dblogin import is_staff_login
from services.permissions import Principal, authorize

from .rules import parse_reset
from .types import ABANDON_RULES, QueueRules

RIGHT = "queue.configure"
LIMITS = {  # field: (lowest, highest)
    "sl_threshold_s": (1, 600),
    "sl_target_pct": (1, 100),
    "short_abandon_s": (0, 120),
    "warn_waiting": (1, 1000),
    "crit_waiting": (1, 1000),
    "warn_wait_s": (1, 7200),
    "crit_wait_s": (1, 7200),
}
_COLUMNS = {  # QueueRules field: call_queue column
    "sl_threshold_s": "service_level_seconds",
    "sl_target_pct": "sl_target_pct",
    "short_abandon_s": "short_abandon_seconds",
    "abandon_rule": "abandon_rule",
    "day_reset": "day_reset",
    "warn_waiting": "warn_waiting",
    "crit_waiting": "crit_waiting",
    "warn_wait_s": "warn_wait_s",
    "crit_wait_s": "crit_wait_s",
}


class QueueRulesError(BilingualError):
    """The rules cannot be saved as they are (nothing was changed)."""

    code = "queue_rules"


class QueueRulesStale(QueueRulesError):
    """Somebody saved this queue's rules after they were read here."""

    code = "queue_rules_stale"


@dataclass(frozen=True)
class QueueRulesRow:
    queue_id: int
    name: str
    label_zh: str
    label_en: str
    version: int
    rules: QueueRules


def check(rules: QueueRules) -> None:
    """Refuse rules that make no sense, with a message that says which and why."""
    for field, (low, high) in LIMITS.items():
        value = getattr(rules, field)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise QueueRulesError(f"{field} 必须在 {low} 到 {high} 之间", f"{field} must be between {low} and {high}.")
    if rules.abandon_rule not in ABANDON_RULES:
        raise QueueRulesError("未知的放弃呼叫计算方式", f"Unknown abandon rule {rules.abandon_rule!r}.")
    if parse_reset(rules.day_reset).strftime("%H:%M") != rules.day_reset:
        raise QueueRulesError("每日重置时间须为 HH:MM（如 06:00）", "The daily reset must be HH:MM (e.g. 06:00).")
    if rules.crit_waiting < rules.warn_waiting:
        raise QueueRulesError(
            "等待数的严重阈值不能低于警告阈值", "The critical waiting count cannot be below the warning one."
        )
    if rules.crit_wait_s < rules.warn_wait_s:
        raise QueueRulesError(
            "最长等待的严重阈值不能低于警告阈值", "The critical longest wait cannot be below the warning one."
        )
    if rules.short_abandon_s >= rules.sl_threshold_s and rules.abandon_rule == "exclude_short":
        raise QueueRulesError(
            "短放弃阈值须小于服务水平阈值", "The short-abandon threshold must be below the service-level threshold."
        )


_SET = text(
    "SELECT cd_queue_rules_set(CAST(:queue AS bigint), CAST(:version AS int), CAST(:sl AS int), CAST(:target AS int),"
    " CAST(:short AS int), CAST(:rule AS text), CAST(:reset AS text), CAST(:ww AS int), CAST(:cw AS int),"
    " CAST(:wws AS int), CAST(:cws AS int), CAST(:ws AS text))"
)


class QueueSettingsService:
    """Read and change the queues' wallboard rules (see the module docstring)."""

    def __init__(self, engine: Engine, principal: Principal, *, audit: AuditTrail | None = None) -> None:
        self.engine = engine
        self.principal = principal
        self.audit = audit or AuditTrail(workstation=principal.workstation or None)

    def queues(self) -> list[QueueRulesRow]:
        q = CallQueue
        cols = [getattr(q, column) for column in _COLUMNS.values()]
        stmt = select(q.id, q.name, q.label_zh, q.label_en, q.version, *cols).order_by(q.name)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return [
            QueueRulesRow(int(r[0]), r[1], r[2], r[3], int(r[4]), QueueRules(**dict(zip(_COLUMNS, r[5:], strict=True))))
            for r in rows
        ]

    def save(self, queue_id: int, version: int, rules: QueueRules) -> int:
        """Save ``rules`` for the queue read at ``version``; returns the new version.

        Raises:
            PermissionDenied: not a supervisor (audited).
            QueueRulesError: the rules make no sense; QueueRulesStale: the queue changed since it was read.
        """
        check(rules)
        with write_txn(self.engine) as conn:
            authorize(conn, self.principal, RIGHT, audit=self.audit, entity="call_queue", entity_id=queue_id)
            if is_staff_login(conn):  # a desktop's own login: only the database's function may
                new = conn.execute(_SET, self._params(queue_id, version, rules)).scalar_one()
                note_chain_locked(conn)
            else:
                new = self._save_here(conn, queue_id, version, rules)
            if new is None:
                raise QueueRulesStale(
                    "该队列的规则已被他人修改，请重新打开后再改",
                    "Someone changed this queue's rules meanwhile: reopen and edit again.",
                )
            return int(new)

    def _save_here(self, conn: object, queue_id: int, version: int, rules: QueueRules) -> int | None:
        values = {column: getattr(rules, field) for field, column in _COLUMNS.items()}
        stmt = (
            update(CallQueue)
            .where(CallQueue.id == queue_id, CallQueue.version == version)
            .values(**values, version=CallQueue.version + 1)
            .returning(CallQueue.version)
        )
        new = conn.execute(stmt).scalar_one_or_none()  # type: ignore[attr-defined]
        if new is not None:
            detail = dataclasses.asdict(rules)
            self.audit.record(conn, self.principal, "queue_rules", "call_queue", queue_id, detail)  # type: ignore[arg-type]
        return new

    def _params(self, queue_id: int, version: int, rules: QueueRules) -> dict[str, object]:
        return {
            "queue": queue_id,
            "version": version,
            "sl": rules.sl_threshold_s,
            "target": rules.sl_target_pct,
            "short": rules.short_abandon_s,
            "rule": rules.abandon_rule,
            "reset": rules.day_reset,
            "ww": rules.warn_waiting,
            "cw": rules.crit_waiting,
            "wws": rules.warn_wait_s,
            "cws": rules.crit_wait_s,
            "ws": self.principal.workstation,
        }
