"""Today's likely reasons for a visit, one indexed statement per kind (see :mod:`.recognition`).

Each builder reads one kind for one customer and words it in both languages: deposits maturing within
:data:`MATURING_AHEAD_DAYS` days or matured within :data:`MATURED_BEHIND_DAYS`, reminders due by the end of the
branch's day (the open memo comes from the same statement), open complaints with their regulatory (or extended)
deadline, referrals in progress, today's appointment at the branch, and a birthday within
:data:`BIRTHDAY_AHEAD_DAYS` days.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, case, func, select
from sqlalchemy.orm import aliased

from db.models import Appointment, Holding, Product, Referral, Reminder, Ticket, User
from db.models.lobby import MEMO_KINDS
from db.models.ticket import OPEN_TICKET_STATES
from db.write import aware
from services.mask_policy import MaskPolicy
from services.permissions import Principal

from .memos import memo_item
from .types import MemoItem, Reason, ServiceType

MATURING_AHEAD_DAYS = 7
MATURED_BEHIND_DAYS = 3
BIRTHDAY_AHEAD_DAYS = 3
COMPLAINT_URGENT = dt.timedelta(days=3)
REASON_LIMIT = 5  # per kind
MEMO_LIMIT = 20
OPEN_REFERRAL_STATES = ("new", "accepted", "contacted", "appointment")
OPEN_APPOINTMENT_STATES = ("booked", "checked_in")

INTERESTS = {
    "deposit": ("存款", "deposits"),
    "wealth": ("理财", "wealth management"),
    "fund": ("基金", "funds"),
    "insurance": ("保险", "insurance"),
    "loan": ("贷款", "a loan"),
    "card": ("信用卡", "a card"),
    "other": ("其他", "other needs"),
}
REFERRAL_STATES = {
    "new": ("待接收", "awaiting the manager"),
    "accepted": ("已接收", "accepted"),
    "contacted": ("已联系", "contacted"),
    "appointment": ("已约见", "meeting booked"),
}

_to_user = aliased(User)


def _md(day: dt.date) -> tuple[str, str]:
    return f"{day.month}月{day.day}日", day.strftime("%d %b").lstrip("0")


def maturing(
    conn: Connection, cid: int, today: dt.date, zone: ZoneInfo, principal: Principal, policy: MaskPolicy
) -> tuple[list[Reason], set[int]]:
    rows = conn.execute(
        select(Holding.id, Holding.account_masked, Holding.balance, Holding.maturity_date, Product.name)
        .join(Product, Product.id == Holding.product_id)
        .where(
            Holding.customer_id == cid,
            Holding.kind == "term_deposit",
            Holding.status != "closed",
            Holding.maturity_date >= today - dt.timedelta(days=MATURED_BEHIND_DAYS),
            Holding.maturity_date <= today + dt.timedelta(days=MATURING_AHEAD_DAYS),
        )
        .order_by(Holding.maturity_date)
        .limit(REASON_LIMIT)
    ).all()
    out = []
    for r in rows:
        days = (r.maturity_date - today).days
        account = policy.apply("account", r.account_masked, principal.role)
        amount = f"¥{r.balance:,.2f}"
        zh_day, en_day = _md(r.maturity_date)
        if days < 0:
            when_zh, when_en = f"已于{zh_day}到期", f"matured on {en_day}"
        elif days == 0:
            when_zh, when_en = "今天到期", "matures today"
        else:
            when_zh, when_en = f"{zh_day}到期（{days}天后）", f"matures on {en_day} (in {days} days)"
        due = dt.datetime.combine(r.maturity_date, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
        out.append(
            Reason(
                "maturing_deposit",
                f"{r.name} {account} {amount}，{when_zh}",
                f"{r.name} {account} {amount} {when_en}",
                due=due,
                urgent=days <= 1,
            )
        )
    return out, {int(r.id) for r in rows}


def reminders_and_memo(
    conn: Connection, cid: int, day_end: dt.datetime, covered_holdings: set[int]
) -> tuple[list[Reason], list[MemoItem]]:
    """Reminders due by the end of today (not memos), and the open memo, from one statement."""
    stmt = (
        select(
            Reminder.id,
            Reminder.customer_id,
            Reminder.kind,
            Reminder.title,
            Reminder.body,
            Reminder.due_at,
            Reminder.done_at,
            Reminder.created_at,
            Reminder.version,
            Reminder.holding_id,
            User.display_name.label("author_name"),
        )
        .outerjoin(User, User.id == Reminder.created_by_id)
        .where(
            Reminder.customer_id == cid,
            Reminder.done_at.is_(None),
            Reminder.kind.in_(MEMO_KINDS) | (Reminder.due_at < day_end),
        )
        .order_by(Reminder.due_at.desc())
        .limit(MEMO_LIMIT * 3)
    )
    reasons: list[Reason] = []
    memo: list[MemoItem] = []
    for r in sorted(conn.execute(stmt).all(), key=lambda r: aware(r.due_at)):  # type: ignore[arg-type,return-value]
        if r.kind in MEMO_KINDS:
            memo.append(memo_item(r))
        elif r.holding_id not in covered_holdings or r.holding_id is None:
            due = aware(r.due_at)
            reasons.append(Reason("reminder", f"提醒：{r.title}", f"Reminder: {r.title}", due=due))
    todos = [m for m in memo if m.kind == "todo"]
    notes = sorted((m for m in memo if m.kind != "todo"), key=lambda m: m.created_at, reverse=True)
    return reasons[-REASON_LIMIT:], (todos + notes)[:MEMO_LIMIT]


def complaints(conn: Connection, cid: int, now: dt.datetime, zone: ZoneInfo) -> list[Reason]:
    deadline = func.coalesce(Ticket.extended_deadline, Ticket.regulatory_deadline)
    rows = conn.execute(
        select(Ticket.number, Ticket.summary, Ticket.regulatory_deadline, Ticket.extended_deadline)
        .where(Ticket.customer_id == cid, Ticket.status.in_(OPEN_TICKET_STATES), Ticket.kind == "complaint")
        .order_by(deadline)
        .limit(REASON_LIMIT)
    ).all()
    out = []
    for r in rows:
        due = aware(r.extended_deadline or r.regulatory_deadline)
        if due is None:
            zh_due, en_due = "", ""
        else:
            local = due.astimezone(zone)
            zh_day, en_day = _md(local.date())
            extended_zh, extended_en = ("（已延期）", " (extended)") if r.extended_deadline else ("", "")
            zh_due = f"，处理时限 {zh_day} {local:%H:%M}{extended_zh}"
            en_due = f"; decide by {en_day} {local:%H:%M}{extended_en}"
        urgent = due is not None and due - now <= COMPLAINT_URGENT
        out.append(
            Reason(
                "complaint",
                f"未结投诉 {r.number}：{r.summary}{zh_due}",
                f"Open complaint {r.number}: {r.summary}{en_due}",
                due=due,
                urgent=urgent,
            )
        )
    return out


def referrals(conn: Connection, cid: int) -> tuple[list[Reason], str | None]:
    rows = conn.execute(
        select(Referral.interest, Referral.status, _to_user.display_name.label("to_name"))
        .outerjoin(_to_user, _to_user.id == Referral.to_user_id)
        .where(Referral.customer_id == cid, Referral.status.in_(OPEN_REFERRAL_STATES))
        .order_by(Referral.created_at.desc())
        .limit(REASON_LIMIT)
    ).all()
    out = []
    for r in rows:
        what_zh, what_en = INTERESTS.get(r.interest, (r.interest, r.interest))
        state_zh, state_en = REFERRAL_STATES.get(r.status, (r.status, r.status))
        to_zh = f"，客户经理 {r.to_name}" if r.to_name else ""
        to_en = f", manager {r.to_name}" if r.to_name else ""
        out.append(
            Reason(
                "referral",
                f"转介进行中：{what_zh}（{state_zh}）{to_zh}",
                f"Referral in progress: {what_en} ({state_en}){to_en}",
            )
        )
    return out, (rows[0].interest if rows else None)


def appointment(
    conn: Connection,
    cid: int,
    branch_id: int,
    day_start: dt.datetime,
    day_end: dt.datetime,
    zone: ZoneInfo,
    offered: dict[str, ServiceType],
) -> tuple[list[Reason], str | None, int | None]:
    """Today's appointment at the branch: the reason, its service, and its id while it is still to check in."""
    row = conn.execute(
        select(Appointment.id, Appointment.status, Appointment.service_code, Appointment.slot_start)
        .where(
            Appointment.customer_id == cid,
            Appointment.slot_start >= day_start,
            Appointment.slot_start < day_end,
            Appointment.branch_id == branch_id,
            Appointment.status.in_(OPEN_APPOINTMENT_STATES),
        )
        .order_by(case((Appointment.status == "booked", 0), else_=1), Appointment.slot_start)
        .limit(1)
    ).first()
    if row is None:
        return [], None, None
    start = aware(row.slot_start)
    assert start is not None
    service = offered.get(row.service_code)
    name_zh, name_en = (service.name_zh, service.name_en) if service else (row.service_code, row.service_code)
    local = start.astimezone(zone)
    booked = row.status == "booked"
    state_zh, state_en = ("", "") if booked else ("（已取号）", " (number issued)")
    reason = Reason(
        "appointment",
        f"今天 {local:%H:%M} 预约了{name_zh}{state_zh}",
        f"Appointment today at {local:%H:%M}: {name_en}{state_en}",
        due=start,
        urgent=booked,
    )
    return [reason], row.service_code, int(row.id) if booked else None


def birthday(birth: dt.date | None, today: dt.date) -> list[Reason]:
    if birth is None:
        return []
    for ahead in range(BIRTHDAY_AHEAD_DAYS + 1):
        day = today + dt.timedelta(days=ahead)
        if _birthday_on(birth, day):
            if ahead == 0:
                return [Reason("birthday", "今天是客户生日", "Birthday today", urgent=True)]
            zh_day, en_day = _md(day)
            return [Reason("birthday", f"{zh_day}生日（{ahead}天后）", f"Birthday on {en_day} (in {ahead} days)")]
    return []


def _birthday_on(birth: dt.date, day: dt.date) -> bool:
    if (birth.month, birth.day) == (day.month, day.day):
        return True
    # Born on 29 February: celebrated on the 28th in a common year.
    leap = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    return (birth.month, birth.day) == (2, 29) and not leap and (day.month, day.day) == (2, 28)
