"""Ticket numbers people can read over the phone: ``TS2611-0042``.

Two letters for the kind (pinyin initials: ``TS`` 投诉 complaint, ``FW`` 服务 service request), the year
and month of creation in Beijing time (``2611`` = November 2026), a hyphen, and a sequence of at least
four digits that restarts every month.  Letters appear only in the fixed two-letter prefix and everything
that varies is digits, so nothing hinges on O/0 or I/1; what an agent types or hears back is normalised by
:func:`normalize` (``ts 2611 0042``, ``TS26110042``, ``TS2611-OO42`` all find ``TS2611-0042``), and
:func:`read_aloud` says 1 as 幺 the way numbers are read on Chinese phone lines.

The sequence comes from ``ticket_number_counter``: one ``UPDATE … SET last_value = last_value + 1 …
RETURNING`` in the creating transaction.  On PostgreSQL the row lock serialises concurrent creators, on
SQLite the single writer does, so numbers are unique and gap-free (a rolled-back creation gives its number
back).  The first number of a month starts after the highest existing number with that prefix, so numbers
written by other tools (the demo seed) are never repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import Ticket, TicketNumberCounter

KIND_PREFIX = {"complaint": "TS", "service": "FW"}
MIN_DIGITS = 4
_NUMBER = re.compile(r"^([A-Z]{2})(\d{4})-(\d{4,})$")
# Spoken/typed look-alikes of digits.
_DIGIT_FIXES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "B": "8", "G": "6"})
_ZH_DIGITS = "零幺二三四五六七八九"  # 1 as 幺 (yāo), as read out on the phone
_EN_LETTERS = {"T": "Tango", "S": "Sierra", "F": "Foxtrot", "W": "Whiskey"}


def prefix_for(kind: str, at: dt.datetime, tz: str = "Asia/Shanghai") -> str:
    """``TS2611`` for a complaint created in November 2026 (Beijing time)."""
    letters = KIND_PREFIX.get(kind, "QT")  # 其他
    local = at.astimezone(ZoneInfo(tz))
    return f"{letters}{local:%y%m}"


def format_number(prefix: str, sequence: int) -> str:
    return f"{prefix}-{sequence:0{MIN_DIGITS}d}"


def sequence_of(number: str) -> int | None:
    """The sequence part of a number, whatever its width."""
    m = _NUMBER.match(number)
    return int(m.group(3)) if m else None


def _highest_existing(conn: Connection, prefix: str) -> int:
    numbers = conn.execute(select(Ticket.number).where(Ticket.number.like(f"{prefix}-%"))).scalars()
    return max((sequence_of(n) or 0 for n in numbers), default=0)


def allocate(conn: Connection, kind: str, at: dt.datetime, tz: str = "Asia/Shanghai") -> str:
    """The next number for ``kind`` in ``at``'s month, taken inside the caller's transaction."""
    prefix = prefix_for(kind, at, tz)
    counter: Table = TicketNumberCounter.__table__  # type: ignore[assignment]
    bump = (
        update(counter)
        .where(counter.c.prefix == prefix)
        .values(last_value=counter.c.last_value + 1)
        .returning(counter.c.last_value)
    )
    value = conn.execute(bump).scalar_one_or_none()
    if value is None:
        start = _highest_existing(conn, prefix)
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(insert(counter).values(prefix=prefix, last_value=start).on_conflict_do_nothing())
        value = conn.execute(bump).scalar_one()
    return format_number(prefix, int(value))


def normalize(text: str) -> str | None:
    """The canonical number for what someone typed or read out, or None when it cannot be one.

    ``"ts 2611 0042"``, ``"TS26110042"``, ``"ts2611-oo42"`` → ``"TS2611-0042"``.
    """
    cleaned = re.sub(r"[\s\-_.·—–/]", "", text.strip().upper())
    if len(cleaned) < 2 + 4 + MIN_DIGITS:
        return None
    letters, rest = cleaned[:2], cleaned[2:].translate(_DIGIT_FIXES)
    if not letters.isalpha() or not rest.isdigit():
        return None
    return f"{letters}{rest[:4]}-{rest[4:]}"


def read_aloud(number: str, language: str = "zh_CN") -> str:
    """How to say a number on the phone: ``"T S，二六幺幺，零零四二"`` / ``"Tango Sierra, 2 6 1 1, 0 0 4 2"``."""
    m = _NUMBER.match(number)
    if not m:
        return number
    letters, yymm, seq = m.groups()
    if language.startswith("zh"):
        digits = lambda s: "".join(_ZH_DIGITS[int(c)] for c in s)  # noqa: E731
        return f"{' '.join(letters)}，{digits(yymm)}，{digits(seq)}"
    spell = " ".join(_EN_LETTERS.get(c, c) for c in letters)
    return f"{spell}, {' '.join(yymm)}, {' '.join(seq)}"
