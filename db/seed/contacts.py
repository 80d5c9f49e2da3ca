"""How customers are reached and found: phones, e-mails, addresses, consents, search tokens."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from db.pii import mask_email, mask_phone, pii_key

from . import catalog, geo
from .columns import Batch, Flag, Int, Stamp, Text, batch
from .identity import BEIJING_OFFSET, landline_numbers, mobile_numbers
from .people import People
from .world import World

Alloc = Callable[[str, int], np.ndarray]

_PREFIXES = np.array(["+86" + p for p, _ in geo.MOBILE_PREFIXES], dtype=object)
_PREFIX_P = np.array([w for _, w in geo.MOBILE_PREFIXES], dtype=np.float64) / sum(w for _, w in geo.MOBILE_PREFIXES)
_DIAL = np.array(["+86" + c.dial_code for c in geo.CITIES], dtype=object)
_DOMAINS = np.array([d for d, _ in geo.EMAIL_DOMAINS], dtype=object)
_DOMAIN_P = np.array([w for _, w in geo.EMAIL_DOMAINS], dtype=np.float64) / sum(w for _, w in geo.EMAIL_DOMAINS)


def contact_batches(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> list[Batch]:
    return [
        _phones(world, p, rng, alloc),
        _emails(p, rng, alloc),
        _addresses(world, p, rng, alloc),
        _consents(world, p, rng, alloc),
        _tokens(p),
    ]


def _phones(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> Batch:
    n = p.n
    owner: list[np.ndarray] = []
    number: list[str] = []
    kind: list[np.ndarray] = []
    order: list[np.ndarray] = []
    primary: list[np.ndarray] = []
    verified: list[np.ndarray] = []

    number += mobile_numbers(p.ids, _PREFIXES[rng.choice(len(_PREFIXES), n, p=_PREFIX_P)], *world.mult["mobile"])
    owner.append(p.ids)
    kind.append(np.full(n, "mobile", dtype=object))
    order.append(np.zeros(n, dtype=np.int64))
    primary.append(np.ones(n, dtype=bool))
    verified.append(rng.random(n) < 0.85)

    second = np.flatnonzero(rng.random(n) < 0.12)
    number += mobile_numbers(
        p.ids[second], _PREFIXES[rng.choice(len(_PREFIXES), len(second), p=_PREFIX_P)], *world.mult["mobile2"]
    )
    owner.append(p.ids[second])
    kind.append(np.full(len(second), "mobile", dtype=object))
    order.append(np.ones(len(second), dtype=np.int64))
    primary.append(np.zeros(len(second), dtype=bool))
    verified.append(rng.random(len(second)) < 0.3)

    line = np.flatnonzero(p.has_landline)
    head = p.household[line]
    first_digit = 2 + (p.ids[head] * 7919 % 6)  # 2-7: Beijing and Shanghai 80xx are not subscriber numbers
    number += landline_numbers(p.ids[head], _DIAL[p.city[head]], first_digit, *world.mult["landline"])
    owner.append(p.ids[line])
    kind.append(np.full(len(line), "landline", dtype=object))
    order.append(np.full(len(line), 2, dtype=np.int64))
    primary.append(np.zeros(len(line), dtype=bool))
    verified.append(np.zeros(len(line), dtype=bool))

    cust = np.concatenate(owner)
    sort = np.lexsort((np.concatenate(order), cust))
    size = len(cust)
    numbers = np.array(number, dtype=object)[sort].tolist()
    return batch(
        "customer_phone",
        size,
        id=Int(alloc("customer_phone", size)),
        customer_id=Int(cust[sort]),
        e164=Text(numbers),
        e164_masked=Text(list(map(mask_phone, numbers))),
        e164_key=Text([pii_key("phone", v) for v in numbers]),
        kind=Text(np.concatenate(kind)[sort]),
        is_primary=Flag(np.concatenate(primary)[sort]),
        verified=Flag(np.concatenate(verified)[sort]),
    )


def _emails(p: People, rng: np.random.Generator, alloc: Alloc) -> Batch:
    rows = np.flatnonzero(p.has_email)
    style = rng.choice(4, size=len(rows), p=[0.35, 0.25, 0.2, 0.2])
    domain = _DOMAINS[rng.choice(len(_DOMAINS), size=len(rows), p=_DOMAIN_P)]
    domain[style == 1] = "qq.com"
    number = rng.integers(10, 10_000, len(rows))
    qq = rng.integers(10**5, 4 * 10**9, len(rows))
    years = (1970 + p.birth_day[rows] // 365.25).astype(np.int64)
    keys = p.keys.keys
    index = p.keys.index
    addresses = []
    for r, s, d, num, q, y in zip(
        rows.tolist(), style.tolist(), domain.tolist(), number.tolist(), qq.tolist(), years.tolist(), strict=True
    ):
        k = keys[index[r]]
        syllables = k.pinyin.split(" ") if k.pinyin else ["user"]
        full = k.full or "user"
        if s == 0:
            local = f"{full}{num % 100:02d}"
        elif s == 1:
            local = str(q)
        elif s == 2:
            local = "".join(x[0] for x in syllables) + str(y)
        else:
            local = f"{syllables[0]}.{''.join(syllables[1:]) or 'x'}{num}"
        addresses.append(f"{local}@{d}")
    size = len(rows)
    return batch(
        "customer_email",
        size,
        id=Int(alloc("customer_email", size)),
        customer_id=Int(p.ids[rows]),
        address=Text(addresses),
        address_masked=Text(list(map(mask_email, addresses))),
        address_key=Text([pii_key("email", v) for v in addresses]),
        is_primary=Flag(np.ones(size, dtype=bool)),
    )


def _addresses(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> Batch:
    n = p.n
    pools = world.addresses
    has_home = ~p.prospect | (rng.random(n) < 0.6)
    moved = rng.random(n) < 0.08  # lives in another branch city than the branch's
    hh = p.household
    city = np.where(moved, rng.integers(0, len(geo.CITIES), n), p.city)[hh]
    pick = rng.random((n, 3))[hh]  # a household shares its home
    n_districts = np.array([len(c.districts) for c in geo.CITIES])
    district = (pick[:, 0] * n_districts[city]).astype(np.int64)
    estate = np.empty(n, dtype=object)
    for c in range(len(geo.CITIES)):
        rows = city == c
        estate[rows] = pools.estates[c][(pick[rows, 1] * len(pools.estates[c])).astype(np.int64)]
    unit = pools.units[(pick[:, 2] * len(pools.units)).astype(np.int64)]
    home = np.flatnonzero(has_home)
    street = list(map(operator.add, estate[home].tolist(), unit[home].tolist()))

    work = np.flatnonzero(~p.prospect & (p.age < 62) & (p.age > 22) & (rng.random(n) < 0.25))
    wpick = rng.random((len(work), 2))
    w_city = p.city[work]
    w_district = (wpick[:, 0] * n_districts[w_city]).astype(np.int64)
    w_street = np.empty(len(work), dtype=object)
    for c in range(len(geo.CITIES)):
        rows = w_city == c
        w_street[rows] = pools.workplaces[c][(wpick[rows, 1] * len(pools.workplaces[c])).astype(np.int64)]

    person = np.concatenate([home, work])
    order = np.argsort(person, kind="stable")
    all_city = np.concatenate([city[home], w_city])[order]
    all_district = np.concatenate([district[home], w_district])[order]
    flat = _district_table()
    d_index = flat.offset[all_city] + all_district
    size = len(person)
    return batch(
        "customer_address",
        size,
        id=Int(alloc("customer_address", size)),
        customer_id=Int(p.ids[person[order]]),
        kind=Text(np.array(["home"] * len(home) + ["work"] * len(work), dtype=object)[order]),
        province=Text(flat.province[all_city]),
        city=Text(flat.city[all_city]),
        district=Text(flat.district[d_index]),
        street=Text(np.array(street + w_street.tolist(), dtype=object)[order]),
        postcode=Text(flat.postcode[d_index]),
    )


@dataclass
class _Districts:
    offset: np.ndarray
    province: np.ndarray
    city: np.ndarray
    district: np.ndarray
    postcode: np.ndarray


@functools.cache
def _district_table() -> _Districts:
    counts = [len(c.districts) for c in geo.CITIES]
    return _Districts(
        offset=np.concatenate(([0], np.cumsum(counts)[:-1])),
        province=np.array([c.province for c in geo.CITIES], dtype=object),
        city=np.array([c.city for c in geo.CITIES], dtype=object),
        district=np.array([d.name for c in geo.CITIES for d in c.districts], dtype=object),
        postcode=np.array([d.postcode for c in geo.CITIES for d in c.districts], dtype=object),
    )


def _consents(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> Batch:
    n = p.n
    reachable = {
        "sms": np.ones(n, dtype=bool),
        "email": p.has_email,
        "call": np.ones(n, dtype=bool),
        "wechat": p.has_wechat,
    }
    marketing_mood = rng.random(n)
    no_calls = np.array(["do_not_call" in f for f in p.flags])
    cust, chan, purpose, granted, source, at = [], [], [], [], [], []
    for c_idx, channel in enumerate(catalog.CONSENT_CHANNELS):
        rows = np.flatnonzero(reachable[channel])
        for purp in catalog.CONSENT_PURPOSES:
            k = len(rows)
            # Service messages: nearly everyone; marketing: depends on the person.
            chance = 0.97 if purp == "service" else marketing_mood[rows] * 0.9
            yes = rng.random(k) < chance
            if channel == "call":
                yes &= ~no_calls[rows] if purp == "marketing" else np.ones(k, dtype=bool)
            cust.append(rows)
            chan.append(np.full(k, c_idx))
            purpose.append(np.full(k, 0 if purp == "service" else 1))
            granted.append(yes)
            source.append(rng.integers(0, len(catalog.CONSENT_SOURCES), k))
            span = np.maximum(world.today_day - p.since_day[rows], 1)
            day = p.since_day[rows] + (rng.random(k) * span).astype(np.int64)
            at.append(day * 86400 + rng.integers(9 * 3600, 18 * 3600, k) - BEIJING_OFFSET)
    idx = np.concatenate(cust)
    ch = np.concatenate(chan)
    pu = np.concatenate(purpose)
    sort = np.lexsort((pu, ch, idx))
    channels = np.array(catalog.CONSENT_CHANNELS, dtype=object)
    purposes = np.array(catalog.CONSENT_PURPOSES, dtype=object)
    sources = np.array(catalog.CONSENT_SOURCES, dtype=object)
    size = len(idx)
    return batch(
        "customer_consent",
        size,
        id=Int(alloc("customer_consent", size)),
        customer_id=Int(p.ids[idx[sort]]),
        channel=Text(channels[ch[sort]]),
        purpose=Text(purposes[pu[sort]]),
        granted=Flag(np.concatenate(granted)[sort]),
        source=Text(sources[np.concatenate(source)[sort]]),
        updated_at=Stamp(np.concatenate(at)[sort]),
    )


def _tokens(p: People) -> Batch:
    """Search tokens in customer order (the order of ``ix_search_token_customer_id``)."""
    kind, token, owner = p.keys.token_rows(p.ids)
    return batch("search_token", len(kind), kind=Int(kind), token=Text(token), customer_id=Int(owner))
