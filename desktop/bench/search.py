"""``contactdesk bench search``: how fast a customer is found, and opened, in a large data set.

Figures (milliseconds, each from at least 1,000 timed calls after a warm-up; ``--quick``: 200):

* ``phone_lookup_p99_ms``: ``find_by_phone(conn, e164)`` on an open connection; the number, written
  the way people type it (``138 0013 8000``, ``+86 138-0013-8000``, ``(010) 6552 1234``), is
  normalised to E.164 before the clock starts.
* ``name3_search_p95_ms``, ``name2_search_p95_ms`` (one- and two-character fragments),
  ``pinyin_search_p95_ms`` (full-pinyin prefixes and initials), ``idtail_search_p95_ms`` (last 4-6
  characters of an ID number): a first page — ``CustomerSearch.search(text)`` then
  ``fetch_rows(ids[:50])``.
* ``customer360_p95_ms``: ``Customer360Service.header(id)`` plus ``.timeline(id)`` (first page).
* ``name2_plan``: the database's plan for a one-character name query (not a table scan).

Inputs are sampled from the data with ``--seed``.  Default size 1,000,000 customers; ``--quick`` 20,000.
``--compare-rls`` (a PostgreSQL ``--database``, as its owner) adds the same figures measured again as an agent's
and a lobby manager's own logins, row-level security on, and their ratios (:mod:`desktop.bench.rls`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.bench_harness import percentile, seeded_database, time_calls

DESCRIPTION = "customer search and 360° view latency (phone, name, pinyin, ID tail)"
DEFAULT_CUSTOMERS = 1_000_000
QUICK_CUSTOMERS = 20_000
CALLS, QUICK_CALLS = 1_000, 200
WARMUP, QUICK_WARMUP = 100, 30
PAGE = 50


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--calls", type=int, metavar="N", help=f"timed calls per figure (default {CALLS:,})")
    from .rls import add_option

    add_option(parser)  # --compare-rls


@dataclass
class Inputs:
    phones: list[str] = field(default_factory=list)  # as typed
    name3: list[str] = field(default_factory=list)
    name2: list[str] = field(default_factory=list)
    pinyin: list[str] = field(default_factory=list)
    idtail: list[str] = field(default_factory=list)
    customers: list[int] = field(default_factory=list)
    one_char: str = "王"


def _typed_phone(e164: str, style: int) -> str:
    """A stored E.164 number the way someone would type or read it."""
    national = e164[3:]
    if national.startswith("1") and len(national) == 11:  # mobile
        a, b, c = national[:3], national[3:7], national[7:]
        return (f"{a} {b} {c}", f"+86 {a}-{b}-{c}", national, f"+86{national}", f"0086 {a} {b} {c}")[style % 5]
    area_len = 2 if national[:2] in ("10", "20", "21", "22", "23", "24", "25", "27", "28", "29") else 3
    area, local = national[:area_len], national[area_len:]
    return (
        f"(0{area}) {local[:4]} {local[4:]}",
        f"0{area}-{local}",
        f"+86 {area} {local[:4]} {local[4:]}",
        f"0{area}{local}",
        f"(0{area}) {local[:4]} {local[4:]}",
    )[style % 5]


def sample_inputs(engine: Any, rng: np.random.Generator, count: int, *, among: list[int] | None = None) -> Inputs:
    """Search inputs drawn from the data (untimed).

    They are what a caller tells the agent (a number, the end of an ID number), so they are read in full, on
    the bench's own connection to the database it seeded; the timed searches read only masks and keys.
    """
    from sqlalchemy import bindparam, text

    with engine.connect() as conn:
        if among is None:
            lo, hi = conn.execute(text("SELECT MIN(id), MAX(id) FROM customer")).one()
            ids = sorted({int(i) for i in rng.integers(lo, hi + 1, count * 3)})
        else:  # only these customers (those a role may see)
            ids = sorted({int(i) for i in rng.choice(among, size=min(len(among), count * 3), replace=False)})
        people = conn.execute(
            text("SELECT id, name, name_pinyin, id_number FROM customer WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": ids},
        ).all()
        phone_ids = [int(i) for i in rng.choice([p[0] for p in people], size=min(count, len(people)), replace=False)]
        phones = (
            conn.execute(
                text("SELECT e164 FROM customer_phone WHERE customer_id IN :ids ORDER BY id").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": phone_ids},
            )
            .scalars()
            .all()
        )
    order = rng.permutation(len(people))
    people = [people[i] for i in order]
    out = Inputs()
    out.customers = [int(p[0]) for p in people]
    picks = rng.integers(0, 1 << 30, (len(people), 4)).tolist()
    for (_cid, name, pinyin, id_number), (a, b, c, d) in zip(people, picks, strict=True):
        clean = name.replace("·", "")
        if len(name) == 3:
            out.name3.append(name)
        if a % 2 and len(clean) >= 2:
            start = b % (len(clean) - 1)
            out.name2.append(clean[start : start + 2])
        else:
            out.name2.append(clean[b % len(clean)])
        syllables = pinyin.split()
        if syllables and a % 2:
            full = "".join(syllables)
            out.pinyin.append(full[: max(3, len(full) - c % 4)])
        elif syllables:
            initials = "".join(s[0] for s in syllables)
            out.pinyin.append(initials[: max(2, len(initials) - c % 2)])
        out.idtail.append(id_number[-(4 + d % 3) :])
    out.phones = [_typed_phone(p, int(s)) for p, s in zip(phones, rng.integers(0, 5, len(phones)), strict=True)]
    surnames = [n[0] for n in out.name3 if n]
    out.one_char = surnames[0] if surnames else "王"
    return out


def _cycle(values: list[Any], n: int) -> list[Any]:
    if not values:
        raise RuntimeError("the database gave no inputs for this figure")
    return [values[i % len(values)] for i in range(n)]


Work = tuple[Callable[[Any], object], list[Any]]  # a call to time, and its inputs

# figure -> (timing series of :func:`measure`, percentile)
FIGURES: dict[str, tuple[str, float]] = {
    "phone_lookup_p99_ms": ("phone", 99),
    "name3_search_p95_ms": ("name3", 95),
    "name2_search_p95_ms": ("name2", 95),
    "pinyin_search_p95_ms": ("pinyin", 95),
    "idtail_search_p95_ms": ("idtail", 95),
    "customer360_p95_ms": ("opened", 95),
}


@contextmanager
def workload(engine: Any, inputs: Inputs, n: int, principal: Any = None) -> Iterator[dict[str, Work]]:
    """Each timing series: the call timed and its ``n`` inputs (``principal``: search and open as that person)."""
    from db.repositories.customers import find_by_phone
    from services.customer360 import Customer360Service
    from services.identifiers import normalize_phone
    from services.search import CustomerSearch

    search = CustomerSearch(engine, principal=principal)
    c360 = Customer360Service(engine, principal=principal)

    def first_page(text: str) -> None:
        result = search.search(text)
        search.fetch_rows(result.ids[:PAGE])

    def open_customer(cid: int) -> None:
        c360.header(cid)
        c360.timeline(cid)

    e164s = [normalize_phone(p) for p in _cycle(inputs.phones, n)]
    if any(e is None for e in e164s):
        raise RuntimeError("a sampled phone number did not normalise to E.164")
    with engine.connect() as conn:  # the phone lookup runs on an open connection
        yield {
            "phone": (lambda e: find_by_phone(conn, e), e164s),
            "name3": (first_page, _cycle(inputs.name3, n)),
            "name2": (first_page, _cycle(inputs.name2, n)),
            "pinyin": (first_page, _cycle(inputs.pinyin, n)),
            "idtail": (first_page, _cycle(inputs.idtail, n)),
            "opened": (open_customer, _cycle(inputs.customers, n)),
        }


def measure(engine: Any, inputs: Inputs, calls: int, warmup: int, principal: Any = None) -> dict[str, list[float]]:
    """Milliseconds of each timed call, by series, after ``warmup`` untimed calls each."""
    with workload(engine, inputs, calls + warmup, principal) as work:
        return {name: time_calls(fn, values[warmup:], warmup=values[:warmup]) for name, (fn, values) in work.items()}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from services.search import CustomerSearch

    quick = bool(args.quick)
    customers = args.customers or (QUICK_CUSTOMERS if quick else DEFAULT_CUSTOMERS)
    calls = max(args.calls or (QUICK_CALLS if quick else CALLS), QUICK_CALLS if quick else CALLS)
    warmup = QUICK_WARMUP if quick else WARMUP
    with seeded_database(args, customers) as db:
        if getattr(args, "compare_rls", False):
            from .rls import require_owner

            require_owner(db.engine)  # before anything is measured
        rng = np.random.default_rng([args.seed, 7])
        inputs = sample_inputs(db.engine, rng, calls + warmup)
        timings = measure(db.engine, inputs, calls, warmup)
        plan = CustomerSearch(db.engine).explain(inputs.one_char)
        figures: dict[str, Any] = {
            name: round(percentile(timings[series], p), 3) for name, (series, p) in FIGURES.items()
        }
        figures.update(
            seed_seconds=round(db.seed_seconds, 1) if db.seed_seconds is not None else None,
            customers=db.customers,
            backend=db.backend,
            calls=calls,
            name2_plan=plan,
        )
        if getattr(args, "compare_rls", False):
            from .rls import compare_search

            def sample(engine: Any, among: list[int] | None) -> Inputs:
                return sample_inputs(engine, np.random.default_rng([args.seed, 8]), calls + warmup, among=among)

            figures.update(compare_search(db.engine, sample, workload, FIGURES, calls, warmup))
        return figures
