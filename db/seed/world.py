"""The fixed part of a data set that every customer chunk draws on, built once per seed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from . import catalog, geo, texts
from .names import NameCache, NamePools, build_pools
from .org import Org, layout_org

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


@dataclass
class Products:
    ids: np.ndarray
    kind: np.ndarray
    code: np.ndarray
    name: np.ndarray
    rate: np.ndarray  # NaN for none
    term: np.ndarray  # months, 0 for none

    def of_kind(self, kind: str) -> np.ndarray:
        return np.flatnonzero(self.kind == kind)


@dataclass
class Templates:
    """Interaction texts flattened per channel: arrays indexed by template row."""

    channel_start: np.ndarray  # channel index -> first row
    channel_count: np.ndarray
    direction: np.ndarray
    subject: np.ndarray
    summary: np.ndarray
    disposition: np.ndarray


@dataclass
class World:
    seed: int
    today: dt.date
    today_day: int
    pools: NamePools
    org: Org
    products: Products
    templates: Templates
    addresses: AddressPools
    names: NameCache = field(default_factory=NameCache)
    issued_ids: set[int] = field(default_factory=set)
    ticket_seq: dict[str, int] = field(default_factory=dict)
    mult: dict[str, tuple[int, int]] = field(default_factory=dict)  # permutations for identifiers


def build_templates() -> Templates:
    from db.models.contact import CHANNELS

    direction: list[str] = []
    subject: list[str] = []
    summary: list[str] = []
    disposition: list[str | None] = []
    start: list[int] = []
    count: list[int] = []
    for channel in CHANNELS:
        start.append(len(subject))
        for direc, subj, summaries, disp in texts.INTERACTIONS[channel]:
            fills = texts.MENTIONED_PRODUCTS if "{p}" in subj + "".join(summaries) else ("",)
            for product in fills:
                for text in summaries:
                    direction.append(direc)
                    subject.append(subj.replace("{p}", product))
                    summary.append(text.replace("{p}", product))
                    disposition.append(disp)
        count.append(len(subject) - start[-1])
    return Templates(
        channel_start=np.array(start),
        channel_count=np.array(count),
        direction=np.array(direction, dtype=object),
        subject=np.array(subject, dtype=object),
        summary=np.array(summary, dtype=object),
        disposition=np.array(disposition, dtype=object),
    )


@dataclass
class AddressPools:
    """Address parts per city, composed once; rows pick and join two parts."""

    estates: list[np.ndarray]  # city -> '建国路88号阳光花园'
    workplaces: list[np.ndarray]  # city -> '文三路12号 超艺科技有限公司'
    units: np.ndarray  # '3栋2单元1502室'


def build_addresses(rng: np.random.Generator, per_city: int = 4000) -> AddressPools:
    """Street names as Chinese cities name them (after other cities, or surnames) plus real main roads."""
    from faker import Faker

    fake = Faker("zh_CN")
    addr = fake.provider("faker.providers.address")
    person = fake.provider("faker.providers.person")
    company = fake.provider("faker.providers.company")
    stems = sorted(set(addr.cities) | {s for s in list(person.last_names)[:120] if len(s) == 1})
    firms = [a + b for a in company.company_prefixes for b in company.company_suffixes]
    estates, workplaces = [], []
    for city in geo.CITIES:
        streets = [
            stems[i] + sfx
            for i, sfx in zip(
                rng.choice(len(stems), 300).tolist(),
                rng.choice(["路", "街", "大道", "路", "路"], 300).tolist(),
                strict=True,
            )
        ] + list(city.roads)
        s_idx = rng.integers(0, len(streets), per_city).tolist()
        nums = rng.integers(1, 900, per_city).tolist()
        a = rng.integers(0, len(geo.ESTATE_WORDS_A), per_city).tolist()
        b = rng.integers(0, len(geo.ESTATE_WORDS_B), per_city).tolist()
        estates.append(
            np.array(
                [
                    f"{streets[i]}{k}号{geo.ESTATE_WORDS_A[x]}{geo.ESTATE_WORDS_B[y]}"
                    for i, k, x, y in zip(s_idx, nums, a, b, strict=True)
                ],
                dtype=object,
            )
        )
        f_idx = rng.integers(0, len(firms), per_city // 2).tolist()
        workplaces.append(
            np.array(
                [f"{streets[i]}{k}号 {firms[f]}" for i, k, f in zip(s_idx, nums, f_idx, strict=False)], dtype=object
            )
        )
    units = np.array(
        [
            f"{b}栋{u}单元{f}{r:02d}室"
            for b in range(1, 31)
            for u in range(1, 5)
            for f in range(1, 29)
            for r in range(1, 5)
        ],
        dtype=object,
    )
    return AddressPools(estates=estates, workplaces=workplaces, units=units)


def products_table() -> Products:
    specs = catalog.PRODUCTS
    return Products(
        ids=np.arange(1, len(specs) + 1),
        kind=np.array([p.kind for p in specs], dtype=object),
        code=np.array([p.code for p in specs], dtype=object),
        name=np.array([p.name for p in specs], dtype=object),
        rate=np.array([np.nan if p.rate is None else p.rate for p in specs]),
        term=np.array([p.term_months or 0 for p in specs]),
    )


def build_world(seed: int, today: dt.date) -> World:
    """Everything fixed for a seed; staff and places are laid out by :mod:`.org`."""
    rng = np.random.default_rng([seed, 0, 1])
    pools = build_pools(rng, faker_seed=seed)
    world = World(
        seed=seed,
        today=today,
        today_day=day_number(today),
        pools=pools,
        org=layout_org(),
        products=products_table(),
        templates=build_templates(),
        addresses=build_addresses(rng),
    )
    for key in ("mobile", "mobile2", "landline", "account", "card", "contract"):
        world.mult[key] = (
            int(rng.integers(10**6, 10**7)) * 10 + int(rng.choice([1, 3, 7, 9])),
            int(rng.integers(10**6)),
        )
    return world
