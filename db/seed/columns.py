"""Generated rows held column-wise, and their two renderings: SQLite parameters and COPY text.

Both renderings give every value the text SQLAlchemy itself would store on SQLite (dates as
``YYYY-MM-DD``, times as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC), so that rows written by the seed
and rows written by the application are indistinguishable.  Formatting goes through lookup tables
and C-level ``map``/``zip``/``join``; nothing loops per value in Python.

COPY text is built as a byte matrix: each field is rendered into a fixed-width ``uint8`` block padded
with NUL bytes (which valid text never contains), the blocks are laid side by side with tab and
newline columns, and one pass drops the padding.
"""

from __future__ import annotations

import abc
import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np

NULL_DAY = -(10**6)  # "no date" in a Day column
NULL_STAMP = -(10**12)  # "no time" in a Stamp column
LUT_FIRST_DAY = -25567  # 1900-01-01 as days since 1970-01-01
LUT_DAYS = 73415  # up to 2100-12-31
COPY_SPECIALS = ("\\", "\t", "\n", "\r")


@functools.cache
def _day_lut() -> np.ndarray:
    days = np.datetime64("1900-01-01") + np.arange(LUT_DAYS)
    return np.array(np.datetime_as_string(days, unit="D").tolist(), dtype=object)


@functools.cache
def _time_lut() -> np.ndarray:
    return np.array(
        [f" {h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)], dtype=object
    )


@functools.cache
def _digit_lut() -> np.ndarray:
    return np.array([list(f"{i:04d}".encode()) for i in range(10000)], dtype=np.uint8)


@functools.cache
def _day_bytes() -> np.ndarray:
    return np.array([s.encode() for s in _day_lut().tolist()], dtype="S10").view(np.uint8).reshape(-1, 10)


@functools.cache
def _time_bytes() -> np.ndarray:
    return np.array([s[1:9].encode() for s in _time_lut().tolist()], dtype="S8").view(np.uint8).reshape(-1, 8)


NUL_FIELD = np.frombuffer(b"\\N", dtype=np.uint8)


def digit_matrix(values: np.ndarray, strip: bool = True) -> np.ndarray:
    """ASCII digits of non-negative integers, one row each; leading zeros become NUL padding."""
    v = np.asarray(values, dtype=np.int64)
    n = len(v)
    top = int(v.max()) if n else 0
    width = max(len(str(top)), 1)
    out = np.empty((n, width), dtype=np.uint8)
    lut = _digit_lut()
    pos = width
    while pos > 0:
        k = min(4, pos)
        v, r = np.divmod(v, 10000)
        out[:, pos - k : pos] = lut[r][:, 4 - k :]
        pos -= k
    if strip and width > 1:
        lead = np.cumsum(out[:, :-1] != 48, axis=1) == 0
        out[:, :-1][lead] = 0
    return out


def with_nulls(matrix: np.ndarray, null: np.ndarray | None) -> np.ndarray:
    """Replace the rows marked ``null`` by the COPY NULL marker."""
    if null is None or not null.any():
        return matrix
    if matrix.shape[1] < 2:
        matrix = np.concatenate([matrix, np.zeros((len(matrix), 2 - matrix.shape[1]), dtype=np.uint8)], axis=1)
    marker = np.zeros(matrix.shape[1], dtype=np.uint8)
    marker[:2] = NUL_FIELD
    matrix = matrix.copy()
    matrix[null] = marker
    return matrix


def signed_matrix(values: np.ndarray) -> np.ndarray:
    v = np.asarray(values, dtype=np.int64)
    neg = v < 0
    digits = digit_matrix(np.abs(v))
    if not neg.any():
        return digits
    sign = np.where(neg, ord("-"), 0).astype(np.uint8)[:, None]
    return np.concatenate([sign, digits], axis=1)


def decimal_matrix(scaled: np.ndarray, places: int) -> np.ndarray:
    """Fixed-point text of integers scaled by 10**places (cents -> '123.45')."""
    v = np.asarray(scaled, dtype=np.int64)
    neg = v < 0
    whole, frac = np.divmod(np.abs(v), 10**places)
    parts = [digit_matrix(whole), np.full((len(v), 1), ord("."), dtype=np.uint8), digit_matrix(frac, strip=False)]
    parts[2] = (
        parts[2][:, -places:]
        if parts[2].shape[1] >= places
        else np.concatenate([np.full((len(v), places - parts[2].shape[1]), 48, dtype=np.uint8), parts[2]], axis=1)
    )
    if neg.any():
        parts.insert(0, np.where(neg, ord("-"), 0).astype(np.uint8)[:, None])
    return np.concatenate(parts, axis=1)


def text_matrix(values: list[str | None]) -> np.ndarray:
    """UTF-8 text (None = NULL) padded with NUL bytes, COPY-escaped where needed."""
    probe = "".join(v for v in values if v is not None)
    if any(ch in probe for ch in COPY_SPECIALS):
        values = [_escape(v) if v is not None else None for v in values]
    encoded = [v.encode() if v is not None else b"\\N" for v in values]
    arr = np.array(encoded, dtype=bytes)
    width = max(arr.dtype.itemsize, 1)
    if arr.dtype.itemsize == 0:
        arr = arr.astype("S1")
    return arr.view(np.uint8).reshape(len(values), width)


def day_strings(days: np.ndarray) -> np.ndarray:
    """'YYYY-MM-DD' for days since 1970-01-01 (object array; no nulls)."""
    return _day_lut()[np.asarray(days, dtype=np.int64) - LUT_FIRST_DAY]


class Column(abc.ABC):
    """One column of a batch; each kind of column says how it is written for SQLite and for COPY."""

    @abc.abstractmethod
    def sql(self, n: int) -> Sequence[Any] | repeat[Any]:
        """Values as SQLite parameters."""

    @abc.abstractmethod
    def matrix(self, n: int) -> np.ndarray:
        """Values as COPY text fields: (n, width) uint8, NUL-padded."""


@dataclass
class Int(Column):
    """Integers; with ``zero_is_null``, 0 stands for NULL (for optional references)."""

    values: np.ndarray
    zero_is_null: bool = False

    def sql(self, n: int) -> list[Any]:
        out = np.asarray(self.values, dtype=np.int64).tolist()
        if self.zero_is_null:
            return [v or None for v in out]
        return out  # type: ignore[no-any-return]

    def matrix(self, n: int) -> np.ndarray:
        values = np.asarray(self.values, dtype=np.int64)
        return with_nulls(signed_matrix(values), values == 0 if self.zero_is_null else None)


@dataclass
class Money(Column):
    """Amounts held as integer cents (fen)."""

    cents: np.ndarray
    null: np.ndarray | None = None  # True where the amount is NULL

    def sql(self, n: int) -> list[float | None]:
        out = (np.asarray(self.cents, dtype=np.int64) / 100.0).tolist()
        if self.null is not None:
            for i in np.flatnonzero(self.null).tolist():
                out[i] = None
        return out  # type: ignore[no-any-return]

    def matrix(self, n: int) -> np.ndarray:
        return with_nulls(decimal_matrix(self.cents, 2), self.null)


@dataclass
class Rate(Column):
    """Small decimals (interest rates) with up to four places; NaN is NULL."""

    values: np.ndarray

    def sql(self, n: int) -> list[float | None]:
        vals = np.round(np.asarray(self.values, dtype=np.float64), 4).tolist()
        return [None if v != v else v for v in vals]

    def matrix(self, n: int) -> np.ndarray:
        vals = np.asarray(self.values, dtype=np.float64)
        null = np.isnan(vals)
        scaled = np.round(np.where(null, 0.0, vals) * 10000).astype(np.int64)
        return with_nulls(decimal_matrix(scaled, 4), null)


@dataclass
class Day(Column):
    """Dates as days since 1970-01-01; NULL_DAY is NULL."""

    days: np.ndarray

    def _null(self) -> np.ndarray:
        return np.asarray(self.days, dtype=np.int64) == NULL_DAY

    def sql(self, n: int) -> list[Any]:
        null = self._null()
        out = day_strings(np.where(null, 0, self.days))
        if null.any():
            out = out.copy()
            out[null] = None
        return out.tolist()  # type: ignore[no-any-return]

    def matrix(self, n: int) -> np.ndarray:
        null = self._null()
        index = np.where(null, 0, self.days).astype(np.int64) - LUT_FIRST_DAY
        return with_nulls(_day_bytes()[index], null)


@dataclass
class Stamp(Column):
    """UTC times as seconds since the epoch; NULL_STAMP is NULL."""

    seconds: np.ndarray

    def _split(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        secs = np.asarray(self.seconds, dtype=np.int64)
        null = secs == NULL_STAMP
        days, tod = np.divmod(np.where(null, 0, secs), 86400)
        return days, tod, null

    def sql(self, n: int) -> list[Any]:
        days, tod, null = self._split()
        out = list(map(operator.add, day_strings(days).tolist(), _time_lut()[tod].tolist()))
        if null.any():
            for i in np.flatnonzero(null).tolist():
                out[i] = None
        return out

    def matrix(self, n: int) -> np.ndarray:
        days, tod, null = self._split()
        space = np.full((len(days), 1), ord(" "), dtype=np.uint8)
        joined = np.concatenate([_day_bytes()[days - LUT_FIRST_DAY], space, _time_bytes()[tod]], axis=1)
        return with_nulls(joined, null)


@dataclass
class Flag(Column):
    """Booleans."""

    values: np.ndarray

    def sql(self, n: int) -> list[int]:
        return np.asarray(self.values, dtype=np.int64).tolist()  # type: ignore[no-any-return]

    def matrix(self, n: int) -> np.ndarray:
        return np.where(np.asarray(self.values, dtype=bool), ord("t"), ord("f")).astype(np.uint8)[:, None]


@dataclass
class Text(Column):
    """Strings (None is NULL); also used for JSON documents already serialised."""

    values: Sequence[str | None] | np.ndarray

    def sql(self, n: int) -> Sequence[str | None]:
        vals = self.values
        return vals.tolist() if isinstance(vals, np.ndarray) else vals

    def matrix(self, n: int) -> np.ndarray:
        vals = self.values.tolist() if isinstance(self.values, np.ndarray) else list(self.values)
        return text_matrix(vals)


@dataclass
class Const(Column):
    """The same value in every row (None is NULL)."""

    value: Any

    def sql(self, n: int) -> repeat[Any]:
        return repeat(self.value, n)

    def matrix(self, n: int) -> np.ndarray:
        value = self.value
        if value is None:
            raw = b"\\N"
        elif isinstance(value, bool):
            raw = b"t" if value else b"f"
        else:
            raw = _escape(str(value)).encode()
        return np.broadcast_to(np.frombuffer(raw, dtype=np.uint8), (n, len(raw)))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class Batch:
    """Rows for one table, column by column."""

    table: str
    columns: dict[str, Column]
    size: int
    if_missing: bool = False  # insert only rows whose key is not there yet (small tables only)

    def sql_rows(self) -> list[tuple[Any, ...]]:
        """Rows as tuples of SQLite parameters."""
        return list(zip(*(col.sql(self.size) for col in self.columns.values()), strict=False))

    def copy_bytes(self) -> bytes:
        """Rows in PostgreSQL COPY text format, UTF-8 (ending in a newline)."""
        n = self.size
        if n == 0:
            return b""
        tab = np.full((n, 1), ord("\t"), dtype=np.uint8)
        parts: list[np.ndarray] = []
        for col in self.columns.values():
            parts.append(col.matrix(n))
            parts.append(tab)
        parts[-1] = np.full((n, 1), ord("\n"), dtype=np.uint8)
        flat = np.concatenate(parts, axis=1).ravel()
        return flat[flat != 0].tobytes()  # type: ignore[no-any-return]


def batch(table: str, size: int, **columns: Column) -> Batch:
    """Build a batch; every non-constant column must hold ``size`` values."""
    for name, col in columns.items():
        if isinstance(col, Const):
            continue
        values = next(iter(vars(col).values()))
        if len(values) != size:
            raise ValueError(f"{table}.{name}: {len(values)} values for {size} rows")
    return Batch(table, dict(columns), size)
