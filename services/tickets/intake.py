"""Complaint intake: drafts, the one-transaction creation, repeat detection and merging.

A complaint is either **fully recorded** — ticket, clock row, ``created`` event and its change-feed row,
number, first notice, all in one transaction — or it is still a **draft**.  The intake form saves a draft
(:func:`save_draft`) as the agent types; :func:`submit_draft` claims the draft (``open`` → ``submitted``)
as the first write of the creating transaction.  If the desktop dies at any point, either that transaction
committed (the complaint exists and its draft is marked submitted with the ticket id) or it did not (the
draft is still ``open`` and :func:`open_drafts` offers it again on the next start).  Submitting a draft
that was already submitted returns the ticket it became, so a retry after an unknown outcome is safe.

Receipt: ``received_at`` is when the complaint reached the bank (for a call, when the call arrived); a
regulator referral also carries ``referral_date``, which starts its own regulatory clock (see
:mod:`.clocks`).  Identity verification of the complainant is recorded on the ticket and, with its method,
in the ``created`` event.

Repeats: :func:`find_repeats` proposes open complaints of the same customer on the same matter (same
category, or same category group) received within ``repeat_window_days``; the agent decides, and
:func:`merge` folds the new complaint into the original, whose deadline stays as it was (if the repeat
carried an earlier clock, e.g. a regulator referral, the earlier deadline governs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from db.models import Call, Customer, TicketDraft
from db.models.ticket import OPEN_TICKET_STATES

from . import clocks, numbers, records
from .calendar import as_utc
from .context import TicketEnv
from .errors import InvalidInput, NotAllowed, NotFound
from .notices import notify_customer
from .rights import PERM_CREATE, Actor, require
from .workflow import TRANSITIONS, check_handler

CHANNELS = ("call_in", "branch_visit", "email", "regulator", "wechat")
SEVERITIES = ("normal", "major", "critical")
IDENTITY_METHODS = ("id_document", "phone_verification", "otp", "counter_check", "regulator_provided", "none")
INTAKE_KINDS = ("complaint", "service")
DRAFT: Table = TicketDraft.__table__  # type: ignore[assignment]
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


@dataclass
class ComplaintInput:
    """Everything the intake form collects. JSON-safe through :meth:`to_payload` / :meth:`from_payload`."""

    customer_id: int | None = None
    intake_channel: str = "call_in"
    category: str = ""
    summary: str = ""
    severity: str = "normal"
    description: str | None = None
    customer_request: str | None = None
    complained_user_id: int | None = None
    complained_branch_id: int | None = None
    identity_verified: bool = False
    identity_method: str | None = None
    received_at: dt.datetime | None = None
    referral_date: dt.date | None = None
    referral_ref: str | None = None
    call_id: int | None = None
    team_id: int | None = None
    assignee_id: int | None = None
    kind: str = "complaint"
    send_receipt: bool = True

    def to_payload(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("received_at", "referral_date"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> ComplaintInput:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("received_at"):
            values["received_at"] = as_utc(dt.datetime.fromisoformat(values["received_at"]))
        if values.get("referral_date"):
            values["referral_date"] = dt.date.fromisoformat(values["referral_date"])
        return cls(**values)

    def validate(self, env: TicketEnv, now: dt.datetime) -> None:
        """Raise :class:`InvalidInput` for the first problem found (messages name the field)."""
        if self.kind not in ("complaint", "service"):
            raise InvalidInput("工单类型无效。", f"Unknown ticket kind {self.kind!r}.")
        if self.intake_channel not in CHANNELS:
            raise InvalidInput("受理渠道无效。", f"Unknown intake channel {self.intake_channel!r}.")
        if self.kind == "complaint":
            env.taxonomy.validate(self.category)
        elif not self.category:
            raise InvalidInput("请选择类别。", "Choose a category.")
        if self.severity not in SEVERITIES:
            raise InvalidInput("严重程度无效。", f"Unknown severity {self.severity!r}.")
        if not self.summary.strip():
            raise InvalidInput("请填写投诉摘要。", "Enter a summary of the complaint.")
        if len(self.summary) > 200:
            raise InvalidInput("投诉摘要不能超过200字。", "The summary is limited to 200 characters.")
        if self.identity_method is not None and self.identity_method not in IDENTITY_METHODS:
            raise InvalidInput("身份核实方式无效。", f"Unknown identity verification {self.identity_method!r}.")
        if self.received_at is not None and as_utc(self.received_at) > now + FUTURE_TOLERANCE:
            raise InvalidInput("受理时间不能晚于现在。", "The receipt time cannot be in the future.")
        if self.intake_channel == "regulator":
            if self.referral_date is None:
                raise InvalidInput("监管转办投诉须填写转办日期。", "A regulator referral needs its referral date.")
            if self.referral_date > env.calendar.local_date(now):
                raise InvalidInput("转办日期不能晚于今天。", "The referral date cannot be in the future.")
        elif self.referral_date is not None:
            raise InvalidInput("只有监管转办投诉才有转办日期。", "Only a regulator referral has a referral date.")


@dataclass(frozen=True)
class Created:
    """A complaint that is now fully recorded."""

    id: int
    number: str
    version: int
    due_at: dt.datetime | None


@dataclass(frozen=True)
class DraftInfo:
    """An intake draft as the desktop lists it."""

    id: int
    kind: str
    intake_channel: str
    customer_id: int | None
    call_id: int | None
    status: str
    ticket_id: int | None
    updated_at: dt.datetime
    data: ComplaintInput


@dataclass(frozen=True)
class RepeatCandidate:
    """An open complaint the new one may repeat."""

    id: int
    number: str
    status: str
    category: str
    summary: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    match: str  # "same" category or "related" (same group)


# -- prefill ------------------------------------------------------------------------------------------
def prefill_from_call(conn: Connection, call_id: int) -> ComplaintInput:
    """An intake form filled from a call: the customer it matched, the call, and the call's arrival as receipt."""
    call = conn.execute(select(Call.customer_id, Call.received_at).where(Call.id == call_id)).first()
    if call is None:
        raise NotFound("通话不存在。", f"Call {call_id} does not exist.")
    return ComplaintInput(
        customer_id=call.customer_id,
        intake_channel="call_in",
        call_id=call_id,
        received_at=as_utc(call.received_at),
    )


