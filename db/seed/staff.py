"""Branches, teams, users, roles and the other small reference tables.

Ids are laid out in fixed blocks so that chunks of customers can refer to staff without lookups:
branches 1..30, then teams (call-center groups, the complaint desk, a lobby and a relationship team
per branch), then users (admin, supervisors, agents, lobby managers, customer managers).
"""

from __future__ import annotations

import json

import numpy as np

from . import catalog, geo
from .columns import Batch, Const, Flag, Int, Rate, Stamp, Text, batch
from .identity import BEIJING_OFFSET, landline_numbers, mobile_numbers
from .names import sample_names
from .org import (
    AGENTS,
    CALL_CENTER_TEAMS,
    DEMO_USERS,
    FIRST_AGENT,
    FIRST_SUPERVISOR,
    N_BRANCHES,
    SUPERVISORS,
)
from .world import World

CITY_CODES = ("BJ", "SH", "GZ", "SZ", "HZ", "CD")
STAFF_DOMAIN = "staff.contactdesk.cn"


def _branch_short(district: str) -> str:
    return district.removesuffix("新区").removesuffix("区")


def reference_batches(world: World) -> list[Batch]:
    """Rows for roles, branches, teams, users, queues, dispositions, SLA policies and products."""
    rng = np.random.default_rng([world.seed, 0, 2])
    created = (world.today_day - 400) * 86400 + 9 * 3600 - BEIJING_OFFSET
    roles = batch(
        "role",
        len(catalog.ROLES),
        code=Text([r[0] for r in catalog.ROLES]),
        name_zh=Text([r[1] for r in catalog.ROLES]),
        name_en=Text([r[2] for r in catalog.ROLES]),
    )
    roles.if_missing = True  # a migration or an administrator may have created them already
    out = [roles]
    out.append(_branches(world, rng))
    out.append(_teams(world))
    out.append(_users(world, rng, created))
    out.extend(_service_tables())
    return out


def _branches(world: World, rng: np.random.Generator) -> Batch:
    names, codes, cities, districts, addresses = [], [], [], [], []
    dial = []
    for city_idx, city in enumerate(geo.CITIES):
        for k in range(city.branches):
            district = city.districts[k]
            codes.append(f"{CITY_CODES[city_idx]}{k + 1:02d}")
            names.append(f"{city.name}{_branch_short(district.name)}支行")
            cities.append(city.city)
            districts.append(district.name)
            road = city.roads[k % len(city.roads)]
            addresses.append(f"{city.city}{district.name}{road}{int(rng.integers(1, 300))}号")
            dial.append(f"+86{city.dial_code}")
    n = len(codes)
    phones = landline_numbers(np.arange(1, n + 1), np.array(dial, dtype=object), np.full(n, 6), 7919, 5000000)
    return batch(
        "branch",
        n,
        id=Int(np.arange(1, n + 1)),
        version=Const(1),
        code=Text(codes),
        name=Text(names),
        city=Text(cities),
        district=Text(districts),
        address=Text(addresses),
        phone=Text(phones),
        counters=Int(4 + np.arange(n) % 5),
    )


def _teams(world: World) -> Batch:
    org = world.org
    names = [*CALL_CENTER_TEAMS, "投诉处理组"]
    kinds = ["call_center"] * len(CALL_CENTER_TEAMS) + ["complaint_desk"]
    branch = [0] * len(names)
    supervisor = list(org.supervisors.tolist())
    branch_names = _branch_names()
    for b, bname in enumerate(branch_names):
        names.append(f"{bname}大堂")
        kinds.append("branch_lobby")
        branch.append(b + 1)
        supervisor.append(0)
    for b, bname in enumerate(branch_names):
        names.append(f"{bname}客户经理团队")
        kinds.append("relationship")
        branch.append(b + 1)
        supervisor.append(0)
    n = len(names)
    return batch(
        "team",
        n,
        id=Int(np.arange(1, n + 1)),
        version=Const(1),
        name=Text(names),
        kind=Text(kinds),
        branch_id=Int(np.array(branch), zero_is_null=True),
        supervisor_id=Int(np.array(supervisor), zero_is_null=True),
    )


def _branch_names() -> list[str]:
    return [
        f"{city.name}{_branch_short(city.districts[k].name)}支行" for city in geo.CITIES for k in range(city.branches)
    ]


