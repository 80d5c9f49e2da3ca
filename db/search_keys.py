"""Search keys derived from a customer's name and ID number.

The same functions serve the seed generator, every write of a customer and the query side,
so that what is stored and what is asked for always agree.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from .models.customer import NAME_TOKEN_MAX, TOKEN_INITIALS, TOKEN_NAME, TOKEN_PINYIN

PINYIN_MAX = 64
# Upper bound for prefix ranges: sorts after every valid character, byte-wise, in UTF-8.
PREFIX_END = "\U0010ffff"


def fold(text: str) -> str:
    """NFKC-fold (full-width digits and letters become ASCII), trim, drop inner spaces, lower-case."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).lower()


def name_substrings(name: str) -> set[str]:
    """Every substring of ``name`` up to NAME_TOKEN_MAX characters (separators dropped)."""
    clean = "".join(ch for ch in fold(name) if ch not in "·•.-")
    out: set[str] = set()
    for start in range(len(clean)):
        for length in range(1, NAME_TOKEN_MAX + 1):
            if start + length > len(clean):
                break
            out.add(clean[start : start + length])
    return out


# Surnames whose reading differs from the character's most common one.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "查": "zha",
    "区": "ou",
    "朴": "piao",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "翟": "zhai",
    "缪": "miao",
    "秘": "bi",
    "种": "chong",
    "繁": "po",
    "召": "shao",
    "员": "yun",
    "长": "chang",
    "尉": "yu",
    "令": "ling",
    "隗": "wei",
    "万": "wan",
    "沈": "shen",
    "柏": "bai",
    "葛": "ge",
    "薄": "bo",
    "宿": "su",
    "阚": "kan",
}
COMPOUND_SURNAMES = {"尉迟": ["yu", "chi"], "万俟": ["mo", "qi"], "长孙": ["zhang", "sun"], "单于": ["chan", "yu"]}


def pinyin_syllables(name: str) -> list[str]:
    """Tone-less pinyin syllables of a Chinese name, with the surname read as a surname."""
    from pypinyin import Style, lazy_pinyin  # imported lazily: large dictionaries

    clean = fold(name)
    head: list[str] = []
    rest = clean
    for compound, reading in COMPOUND_SURNAMES.items():
        if clean.startswith(compound):
            head, rest = list(reading), clean[len(compound) :]
            break
    else:
        if clean and clean[0] in SURNAME_READINGS:
            head, rest = [SURNAME_READINGS[clean[0]]], clean[1:]
    tail = lazy_pinyin(rest, style=Style.NORMAL, errors="ignore", v_to_u=False) if rest else []
    return [s.lower() for s in head + tail if s.isascii() and s.isalpha()]


def label_syllables(label: str) -> list[str]:
    """Tone-less pinyin syllables of an interface label (a word, not a name: no surname readings)."""
    from pypinyin import Style, lazy_pinyin  # imported lazily: large dictionaries

    syllables = lazy_pinyin(fold(label), style=Style.NORMAL, errors="ignore", v_to_u=False)
    return [s.lower() for s in syllables if s.isascii() and s.isalpha()]


def pinyin_keys(syllables: list[str]) -> tuple[str, str]:
    """(full pinyin without spaces, initials) for a list of syllables."""
    full = "".join(syllables)[:PINYIN_MAX]
    initials = "".join(s[0] for s in syllables if s)[:PINYIN_MAX]
    return full, initials


def customer_tokens(name: str, syllables: list[str]) -> Iterator[tuple[int, str]]:
    """(kind, token) pairs to store in ``search_token`` for one customer."""
    for sub in sorted(name_substrings(name)):
        yield TOKEN_NAME, sub
    full, initials = pinyin_keys(syllables)
    if full:
        yield TOKEN_PINYIN, full
    if initials:
        yield TOKEN_INITIALS, initials


def reverse_id(id_number: str) -> str:
    """The ID number reversed and upper-cased, so that a tail search is a prefix search."""
    return fold(id_number).upper()[::-1]
