"""Caller identification: the caller's number in E.164, withheld numbers, and the customers it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection

from db.pii import mask_phone, phone_key
from db.repositories.customers import PHONE_LIMIT, phone_owners
from services.identifiers import normalize_phone

# What carriers and Twilio put in From when the caller hides the number: words, and the same words typed on
# a keypad (+266696687 is "ANONYMOUS", +7378742833 "RESTRICTED", +86282452253 "UNAVAILABLE", +2562533 "BLOCKED").
WITHHELD_WORDS = frozenset(
    {"", "anonymous", "restricted", "unknown", "unavailable", "private", "blocked", "withheld", "null", "none"}
)
WITHHELD_NUMBERS = frozenset({"266696687", "7378742833", "86282452253", "2562533"})
MATCH_LIMIT = PHONE_LIMIT

MatchResult = str  # 'one' | 'several' | 'none' | 'withheld'


@dataclass(frozen=True)
class CallerNumber:
    """The From of a call, classified; ``masked`` and ``key`` are what a call row stores beside the number
    (:mod:`db.pii`), None when there is no number."""

    raw: str
    e164: str | None
    withheld: bool

    @property
    def masked(self) -> str | None:
        return mask_phone(self.e164) if self.e164 else None

    @property
    def key(self) -> str | None:
        return phone_key(self.e164) if self.e164 else None


@dataclass(frozen=True)
class CallerMatch:
    """Which customers a caller's number belongs to."""

    number: CallerNumber
    result: MatchResult
    customer_ids: tuple[int, ...] = ()
    vip_level: int = 0

    @property
    def customer_id(self) -> int | None:
        """The customer when exactly one matched; never guessed for a shared line."""
        return self.customer_ids[0] if self.result == "one" else None


@lru_cache(maxsize=8192)
def classify(raw: str | None, region: str = "CN") -> CallerNumber:
    """Normalise a caller's number; withheld and anonymous numbers are recognised, never looked up."""
    text = (raw or "").strip()
    digits = text.lstrip("+")
    if text.lower() in WITHHELD_WORDS or digits in WITHHELD_NUMBERS:
        return CallerNumber(text, None, True)
    if len(text) > 40:
        return CallerNumber(text[:40], None, False)
    return CallerNumber(text, normalize_phone(text, region), False)


def match_number(conn: Connection, number: CallerNumber) -> CallerMatch:
    """Match a classified number against every stored customer phone (one indexed lookup)."""
    if number.withheld:
        return CallerMatch(number, "withheld")
    if number.e164 is None:
        return CallerMatch(number, "none")
    rows = phone_owners(conn, number.e164)
    ids = tuple(dict.fromkeys(customer_id for customer_id, _vip in rows))
    if not ids:
        return CallerMatch(number, "none")
    vip = max(level for _id, level in rows)
    return CallerMatch(number, "one" if len(ids) == 1 else "several", ids, vip)


def match_caller(conn: Connection, raw: str | None, region: str = "CN") -> CallerMatch:
    """Classify ``raw`` and match it (see :func:`match_number`)."""
    return match_number(conn, classify(raw, region))
