"""The demo's branch lobby: every branch's standard set-up, and at the demo branch a lived-in day.

Built when the demo database is made and topped up each time the demo opens (a queue belongs to one day):
two weeks of served numbers behind the estimates and the reports, today's queue (served, being served,
waiting VIPs, a priority customer, an appointment checked in, no-shows), referrals in every state, service
memos and to-dos, appointments, and the display's notice.  Each part is written once: what is there already
is left alone.  Runs on the database worker.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from db.models import (
    Appointment,
    Branch,
    Customer,
    LobbyCounter,
    LobbyNotice,
    LobbySeries,
    LobbyService,
    QueueTicket,
    Referral,
    Reminder,
    User,
)
from db.write import utcnow, write_txn
from services.lobby.setup import branch_zone, day_bounds, ensure_branch_setup, service_day

DEMO_BRANCH = 1
ROBOT_COUNTERS = (1, 2, 5, 6)  # the counters the demo's colleagues work at
HISTORY_DAYS = 14
NOTICE = "今日理财经理驻点 10:00–16:00；大额取现请提前一天预约；外币兑换请至 3 号窗口。"
# Service code -> share of a day's numbers.
MIX = {"cash": 0.32, "noncash": 0.33, "loan": 0.07, "wealth": 0.12, "corporate": 0.08, "vip": 0.08}


def install_lobby_demo(engine: Any, now: dt.datetime | None = None) -> dict[str, int]:
    """Set up every branch's lobby and fill the demo branch's; returns what was added, by part."""
    now = now or utcnow()
    added: dict[str, int] = {}
    with write_txn(engine) as conn:
        for branch_id in conn.execute(select(Branch.id)).scalars().all():
            ensure_branch_setup(conn, branch_id)
        if conn.execute(select(Branch.id).where(Branch.id == DEMO_BRANCH)).first() is None:
            return added
        rng = random.Random(int(now.strftime("%Y%m%d")))
        people = _People.load(conn)
        if not people.ok:
            return added
        added["history"] = _history(conn, rng, people, now)
        added["today"] = _today(conn, rng, people, now)
        added["referrals"] = _referrals(conn, rng, people, now)
        added["memos"] = _memos(conn, people, now)
        added["appointments"] = _appointments(conn, people, now)
        if conn.execute(select(LobbyNotice.branch_id).where(LobbyNotice.branch_id == DEMO_BRANCH)).first() is None:
            conn.execute(insert(LobbyNotice).values(branch_id=DEMO_BRANCH, text=NOTICE, updated_at=now))
    return added


class _People:
    """The demo branch's staff and customers the demo data is about."""

    def __init__(self) -> None:
        self.lobby: int | None = None
        self.agent: int | None = None
        self.managers: list[int] = []
        self.vips: list[tuple[int, str, int | None]] = []  # id, name, manager
        self.others: list[int] = []
        self.prefix: dict[str, str] = {}
        self.minutes: dict[str, int] = {}
        self.counters: dict[int, tuple[int, list[str]]] = {}  # number -> (id, profile)

    @property
    def ok(self) -> bool:
        return self.lobby is not None and bool(self.managers) and len(self.others) >= 6 and bool(self.vips)

    @classmethod
    def load(cls, conn: Connection) -> _People:
        p = cls()
        users = conn.execute(
            select(User.id, User.username, User.role_code).where(User.is_active.is_(True)).order_by(User.id)
        ).all()
        p.lobby = next((u.id for u in users if u.username == "lobby01"), None)
        p.agent = next((u.id for u in users if u.username == "agent01"), None)
        p.managers = [
            int(u.id)
            for u in conn.execute(
                select(User.id).where(
                    User.role_code == "customer_manager", User.branch_id == DEMO_BRANCH, User.is_active.is_(True)
                )
            ).all()
        ]
        vip_rows = conn.execute(
            select(Customer.id, Customer.name, Customer.manager_id)
            .where(Customer.branch_id == DEMO_BRANCH, Customer.vip_level >= 2, Customer.manager_id.is_not(None))
            .order_by(Customer.vip_level.desc(), Customer.id)
            .limit(12)
        ).all()
        p.vips = [(int(r.id), r.name, r.manager_id) for r in vip_rows]
        p.others = [
            int(i)
            for i in conn.execute(
                select(Customer.id)
                .where(Customer.branch_id == DEMO_BRANCH, Customer.vip_level == 0)
                .order_by(Customer.id)
                .limit(400)
            ).scalars()
        ]
        for code, prefix, minutes in conn.execute(
            select(LobbyService.code, LobbyService.prefix, LobbyService.default_minutes).where(
                LobbyService.branch_id == DEMO_BRANCH
            )
        ).all():
            p.prefix[code], p.minutes[code] = prefix, int(minutes)
        for cid, number, profile in conn.execute(
            select(LobbyCounter.id, LobbyCounter.number, LobbyCounter.services).where(
                LobbyCounter.branch_id == DEMO_BRANCH
            )
        ).all():
            p.counters[int(number)] = (int(cid), list(profile or []))
        return p

    def teller(self, counter_no: int) -> int:
        """Who works at a robots' counter: the branch's customer managers other than the demo's cm01."""
        others = self.managers[1:] or self.managers
        return others[ROBOT_COUNTERS.index(counter_no) % len(others)] if counter_no in ROBOT_COUNTERS else others[0]

    def vip(self, k: int) -> int:
        """The ``k``-th VIP customer of the branch (round the list again when it is short)."""
        return self.vips[k % len(self.vips)][0]

    def counter_for(self, code: str, rng: random.Random) -> tuple[int, int]:
        """(counter id, counter number) of a counter whose profile has ``code``."""
        fits = sorted(n for n, (_i, profile) in self.counters.items() if code in profile)
        number = rng.choice(fits) if fits else min(self.counters)
        return self.counters[number][0], number


