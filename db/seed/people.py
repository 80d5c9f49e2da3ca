"""Customers of one chunk: who they are, where they live, how wealthy, at which stage.

Assets follow a lognormal law calibrated so that about a fifth of the customers hold about four fifths
of the assets under management; tiers, VIP levels, managers and flags follow from it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np

from db.pii import id_tail, mask_id_number, pii_key

from . import catalog, geo
from .columns import NULL_DAY, Batch, Const, Day, Int, Money, Stamp, Text, batch
from .identity import BEIJING_OFFSET, resident_ids, zero_pad
from .names import ChunkNames, resolve, sample_names
from .world import World

AUM_MEDIAN = 22_000.0  # CNY
AUM_SIGMA = 1.62
LIFECYCLE_P = (0.03, 0.04, 0.40, 0.14, 0.22, 0.10, 0.07)  # catalog.LIFECYCLE_STAGES order
PROSPECT, ONBOARDING, ACTIVE, GROWING, MATURE, DORMANT, CHURN = range(7)
AUM_FACTOR = np.array([0.0, 0.35, 1.0, 1.25, 1.1, 0.25, 0.8])
HOUSEHOLD_SHARE = 0.0125  # customers heading a household that shares one landline
LANDLINE_SHARE = 0.22
OCCUPATIONS_SKIP = ("其他", "计算机硬件", "计算机软件", "互联网/电子商务")


@dataclass
class People:
    """Per-customer arrays of one chunk (index i is customer ``ids[i]``)."""

    ids: np.ndarray
    names: list[str]
    keys: ChunkNames
    female: np.ndarray
    birth_day: np.ndarray
    age: np.ndarray
    branch: np.ndarray  # branch index (database id - 1)
    city: np.ndarray
    household: np.ndarray  # index of the household head within the chunk
    lifecycle: np.ndarray
    since_day: np.ndarray  # customer_since; prospects: the day they were first recorded
    aum_cents: np.ndarray  # target, made exact by the holdings
    manager: np.ndarray  # user id or 0
    has_email: np.ndarray
    has_wechat: np.ndarray
    has_landline: np.ndarray
    flags: list[list[str]]
    risk: np.ndarray  # index into RISK_LEVELS, -1 = not assessed

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def prospect(self) -> np.ndarray:
        return self.lifecycle == PROSPECT  # type: ignore[no-any-return]


def tier_of(aum_cents: np.ndarray) -> np.ndarray:
    """Tier index (catalog.TIERS) for AUM in cents."""
    floors = np.array(catalog.TIER_FLOORS[1:], dtype=np.int64) * 100
    return np.searchsorted(floors, aum_cents, side="right")  # type: ignore[no-any-return]


def _households(rng: np.random.Generator, n: int) -> np.ndarray:
    household = np.arange(n)
    heads = np.flatnonzero(rng.random(n) < HOUSEHOLD_SHARE)
    sizes = rng.choice([1, 2, 3], size=len(heads), p=[0.6, 0.3, 0.1])
    taken = -1
    for head, extra in zip(heads.tolist(), sizes.tolist(), strict=True):
        if head <= taken or head + extra >= n:
            continue
        household[head + 1 : head + 1 + extra] = head
        taken = head + extra
    return household


def draw_people(world: World, first_id: int, n: int, rng: np.random.Generator) -> People:
    org = world.org
    ids = np.arange(first_id, first_id + n, dtype=np.int64)
    household = _households(rng, n)
    branch = rng.choice(len(org.branch_city), size=n, p=org.branch_weight)[household]
    city = org.branch_city[branch]
    female = rng.random(n) < 0.52
    age = np.clip(rng.normal(43, 15, n), 18, 92).astype(np.int64)
    birth_day = world.today_day - (age * 365.25 + rng.integers(0, 365, n)).astype(np.int64)
    lifecycle = rng.choice(len(LIFECYCLE_P), size=n, p=LIFECYCLE_P)
    adult_years = (age - 18).astype(np.float64)
    lifecycle[(lifecycle == MATURE) & (adult_years < 9)] = ACTIVE
    tenure_years = rng.uniform(0.3, 1.0, n) * np.minimum(adult_years, 20) + 0.1
    mature = lifecycle == MATURE
    tenure_years[mature] = 8 + rng.uniform(0, 1, int(mature.sum())) * (np.minimum(adult_years[mature], 30) - 8)
    tenure_days = (tenure_years * 365.25).astype(np.int64)
    onboarding = lifecycle == ONBOARDING
    tenure_days[onboarding] = rng.integers(1, 90, int(onboarding.sum()))
    prospect = lifecycle == PROSPECT
    tenure_days[prospect] = rng.integers(1, 240, int(prospect.sum()))
    since_day = world.today_day - tenure_days

    log_aum = (
        np.log(AUM_MEDIAN)
        + 0.018 * (age - 43)
        + 0.02 * np.minimum(tenure_years, 20)
        + AUM_SIGMA * rng.standard_normal(n)
    )
    aum = np.exp(log_aum) * AUM_FACTOR[lifecycle]
    aum_cents = np.round(aum * 100).astype(np.int64)
    aum_cents[~prospect] = np.maximum(aum_cents[~prospect], 1000)
    tier = tier_of(aum_cents)

    manager_p = np.array([0.04, 0.35, 0.9, 1.0, 1.0, 1.0])[tier]
    managed = (rng.random(n) < manager_p) & ~prospect
    manager = np.zeros(n, dtype=np.int64)
    pick = rng.random(n)
    for b, staff in enumerate(org.managers_of_branch):
        rows = managed & (branch == b)
        manager[rows] = staff[(pick[rows] * len(staff)).astype(np.int64)]

    risk_p = rng.random(n)
    risk = np.searchsorted(np.cumsum([0.12, 0.3, 0.33, 0.18, 0.07]), risk_p, side="right")
    risk = np.minimum(risk + (tier >= 3) * (rng.random(n) < 0.4), 4)
    risk[(rng.random(n) < 0.08) | prospect] = -1

    flags = _flags(rng, age)
    has_email = rng.random(n) < np.where(age > 65, 0.25, 0.68)
    names = sample_names(rng, world.pools, female)
    keys = resolve(names, world.names)
    return People(
        ids=ids,
        names=names,
        keys=keys,
        female=female,
        birth_day=birth_day,
        age=age,
        branch=branch,
        city=city,
        household=household,
        lifecycle=lifecycle,
        since_day=since_day,
        aum_cents=aum_cents,
        manager=manager,
        has_email=has_email,
        has_wechat=rng.random(n) < np.where(age > 70, 0.35, 0.75),
        has_landline=(household != np.arange(n))
        | np.isin(np.arange(n), household[household != np.arange(n)])
        | (rng.random(n) < LANDLINE_SHARE),
        flags=flags,
        risk=risk,
    )


def _flags(rng: np.random.Generator, age: np.ndarray) -> list[list[str]]:
    n = len(age)
    draw = rng.random((n, 4))
    chance = np.stack([np.full(n, 0.003), np.where(age >= 75, 0.5, 0.0), np.full(n, 0.015), np.full(n, 0.005)], axis=1)
    hit = draw < chance
    flags: list[list[str]] = [[] for _ in range(n)]
    for i, j in zip(*np.nonzero(hit), strict=True):
        flags[int(i)].append(catalog.ALERT_FLAGS[int(j)])
    return flags


def customer_batch(world: World, p: People, rng: np.random.Generator, depth: np.ndarray, activity: np.ndarray) -> Batch:
    """The ``customer`` rows, once holdings have fixed each AUM (``p.aum_cents``).

    Args:
        depth: number of product kinds held per customer.
        activity: mean monthly transactions per customer.
    """
    n = p.n
    tier = tier_of(p.aum_cents)
    tier_names = np.array(catalog.TIER_NAMES, dtype=object)
    segments = np.array(catalog.SEGMENT_NAMES, dtype=object)
    vip = np.array([t[2] for t in catalog.TIERS])[tier]
    tenure_years = (world.today_day - p.since_day) / 365.25
    c_aum = np.clip((np.log10(p.aum_cents / 100 + 1) - 3) / 4 * 100, 0, 100).round().astype(np.int64)
    c_act = np.clip(activity / 40 * 100, 0, 100).round().astype(np.int64)
    c_depth = np.minimum(depth * 15, 100)
    c_tenure = np.clip(tenure_years * 5, 0, 100).round().astype(np.int64)
    c_tenure[p.prospect] = 0
    score = np.round(0.4 * c_aum + 0.25 * c_act + 0.2 * c_depth + 0.15 * c_tenure).astype(np.int64)
    components = [
        f'{{"aum": {a}, "activity": {b}, "depth": {c}, "tenure": {d}}}'
        for a, b, c, d in zip(c_aum.tolist(), c_act.tolist(), c_depth.tolist(), c_tenure.tolist(), strict=True)
    ]
    jobs = _occupations()
    occupation = jobs[rng.integers(0, len(jobs), n)].copy()
    occupation[p.age >= 62] = "退休"
    occupation[p.age <= 22] = "学生"
    occupation[rng.random(n) < 0.05] = None
    channel = rng.choice(np.array(["sms", "call", "wechat", "email"], dtype=object), size=n, p=[0.4, 0.25, 0.25, 0.1])
    channel[(channel == "email") & ~p.has_email] = "sms"
    channel[(channel == "wechat") & ~p.has_wechat] = "call"
    completeness = (
        40
        + 10 * p.has_email
        + 10 * (occupation != None)  # noqa: E711 - element-wise comparison
        + 10 * p.has_landline
        + 10 * (p.risk >= 0)
        + 10 * p.has_wechat
        + 10 * (rng.random(n) < 0.6)
    )
    risk_names = np.array([*catalog.RISK_LEVELS, None], dtype=object)
    cif = zero_pad(p.ids * 37 + rng.integers(0, 37, n), 12)
    since = p.since_day.copy()
    created = since * 86400 + rng.integers(9 * 3600, 17 * 3600, n) - BEIJING_OFFSET
    updated = np.maximum(created, (world.today_day - rng.integers(1, 120, n)) * 86400 + 10 * 3600 - BEIJING_OFFSET)
    id_numbers = _id_numbers(world, p, rng)
    birth = p.birth_day
    return batch(
        "customer",
        n,
        id=Int(p.ids),
        version=Const(1),
        created_at=Stamp(created),
        updated_at=Stamp(updated),
        cif_no=Text(["CIF" + c for c in cif]),
        name=Text(p.names),
        name_pinyin=Text([k.pinyin for k in np.array(p.keys.keys, dtype=object)[p.keys.index].tolist()]),
        gender=Text(np.where(p.female, "F", "M").tolist()),
        id_type=Const("resident_id"),
        id_number=Text(id_numbers),
        id_number_masked=Text(list(map(mask_id_number, id_numbers))),
        id_number_key=Text([pii_key("id", v) for v in id_numbers]),
        id_tail=Text(list(map(id_tail, id_numbers))),
        birth_date=Day(birth),
        birth_md=Text([s[5:] for s in Day(birth).sql(n)]),
        occupation=Text(occupation),
        preferred_language=Text(np.where(rng.random(n) < 0.015, "en", "zh_CN").tolist()),
        preferred_channel=Text(channel),
        branch_id=Int(p.branch + 1),
        manager_id=Int(p.manager, zero_is_null=True),
        segment=Text(segments[tier]),
        tier=Text(tier_names[tier]),
        vip_level=Int(vip),
        lifecycle_stage=Text(np.array(catalog.LIFECYCLE_STAGES, dtype=object)[p.lifecycle]),
        value_score=Int(score),
        value_components=Text(components),
        aum=Money(p.aum_cents),
        risk_level=Text(risk_names[p.risk]),
        alert_flags=Text([json.dumps(f) if f else "[]" for f in p.flags]),
        data_completeness=Int(np.minimum(completeness, 100)),
        customer_since=Day(np.where(p.prospect, NULL_DAY, since)),
    )


@functools.cache
def _occupations() -> np.ndarray:
    from faker import Faker

    jobs = Faker("zh_CN").provider("faker.providers.job").jobs
    return np.array([j for j in jobs if j not in OCCUPATIONS_SKIP and len(j) <= 20], dtype=object)


def _id_numbers(world: World, p: People, rng: np.random.Generator) -> list[str]:
    """Resident IDs: born locally (a district of the home city), elsewhere, or in Xinjiang for Uyghur names."""
    n = p.n
    area = np.empty(n, dtype=np.int64)
    local = rng.random(n) < 0.55
    pick = rng.random(n)
    for c, city in enumerate(geo.CITIES):
        rows = local & (p.city == c)
        codes = np.array([int(d.area_code) for d in city.districts])
        area[rows] = codes[(pick[rows] * len(codes)).astype(np.int64)]
    others = np.array(
        [int(d.area_code) for city in geo.CITIES for d in city.districts] + [int(c) for c in geo.OTHER_AREA_CODES]
    )
    area[~local] = others[(pick[~local] * len(others)).astype(np.int64)]
    uyghur = np.array(["·" in name for name in p.names])
    if uyghur.any():
        xj = np.array([int(c) for c in geo.XINJIANG_AREA_CODES])
        area[uyghur] = xj[(pick[uyghur] * len(xj)).astype(np.int64)]
    return resident_ids(area, p.birth_day, p.female, rng, world.issued_ids)
