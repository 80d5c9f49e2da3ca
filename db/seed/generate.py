"""The data set as a stream of batches: reference tables first, then customers chunk by chunk.

Chunk ``k`` draws from its own random streams (``[seed, k + 1, part]``), so a chunk's content depends
only on the seed, its position and the ids handed out before it: the same seed and size give the
same rows, whatever the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np

from .activity import interaction_batch, reminder_batch
from .columns import Batch
from .contacts import contact_batches
from .holdings import holdings
from .people import customer_batch, draw_people
from .staff import reference_batches
from .tickets import counter_batch, ticket_batches
from .world import World, build_world

CHUNK_SIZE = 25_000
# Tables in the order they are written (parents before children).
SEEDED_TABLES = (
    "role",
    "branch",
    "team",
    "app_user",
    "call_queue",
    "disposition_code",
    "sla_policy",
    "product",
    "customer",
    "customer_phone",
    "customer_email",
    "customer_address",
    "customer_consent",
    "search_token",
    "product_holding",
    "monthly_aggregate",
    "ticket",
    "ticket_event",
    "ticket_clock",  # written when the database has it (ticketing migration)
    "interaction",
    "reminder",
    "ticket_number_counter",  # likewise
)


class IdAllocator:
    """Hands out consecutive ids per table, starting at 1."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def __call__(self, table: str, count: int) -> np.ndarray:
        first = self.next.get(table, 1)
        self.next[table] = first + count
        return np.arange(first, first + count, dtype=np.int64)


def chunk_batches(world: World, index: int, first_id: int, size: int, alloc: IdAllocator) -> list[Batch]:
    """Every row belonging to customers ``first_id .. first_id + size - 1``."""

    def rng(part: int) -> np.random.Generator:
        return np.random.default_rng([world.seed, index + 1, part])

    people = draw_people(world, first_id, size, rng(1))
    held = holdings(world, people, rng(2), alloc)  # fixes people.aum_cents
    customers = customer_batch(world, people, rng(3), held.depth, held.activity)
    contacts = contact_batches(world, people, rng(4), alloc)
    tickets, intake = ticket_batches(world, people, rng(5), alloc)
    interactions = interaction_batch(world, people, rng(6), alloc, intake)
    reminders = reminder_batch(world, people, rng(7), alloc, held.maturing)
    return [customers, *contacts, *held.batches, *tickets, interactions, reminders]


def generate(
    seed: int, customers: int, today: dt.date, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[int, list[Batch]]]:
    """Yield (customers in this step, batches): first the reference tables (0 customers), then chunks."""
    world = build_world(seed, today)
    yield 0, reference_batches(world)
    alloc = IdAllocator()
    done = 0
    index = 0
    while done < customers:
        size = min(chunk_size, customers - done)
        yield size, chunk_batches(world, index, done + 1, size, alloc)
        done += size
        index += 1
    yield 0, [counter_batch(world)]