def prefill_for_customer(conn: Connection, customer_id: int, channel: str = "branch_visit") -> ComplaintInput:
    """An intake form for a known customer on another channel (branch visit, e-mail, regulator referral)."""
    if conn.execute(select(Customer.id).where(Customer.id == customer_id)).scalar() is None:
        raise NotFound("客户不存在。", f"Customer {customer_id} does not exist.")
    return ComplaintInput(customer_id=customer_id, intake_channel=channel)


# -- drafts -------------------------------------------------------------------------------------------
def save_draft(
    conn: Connection, env: TicketEnv, actor: Actor, data: ComplaintInput, draft_id: int | None = None
) -> int:
    """Create or update the actor's draft; returns its id. No validation: a draft may be incomplete."""
    now = env.now()
    values = {
        "kind": data.kind,
        "intake_channel": data.intake_channel,
        "customer_id": data.customer_id,
        "call_id": data.call_id,
        "payload": data.to_payload(),
        "updated_at": now,
    }
    if draft_id is None:
        return int(
            conn.execute(
                insert(DRAFT)
                .values(**values, status="open", created_by_id=actor.user_id, created_at=now)
                .returning(DRAFT.c.id)
            ).scalar_one()
        )
    result = conn.execute(
        update(DRAFT)
        .where(DRAFT.c.id == draft_id, DRAFT.c.status == "open", DRAFT.c.created_by_id == actor.user_id)
        .values(**values)
    )
    if result.rowcount != 1:
        raise NotAllowed("草稿已提交或不属于您。", "The draft was already submitted, or it is not yours.")
    return draft_id


