"""The monthly referral table: per referrer and branch, how many were referred, accepted, won and lost.

A referral counts in the month it was *created* (the bank's calendar month, Asia/Shanghai), with where it
stands now: so last month's table fills in as last month's referrals close.  ``accepted`` counts those a
manager ever accepted (also those since won or lost); ``open`` those not yet won or lost; ``conversion`` is
won / (won + lost), None while none is closed.

Who sees which rows (kept simple): a supervisor every branch; a lobby manager their branch (and what they
referred elsewhere); a customer manager their branch and their own referrals; an agent their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, false, or_, select, true

from db.models import Branch, Referral, User
from services.permissions import Principal

from .referral_routing import OPEN_STATES
from .setup import DEFAULT_TIMEZONE
from .types import ReferralMonthRow


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The bank's calendar month holding ``month`` as an aware UTC interval [start, end)."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    first = dt.date(month.year, month.month, 1)
    after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(after, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    return start, end


def scope(principal: Principal) -> ColumnElement[bool]:
    """The referrals whose figures the principal may see (see the module docstring)."""
    mine = Referral.from_user_id == principal.user_id
    if principal.role == "supervisor":
        return true()
    if principal.role in ("lobby_manager", "customer_manager"):
        if principal.branch_id is None:
            return mine
        return or_(Referral.branch_id == principal.branch_id, mine)
    if principal.role == "agent":
        return mine
    return false()


@dataclass
class _Tally:
    referred: int = 0
    accepted: int = 0
    won: int = 0
    lost: int = 0
    open: int = 0
    won_amount: Decimal = field(default_factory=lambda: Decimal("0.00"))

    def add(self, r: Any) -> None:
        self.referred += 1
        self.accepted += r.accepted_at is not None
        self.won += r.status == "won"
        self.lost += r.status == "lost"
        self.open += r.status in OPEN_STATES
        if r.status == "won" and r.amount is not None:
            self.won_amount += Decimal(str(r.amount))


def month_rows(conn: Connection, principal: Principal, month: dt.date) -> list[ReferralMonthRow]:
    """The rows of ``month`` in the principal's scope, by branch then referrer name."""
    start, end = month_bounds(month)
    rows = conn.execute(
        select(Referral.from_user_id, Referral.branch_id, Referral.status, Referral.accepted_at, Referral.amount).where(
            Referral.created_at >= start, Referral.created_at < end, scope(principal)
        )
    ).all()
    tallies: dict[tuple[int, int], _Tally] = {}
    for r in rows:
        tallies.setdefault((int(r.from_user_id), int(r.branch_id)), _Tally()).add(r)
    if not tallies:
        return []
    users = {uid for uid, _ in tallies}
    branches = {bid for _, bid in tallies}
    names = dict(conn.execute(select(User.id, User.display_name).where(User.id.in_(users))).tuples().all())
    places = dict(conn.execute(select(Branch.id, Branch.name).where(Branch.id.in_(branches))).tuples().all())
    out = []
    for (uid, bid), t in tallies.items():
        closed = t.won + t.lost
        out.append(
            ReferralMonthRow(
                referrer_id=uid,
                referrer_name=names.get(uid, ""),
                branch_id=bid,
                branch_name=places.get(bid, ""),
                referred=t.referred,
                accepted=t.accepted,
                won=t.won,
                lost=t.lost,
                open=t.open,
                won_amount=t.won_amount,
                conversion=(t.won / closed) if closed else None,
            )
        )
    out.sort(key=lambda row: (row.branch_name, row.referrer_name, row.referrer_id))
    return out
