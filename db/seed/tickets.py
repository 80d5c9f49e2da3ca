"""Complaints and service tickets with their event trails; each one opened from a contact.

Complaints follow the regulator's clock as the ticket service computes it: the day of receipt is not
counted, the deadline is 23:59:59 Beijing time on the 15th calendar day after it (30 for a complex
case, a further 30 with an extension).  Most are closed; the open ones are recent, and a few are past
their deadline so that the supervisor's board has something to chase.

Each ticket also gets its ``ticket_clock`` row, filled the way the service's own backfill does (the
escalation scan then looks at every open ticket once), and the run ends with ``ticket_number_counter``
rows so that numbers handed out later continue after the seeded ones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import catalog, texts
from .columns import NULL_DAY, NULL_STAMP, Batch, Const, Day, Flag, Int, Money, Stamp, Text, batch
from .contacts import Alloc
from .people import CHURN, People, tier_of
from .world import EPOCH, World

HOUR = 3600
DAY = 86400
LOCAL = 8 * HOUR  # Asia/Shanghai, no daylight saving
NUMBER_DIGITS = 4  # TS2611-0042, as services.tickets.numbers formats them
OPEN_STATES = ("new", "acknowledged", "in_progress", "pending_customer", "pending_internal", "reopened")
OPEN_P = (0.1, 0.25, 0.35, 0.1, 0.15, 0.05)
INTAKE = ("call_in", "branch_visit", "wechat", "email", "regulator")
INTAKE_P = (0.55, 0.2, 0.1, 0.05, 0.1)
CATEGORY_DISPOSITION = {
    "fee_dispute": "complaint.fee",
    "transaction_dispute": "complaint.transaction",
    "app_issue": "complaint.transaction",
    "wealth_misselling": "complaint.transaction",
}
SERVICE_DISPOSITION = {"card_replacement": "service.card_loss"}


@dataclass
class Intake:
    """Contacts that opened a ticket, merged into the chunk's interactions."""

    person: list[int] = field(default_factory=list)
    stamp: list[int] = field(default_factory=list)
    channel: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    disposition: list[str | None] = field(default_factory=list)
    user: list[int] = field(default_factory=list)
    ticket: list[int] = field(default_factory=list)


def now_stamp(world: World) -> int:
    """The generator's 'now': noon, Beijing time, on ``world.today``."""
    return world.today_day * DAY + 4 * HOUR