class _Numbers:
    """Hands out a day's numbers per series, as the queue does, and records the series' last number."""

    def __init__(self, conn: Connection, day: dt.date) -> None:
        self.conn, self.day = conn, day
        self.last: dict[str, int] = {}

    def next(self, prefix: str) -> tuple[int, str]:
        seq = self.last.get(prefix, 0) + 1
        self.last[prefix] = seq
        return seq, f"{prefix}{seq:03d}"

    def save(self) -> None:
        for prefix, seq in self.last.items():
            self.conn.execute(
                insert(LobbySeries).values(branch_id=DEMO_BRANCH, service_day=self.day, prefix=prefix, last_seq=seq)
            )


def _pick_service(rng: random.Random) -> str:
    return rng.choices(list(MIX), weights=list(MIX.values()))[0]


def _history(conn: Connection, rng: random.Random, people: _People, now: dt.datetime) -> int:
    zone = branch_zone(conn, DEMO_BRANCH)
    today = service_day(zone, now)
    first = today - dt.timedelta(days=HISTORY_DAYS)
    start_today, _ = day_bounds(zone, today)
    if conn.execute(
        select(QueueTicket.id).where(QueueTicket.branch_id == DEMO_BRANCH, QueueTicket.issued_at < start_today).limit(1)
    ).first():
        return 0
    rows: list[dict[str, Any]] = []
    for offset in range(HISTORY_DAYS):
        day = first + dt.timedelta(days=offset)
        if day.weekday() == 6:  # closed on Sundays
            continue
        numbers = _Numbers(conn, day)
        opening = dt.datetime.combine(day, dt.time(9, 0), tzinfo=zone)
        for _ in range(rng.randint(45, 75)):
            code = _pick_service(rng)
            seq, number = numbers.next(people.prefix[code])
            issued = opening + dt.timedelta(minutes=rng.uniform(0, 470))
            waited = dt.timedelta(minutes=max(0.5, rng.gauss(11, 6)))
            served = dt.timedelta(minutes=max(1.5, rng.gauss(people.minutes[code], people.minutes[code] / 3)))
            counter_id, counter_no = people.counter_for(code, rng)
            no_show = rng.random() < 0.05
            customer = _customer_for(code, rng, people)
            rows.append(
                _ticket(
                    day,
                    number,
                    seq,
                    code,
                    customer,
                    status="no_show" if no_show else "done",
                    issued=issued,
                    called=issued + waited,
                    served=None if no_show else issued + waited + dt.timedelta(seconds=40),
                    finished=issued + waited + (dt.timedelta(minutes=2) if no_show else served),
                    counter=(counter_id, counter_no),
                    user=people.teller(counter_no),
                    outcome=None if no_show else "served",
                    vip=code == "vip",
                    issued_by=people.lobby,
                )
            )
        numbers.save()
    if rows:
        conn.execute(insert(QueueTicket), rows)
    return len(rows)


