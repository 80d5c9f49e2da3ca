"""The reports' aggregates: sums per queue per 30 minutes, per agent per day, FCR and complaints per day.

Reports read these, never the call or ticket history (:mod:`services.reports.aggregate` keeps them up to
date by recomputing the buckets whose source rows changed).  Every figure is a count or a sum, so a report
adds rows up over any range and divides only at the end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, BigId, IdPk, str_col
from .contact import Call
from .customer import Customer
from .ticket import Ticket


class ReportQueueInterval(Base):
    """One queue's calls received in one 30-minute interval (``interval_start`` in UTC, ``day`` the bank's date)."""

    __tablename__ = "report_queue_interval"
    __table_args__ = (Index("ix_report_queue_interval_day", "day", "queue_id"),)

    queue_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    interval_start: Mapped[dt.datetime] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    offered: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    answered_in_sl: Mapped[int] = mapped_column(Integer, default=0)
    abandoned: Mapped[int] = mapped_column(Integer, default=0)
    short_abandoned: Mapped[int] = mapped_column(Integer, default=0)
    wait_sum_s: Mapped[float] = mapped_column(Float, default=0.0)
    handled: Mapped[int] = mapped_column(Integer, default=0)
    handle_sum_s: Mapped[float] = mapped_column(Float, default=0.0)


class ReportAgentDay(Base):
    """One agent's calls answered on one of the bank's days, and their time in each state that day."""

    __tablename__ = "report_agent_day"
    __table_args__ = (Index("ix_report_agent_day_day", "day"),)

    agent_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    handled: Mapped[int] = mapped_column(Integer, default=0)
    talk_s: Mapped[float] = mapped_column(Float, default=0.0)
    wrapup_s: Mapped[float] = mapped_column(Float, default=0.0)
    wrapups_over: Mapped[int] = mapped_column(Integer, default=0)
    staffed_s: Mapped[float] = mapped_column(Float, default=0.0)
    available_s: Mapped[float] = mapped_column(Float, default=0.0)
    busy_s: Mapped[float] = mapped_column(Float, default=0.0)


class ReportAgentDisposition(Base):
    """How many of an agent's calls of a day ended with each disposition."""

    __tablename__ = "report_agent_disposition"
    __table_args__ = (Index("ix_report_agent_disposition_day", "day"),)

    agent_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    disposition: Mapped[str] = mapped_column(String(32), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)


class ReportFcrDay(Base):
    """Per queue and day: resolved calls (a customer and a disposition) and those with no repeat in 7 days."""

    __tablename__ = "report_fcr_day"
    __table_args__ = (Index("ix_report_fcr_day_day", "day"),)

    queue_id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    first_contact: Mapped[int] = mapped_column(Integer, default=0)


class ReportFcrCall(Base):
    """One call with a customer and a disposition as :class:`ReportFcrDay` last counted it: whether it counts
    (``resolved``: completed in a queue) and whether the customer called again about it within 7 days.  The
    upkeep revisits only changed calls and adds the difference to the day (services.reports.fcr_calls)."""

    __tablename__ = "report_fcr_call"
    __table_args__ = (Index("ix_report_fcr_call_received_at", "received_at"),)

    call_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(BigId, nullable=False)
    disposition: Mapped[str] = mapped_column(String(32), nullable=False)
    queue_id: Mapped[int | None] = mapped_column(BigId)
    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    received_at: Mapped[dt.datetime]
    resolved: Mapped[bool] = mapped_column(Boolean, nullable=False)
    repeated: Mapped[bool] = mapped_column(Boolean, nullable=False)


class ReportTicketDay(IdPk, Base):
    """Complaints of one day, category and branch: opened that day, and decided that day."""

    __tablename__ = "report_ticket_day"
    __table_args__ = (Index("ix_report_ticket_day_day", "day"),)

    day: Mapped[dt.date] = mapped_column(Date, nullable=False)
    category: Mapped[str] = str_col(48)
    branch_id: Mapped[int | None] = mapped_column(BigId)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    breached: Mapped[int] = mapped_column(Integer, default=0)
    extended: Mapped[int] = mapped_column(Integer, default=0)
    decided: Mapped[int] = mapped_column(Integer, default=0)
    decided_on_time: Mapped[int] = mapped_column(Integer, default=0)
    decide_days_sum: Mapped[float] = mapped_column(Float, default=0.0)


class ReportWatermark(Base):
    """Where the upkeep got to: settled-before time and the highest id seen, per source."""

    __tablename__ = "report_watermark"

    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    settled_at: Mapped[dt.datetime | None]
    last_id: Mapped[int] = mapped_column(BigInteger, default=0)
    ran_at: Mapped[dt.datetime | None]


# The upkeep recomputes a day of complaints (by when they came in and when they were decided) and finds the
# tickets changed since its last run: indexes on the ticket table, declared here beside their reason.
Index("ix_ticket_received_at", Ticket.received_at)
Index("ix_ticket_decided_at", Ticket.decided_at)
Index("ix_ticket_updated_at", Ticket.updated_at)
# The Pareto curve reads every customer's AUM (in a branch): an index-only scan of this reads a tenth of the
# table (services.reports.customer_value).
Index("ix_customer_branch_aum", Customer.branch_id, Customer.aum)
# First-contact resolution asks, per call, whether the same customer called again about the same thing within
# 7 days: one index range per call (services.reports.aggregate_calls).
Index("ix_call_customer_disposition_received", Call.customer_id, Call.disposition, Call.received_at)
# Each upkeep run reads the calls received since its last run (and late ones): one index range.
Index("ix_call_received_at", Call.received_at)
