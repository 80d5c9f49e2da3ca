"""Chinese personal names: word lists taken once from Faker, sampled with numpy, keys cached per name."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from db.search_keys import customer_tokens, pinyin_keys, pinyin_syllables

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "令狐", "慕容", "夏侯")
# Characters common in given names of people born after ~1985, to widen Faker's short lists.
MODERN_MALE = "浩宇轩子梓博文俊昊晨睿泽一然航铭辰逸鹏哲凯嘉宁远"
MODERN_FEMALE = "欣怡涵诗雨梓子佳思语可萱婷雪悦琪彤瑶嘉一诺晴妍蕾"
# Uyghur given names (as written in Chinese, with the interpunct between given name and father's name).
UYGHUR_MALE = ("买买提", "艾力", "吐尔逊", "阿不都", "努尔", "艾合买提", "依明", "阿迪力", "热合曼", "亚森")
UYGHUR_FEMALE = ("阿依古丽", "古丽", "帕提古丽", "热依拉", "迪丽努尔", "米热古丽", "阿娜尔", "再努尔")

SINGLE_GIVEN_SHARE = 0.12
COMPOUND_SHARE = 0.004
UYGHUR_SHARE = 0.002
COMPOSED_POOL = 700  # generated two-character given names per gender


@dataclass
class NamePools:
    """Surnames with weights and given names by gender, ready for vectorised sampling."""

    surnames: np.ndarray
    surname_p: np.ndarray
    single: tuple[np.ndarray, np.ndarray]  # (male, female) one-character given names
    double: tuple[np.ndarray, np.ndarray]  # (male, female) two-character given names


def build_pools(rng: np.random.Generator, faker_seed: int) -> NamePools:
    """Extract Faker's zh_CN word lists once and compose extra given names."""
    from faker import Faker

    fake = Faker("zh_CN")
    fake.seed_instance(faker_seed)
    person = fake.provider("faker.providers.person")
    last = person.last_names  # OrderedDict surname -> frequency
    surnames = np.array([s for s in last if len(s) == 1], dtype=object)
    weights = np.array([float(last[s]) for s in surnames])
    pools_single = []
    pools_double = []
    for names, modern in ((person.first_names_male, MODERN_MALE), (person.first_names_female, MODERN_FEMALE)):
        single = sorted({n for n in names if len(n) == 1} | set(modern[:8]))
        double = sorted({n for n in names if len(n) == 2})
        chars = sorted({ch for n in names for ch in n} | set(modern))
        composed: set[str] = set()
        while len(composed) < COMPOSED_POOL:
            a, b = rng.choice(len(chars), size=2, replace=False)
            composed.add(chars[a] + chars[b])
        pools_single.append(np.array(single, dtype=object))
        pools_double.append(np.array(double + sorted(composed - set(double)), dtype=object))
    return NamePools(
        surnames=surnames,
        surname_p=weights / weights.sum(),
        single=(pools_single[0], pools_single[1]),
        double=(pools_double[0], pools_double[1]),
    )


def _zipf(n: int) -> np.ndarray:
    """Popular names first: Faker's list leads each pool, so earlier names are drawn more often."""
    weights = 1.0 / (np.arange(n) + 15.0)
    return weights / weights.sum()  # type: ignore[no-any-return]


def sample_names(rng: np.random.Generator, pools: NamePools, female: np.ndarray) -> list[str]:
    """One name per person; ``female`` is a boolean array."""
    n = len(female)
    surname = pools.surnames[rng.choice(len(pools.surnames), size=n, p=pools.surname_p)]
    kind = rng.random(n)
    given = np.empty(n, dtype=object)
    for g, pick in ((0, ~female), (1, female)):
        single = pick & (kind < SINGLE_GIVEN_SHARE)
        double = pick & ~single
        pool = pools.double[g]
        given[double] = pool[rng.choice(len(pool), size=int(double.sum()), p=_zipf(len(pool)))]
        given[single] = pools.single[g][rng.integers(0, len(pools.single[g]), int(single.sum()))]
    names = list(map(operator.add, surname.tolist(), given.tolist()))
    compound = np.flatnonzero(kind > 1 - COMPOUND_SHARE)
    for i in compound.tolist():
        names[i] = COMPOUND_SURNAMES[int(rng.integers(len(COMPOUND_SURNAMES)))] + given[i]
    uyghur = np.flatnonzero((kind > 0.5) & (kind < 0.5 + UYGHUR_SHARE))
    for i in uyghur.tolist():
        own = UYGHUR_FEMALE if female[i] else UYGHUR_MALE
        names[i] = own[int(rng.integers(len(own)))] + "·" + UYGHUR_MALE[int(rng.integers(len(UYGHUR_MALE)))]
    return names


@dataclass
class NameKeys:
    """Everything derived from one name."""

    pinyin: str  # syllables separated by spaces, for display
    full: str  # pinyin without spaces (e-mail local parts)
    token_kinds: list[int]
    tokens: list[str]


@dataclass
class NameCache:
    """Pinyin and search tokens per distinct name; names repeat a lot, so this is where time is saved."""

    entries: dict[str, NameKeys] = field(default_factory=dict)

    def get(self, name: str) -> NameKeys:
        keys = self.entries.get(name)
        if keys is None:
            syllables = pinyin_syllables(name)
            pairs = list(customer_tokens(name, syllables))
            keys = NameKeys(
                pinyin=" ".join(syllables)[:128],
                full=pinyin_keys(syllables)[0],
                token_kinds=[k for k, _ in pairs],
                tokens=[t for _, t in pairs],
            )
            self.entries[name] = keys
        return keys


@dataclass
class ChunkNames:
    """Names of one chunk mapped to their distinct values."""

    index: np.ndarray  # per person: position in ``keys``
    keys: list[NameKeys]

    def token_rows(self, owner_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(kind, token, owner id) arrays for every token of every person."""
        counts = np.array([len(k.tokens) for k in self.keys], dtype=np.int64)
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
        flat_kind = np.fromiter(chain.from_iterable(k.token_kinds for k in self.keys), dtype=np.int64)
        flat_token = np.array(list(chain.from_iterable(k.tokens for k in self.keys)), dtype=object)
        per_person = counts[self.index]
        total = int(per_person.sum())
        person = np.repeat(np.arange(len(self.index)), per_person)
        starts = np.repeat(np.cumsum(per_person) - per_person, per_person)
        pos = offsets[self.index][person] + (np.arange(total) - starts)
        return flat_kind[pos], flat_token[pos], owner_ids[person]


def resolve(names: list[str], cache: NameCache) -> ChunkNames:
    """Map the names of a chunk to cached keys."""
    local: dict[str, int] = {}
    index = np.fromiter((local.setdefault(n, len(local)) for n in names), dtype=np.int64, count=len(names))
    return ChunkNames(index=index, keys=[cache.get(n) for n in local])