def _customer_for(code: str, rng: random.Random, people: _People) -> int | None:
    if code == "vip":
        return rng.choice(people.vips)[0]
    return rng.choice(people.others) if rng.random() < 0.7 else None


def _ticket(
    day: dt.date,
    number: str,
    seq: int,
    code: str,
    customer: int | None,
    *,
    status: str,
    issued: dt.datetime,
    called: dt.datetime | None = None,
    served: dt.datetime | None = None,
    finished: dt.datetime | None = None,
    counter: tuple[int, int] | None = None,
    user: int | None = None,
    outcome: str | None = None,
    vip: bool = False,
    priority: int = 0,
    reason: str | None = None,
    issued_by: int | None = None,
) -> dict[str, Any]:
    return {
        "branch_id": DEMO_BRANCH,
        "service_day": day,
        "number": number,
        "seq": seq,
        "service_type": code,
        "customer_id": customer,
        "is_vip": vip,
        "status": status,
        "counter": counter[1] if counter else None,
        "counter_id": counter[0] if counter else None,
        "issued_at": issued.astimezone(dt.UTC),
        "called_at": called.astimezone(dt.UTC) if called else None,
        "served_at": served.astimezone(dt.UTC) if served else None,
        "finished_at": finished.astimezone(dt.UTC) if finished else None,
        "served_by_id": user if served else None,
        "outcome": outcome,
        "priority": priority,
        "priority_reason": reason,
        "issued_by_id": issued_by,
        "version": 1,
    }


def _today(conn: Connection, rng: random.Random, people: _People, now: dt.datetime) -> int:
    zone = branch_zone(conn, DEMO_BRANCH)
    today = service_day(zone, now)
    if conn.execute(
        select(QueueTicket.id).where(QueueTicket.branch_id == DEMO_BRANCH, QueueTicket.service_day == today).limit(1)
    ).first():
        return 0
    numbers = _Numbers(conn, today)
    rows: list[dict[str, Any]] = []
    local_now = now.astimezone(zone)

    def at(minutes_ago: float) -> dt.datetime:
        return local_now - dt.timedelta(minutes=minutes_ago)

    # The morning so far: served and no-shows.
    for k in range(22):
        code = _pick_service(rng)
        seq, number = numbers.next(people.prefix[code])
        issued = at(150 - k * 5.5)
        called = issued + dt.timedelta(minutes=rng.uniform(3, 16))
        no_show = k in (6, 15)
        counter = people.counter_for(code, rng)
        rows.append(
            _ticket(
                today,
                number,
                seq,
                code,
                _customer_for(code, rng, people),
                status="no_show" if no_show else "done",
                issued=issued,
                called=called,
                served=None if no_show else called + dt.timedelta(seconds=30),
                finished=called + dt.timedelta(minutes=2 if no_show else rng.uniform(4, 12)),
                counter=counter,
                user=people.teller(counter[1]),
                outcome=None if no_show else "served",
                vip=code == "vip",
                issued_by=people.lobby,
            )
        )
    # Being served now at counters 1, 2 and the VIP room; counters 1-3, 5 and 6 open, 4 paused.
    serving = [("cash", 1, None), ("noncash", 2, None), ("vip", 6, people.vip(3))]
    for code, counter_no, customer in serving:
        seq, number = numbers.next(people.prefix[code])
        issued, called = at(rng.uniform(18, 26)), at(rng.uniform(3, 9))
        rows.append(
            _ticket(
                today,
                number,
                seq,
                code,
                customer if customer is not None else rng.choice(people.others),
                status="serving",
                issued=issued,
                called=called,
                served=called + dt.timedelta(seconds=40),
                counter=(people.counters[counter_no][0], counter_no),
                user=people.teller(counter_no),
                vip=code == "vip",
                issued_by=people.lobby,
            )
        )
    # Waiting: two VIPs (their managers can be notified), an elderly customer first in line, and the rest.
    waiting: list[tuple[str, int | None, int, str | None, bool, float]] = [
        ("vip", people.vip(0), 0, None, True, 14),
        ("wealth", people.vip(1), 0, None, True, 9),
        ("cash", rng.choice(people.others), 1, "elderly", False, 6),
        ("cash", None, 0, None, False, 12),
        ("noncash", rng.choice(people.others), 0, None, False, 11),
        ("noncash", None, 0, None, False, 7),
        ("loan", rng.choice(people.others), 0, None, False, 5),
        ("corporate", None, 0, None, False, 4),
        ("cash", rng.choice(people.others), 0, None, False, 2),
    ]
    for code, customer, priority, reason, vip, minutes_ago in waiting:
        seq, number = numbers.next(people.prefix[code])
        rows.append(
            _ticket(
                today,
                number,
                seq,
                code,
                customer,
                status="waiting",
                issued=at(minutes_ago),
                vip=vip,
                priority=priority,
                reason=reason,
                issued_by=people.lobby,
            )
        )
    conn.execute(insert(QueueTicket), rows)
    numbers.save()
    # Colleagues (the demo's lobby robots, gateway.lobby_robots) hold counters 1, 2, 5 and 6; 3 is free for the
    # person at the demo, 4 is paused.
    for counter_no in ROBOT_COUNTERS:
        holder = people.teller(counter_no)
        conn.execute(
            update(LobbyCounter)
            .where(LobbyCounter.branch_id == DEMO_BRANCH, LobbyCounter.number == counter_no)
            .values(status="open", user_id=holder, held_since=now, seen_at=now, version=LobbyCounter.version + 1)
        )
    conn.execute(
        update(LobbyCounter)
        .where(LobbyCounter.branch_id == DEMO_BRANCH, LobbyCounter.number == 4)
        .values(status="paused", version=LobbyCounter.version + 1)
    )
    return len(rows)


