"""Who calls: numbers drawn from the database — known customers, VIPs, shared household lines — plus unknown
and withheld callers, each with an IVR choice, a patience and a talk time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from db.models import Customer, CustomerPhone

from .runner import Behaviour

WITHHELD = ("anonymous", "+266696687", "", "Restricted")
# Share of each kind of caller.
MIX = {"known": 0.45, "vip": 0.10, "household": 0.10, "unknown": 0.25, "withheld": 0.10}
SAMPLE = 3000


@dataclass
class Population:
    """Numbers to call from, by kind."""

    known: list[str] = field(default_factory=list)
    vip: list[str] = field(default_factory=list)
    household: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)

    @classmethod
    def from_database(cls, engine: Engine, limit: int = SAMPLE) -> Population:
        """Read a sample of stored numbers (every number belongs to the kind its customers make it)."""
        stmt = (
            select(
                CustomerPhone.e164, func.max(Customer.vip_level), func.count(func.distinct(CustomerPhone.customer_id))
            )
            .join(Customer, Customer.id == CustomerPhone.customer_id)
            .group_by(CustomerPhone.e164)
            .limit(limit)
        )
        population = cls()
        with engine.connect() as conn:
            for e164, vip, owners in conn.execute(stmt):
                population.taken.add(e164)
                if owners > 1:
                    population.household.append(e164)
                elif (vip or 0) >= 3:
                    population.vip.append(e164)
                else:
                    population.known.append(e164)
        return population

    def unknown_number(self, rng: random.Random) -> str:
        """A valid mainland mobile number nobody in the sample has."""
        for _ in range(100):
            number = f"+86{rng.choice(('135', '150', '177', '186', '199'))}{rng.randrange(10**8):08d}"
            if number not in self.taken:
                return number
        return "+8613500000000"

    def caller(self, rng: random.Random) -> tuple[str, str]:
        """(kind, From) of the next caller; kinds with no numbers in the database fall back to unknown."""
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        pool = {"known": self.known, "vip": self.vip, "household": self.household}.get(kind)
        if kind == "withheld":
            return kind, rng.choice(WITHHELD)
        if pool:
            return kind, rng.choice(pool)
        return "unknown", self.unknown_number(rng)


def behaviour(kind: str, rng: random.Random) -> Behaviour:
    """IVR choice, patience and talk time of a caller (simulated seconds)."""
    digits = rng.choices(["", "1", "2", "3"], weights=[0.35, 0.35, 0.2, 0.1])[0]
    if kind == "vip":
        digits = rng.choice(["", ""])
    patience = rng.expovariate(1 / 90.0) + 5.0  # some hang up within seconds, most wait a minute or two
    talk = rng.uniform(20.0, 240.0)
    return Behaviour(digits=digits, patience=patience, talk=talk)
