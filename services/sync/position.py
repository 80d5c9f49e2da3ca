"""A feed position as one short string: what a desktop sends back to resume, and what each event carries.

``"<horizon>"`` or ``"<horizon>:<id>,<id>,..."`` — the horizon and the ids already delivered at or above it
(see :class:`db.feed.FeedPosition`).  The position means the same on every gateway node, because
it is made of database facts (transaction horizons and feed ids), not of a node's own counters.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine

from db.feed import FeedPosition, head

MAX_TOKEN = 20_000  # characters; a few hundred ids at most in practice
_TOKEN = re.compile(r"[0-9]{1,19}(:([0-9]{1,19}(,[0-9]{1,19})*)?)?\Z")  # ASCII digits only: "²" is no number
BIGINT_MAX = 2**63 - 1


class BadPosition(ValueError):
    """The text is not a position this module wrote."""


def encode(position: FeedPosition) -> str:
    """The position as a string for the ``id:`` field of a server-sent event."""
    if not position.delivered:
        return str(position.horizon)
    return f"{position.horizon}:{','.join(str(i) for i in sorted(position.delivered))}"


def decode(token: str) -> FeedPosition:
    """Parse :func:`encode`'s output.

    Raises:
        BadPosition: not a position.
    """
    token = token.strip()
    if len(token) > MAX_TOKEN or not _TOKEN.match(token):
        raise BadPosition(f"not a feed position: {token[:40]!r}")
    horizon, _, ids = token.partition(":")
    numbers = [int(horizon), *(int(i) for i in ids.split(",") if i)]
    if max(numbers) > BIGINT_MAX:
        raise BadPosition(f"not a feed position: {token[:40]!r}")
    return FeedPosition(numbers[0], set(numbers[1:]))


def start_position(engine: Engine) -> str:
    """The feed's head now: take it *before* loading the data a screen shows, then start the client from it."""
    return encode(head(engine))
