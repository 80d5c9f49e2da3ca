"""What the lobby's services hand to the screens: plain frozen values, already masked, safe across threads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from services.auth_errors import BilingualError

# Change-feed entities the lobby writes (db.feed.append) and so the topics screens listen for:
FEED_LOBBY = "lobby"  # entity id = branch id; actions issued/called/recalled/serving/finished/no_show/...
FEED_COUNTER = "lobby_counter"  # entity id = counter id
FEED_NOTICE = "lobby_notice"  # entity id = branch id
FEED_REFERRAL = "referral"  # entity id = referral id; payload {"to_user_id", "from_user_id", "status"}
FEED_NOTIFY = "lobby_notify"  # entity id = the customer manager's user id: "your customer is in the lobby"
FEED_MEMO = "memo"  # entity id = customer id (or "u<user id>" for a personal to-do)
FEED_APPOINTMENT = "appointment"  # entity id = branch id


class LobbyError(BilingualError):
    """A lobby action refused for a reason the person can act on (bad input, a number already taken, ...).

    Permanent: retrying the same request gives the same answer.  ``code`` names the reason for tests.
    """

    code = "lobby"

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en)
        self.code = code


@dataclass(frozen=True)
class ServiceType:
    id: int
    branch_id: int
    code: str  # cash / noncash / loan / wealth / corporate / vip
    name_zh: str
    name_en: str
    prefix: str  # A, B, ... the number series
    vip_only: bool
    sort: int
    default_minutes: int
    slot_capacity: int


@dataclass(frozen=True)
class Counter:
    id: int
    branch_id: int
    number: int
    label: str  # "3号窗口" / "VIP室"
    services: tuple[str, ...]  # the work profile: service codes, called in this order
    serves_vip: bool
    status: str  # closed / open / paused
    user_id: int | None
    user_name: str | None
    seen_at: dt.datetime | None
    stale: bool  # held by a desktop not seen for a while: it may be taken over
    version: int


@dataclass(frozen=True)
class QueueTicketView:
    id: int
    branch_id: int
    service_day: dt.date
    number: str  # "A012"
    service_code: str
    customer_id: int | None
    customer_name: str | None  # None for a walk-in without identification
    is_vip: bool
    vip_level: int
    priority: int
    priority_reason: str | None  # elderly / disabled / appointment
    status: str  # waiting / called / serving / done / no_show / transferred / cancelled
    counter_id: int | None
    counter_label: str | None
    issued_at: dt.datetime
    called_at: dt.datetime | None
    served_at: dt.datetime | None
    finished_at: dt.datetime | None
    recalls: int
    outcome: str | None
    served_by_id: int | None
    version: int


@dataclass(frozen=True)
class IssuedTicket:
    """A number just issued, with what its printed ticket shows."""

    ticket: QueueTicketView
    branch_name: str
    service_name_zh: str
    service_name_en: str
    ahead: int  # people waiting before this one for the same service
    estimated_wait_min: int | None  # None when no counter serving the service is open
    counters_open: int  # counters open now that call this service
    sms_queued: bool  # the customer consented and an SMS with the number went to the outbox


@dataclass(frozen=True)
class CalledNumber:
    ticket_id: int
    number: str
    counter_label: str
    called_at: dt.datetime
    recalls: int


@dataclass(frozen=True)
class ServiceLoad:
    code: str
    name_zh: str
    name_en: str
    waiting: int
    longest_wait_min: int
    counters_open: int


@dataclass(frozen=True)
class DisplayState:
    """What the lobby display shows."""

    branch_id: int
    branch_name: str
    called: tuple[CalledNumber, ...]  # newest first (the first is the one just called)
    waiting: tuple[ServiceLoad, ...]
    notice: str
    as_of: dt.datetime


@dataclass(frozen=True)
class VipInLobby:
    ticket_id: int
    number: str
    status: str
    customer_id: int
    name: str
    tier: str
    vip_level: int
    manager_id: int | None
    manager_name: str | None
    waited_min: int
    notified_at: dt.datetime | None  # when the manager was last notified of this visit


@dataclass(frozen=True)
class BoardState:
    """The lobby manager's board."""

    branch_id: int
    branch_name: str
    services: tuple[ServiceLoad, ...]
    counters: tuple[Counter, ...]
    counters_open: int
    longest_wait_min: int
    vips: tuple[VipInLobby, ...]
    no_shows: int
    served: int
    served_within_target: int
    target_min: int
    tickets: tuple[QueueTicketView, ...]  # today's numbers, newest first
    as_of: dt.datetime


@dataclass(frozen=True)
class Reason:
    """One of today's likely reasons for a visit on the recognition card."""

    kind: str  # maturing_deposit / birthday / reminder / complaint / referral / appointment
    text_zh: str
    text_en: str
    due: dt.datetime | None = None  # a deadline (a complaint's, a maturity date)
    urgent: bool = False


@dataclass(frozen=True)
class MemoItem:
    id: int
    customer_id: int | None
    kind: str  # memo (a note) / todo (a to-do with a due date)
    title: str
    body: str | None
    due_at: dt.datetime | None
    done_at: dt.datetime | None
    created_by_name: str | None
    created_at: dt.datetime
    version: int


@dataclass(frozen=True)
class RecognitionCard:
    customer_id: int
    name: str
    tier: str
    vip_level: int
    manager_id: int | None
    manager_name: str | None
    branch_id: int
    branch_name: str
    in_scope: bool  # False: another branch's customer, minimal card only (the look-up was audited)
    masked_id: str = ""
    masked_phone: str = ""
    reasons: tuple[Reason, ...] = ()
    memo: tuple[MemoItem, ...] = ()
    suggested_service: str | None = None  # a service code of the caller's branch
    suggested_why_zh: str = ""
    suggested_why_en: str = ""
    waiting_ticket: QueueTicketView | None = None  # a number already issued today
    appointment_id: int | None = None  # today's booked appointment at the caller's branch: issue checks it in
    appointment_service: str | None = None


@dataclass(frozen=True)
class ReferralView:
    id: int
    customer_id: int
    customer_name: str
    branch_id: int
    from_user_id: int
    from_user_name: str
    to_user_id: int | None
    to_user_name: str | None
    source: str  # checkin / counter / wrapup / flow
    interest: str  # a product interest code (deposit, wealth, fund, insurance, loan, card, other)
    amount_band: str | None
    urgency: str  # normal / high
    consent_contact: bool
    note: str | None
    status: str  # new / accepted / contacted / appointment / won / lost
    accept_by: dt.datetime | None
    overdue: bool
    created_at: dt.datetime
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    amount: Decimal | None
    lost_reason: str | None
    version: int


@dataclass(frozen=True)
class ReferralMonthRow:
    referrer_id: int
    referrer_name: str
    branch_id: int
    branch_name: str
    referred: int
    accepted: int
    won: int
    lost: int
    open: int
    won_amount: Decimal
    conversion: float | None  # won / closed (won + lost); None with nothing closed


@dataclass(frozen=True)
class AppointmentView:
    id: int
    customer_id: int
    customer_name: str
    branch_id: int
    branch_name: str
    service_code: str
    slot_start: dt.datetime
    slot_end: dt.datetime
    status: str  # booked / checked_in / served / missed / cancelled
    channel: str
    note: str | None
    ticket_id: int | None
    version: int


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)