def _referrals(conn: Connection, rng: random.Random, people: _People, now: dt.datetime) -> int:
    if conn.execute(select(Referral.id).where(Referral.branch_id == DEMO_BRANCH).limit(1)).first():
        return 0
    hour = dt.timedelta(hours=1)
    plans: list[tuple[str, str, str, float, Decimal | None, str | None]] = [
        # status, interest, amount band, hours ago, amount, lost reason
        ("new", "wealth", "500k_3m", 0.5, None, None),
        ("new", "insurance", "50k_500k", 5.0, None, None),  # past its acceptance time
        ("accepted", "fund", "50k_500k", 20.0, None, None),
        ("contacted", "loan", "500k_3m", 50.0, None, None),
        ("appointment", "wealth", "gt3m", 75.0, None, None),
        ("won", "deposit", "500k_3m", 160.0, Decimal("800000.00"), None),
        ("won", "wealth", "50k_500k", 400.0, Decimal("200000.00"), None),
        ("lost", "card", "lt50k", 230.0, None, "客户暂无需求，已留存联系方式"),
        ("lost", "loan", "50k_500k", 600.0, None, "客户已在他行办理"),
    ]
    rows = []
    for k, (status, interest, band, hours, amount, reason) in enumerate(plans):
        customer, _name, manager = people.vips[(k + 4) % len(people.vips)]
        created = now - hours * hour
        order = ("new", "accepted", "contacted", "appointment")
        reached = order.index(status) if status in order else 3
        rows.append(
            {
                "customer_id": customer,
                "from_user_id": people.agent if k == 3 and people.agent else people.lobby,
                "to_user_id": manager or people.managers[k % len(people.managers)],
                "branch_id": DEMO_BRANCH,
                "interest": interest,
                "note": "客户在大堂咨询，希望尽快联系。" if k % 2 == 0 else None,
                "status": status,
                "source": "wrapup" if k == 3 else ("counter" if k % 3 == 2 else "checkin"),
                "amount_band": band,
                "urgency": "high" if k in (0, 4) else "normal",
                "consent_contact": True,
                "accept_by": created + 2 * hour,
                "accepted_at": created + 0.5 * hour if reached >= 1 else None,
                "contacted_at": created + 3 * hour if reached >= 2 else None,
                "appointment_at": created + 20 * hour if reached >= 3 else None,
                "closed_at": created + 60 * hour if status in ("won", "lost") else None,
                "amount": amount,
                "lost_reason": reason,
                "created_at": created,
                "updated_at": created,
                "version": 1,
                "returned_count": 0,
            }
        )
    conn.execute(insert(Referral), rows)
    return len(rows)