def _users(world: World, rng: np.random.Generator, created: int) -> Batch:
    org = world.org
    n_cc = len(CALL_CENTER_TEAMS)
    rows: list[tuple[str, str, int, int, int, list[str]]] = [("admin", "admin", 0, 0, 0, [])]
    for i in range(SUPERVISORS):
        team = i + 1
        rows.append((f"super{i + 1:02d}", "supervisor", team, 0, 0, ["general", "vip", "complaints"]))
    for i in range(AGENTS):
        uid = FIRST_AGENT + i
        if uid in org.complaint_staff:
            team, skills = org.complaint_team, ["complaints", "general"]
        else:
            team = i % n_cc + 1
            skills = ["general"] + (["vip"] if team == 1 else []) + (["credit_card"] if i % 3 == 0 else [])
        rows.append((f"agent{i + 1:02d}", "agent", team, 0, FIRST_SUPERVISOR + team - 1, skills))
    for b in range(N_BRANCHES):
        rows.append((f"lobby{b + 1:02d}", "lobby_manager", n_cc + 2 + b, b + 1, 0, []))
    cm_no = 0
    for b, ids in enumerate(org.managers_of_branch):
        for _ in ids.tolist():
            cm_no += 1
            rows.append((f"cm{cm_no:02d}", "customer_manager", n_cc + 2 + N_BRANCHES + b, b + 1, 0, []))
    n = len(rows)
    female = rng.random(n) < 0.55
    display = sample_names(rng, world.pools, female)
    usernames = [r[0] for r in rows]
    for i, username in enumerate(usernames):
        if username in DEMO_USERS:
            display[i] = DEMO_USERS[username][0]
    ids = np.arange(1, n + 1)
    phones = mobile_numbers(ids, np.full(n, "+86166", dtype=object), 7_654_321, 13)
    roles = [r[1] for r in rows]
    identity = [u if role in ("agent", "supervisor") else None for u, role in zip(usernames, roles, strict=True)]
    desk = [f"+8610{58580000 + i}" if identity[i] else None for i in range(n)]
    return batch(
        "app_user",
        n,
        id=Int(ids),
        version=Const(1),
        created_at=Stamp(np.full(n, created)),
        updated_at=Stamp(np.full(n, created)),
        username=Text(usernames),
        display_name=Text(display),
        employee_no=Text([f"E{100000 + i}" for i in ids.tolist()]),
        password_hash=Const(None),
        role_code=Text(roles),
        team_id=Int(np.array([r[2] for r in rows]), zero_is_null=True),
        branch_id=Int(np.array([r[3] for r in rows]), zero_is_null=True),
        reports_to_id=Int(np.array([r[4] for r in rows]), zero_is_null=True),
        phone=Text(phones),
        email=Text([f"{u}@{STAFF_DOMAIN}" for u in usernames]),
        skills=Text([json.dumps(r[5]) for r in rows]),
        client_identity=Text(identity),
        desk_phone=Text(desk),
        locale=Const("zh_CN"),
        is_active=Const(True),
        failed_logins=Const(0),
        locked_until=Const(None),
        password_changed_at=Const(None),
    )


def _service_tables() -> list[Batch]:
    q = catalog.QUEUES
    queues = batch(
        "call_queue",
        len(q),
        id=Int(np.arange(1, len(q) + 1)),
        version=Const(1),
        name=Text([r[0] for r in q]),
        label_zh=Text([r[1] for r in q]),
        label_en=Text([r[2] for r in q]),
        skills=Text([json.dumps(r[3]) for r in q]),
        service_level_seconds=Int(np.array([r[4] for r in q])),
        short_abandon_seconds=Const(5),
        vip_priority=Flag(np.array([r[5] for r in q])),
        offer_timeout_seconds=Const(15),
        wrapup_limit_seconds=Const(60),
        twilio_queue_sid=Const(None),
    )
    d = catalog.DISPOSITIONS
    code_id = {code: i + 1 for i, (code, *_r) in enumerate(d)}
    dispositions = batch(
        "disposition_code",
        len(d),
        id=Int(np.arange(1, len(d) + 1)),
        code=Text([r[0] for r in d]),
        parent_id=Int(np.array([code_id.get(r[1], 0) if r[1] else 0 for r in d]), zero_is_null=True),
        label_zh=Text([r[2] for r in d]),
        label_en=Text([r[3] for r in d]),
        active=Const(True),
        sort_order=Int(np.arange(len(d)) * 10),
        extra=Const(None),
    )
    s = catalog.SLA_POLICIES
    sla = batch(
        "sla_policy",
        len(s),
        id=Int(np.arange(1, len(s) + 1)),
        version=Const(1),
        name=Text([r[0] for r in s]),
        ticket_kind=Text([r[1] for r in s]),
        severity=Text([r[2] for r in s]),
        regulatory_days=Int(np.array([r[3] or 0 for r in s]), zero_is_null=True),
        complex_days=Int(np.array([r[4] or 0 for r in s]), zero_is_null=True),
        extension_days=Int(np.array([r[5] or 0 for r in s]), zero_is_null=True),
        calendar_days=Flag(np.array([r[6] for r in s])),
        first_response_minutes=Int(np.array([r[7] for r in s])),
        next_update_minutes=Int(np.array([r[8] for r in s])),
        warn_points=Text([json.dumps(r[9]) for r in s]),
    )
    p = catalog.PRODUCTS
    products = batch(
        "product",
        len(p),
        id=Int(np.arange(1, len(p) + 1)),
        code=Text([r.code for r in p]),
        kind=Text([r.kind for r in p]),
        name=Text([r.name for r in p]),
        risk_rating=Text([r.risk_rating for r in p]),
        rate=Rate(np.array([np.nan if r.rate is None else r.rate for r in p])),
        term_months=Int(np.array([r.term_months or 0 for r in p]), zero_is_null=True),
    )
    return [queues, dispositions, sla, products]