def _draft_info(row: Any) -> DraftInfo:
    return DraftInfo(
        row.id,
        row.kind,
        row.intake_channel,
        row.customer_id,
        row.call_id,
        row.status,
        row.ticket_id,
        as_utc(row.updated_at),
        ComplaintInput.from_payload(row.payload or {}),
    )


def get_draft(conn: Connection, draft_id: int) -> DraftInfo:
    row = conn.execute(select(DRAFT).where(DRAFT.c.id == draft_id)).first()
    if row is None:
        raise NotFound("草稿不存在。", f"Draft {draft_id} does not exist.")
    return _draft_info(row)


def open_drafts(conn: Connection, user_id: int | None) -> list[DraftInfo]:
    """The user's unfinished intakes, newest first: what the desktop reopens after a restart.

    Drafts of notes and decisions on existing tickets (:mod:`.notes`) share the table and are left out.
    """
    rows = conn.execute(
        select(DRAFT)
        .where(DRAFT.c.created_by_id == user_id, DRAFT.c.status == "open", DRAFT.c.kind.in_(INTAKE_KINDS))
        .order_by(DRAFT.c.updated_at.desc(), DRAFT.c.id.desc())
    ).all()
    return [_draft_info(r) for r in rows]


def discard_draft(conn: Connection, env: TicketEnv, actor: Actor, draft_id: int) -> None:
    result = conn.execute(
        update(DRAFT)
        .where(DRAFT.c.id == draft_id, DRAFT.c.status == "open", DRAFT.c.created_by_id == actor.user_id)
        .values(status="discarded", updated_at=env.now())
    )
    if result.rowcount != 1:
        raise NotAllowed("草稿已提交或不属于您。", "The draft was already submitted, or it is not yours.")


def submit_draft(
    conn: Connection, env: TicketEnv, actor: Actor, draft_id: int, *, merge_into: int | None = None
) -> Created:
    """Turn a draft into a fully recorded complaint (see the module docstring)."""
    draft = get_draft(conn, draft_id)
    if draft.status == "submitted" and draft.ticket_id is not None:
        return _created(conn, draft.ticket_id)
    return create_complaint(conn, env, actor, draft.data, draft_id=draft_id, merge_into=merge_into)


def _created(conn: Connection, ticket_id: int) -> Created:
    row = records.load(conn, ticket_id)
    return Created(row.id, row.number, row.version, row.due_at)


def _claim_draft(conn: Connection, actor: Actor, draft_id: int, now: dt.datetime) -> int | None:
    """Mark the draft submitted (first write of the transaction); the existing ticket id if it already was."""
    result = conn.execute(
        update(DRAFT)
        .where(DRAFT.c.id == draft_id, DRAFT.c.status == "open", DRAFT.c.created_by_id == actor.user_id)
        .values(status="submitted", updated_at=now)
    )
    if result.rowcount == 1:
        return None
    row = conn.execute(select(DRAFT.c.status, DRAFT.c.ticket_id).where(DRAFT.c.id == draft_id)).first()
    if row is not None and row.status == "submitted" and row.ticket_id is not None:
        return int(row.ticket_id)
    raise NotAllowed("草稿已提交、已放弃或不属于您。", "The draft was submitted, discarded, or is not yours.")


