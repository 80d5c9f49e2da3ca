"""Identifiers: resident ID numbers (GB 11643), phone numbers, CIF and account numbers, e-mails.

Unique identifiers come from affine permutations of surrogate ids (``(id * a + b) mod 10^k`` with ``a``
coprime to 10), so they look random yet never collide, and need no global bookkeeping.
"""

from __future__ import annotations

import operator

import numpy as np

BEIJING_OFFSET = 8 * 3600
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = np.array(list("10X98765432"), dtype=object)


def affine(ids: np.ndarray, modulus: int, mult: int, add: int) -> np.ndarray:
    """A permutation of ``0..modulus-1`` applied to ids (mult must be coprime to 10)."""
    return (np.asarray(ids, dtype=np.int64) % modulus * (mult % modulus) + add) % modulus


def digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) array of the decimal digits of non-negative integers, most significant first."""
    vals = np.asarray(values, dtype=np.int64).copy()
    out = np.empty((len(vals), width), dtype=np.int64)
    for pos in range(width - 1, -1, -1):
        vals, out[:, pos] = np.divmod(vals, 10)
    return out


def zero_pad(values: np.ndarray, width: int) -> list[str]:
    fmt = f"{{:0{width}d}}".format
    return list(map(fmt, np.asarray(values, dtype=np.int64).tolist()))


def luhn_digit(body: np.ndarray, width: int) -> np.ndarray:
    """Luhn check digit for numbers of ``width`` digits (the check digit is appended)."""
    d = digits(body, width)
    # Double every second digit counting from the right of the body (the check digit's neighbour first).
    doubled = d[:, ::-1].copy()
    doubled[:, 0::2] *= 2
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    return (10 - doubled.sum(axis=1) % 10) % 10  # type: ignore[no-any-return]


def luhn_valid(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(bin6: np.ndarray, serial: np.ndarray, length: int) -> list[str]:
    """Card or account numbers: 6-digit BIN, serial digits, Luhn check digit."""
    body_width = length - 1
    body = np.asarray(bin6, dtype=np.int64) * 10 ** (body_width - 6) + serial
    check = luhn_digit(body, body_width)
    return list(map(str, (body * 10 + check).tolist()))


def id_check_char(body17: np.ndarray) -> np.ndarray:
    """ISO 7064 MOD 11-2 check character of 17-digit ID bodies."""
    total = (digits(body17, 17) * ID_WEIGHTS).sum(axis=1)
    return ID_CHECK[total % 11]  # type: ignore[no-any-return]


def id_check_valid(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(ch) * int(w) for ch, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def ymd_numbers(days: np.ndarray) -> np.ndarray:
    """YYYYMMDD as integers for days since 1970-01-01."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    year = months.astype(np.int64) // 12 + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + day  # type: ignore[no-any-return]


def resident_ids(
    area: np.ndarray, birth_days: np.ndarray, female: np.ndarray, rng: np.random.Generator, seen: set[int]
) -> list[str]:
    """18-digit resident ID numbers, unique across every call sharing ``seen``.

    Args:
        area: six-digit area codes as integers.
        birth_days: birth dates as days since 1970-01-01.
        female: sequence parity: odd for men, even for women.
        rng: random source for the sequence number.
        seen: 17-digit bodies already issued (updated).
    """
    ymd = ymd_numbers(birth_days)
    seq = rng.integers(0, 500, len(area)) * 2 + np.where(female, 0, 1)
    body = np.asarray(area, dtype=np.int64) * 10**11 + ymd * 1000 + seq
    bodies = body.tolist()
    for i, value in enumerate(bodies):
        while value in seen:
            s = value % 1000
            value = value - s + (s + 2) % 1000
        seen.add(value)
        bodies[i] = value
    body = np.array(bodies, dtype=np.int64)
    return list(map(operator.add, map(str, bodies), id_check_char(body).tolist()))


def mobile_numbers(owner: np.ndarray, prefixes: np.ndarray, mult: int, add: int) -> list[str]:
    """E.164 mobile numbers: '+86' + 3-digit prefix + 8 digits unique per owner number."""
    suffix = affine(owner, 10**8, mult, add)
    return list(map(operator.add, prefixes.tolist(), zero_pad(suffix, 8)))


def landline_numbers(owner: np.ndarray, dial: np.ndarray, first_digit: np.ndarray, mult: int, add: int) -> list[str]:
    """E.164 landlines: '+86' + area code + 8-digit local number (first digit as given, 2-7)."""
    local = first_digit * 10**7 + affine(owner, 10**7, mult, add)
    return list(map(operator.add, dial.tolist(), map(str, local.tolist())))