def ticket_batches(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> tuple[list[Batch], Intake]:
    tier = tier_of(p.aum_cents)
    chance = np.where(p.lifecycle == CHURN, 0.08, 0.022) * np.where(tier >= 3, 1.5, 1.0)
    complaint = (rng.random(p.n) < chance) & ~p.prospect
    service = (rng.random(p.n) < 0.012) & ~p.prospect
    people = np.concatenate([np.flatnonzero(complaint), np.flatnonzero(service)])
    kinds = ["complaint"] * int(complaint.sum()) + ["service"] * int(service.sum())
    order = np.argsort(people, kind="stable")
    ids = alloc("ticket", len(people))
    cols: dict[str, list[Any]] = defaultdict(list)
    events: dict[str, list[Any]] = defaultdict(list)
    intake = Intake()
    for tid, idx in zip(ids.tolist(), order.tolist(), strict=True):
        _one_ticket(world, p, rng, int(people[idx]), kinds[idx], tid, cols, events, intake)
    clocks = _clocks(ids, cols)
    n = len(ids)
    tickets = batch(
        "ticket",
        n,
        id=Int(ids),
        version=Const(1),
        created_at=Stamp(np.array(cols["received_at"], dtype=np.int64)),
        updated_at=Stamp(np.array(cols["updated_at"], dtype=np.int64)),
        number=Text(cols["number"]),
        kind=Text(cols["kind"]),
        customer_id=Int(np.array(cols["customer_id"], dtype=np.int64)),
        category=Text(cols["category"]),
        severity=Text(cols["severity"]),
        status=Text(cols["status"]),
        intake_channel=Text(cols["intake_channel"]),
        summary=Text(cols["summary"]),
        description=Text(cols["description"]),
        customer_request=Text(cols["customer_request"]),
        complained_user_id=Int(np.array(cols["complained_user_id"], dtype=np.int64), zero_is_null=True),
        complained_branch_id=Int(np.array(cols["complained_branch_id"], dtype=np.int64), zero_is_null=True),
        identity_verified=Flag(np.array(cols["identity_verified"], dtype=bool)),
        received_at=Stamp(np.array(cols["received_at"], dtype=np.int64)),
        referral_date=Day(np.array(cols["referral_date"], dtype=np.int64)),
        is_complex=Flag(np.array(cols["is_complex"], dtype=bool)),
        regulatory_deadline=Stamp(np.array(cols["regulatory_deadline"], dtype=np.int64)),
        extended_deadline=Stamp(np.array(cols["extended_deadline"], dtype=np.int64)),
        first_response_due=Stamp(np.array(cols["first_response_due"], dtype=np.int64)),
        next_update_due=Stamp(np.array(cols["next_update_due"], dtype=np.int64)),
        breached=Flag(np.array(cols["breached"], dtype=bool)),
        sla_policy_id=Int(np.array(cols["sla_policy_id"], dtype=np.int64)),
        assignee_id=Int(np.array(cols["assignee_id"], dtype=np.int64), zero_is_null=True),
        team_id=Int(np.array(cols["team_id"], dtype=np.int64), zero_is_null=True),
        merged_into_id=Const(None),
        call_id=Const(None),
        decided_at=Stamp(np.array(cols["decided_at"], dtype=np.int64)),
        closed_at=Stamp(np.array(cols["closed_at"], dtype=np.int64)),
        resolution=Text(cols["resolution"]),
        outcome=Text(cols["outcome"]),
        compensation=Money(np.array(cols["compensation"], dtype=np.int64), null=np.array(cols["no_comp"], dtype=bool)),
        satisfaction=Int(np.array(cols["satisfaction"], dtype=np.int64), zero_is_null=True),
        created_by_id=Int(np.array(cols["created_by_id"], dtype=np.int64), zero_is_null=True),
    )
    m = len(events["ticket_id"])
    ticket_events = batch(
        "ticket_event",
        m,
        id=Int(alloc("ticket_event", m)),
        ticket_id=Int(np.array(events["ticket_id"], dtype=np.int64)),
        kind=Text(events["kind"]),
        actor_id=Int(np.array(events["actor_id"], dtype=np.int64), zero_is_null=True),
        at=Stamp(np.array(events["at"], dtype=np.int64)),
        body=Text(events["body"]),
        data=Text(events["data"]),
    )
    return [tickets, ticket_events, clocks], intake


def _clocks(ids: np.ndarray, cols: dict[str, list[Any]]) -> Batch:
    """``ticket_clock`` rows as the ticket service's backfill writes them."""
    n = len(ids)
    status = np.array(cols["status"], dtype=object)
    is_open = np.isin(status, OPEN_STATES)
    regulatory = np.array(cols["regulatory_deadline"], dtype=np.int64)
    extended = np.array(cols["extended_deadline"], dtype=np.int64)
    due = np.where(extended != NULL_STAMP, extended, regulatory)
    breached = np.array(cols["breached"], dtype=bool)
    return batch(
        "ticket_clock",
        n,
        ticket_id=Int(ids),
        started_at=Stamp(np.array(cols["clock_start"], dtype=np.int64)),
        due_at=Stamp(due),
        open_due_at=Stamp(np.where(is_open, due, NULL_STAMP)),
        next_check_at=Stamp(np.where(is_open, np.array(cols["received_at"], dtype=np.int64), NULL_STAMP)),
        warn_level=Const(0),
        breached_at=Stamp(np.where(breached, due, NULL_STAMP)),
        first_responded_at=Stamp(np.array(cols["first_responded_at"], dtype=np.int64)),
        first_response_overdue=Const(False),
        sla_paused_s=Const(0),
    )


def counter_batch(world: World) -> Batch:
    """``ticket_number_counter``: the last sequence handed out per prefix (e.g. ``TS2611``)."""
    prefixes = sorted(world.ticket_seq)
    return batch(
        "ticket_number_counter",
        len(prefixes),
        prefix=Text(prefixes),
        last_value=Int(np.array([world.ticket_seq[k] for k in prefixes], dtype=np.int64)),
    )


def _one_ticket(
    world: World,
    p: People,
    rng: np.random.Generator,
    i: int,
    kind: str,
    tid: int,
    cols: dict[str, list[Any]],
    events: dict[str, list[Any]],
    intake: Intake,
) -> None:
    org = world.org
    now = now_stamp(world)
    since = int(p.since_day[i])
    u = rng.random(8)
    is_open = u[0] < 0.12
    status = OPEN_STATES[int(np.searchsorted(np.cumsum(OPEN_P), u[1] * 0.9999))] if is_open else "closed"
    if status == "new":
        received = now - int(u[2] * 20 * HOUR)
    elif status == "reopened":
        received = now - int((20 + u[2] * 20) * DAY)
    elif is_open and kind == "complaint" and u[3] < 0.12:
        received = now - int((16 + u[2] * 9) * DAY)  # past its deadline
    elif is_open:
        received = now - int((1 + u[2] * 13) * DAY)
    else:
        first = max(since, world.today_day - 900) * DAY
        received = first + int(u[2] * max(now - 20 * DAY - first, DAY))
    received = received - received % 60
    if kind == "complaint":
        category, summary, description, request = texts.COMPLAINTS[int(u[4] * len(texts.COMPLAINTS))]
        channel = INTAKE[int(np.searchsorted(np.cumsum(INTAKE_P), u[5] * 0.9999))]
        severity = "critical" if u[6] < 0.03 else "major" if u[6] < 0.15 else "normal"
        policy = "complaint_major" if severity != "normal" else "complaint_standard"
        prefix = "TS"
        staff = org.complaint_staff
        team = org.complaint_team
    else:
        category, summary, description = texts.SERVICE_REQUESTS[int(u[4] * len(texts.SERVICE_REQUESTS))]
        request = None
        channel = "call_in" if u[5] < 0.6 else "branch_visit"
        severity, policy, prefix = "normal", "service_standard", "FW"
        staff = org.agents
        team = 0
    sla = catalog.SLA_POLICIES[org.sla[policy] - 1]
    complex_case = kind == "complaint" and (status == "reopened" or u[7] < 0.08)
    local = EPOCH + dt.timedelta(seconds=received + 8 * HOUR)
    key = f"{prefix}{local:%y%m}"
    world.ticket_seq[key] = world.ticket_seq.get(key, 0) + 1
    assignee = int(staff[int(u[3] * len(staff))])
    if team == 0:
        team = int((assignee - int(org.agents[0])) % 5) + 1
    creator = (
        int(org.lobby_of_branch[p.branch[i]])
        if channel == "branch_visit"
        else int(org.agents[int(u[7] * len(org.agents))])
    )
    local_day = (received + LOCAL) // DAY  # the day of receipt (or referral) is not counted

    def end_of_day(days_after: int) -> int:
        return (local_day + days_after + 1) * DAY - 1 - LOCAL

    deadline = end_of_day(15) if kind == "complaint" else NULL_STAMP
    extended = end_of_day(60 if status == "reopened" else 30) if complex_case else NULL_STAMP
    due = extended if complex_case else deadline
    breached = is_open and due != NULL_STAMP and due < now

    trail: list[tuple[str, int, int, str | None, dict[str, Any] | None]] = [
        ("created", creator, received, summary, None)
    ]
    t = received + int((10 + u[6] * 50) * 60)
    if status != "new":
        trail.append(("assigned", int(org.supervisors[-1]), t, None, {"assignee_id": assignee}))
        t += int((1 + u[5] * 18) * HOUR)
        trail.append(("status_changed", assignee, t, None, {"from": "new", "to": "acknowledged"}))
    if status not in ("new", "acknowledged"):
        t += int((2 + u[4] * 30) * HOUR)
        trail.append(("status_changed", assignee, t, None, {"from": "acknowledged", "to": "in_progress"}))
        t += int((1 + u[3] * 40) * HOUR)
        trail.append(("comment", assignee, min(t, now - HOUR), "已联系客户核实情况，正在调查处理。", None))
    if status in ("pending_customer", "pending_internal"):
        t = min(t + 4 * HOUR, now - 30 * 60)
        trail.append(("status_changed", assignee, t, None, {"from": "in_progress", "to": status}))
    decided = closed = NULL_STAMP
    resolution = outcome = None
    compensation, satisfaction = 0, 0
    if status in ("closed", "reopened"):
        span = (28 if complex_case else 13) * DAY
        decided = received + int((1 + u[1] * 0.9) * DAY + u[2] * span * 0.8)
        decided = min(decided, now - 2 * DAY)
        closed = min(decided + int(u[6] * 3 * DAY), now - DAY)
        resolution = (
            texts.COMPLAINT_RESOLUTIONS[int(u[5] * len(texts.COMPLAINT_RESOLUTIONS))]
            if kind == "complaint"
            else "已按客户申请办理完成。"
        )
        outcome = texts.COMPLAINT_OUTCOMES[int(u[4] * 4)] if kind == "complaint" else "completed"
        if outcome == "upheld" and u[3] < 0.3:
            compensation = int(50 + u[7] * 1950) * 100
        satisfaction = int(1 + u[0] * 5) if u[1] < 0.6 else 0
        trail.append(("decided", assignee, decided, resolution, {"outcome": outcome}))
        trail.append(("closed", assignee, closed, None, {"from": "decided", "to": "closed"}))
    if status == "reopened":
        t = now - int((1 + u[3] * 3) * DAY)
        trail.append(
            ("reopened", assignee, t, "客户对处理结果不满意，重新打开。", {"from": "closed", "to": "reopened"})
        )
    for ev_kind, actor, at, body, data in trail:
        events["ticket_id"].append(tid)
        events["kind"].append(ev_kind)
        events["actor_id"].append(actor)
        events["at"].append(min(at, now))
        events["body"].append(body)
        events["data"].append(json.dumps(data, ensure_ascii=False) if data else None)

    cols["number"].append(f"{key}-{world.ticket_seq[key]:0{NUMBER_DIGITS}d}")
    cols["kind"].append(kind)
    cols["customer_id"].append(int(p.ids[i]))
    cols["category"].append(category)
    cols["severity"].append(severity)
    cols["status"].append(status)
    cols["intake_channel"].append(channel)
    cols["summary"].append(summary)
    cols["description"].append(description)
    cols["customer_request"].append(request)
    complained_branch = int(p.branch[i]) + 1 if kind == "complaint" and u[6] < 0.35 else 0
    cols["complained_branch_id"].append(complained_branch)
    cols["complained_user_id"].append(int(org.lobby_of_branch[p.branch[i]]) if complained_branch and u[5] < 0.3 else 0)
    cols["identity_verified"].append(bool(u[0] < 0.95))
    cols["received_at"].append(received)
    cols["clock_start"].append(local_day * DAY - LOCAL if channel == "regulator" else received)
    acknowledged = [ev[2] for ev in trail if ev[0] == "status_changed"]
    cols["first_responded_at"].append(min(acknowledged[0], now) if acknowledged else NULL_STAMP)
    cols["referral_date"].append(received // DAY if channel == "regulator" else NULL_DAY)
    cols["is_complex"].append(complex_case)
    cols["regulatory_deadline"].append(deadline)
    cols["extended_deadline"].append(extended)
    cols["first_response_due"].append(received + sla[7] * 60)
    cols["next_update_due"].append(now + int((2 + u[2] * 70) * HOUR) if status in OPEN_STATES else NULL_STAMP)
    cols["breached"].append(breached)
    cols["sla_policy_id"].append(org.sla[policy])
    cols["assignee_id"].append(assignee if status != "new" else 0)
    cols["team_id"].append(team)
    cols["decided_at"].append(decided)
    cols["closed_at"].append(closed if status == "closed" else NULL_STAMP)
    cols["resolution"].append(resolution)
    cols["outcome"].append(outcome)
    cols["compensation"].append(compensation)
    cols["no_comp"].append(compensation == 0)
    cols["satisfaction"].append(satisfaction)
    cols["created_by_id"].append(creator)
    cols["updated_at"].append(min(max(ev[2] for ev in trail), now))

    if channel != "regulator":
        intake.person.append(i)
        intake.stamp.append(received)
        intake.channel.append(channel)
        intake.subject.append(("投诉：" if kind == "complaint" else "服务申请：") + summary)
        intake.summary.append(description)
        intake.disposition.append(
            CATEGORY_DISPOSITION.get(category, "complaint.service")
            if kind == "complaint"
            else SERVICE_DISPOSITION.get(category, "service.update_info")
        )
        intake.user.append(creator)
        intake.ticket.append(tid)
