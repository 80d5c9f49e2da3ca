"""Small in-memory stand-ins for the lobby services (the contract of /services/lobby) and realistic values, for
the floor screens' tests and screenshots: long names, long Chinese texts, VIPs, overdue referrals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from desktop.ui.lobby.desk import LobbyDesk
from services.lobby.types import (
    AppointmentView,
    BoardState,
    CalledNumber,
    Counter,
    DisplayState,
    IssuedTicket,
    LobbyError,
    QueueTicketView,
    ReferralMonthRow,
    ReferralView,
    ServiceLoad,
    VipInLobby,
)
from services.permissions import Principal

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 10:30 in Shanghai
LONG_NAME = "欧阳娜仁其其格·阿依古丽"
LONG_NOTICE = (
    "温馨提示：本网点今日16:00起暂停办理对公开户业务，个人客户可通过手机银行办理转账、理财购买及信用卡还款等业务，"
    "如需办理大额现金取款请提前一天预约。感谢您的理解与支持！"
)
SERVICES = (
    ("cash", "现金业务", "Cash"),
    ("noncash", "非现金业务", "Non-cash"),
    ("loan", "个人贷款", "Personal loans"),
    ("wealth", "理财业务", "Wealth"),
    ("corporate", "对公业务", "Corporate"),
    ("vip", "贵宾室", "VIP room"),
)


def principal(role: str = "customer_manager", user_id: int = 7, branch_id: int = 1) -> Principal:
    return Principal(user_id=user_id, username=f"u{user_id}", role=role, branch_id=branch_id, display_name="王小明")


def counter(cid: int, label: str, **kw: Any) -> Counter:
    values: dict[str, Any] = {
        "id": cid,
        "branch_id": 1,
        "number": cid,
        "label": label,
        "services": ("cash", "noncash"),
        "serves_vip": False,
        "status": "closed",
        "user_id": None,
        "user_name": None,
        "seen_at": None,
        "stale": False,
        "version": 1,
    }
    values.update(kw)
    return Counter(**values)


def ticket(tid: int, number: str, **kw: Any) -> QueueTicketView:
    values: dict[str, Any] = {
        "id": tid,
        "branch_id": 1,
        "service_day": NOW.date(),
        "number": number,
        "service_code": "cash",
        "customer_id": None,
        "customer_name": None,
        "is_vip": False,
        "vip_level": 0,
        "priority": 0,
        "priority_reason": None,
        "status": "waiting",
        "counter_id": None,
        "counter_label": None,
        "issued_at": NOW - dt.timedelta(minutes=3 * tid),
        "called_at": None,
        "served_at": None,
        "finished_at": None,
        "recalls": 0,
        "outcome": None,
        "served_by_id": None,
        "version": 1,
    }
    values.update(kw)
    return QueueTicketView(**values)


def loads(*waiting: int) -> tuple[ServiceLoad, ...]:
    counts = waiting or (4, 7, 1, 2, 0, 1)
    return tuple(
        ServiceLoad(code, zh, en, n, 3 * n + 2 if n else 0, 1 if n else 0)
        for (code, zh, en), n in zip(SERVICES, counts, strict=False)
    )


def display_state(called: int = 5, notice: str = LONG_NOTICE, **kw: Any) -> DisplayState:
    numbers = tuple(
        CalledNumber(
            100 + i,
            f"{'ABCDV'[i % 5]}{12 - i:03d}",
            ["3号窗口", "1号窗口", "理财室", "贵宾室", "4号窗口"][i % 5],
            NOW - dt.timedelta(minutes=2 * i),
            0,
        )
        for i in range(called)
    )
    values: dict[str, Any] = {
        "branch_id": 1,
        "branch_name": "上海浦东陆家嘴环路支行营业部",
        "called": numbers,
        "waiting": loads(),
        "notice": notice,
        "as_of": NOW,
    }
    values.update(kw)
    return DisplayState(**values)


def board_state(**kw: Any) -> BoardState:
    counters = (
        counter(1, "1号窗口", status="open", user_id=11, user_name="李娜"),
        counter(2, "2号窗口", status="paused", user_id=12, user_name="张伟"),
        counter(3, "3号窗口"),
        counter(5, "理财室", status="open", user_id=13, user_name="司马相如", stale=True),
    )
    vips = (
        VipInLobby(201, "V003", "waiting", 55, LONG_NAME, "private", 5, 7, "诸葛晓明", 18, None),
        VipInLobby(202, "D007", "called", 56, "张*", "gold", 2, None, None, 4, NOW),
    )
    tickets = (
        ticket(
            1,
            "A012",
            customer_name=LONG_NAME,
            is_vip=True,
            vip_level=5,
            status="serving",
            counter_id=1,
            counter_label="1号窗口",
            called_at=NOW - dt.timedelta(minutes=1),
        ),
        ticket(2, "B020", customer_name="王*", status="waiting"),
        ticket(3, "C003", service_code="loan", status="no_show", counter_label="理财室"),
        ticket(
            4,
            "A011",
            status="done",
            outcome="served",
            counter_label="1号窗口",
            called_at=NOW - dt.timedelta(minutes=20),
        ),
    )
    values: dict[str, Any] = {
        "branch_id": 1,
        "branch_name": "上海浦东陆家嘴环路支行营业部",
        "services": loads(),
        "counters": counters,
        "counters_open": 2,
        "longest_wait_min": 23,
        "vips": vips,
        "no_shows": 3,
        "served": 42,
        "served_within_target": 37,
        "target_min": 15,
        "tickets": tickets,
        "as_of": NOW,
    }
    values.update(kw)
    return BoardState(**values)


def referral(rid: int, **kw: Any) -> ReferralView:
    values: dict[str, Any] = {
        "id": rid,
        "customer_id": 50 + rid,
        "customer_name": "张*",
        "branch_id": 1,
        "from_user_id": 3,
        "from_user_name": "大堂经理 刘芳",
        "to_user_id": 7,
        "to_user_name": "王小明",
        "source": "checkin",
        "interest": "wealth",
        "amount_band": "500k_3m",
        "urgency": "normal",
        "consent_contact": True,
        "note": None,
        "status": "new",
        "accept_by": NOW + dt.timedelta(hours=2),
        "overdue": False,
        "created_at": NOW - dt.timedelta(minutes=10 * rid),
        "accepted_at": None,
        "closed_at": None,
        "amount": None,
        "lost_reason": None,
        "version": 1,
    }
    values.update(kw)
    return ReferralView(**values)


def appointment(aid: int, hour: int, minute: int = 0, **kw: Any) -> AppointmentView:
    start = dt.datetime(2026, 3, 5, hour - 8, minute, tzinfo=dt.UTC)
    values: dict[str, Any] = {
        "id": aid,
        "customer_id": 60 + aid,
        "customer_name": "张*",
        "branch_id": 1,
        "branch_name": "陆家嘴支行",
        "service_code": "wealth",
        "slot_start": start,
        "slot_end": start + dt.timedelta(minutes=30),
        "status": "booked",
        "channel": "phone",
        "note": None,
        "ticket_id": None,
        "version": 1,
    }
    values.update(kw)
    return AppointmentView(**values)


class Recorder:
    """Remembers every call as (method, args)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _note(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


class FakeCounters(Recorder):
    def __init__(self, counters: list[Counter], waiting: list[QueueTicketView]) -> None:
        super().__init__()
        self.by_id = {c.id: c for c in counters}
        self.waiting = list(waiting)
        self.at: dict[int, QueueTicketView] = {}

    def counters(self, principal: Principal, branch_id: int | None = None) -> list[Counter]:
        return list(self.by_id.values())

    def _set(self, cid: int, **kw: Any) -> Counter:
        self.by_id[cid] = dataclasses.replace(self.by_id[cid], version=self.by_id[cid].version + 1, **kw)
        return self.by_id[cid]

    def hold(self, principal: Principal, counter_id: int, session_id: int, *, take_over: bool = False) -> Counter:
        self._note("hold", counter_id, session_id, take_over)
        c = self.by_id[counter_id]
        if c.user_id not in (None, principal.user_id) and not (c.stale and take_over):
            raise LobbyError("held", "该窗口正由其他电脑使用。", "Another desktop is using this counter.")
        return self._set(counter_id, user_id=principal.user_id, user_name=principal.display_name, stale=False)

    def open(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        self._note("open", counter_id)
        return self._set(counter_id, status="open")

    def pause(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        self._note("pause", counter_id)
        return self._set(counter_id, status="paused")

    def close(self, principal: Principal, counter_id: int, session_id: int) -> Counter:
        self._note("close", counter_id)
        return self._set(counter_id, status="closed", user_id=None, user_name=None)

    def heartbeat(self, principal: Principal, counter_id: int, session_id: int) -> None:
        self._note("heartbeat", counter_id, session_id)

    def current(self, principal: Principal, counter_id: int) -> QueueTicketView | None:
        self._note("current", counter_id)
        return self.at.get(counter_id)

    def call_next(self, principal: Principal, counter_id: int, session_id: int) -> QueueTicketView | None:
        self._note("call_next", counter_id)
        if not self.waiting:
            return None
        t = dataclasses.replace(self.waiting.pop(0), status="called", counter_id=counter_id, called_at=NOW)
        self.at[counter_id] = t
        return t

    def _change(self, ticket_id: int, version: int, **kw: Any) -> QueueTicketView:
        t = next(t for t in self.at.values() if t.id == ticket_id)
        if t.version != version:
            raise LobbyError("stale", "该号已被他人更改。", "Someone else changed this number first.")
        new = dataclasses.replace(t, version=version + 1, **kw)
        if t.counter_id is not None:
            if new.status in ("called", "serving"):
                self.at[t.counter_id] = new
            else:
                self.at.pop(t.counter_id, None)
        return new

    def recall(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        self._note("recall", ticket_id, version)
        t = next(t for t in self.at.values() if t.id == ticket_id)
        return self._change(ticket_id, version, recalls=t.recalls + 1)

    def no_show(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        self._note("no_show", ticket_id, version)
        return self._change(ticket_id, version, status="no_show")

    def transfer(
        self,
        principal: Principal,
        ticket_id: int,
        version: int,
        *,
        service_code: str | None = None,
        counter_id: int | None = None,
    ) -> QueueTicketView:
        self._note("transfer", ticket_id, version, service_code, counter_id)
        return self._change(ticket_id, version, status="waiting", service_code=service_code or "cash")

    def serve(self, principal: Principal, ticket_id: int, version: int) -> QueueTicketView:
        self._note("serve", ticket_id, version)
        return self._change(ticket_id, version, status="serving", served_at=NOW)

    def finish(self, principal: Principal, ticket_id: int, version: int, outcome: str) -> QueueTicketView:
        self._note("finish", ticket_id, version, outcome)
        return self._change(ticket_id, version, status="done", outcome=outcome)


class FakeFloor(Recorder):
    def __init__(self, display: DisplayState | None = None, board: BoardState | None = None) -> None:
        super().__init__()
        self.display_state = display or display_state()
        self.board_state = board or board_state()
        self.fail: BaseException | None = None

    def display(self, branch_id: int) -> DisplayState:
        self._note("display", branch_id)
        if self.fail is not None:
            raise self.fail
        return self.display_state

    def board(self, principal: Principal, branch_id: int | None = None) -> BoardState:
        self._note("board")
        return self.board_state

    def notify_manager(self, principal: Principal, ticket_id: int) -> None:
        self._note("notify_manager", ticket_id)


class FakeReferrals(Recorder):
    def __init__(self, inbox: list[ReferralView], sent: list[ReferralView] | None = None) -> None:
        super().__init__()
        self.items = {r.id: r for r in inbox}
        self.sent_items = list(sent or [])
        self.rows: list[ReferralMonthRow] = []

    def inbox(self, principal: Principal, *, include_closed: bool = False) -> list[ReferralView]:
        return [r for r in self.items.values() if include_closed or r.status not in ("won", "lost")]

    def sent(self, principal: Principal, *, days: int = 30) -> list[ReferralView]:
        return list(self.sent_items)

    def _step(self, name: str, rid: int, version: int, **kw: Any) -> ReferralView:
        self._note(name, rid, version, *kw.values())
        r = self.items[rid]
        if r.version != version:
            raise LobbyError("stale", "该转介已被他人更改。", "Someone else changed this referral first.")
        self.items[rid] = dataclasses.replace(r, version=version + 1, **kw)
        return self.items[rid]

    def accept(self, principal: Principal, rid: int, version: int) -> ReferralView:
        return self._step("accept", rid, version, status="accepted", accepted_at=NOW, overdue=False)

    def mark_contacted(self, principal: Principal, rid: int, version: int) -> ReferralView:
        return self._step("mark_contacted", rid, version, status="contacted")

    def mark_appointment(self, principal: Principal, rid: int, version: int) -> ReferralView:
        return self._step("mark_appointment", rid, version, status="appointment")

    def win(self, principal: Principal, rid: int, version: int, amount: Decimal) -> ReferralView:
        return self._step("win", rid, version, status="won", amount=amount, closed_at=NOW)

    def lose(self, principal: Principal, rid: int, version: int, reason: str) -> ReferralView:
        return self._step("lose", rid, version, status="lost", lost_reason=reason, closed_at=NOW)

    def month_table(self, principal: Principal, month: dt.date) -> list[ReferralMonthRow]:
        self._note("month_table", month)
        return list(self.rows)


class FakeQueue(Recorder):
    def issue(self, principal: Principal, service_code: str, **kw: Any) -> IssuedTicket:
        self._note("issue", service_code, kw)
        t = ticket(
            90, "D015", service_code=service_code, customer_id=kw.get("customer_id"), priority_reason="appointment"
        )
        return IssuedTicket(t, "陆家嘴支行", "理财业务", "Wealth", 2, 12, 1, False)


class FakeAppointments(Recorder):
    def __init__(self, items: list[AppointmentView]) -> None:
        super().__init__()
        self.items = {a.id: a for a in items}

    def today(self, principal: Principal, branch_id: int | None = None) -> list[AppointmentView]:
        return sorted(self.items.values(), key=lambda a: (a.slot_start, a.id))

    def cancel(self, principal: Principal, appointment_id: int, version: int) -> AppointmentView:
        self._note("cancel", appointment_id, version)
        a = dataclasses.replace(self.items[appointment_id], status="cancelled", version=version + 1)
        self.items[appointment_id] = a
        return a


def desk(**services: Any) -> LobbyDesk:
    values: dict[str, Any] = {
        name: None for name in ("queue", "counters", "floor", "checkin", "memos", "referrals", "appointments")
    }
    values.update(services)
    values.setdefault("session_id", 501)
    return LobbyDesk(**values)