# -- creation -----------------------------------------------------------------------------------------
def create_complaint(
    conn: Connection,
    env: TicketEnv,
    actor: Actor,
    data: ComplaintInput,
    *,
    draft_id: int | None = None,
    merge_into: int | None = None,
) -> Created:
    """Record a complaint (or service ticket) completely, in the caller's transaction.

    Args:
        conn: an open transaction (``engine.begin()``); everything commits or nothing does.
        env: settings, calendar, taxonomy, clock.
        actor: who takes the complaint.
        data: the intake form.
        draft_id: the draft this completes (claimed in the same transaction).
        merge_into: an open complaint this one repeats (from :func:`find_repeats`); merged at once.

    Raises:
        InvalidInput, ConflictOfInterest, NotAllowed, NotFound; ``permissions.PermissionDenied`` without
        ``ticket.create``.
    """
    require(conn, actor, PERM_CREATE, audit=env.audit, entity_id=None)
    now = env.now()
    data.validate(env, now)
    if draft_id is not None:
        existing = _claim_draft(conn, actor, draft_id, now)
        if existing is not None:
            return _created(conn, existing)
    check_handler(conn, data.complained_user_id, data.assignee_id)
    received = as_utc(data.received_at) if data.received_at else now
    cal = env.calendar
    policy = env.policy_for(conn, data.kind, data.severity)
    due = clocks.regulatory_deadline(received, cal, policy, env.config, referral_date=data.referral_date)
    first_response = clocks.first_response_due(received, cal, policy)
    started = clocks.clock_start(received, data.referral_date, cal)
    number = numbers.allocate(conn, data.kind, now, env.config.timezone)
    ticket_id = int(
        conn.execute(
            insert(records.TICKET)
            .values(
                number=number,
                kind=data.kind,
                customer_id=data.customer_id,
                category=data.category,
                severity=data.severity,
                status="new",
                intake_channel=data.intake_channel,
                summary=data.summary.strip(),
                description=data.description,
                customer_request=data.customer_request,
                complained_user_id=data.complained_user_id,
                complained_branch_id=data.complained_branch_id,
                identity_verified=data.identity_verified,
                received_at=received,
                referral_date=data.referral_date,
                regulatory_deadline=due,
                first_response_due=first_response,
                sla_policy_id=policy.id,
                assignee_id=data.assignee_id,
                team_id=data.team_id,
                call_id=data.call_id,
                created_by_id=actor.user_id,
                created_at=now,
                updated_at=now,
                version=1,
            )
            .returning(records.TICKET.c.id)
        ).scalar_one()
    )
    inputs = clocks.ClockInputs(
        open_due_at=due,
        started_at=started,
        warn_level=0,
        breached_at=None,
        first_responded_at=None,
        first_response_due=first_response,
        first_response_overdue=False,
        next_update_due=None,
        update_overdue_for=None,
        sla_paused=False,
        is_open=True,
    )
    conn.execute(
        insert(records.CLOCK).values(
            ticket_id=ticket_id,
            team_id=data.team_id,
            started_at=started,
            due_at=due,
            open_due_at=due,
            next_check_at=clocks.next_check(inputs, policy.warn_points, now),
        )
    )
    records.add_event(
        conn,
        ticket_id,
        "created",
        at=now,
        actor_id=actor.user_id,
        customer_id=data.customer_id,
        body=data.summary.strip(),
        action="insert",
        data={
            "channel": data.intake_channel,
            "identity": {"verified": data.identity_verified, "method": data.identity_method},
            "referral": {"date": data.referral_date.isoformat(), "ref": data.referral_ref}
            if data.referral_date
            else None,
            "received_at": received.isoformat(),
            "deadline": due.isoformat() if due else None,
            "policy": policy.name,
            "draft_id": draft_id,
            "call_id": data.call_id,
        },
    )
    if draft_id is not None:
        conn.execute(update(DRAFT).where(DRAFT.c.id == draft_id).values(ticket_id=ticket_id))
    if data.assignee_id is not None or data.team_id is not None:
        records.add_event(
            conn,
            ticket_id,
            "assigned",
            at=now,
            actor_id=actor.user_id,
            customer_id=data.customer_id,
            data={"assignee_id": data.assignee_id, "team_id": data.team_id},
        )
    ticket = records.TicketRef(ticket_id, number, data.customer_id, 1)
    if data.send_receipt and data.kind == "complaint" and due is not None and merge_into is None:
        notify_customer(
            conn, ticket, "complaint_received", {"deadline": due}, config=env.config, actor_id=actor.user_id, at=now
        )
    version = merge(conn, env, actor, ticket_id, 1, merge_into) if merge_into is not None else 1
    return Created(ticket_id, number, version, due)