def _memos(conn: Connection, people: _People, now: dt.datetime) -> int:
    mine = select(func.count()).where(Reminder.kind == "todo", Reminder.created_by_id == people.lobby)
    if conn.execute(mine).scalar_one():
        return 0
    day = dt.timedelta(days=1)
    vip0, vip1 = people.vip(0), people.vip(1)
    items = [
        (vip0, "memo", "客户偏好上午办理业务，喜欢安静的贵宾室；对理财收益较关注。", now - 20 * day, None),
        (vip0, "todo", "提醒客户本月底大额存单到期，推荐续存方案", now + 2 * day, None),
        (vip1, "memo", "客户行动不便，来访时安排优先办理并协助填单。", now - 8 * day, None),
        (vip1, "todo", "回访客户基金定投开通情况", now - day, None),
        (None, "todo", "整理本周贵宾客户到访记录，周五前交网点负责人", now + 3 * day, None),
        (None, "todo", "检查大堂宣传折页库存", now - 2 * day, now - day),
    ]
    rows = []
    for customer, kind, title, due, done in items:
        rows.append(
            {
                "customer_id": customer,
                "kind": kind,
                "title": title[:120],
                "body": None,
                "due_at": due,
                "done_at": done,
                "done_by_id": people.lobby if done else None,
                "created_by_id": people.lobby,
                "assigned_to_id": people.lobby,
                "branch_id": DEMO_BRANCH,
                "created_at": min(now, due),
                "updated_at": now,
                "version": 1,
            }
        )
    conn.execute(insert(Reminder), rows)
    return len(rows)


def _appointments(conn: Connection, people: _People, now: dt.datetime) -> int:
    zone = branch_zone(conn, DEMO_BRANCH)
    today = service_day(zone, now)
    start, end = day_bounds(zone, today)
    if conn.execute(
        select(Appointment.id).where(
            Appointment.branch_id == DEMO_BRANCH, Appointment.slot_start >= start, Appointment.slot_start < end
        )
    ).first():
        return 0
    local = now.astimezone(zone)
    base = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
    plans = [
        (people.vip(5), "wealth", -90, "missed"),
        (people.vip(6), "loan", 30, "booked"),
        (people.vip(7), "wealth", 60, "booked"),
        (people.others[3 % len(people.others)], "noncash", 90, "booked"),
        (people.vip(8), "vip", 24 * 60 + 30, "booked"),
        (people.others[5 % len(people.others)], "cash", 24 * 60 + 120, "booked"),
    ]
    rows = []
    for customer, code, minutes, status in plans:
        slot = base + dt.timedelta(minutes=minutes)
        rows.append(
            {
                "customer_id": customer,
                "branch_id": DEMO_BRANCH,
                "service_code": code,
                "slot_start": slot.astimezone(dt.UTC),
                "slot_end": (slot + dt.timedelta(minutes=30)).astimezone(dt.UTC),
                "status": status,
                "booked_by_id": people.agent if minutes % 60 else people.managers[0],
                "channel": "phone" if minutes % 60 else "manager",
                "note": None,
                "created_at": now - dt.timedelta(days=1),
                "updated_at": now - dt.timedelta(days=1),
                "version": 1,
            }
        )
    conn.execute(insert(Appointment), rows)
    return len(rows)


def robot_staff(engine: Any) -> tuple[int, list[int], list[int], int] | None:
    """Who the demo's lobby robots are: (branch, staff user ids, their counters, the kiosk's issuing user)."""
    with engine.connect() as conn:
        people = _People.load(conn)
    if not people.ok or people.lobby is None:
        return None
    return DEMO_BRANCH, [people.teller(n) for n in ROBOT_COUNTERS], list(ROBOT_COUNTERS), people.lobby
