"""The demo's robot customers answer satisfaction surveys, so that the CSAT report has something to show.

When the simulated account is asked to send an SMS that asks for a 1–5 rating (the call and complaint
survey templates say "回复1至5" / "reply 1 to 5"), the customer answers it with probability
``SimulatorConfig.answer_surveys`` after a short, speed-scaled pause: mostly content, sometimes not, now and
then in words ("满意", "一般") instead of a digit.  Off (0.0) unless the in-process demo turns it on.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from .messages import SimMessage

ASKS = ("回复1至5", "reply 1 to 5")
ANSWERS: tuple[tuple[str, int], ...] = (
    ("5", 40),
    ("非常满意", 6),
    ("4", 24),
    ("满意", 6),
    ("3", 8),
    ("一般", 4),
    ("2", 6),
    ("不满意", 2),
    ("1", 4),
)


def asks_for_rating(body: str) -> bool:
    return any(ask in body for ask in ASKS)


def pick_answer(rng: random.Random) -> str:
    texts, weights = zip(*ANSWERS, strict=True)
    return rng.choices(texts, weights=weights)[0]


async def answer_later(
    message: SimMessage, rng: random.Random, speed: float, reply: Callable[[str, str, str], Awaitable[int]]
) -> None:
    """Wait a human moment, then send the customer's answer from their number to the number that asked."""
    await asyncio.sleep(rng.uniform(5.0, 40.0) * speed)
    await reply(message.to, pick_answer(rng), message.from_)