# -- repeats ------------------------------------------------------------------------------------------
def find_repeats(
    conn: Connection,
    env: TicketEnv,
    customer_id: int | None,
    category: str,
    *,
    received_at: dt.datetime | None = None,
    exclude_id: int | None = None,
) -> list[RepeatCandidate]:
    """Open complaints of the same customer on the same matter within the repeat window, best match first."""
    if customer_id is None:
        return []
    received = as_utc(received_at) if received_at else env.now()
    since = received - dt.timedelta(days=env.config.repeat_window_days)
    t = records.TICKET
    rows = conn.execute(
        select(t.c.id, t.c.number, t.c.status, t.c.category, t.c.summary, t.c.received_at, records.CLOCK.c.due_at)
        .outerjoin(records.CLOCK, records.CLOCK.c.ticket_id == t.c.id)
        .where(
            t.c.customer_id == customer_id,
            t.c.status.in_(OPEN_TICKET_STATES),
            t.c.kind == "complaint",
            t.c.received_at >= since,
        )
    ).all()
    found = []
    for r in rows:
        match = env.taxonomy.same_matter(category, r.category)
        if match is None or r.id == exclude_id:
            continue
        found.append(
            RepeatCandidate(
                r.id,
                r.number,
                r.status,
                r.category,
                r.summary,
                as_utc(r.received_at),
                as_utc(r.due_at) if r.due_at else None,
                match,
            )
        )
    found.sort(key=lambda c: (c.match != "same", c.received_at))
    return found


def merge(conn: Connection, env: TicketEnv, actor: Actor, ticket_id: int, version: int, into_id: int) -> int:
    """Fold a repeat complaint into the original; the original keeps its deadline.

    Returns:
        The repeat's new version (it is now ``merged`` and read-only).
    """
    dup = records.load(conn, ticket_id)
    records.check_version(dup, version)
    records.check_writable(dup, open_only=True)
    if "merged" not in TRANSITIONS.get(dup.status, frozenset()):
        raise NotAllowed(f"工单 {dup.number} 当前状态不能合并。", f"Ticket {dup.number} cannot be merged now.")
    orig = records.load(conn, into_id)
    if (
        orig.id == dup.id
        or orig.status not in OPEN_TICKET_STATES
        or orig.customer_id != dup.customer_id
        or orig.kind != dup.kind
    ):
        raise NotAllowed(
            "只能并入同一客户的、仍在处理中的另一张投诉。",
            "A repeat can only be merged into another open complaint of the same customer.",
        )
    now = env.now()
    new_version = records.save(conn, dup, version, {"status": "merged", "merged_into_id": orig.id}, now=now)
    records.add_event(
        conn,
        dup.id,
        "merged",
        at=now,
        actor_id=actor.user_id,
        customer_id=dup.customer_id,
        data={"from": dup.status, "to": "merged", "into_id": orig.id, "into_number": orig.number},
    )
    kept = orig.due_at
    if dup.due_at is not None and (orig.due_at is None or as_utc(dup.due_at) < as_utc(orig.due_at)):
        kept = dup.due_at  # the repeat carried an earlier clock (a referral): that deadline governs
        records.set_clock(conn, orig.id, {"due_at": kept})
        records.set_system(conn, orig.id, {"regulatory_deadline": kept})
    records.add_event(
        conn,
        orig.id,
        "repeat_merged",
        at=now,
        actor_id=actor.user_id,
        customer_id=orig.customer_id,
        data={
            "from_id": dup.id,
            "from_number": dup.number,
            "deadline": as_utc(kept).isoformat() if kept else None,
            "repeat_deadline": as_utc(dup.due_at).isoformat() if dup.due_at else None,
        },
    )
    records.refresh_clock(conn, env, dup.id, now)
    records.refresh_clock(conn, env, orig.id, now)
    return new_version
