"""The reports as the desktop asks for them: the catalogue, the filters a user may pick, and running one.

Every call is authorised (``report.view``, refused and audited otherwise) and runs in one read transaction;
on PostgreSQL the user's own login reads, so the database's grants decide what they see as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from db.models import Branch, CallQueue, Team
from services.audit import AuditTrail
from services.auth_errors import BilingualError
from services.permissions import Principal, authorize

from .catalogue import REPORTS, ReportInfo, run_report
from .types import ReportContext, ReportFilter, ReportResult

PERMISSION = "report.view"


class ReportFilterError(BilingualError, ValueError):
    """A filter the report cannot answer."""

    code = "report_filter"


@dataclass(frozen=True)
class Choice:
    id: int
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: every queue, team and branch, with their labels in both languages."""

    queues: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    branches: tuple[Choice, ...]


class ReportService:
    """Synchronous; call it on a worker thread."""

    def __init__(
        self,
        engine: Engine,
        principal: Principal,
        *,
        timezone: str = "Asia/Shanghai",
        audit: AuditTrail | None = None,
    ) -> None:
        self.engine = engine
        self.principal = principal
        self.timezone = timezone
        self.audit = audit or AuditTrail()

    def _authorize(self, name: str | None = None) -> None:
        with self.engine.connect() as conn:
            authorize(conn, self.principal, PERMISSION, audit=self.audit, entity="report", entity_id=name)

    def catalogue(self) -> tuple[ReportInfo, ...]:
        return REPORTS

    def filters(self) -> FilterChoices:
        self._authorize()
        with self.engine.connect() as conn:
            queues = conn.execute(
                select(CallQueue.id, CallQueue.label_zh, CallQueue.label_en).order_by(CallQueue.id)
            ).all()
            teams = conn.execute(select(Team.id, Team.name).order_by(Team.name, Team.id)).all()
            branches = conn.execute(select(Branch.id, Branch.name).order_by(Branch.id)).all()
        return FilterChoices(
            tuple(Choice(int(i), zh, en) for i, zh, en in queues),
            tuple(Choice(int(i), name, name) for i, name in teams),
            tuple(Choice(int(i), name, name) for i, name in branches),
        )

    def run(self, name: str, flt: ReportFilter) -> ReportResult:
        """Run the report ``name``.

        Raises:
            PermissionDenied: the user may not view reports (audited).
            ReportFilterError: an unknown report, or dates the wrong way round.
        """
        self._authorize(name)
        if flt.end < flt.start:
            raise ReportFilterError("结束日期早于开始日期。", "The end date is before the start date.")
        if name not in {info.name for info in REPORTS}:
            raise ReportFilterError(f"没有这个报表：{name}", f"There is no report called {name}.")
        ctx = ReportContext(
            self.principal.user_id, self.principal.role, self.timezone, self.principal.locale or "zh_CN"
        )
        with self.engine.connect() as conn:  # one transaction (autobegin): every query sees one snapshot
            return run_report(conn, name, flt, ctx)
