"""Product holdings and monthly aggregates of one chunk; the holdings fix each customer's AUM."""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np

from db.pii import CARD_KINDS, mask_account, pii_key

from .columns import NULL_DAY, Batch, Const, Day, Int, Money, Rate, Text, batch
from .contacts import Alloc
from .identity import affine, card_numbers, zero_pad
from .people import CHURN, DORMANT, GROWING, MATURE, ONBOARDING, People, tier_of
from .world import World

KINDS = ("current", "term_deposit", "wealth", "fund", "insurance", "loan", "credit_card", "debit_card")
ASSET_KINDS = (0, 1, 2, 3, 4)
# Allocation weight of each asset kind by tier (mass .. private).
ALLOCATION = np.array(
    [
        [1.0, 0.7, 0.5, 0.35, 0.3, 0.2],  # current
        [1.0, 1.4, 1.3, 1.2, 1.0, 0.8],  # term deposits
        [0.6, 1.0, 1.3, 1.5, 1.6, 1.7],  # wealth
        [0.4, 0.6, 0.8, 1.0, 1.2, 1.3],  # funds
        [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],  # insurance
    ]
)
TERM_LAMBDA = np.array([0.35, 1.0, 1.5, 2.0, 2.5, 3.0])
WEALTH_P = np.array([0.05, 0.25, 0.45, 0.6, 0.7, 0.8])
FUND_P = np.array([0.08, 0.25, 0.4, 0.5, 0.6, 0.7])
INSURANCE_P = np.array([0.04, 0.12, 0.2, 0.3, 0.4, 0.5])
CREDIT_P = np.array([0.25, 0.4, 0.5, 0.6, 0.65, 0.7])
DEBIT_BY_TIER = ("DC-STD", "DC-STD", "DC-GOLD", "DC-PLAT", "DC-PLAT", "DC-PB")
TXN_RATE = np.array([0.0, 10.0, 22.0, 30.0, 18.0, 0.4, 9.0])  # by lifecycle stage
ACCOUNT_BIN, DEBIT_BIN, CREDIT_BIN = 621799, 623058, 625906
CONTRACT_PREFIX = {2: "LC", 3: "JJ", 4: "BD", 5: "DK"}


@dataclass
class Maturing:
    """Term deposits maturing within the reminder window, for :mod:`.reminders`."""

    holding_id: np.ndarray
    person: np.ndarray
    product: np.ndarray
    cents: np.ndarray
    day: np.ndarray
    account_no: list[str]


@dataclass
class HoldingsResult:
    batches: list[Batch]
    depth: np.ndarray  # product kinds per customer
    activity: np.ndarray  # mean monthly transactions per customer
    maturing: Maturing


def _counts(p: People, rng: np.random.Generator, tier: np.ndarray) -> np.ndarray:
    n = p.n
    c = np.zeros((n, len(KINDS)), dtype=np.int64)
    c[:, 0] = 1 + (rng.random(n) < 0.08)
    c[:, 1] = np.minimum(rng.poisson(TERM_LAMBDA[tier]), 6)
    c[:, 2] = (rng.random(n) < WEALTH_P[tier]) * (1 + np.minimum(rng.poisson(0.4 * tier), 3))
    c[:, 3] = (rng.random(n) < FUND_P[tier]) * (1 + np.minimum(rng.poisson(0.3 * tier), 3))
    c[:, 4] = (rng.random(n) < INSURANCE_P[tier]) * 1
    c[:, 5] = rng.random(n) < np.where(tier >= 1, 0.17, 0.12)
    c[:, 6] = (rng.random(n) < CREDIT_P[tier]) * (1 + (rng.random(n) < 0.15))
    c[:, 7] = rng.random(n) < 0.92
    c[p.prospect] = 0
    return c


