"""The reports there are, in the order the desktop lists them, and how one is run.

Each entry names the module that answers it (imported when first run) and its title (an English source
string, translated in :data:`~.types.TR_CONTEXT`).  Every report needs ``report.view``; which rows it reads
is further limited by the database's own row security on PostgreSQL.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from sqlalchemy import Connection

from .types import ReportContext, ReportFilter, ReportResult


@dataclass(frozen=True)
class ReportInfo:
    name: str
    module: str
    title: str
    has_grain: bool = False  # offers "per 30 minutes" / "per day"


REPORTS: tuple[ReportInfo, ...] = (
    ReportInfo("service_level", "services.reports.call_service_level", "Service level and volume", True),
    ReportInfo("speed", "services.reports.call_speed", "ASA, AHT and abandons", True),
    ReportInfo("agents", "services.reports.call_agents", "Agent performance"),
    ReportInfo("fcr", "services.reports.call_fcr", "First-contact resolution"),
    ReportInfo("csat", "services.reports.csat", "Customer satisfaction"),
    ReportInfo("complaints", "services.reports.complaints", "Complaints"),
    ReportInfo("value_pareto", "services.reports.customer_value", "Customer value (Pareto)"),
    ReportInfo("tiers", "services.reports.customer_tiers", "Tiers by branch"),
    ReportInfo("lifecycle", "services.reports.customer_lifecycle", "Lifecycle funnel"),
    ReportInfo("campaigns", "services.reports.campaigns", "Campaigns"),
)
BY_NAME = {info.name: info for info in REPORTS}


def run_report(conn: Connection, name: str, flt: ReportFilter, ctx: ReportContext) -> ReportResult:
    """Run the report ``name``; KeyError for an unknown one, ValueError for a filter it cannot answer."""
    if flt.end < flt.start:
        raise ValueError("the report's end date is before its start date")
    info = BY_NAME[name]
    module = importlib.import_module(info.module)
    result: ReportResult = module.run(conn, flt, ctx)
    return result
