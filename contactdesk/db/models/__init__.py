"""All ContactDesk models; importing this package registers every table on ``Base.metadata``."""

from __future__ import annotations

from .audit import AuditLog, ChangeFeed
from .base import Base
from .contact import AgentStateLog, Call, CallQueue, DispositionCode, Interaction
from .customer import (
    Customer,
    CustomerAddress,
    CustomerConsent,
    CustomerEmail,
    CustomerPhone,
    SearchToken,
)
from .flow import FlowRun, ServiceFlow
from .lobby import QueueTicket, Referral, Reminder
from .messaging import Campaign, MessageTemplate, OutboxMessage
from .org import Branch, Role, Team, User, UserSession
from .product import Holding, MonthlyAggregate, Product
from .ticket import CalendarDay, SlaPolicy, Ticket, TicketAttachment, TicketEvent

__all__ = [
    "AgentStateLog",
    "AuditLog",
    "Base",
    "Branch",
    "CalendarDay",
    "Call",
    "CallQueue",
    "Campaign",
    "ChangeFeed",
    "Customer",
    "CustomerAddress",
    "CustomerConsent",
    "CustomerEmail",
    "CustomerPhone",
    "DispositionCode",
    "FlowRun",
    "Holding",
    "Interaction",
    "MessageTemplate",
    "MonthlyAggregate",
    "OutboxMessage",
    "Product",
    "QueueTicket",
    "Referral",
    "Reminder",
    "Role",
    "SearchToken",
    "ServiceFlow",
    "SlaPolicy",
    "Team",
    "Ticket",
    "TicketAttachment",
    "TicketEvent",
    "User",
    "UserSession",
]
