"""All ContactDesk models; importing this package registers every table on ``Base.metadata``."""

from __future__ import annotations

from .audit import AuditLog, ChangeFeed
from .base import Base
from .branch_lobby import Appointment, LobbyCounter, LobbyNotice, LobbySeries, LobbyService
from .contact import AgentStateLog, Call, CallQueue, DispositionCode, Interaction
from .csat import CsatSetting, CsatSurvey
from .customer import (
    Customer,
    CustomerAddress,
    CustomerConsent,
    CustomerEmail,
    CustomerPhone,
    SearchToken,
)
from .flow import FlowRule, FlowRun, FlowRunStep, ServiceFlow
from .intervention import AgentNotice
from .lobby import QueueTicket, Referral, Reminder
from .messaging import Campaign, MessageTemplate, OutboxMessage, SenderPace
from .org import Branch, Role, Team, User, UserSession
from .product import Holding, MonthlyAggregate, Product
from .report import (
    ReportAgentDay,
    ReportAgentDisposition,
    ReportFcrCall,
    ReportFcrDay,
    ReportQueueInterval,
    ReportTicketDay,
    ReportWatermark,
)
from .sync import Presence, StreamToken
from .telephony import AgentStatus, CallCommand, CallOffer, WebhookDeadLetter, WrapupDraft
from .ticket import CalendarDay, SlaPolicy, Ticket, TicketAttachment, TicketEvent
from .ticketing import (
    TicketClock,
    TicketDraft,
    TicketEscalation,
    TicketNumberCounter,
    TicketSavedFilter,
)

__all__ = [
    "AgentNotice",
    "AgentStateLog",
    "AgentStatus",
    "Appointment",
    "AuditLog",
    "Base",
    "Branch",
    "CalendarDay",
    "Call",
    "CallCommand",
    "CallOffer",
    "CallQueue",
    "Campaign",
    "ChangeFeed",
    "CsatSetting",
    "CsatSurvey",
    "Customer",
    "CustomerAddress",
    "CustomerConsent",
    "CustomerEmail",
    "CustomerPhone",
    "DispositionCode",
    "FlowRule",
    "FlowRun",
    "FlowRunStep",
    "Holding",
    "Interaction",
    "LobbyCounter",
    "LobbyNotice",
    "LobbySeries",
    "LobbyService",
    "MessageTemplate",
    "MonthlyAggregate",
    "OutboxMessage",
    "Presence",
    "Product",
    "QueueTicket",
    "Referral",
    "Reminder",
    "ReportAgentDay",
    "ReportAgentDisposition",
    "ReportFcrCall",
    "ReportFcrDay",
    "ReportQueueInterval",
    "ReportTicketDay",
    "ReportWatermark",
    "Role",
    "SearchToken",
    "SenderPace",
    "ServiceFlow",
    "SlaPolicy",
    "StreamToken",
    "Team",
    "Ticket",
    "TicketAttachment",
    "TicketClock",
    "TicketDraft",
    "TicketEscalation",
    "TicketEvent",
    "TicketNumberCounter",
    "TicketSavedFilter",
    "User",
    "UserSession",
    "WebhookDeadLetter",
    "WrapupDraft",
]