def holdings(world: World, p: People, rng: np.random.Generator, alloc: Alloc) -> HoldingsResult:
    prod = world.products
    tier = tier_of(p.aum_cents)
    counts = _counts(p, rng, tier)
    flat = counts.ravel()
    person = np.repeat(np.repeat(np.arange(p.n), len(KINDS)), flat)
    kind = np.repeat(np.tile(np.arange(len(KINDS)), p.n), flat)
    size = len(person)
    ids = alloc("product_holding", size)
    t = tier[person]
    u = rng.random(size)

    # Products within each kind.
    product = np.zeros(size, dtype=np.int64)
    code_index = {c: i for i, c in enumerate(prod.code.tolist())}
    for k, name in enumerate(KINDS):
        rows = kind == k
        options = prod.of_kind(name)
        product[rows] = options[(u[rows] * len(options)).astype(np.int64)]
    first_current = (kind == 0) & (np.concatenate(([True], person[1:] != person[:-1])))
    product[first_current] = code_index["CUR-CNY"]
    debit = kind == 7
    product[debit] = np.array([code_index[c] for c in DEBIT_BY_TIER])[t[debit]]
    loan = kind == 5
    product[loan] = np.array([code_index[c] for c in ("LN-MTG", "LN-CON", "LN-BIZ", "LN-CAR")])[
        np.searchsorted([0.6, 0.85, 0.93], u[loan])
    ]

    # Balances: assets share the customer's AUM; liabilities stand apart.
    asset = kind <= 4
    weight = np.where(asset, rng.gamma(2.0, 1.0, size) * ALLOCATION[np.minimum(kind, 4), t], 0.0)
    total = np.bincount(person, weights=weight, minlength=p.n)
    share = np.divide(weight, total[person], out=np.zeros(size), where=total[person] > 0)
    cents = np.floor(share * p.aum_cents[person]).astype(np.int64)
    remainder = p.aum_cents - np.bincount(person, weights=cents, minlength=p.n).astype(np.int64)
    cents[first_current] += remainder[person[first_current]]
    dormant = p.lifecycle[person] == DORMANT
    cents[loan] = np.round(np.exp(rng.normal(np.log(450_000), 0.8, int(loan.sum()))) * 100).astype(np.int64)
    credit = kind == 6
    cents[credit] = np.round(rng.exponential(6000, int(credit.sum())) * (rng.random(int(credit.sum())) < 0.7) * 100)
    cents[debit] = 0
    p.aum_cents = np.bincount(person, weights=np.where(asset, cents, 0), minlength=p.n).astype(np.int64)

    # Dates.
    today = world.today_day
    since = p.since_day[person]
    span = np.maximum(today - since, 1)
    opened = since + (rng.random(size) * span).astype(np.int64)
    opened[kind == 0] = since[kind == 0]
    maturity = np.full(size, NULL_DAY, dtype=np.int64)
    term_days = (prod.term[product] * 30.44).astype(np.int64)
    td = kind == 1
    maturity[td] = today + rng.integers(1, 366, int(td.sum()))
    wealth = (kind == 2) & (term_days > 0)
    maturity[wealth] = today + (rng.random(int(wealth.sum())) * term_days[wealth]).astype(np.int64) + 1
    fixed = td | wealth
    opened[fixed] = np.maximum(maturity[fixed] - term_days[fixed], since[fixed])
    maturity[loan] = opened[loan] + term_days[loan]

    rate = prod.rate[product] + np.where(td, 0.05 * t, 0.0) + np.where(loan, rng.normal(0, 0.15, size), 0.0)
    status = np.full(size, "active", dtype=object)
    status[(kind == 0) & dormant] = "dormant"
    status[(kind >= 6) & (u < 0.01)] = "frozen"
    account_no = _account_numbers(world, ids, kind, person, first_current)

    maturing = td & (maturity <= today + 60)
    result = HoldingsResult(
        batches=[
            batch(
                "product_holding",
                size,
                id=Int(ids),
                version=Const(1),
                customer_id=Int(p.ids[person]),
                product_id=Int(prod.ids[product]),
                kind=Text(np.array(KINDS, dtype=object)[kind]),
                account_no=Text(account_no),
                account_masked=Text(
                    [
                        mask_account(a, card=k in CARD_KINDS)
                        for a, k in zip(account_no, np.array(KINDS, dtype=object)[kind].tolist(), strict=True)
                    ]
                ),
                account_key=Text([pii_key("account", a) for a in account_no]),
                currency=Const("CNY"),
                balance=Money(cents),
                rate=Rate(rate),
                opened_on=Day(opened),
                maturity_date=Day(maturity),
                status=Text(status),
            )
        ],
        depth=(counts > 0).sum(axis=1),
        activity=np.zeros(p.n),
        maturing=Maturing(
            holding_id=ids[maturing],
            person=person[maturing],
            product=product[maturing],
            cents=cents[maturing],
            day=maturity[maturing],
            account_no=np.array(account_no, dtype=object)[maturing].tolist(),
        ),
    )
    deposit = np.bincount(person, weights=np.where(kind <= 1, cents, 0), minlength=p.n)
    deposit_share = np.divide(deposit, p.aum_cents, out=np.ones(p.n), where=p.aum_cents > 0)
    aggregates, activity = monthly_aggregates(world, p, rng, deposit_share, tier)
    result.batches.append(aggregates)
    result.activity = activity
    return result


def _account_numbers(
    world: World, ids: np.ndarray, kind: np.ndarray, person: np.ndarray, first_current: np.ndarray
) -> list[str]:
    out = np.empty(len(ids), dtype=object)
    mult, add = world.mult["account"]
    current = kind == 0
    out[current] = card_numbers(np.full(int(current.sum()), ACCOUNT_BIN), affine(ids[current], 10**12, mult, add), 19)
    mult, add = world.mult["card"]
    for k, bin6 in ((7, DEBIT_BIN), (6, CREDIT_BIN)):
        rows = kind == k
        out[rows] = card_numbers(np.full(int(rows.sum()), bin6), affine(ids[rows], 10**9, mult, add), 16)
    # Term deposits are sub-accounts of the customer's main current account: 6217...-001.
    main = np.empty(int(person.max()) + 1 if len(person) else 0, dtype=object)
    main[person[first_current]] = out[first_current]
    td = np.flatnonzero(kind == 1)
    if len(td):
        starts = np.concatenate(([True], person[td][1:] != person[td][:-1]))
        group_start = np.maximum.accumulate(np.where(starts, np.arange(len(td)), 0))
        seq = np.arange(len(td)) - group_start + 1
        out[td] = list(map(operator.add, main[person[td]].tolist(), (f"-{s:03d}" for s in seq.tolist())))
    mult, add = world.mult["contract"]
    for k, prefix in CONTRACT_PREFIX.items():
        rows = kind == k
        out[rows] = [prefix + s for s in zero_pad(affine(ids[rows], 10**14, mult, add), 14)]
    return out.tolist()  # type: ignore[no-any-return]


def month_starts(today_day: int, months: int = 12) -> np.ndarray:
    """Days (since 1970) of the first day of each of the last ``months`` complete months, oldest first."""
    this_month = np.datetime64(int(today_day), "D").astype("datetime64[M]")
    firsts = (this_month - np.arange(months, 0, -1)).astype("datetime64[D]")
    return firsts.astype(np.int64)  # type: ignore[no-any-return]


def monthly_aggregates(
    world: World, p: People, rng: np.random.Generator, deposit_share: np.ndarray, tier: np.ndarray
) -> tuple[Batch, np.ndarray]:
    """Twelve months of balances and transactions per customer (from the month they joined)."""
    months = month_starts(world.today_day)
    m = len(months)
    joined = (~p.prospect)[:, None] & (p.since_day[:, None] < months[None, :] + 28)
    t = np.linspace(0.0, 1.0, m)[None, :]
    trend = np.ones((p.n, m))
    lc = p.lifecycle[:, None]
    trend = np.where(lc == GROWING, 0.55 + 0.45 * t, trend)
    trend = np.where(lc == CHURN, 1.9 - 0.9 * t, trend)
    trend = np.where(lc == ONBOARDING, 0.5 + 0.5 * t, trend)
    trend = np.where(lc == MATURE, 0.95 + 0.05 * t, trend)
    noise = np.exp(rng.normal(0, 0.05, (p.n, m)))
    avg = np.round(p.aum_cents[:, None] * trend * noise).astype(np.int64)
    deposit = np.round(avg * np.minimum(deposit_share[:, None] * np.exp(rng.normal(0, 0.03, (p.n, m))), 1)).astype(
        np.int64
    )
    rate = TXN_RATE[p.lifecycle] * (1 + 0.12 * tier)
    churn_decay = np.where(lc == CHURN, 1.4 - 0.9 * t, 1.0)
    txn = rng.poisson(rate[:, None] * churn_decay)
    ticket = np.exp(rng.normal(np.log(350.0), 0.6, (p.n, 1))) * (1 + tier[:, None]) * 100
    txn_in = np.round(txn * ticket * rng.uniform(0.8, 1.3, (p.n, m))).astype(np.int64)
    txn_out = np.round(txn * ticket * rng.uniform(0.7, 1.2, (p.n, m))).astype(np.int64)
    txn = np.where(joined, txn, 0)
    activity = txn.sum(axis=1) / np.maximum(joined.sum(axis=1), 1)
    rows, cols = np.nonzero(joined)
    size = len(rows)
    return (
        batch(
            "monthly_aggregate",
            size,
            customer_id=Int(p.ids[rows]),
            month=Day(months[cols]),
            avg_aum=Money(avg[rows, cols]),
            deposit_balance=Money(deposit[rows, cols]),
            txn_count=Int(txn[rows, cols]),
            txn_in=Money(txn_in[rows, cols]),
            txn_out=Money(txn_out[rows, cols]),
        ),
        activity,
    )
