"""Recognising what a person typed into the search box: phone, ID number, CIF, account, name or pinyin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from db.search_keys import fold

QueryKind = Literal["phone", "name", "pinyin", "id_tail", "id_number", "cif", "account", "email", "empty", "invalid"]

MAX_QUERY_CHARS = 64
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_PHONEISH = re.compile(r"^\+?[\d\s\-().]{7,24}$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_NAME_CHARS = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebefa-z]")


@dataclass(frozen=True)
class ParsedQuery:
    """What the search box holds, classified, with the value to look up."""

    kind: QueryKind
    value: str = ""
    message: str | None = None


def id_check_char(first17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def valid_resident_id(value: str) -> bool:
    """True for an 18-character resident ID whose check character is right."""
    return (
        len(value) == 18
        and value[:17].isdigit()
        and (value[17].isdigit() or value[17] == "X")
        and id_check_char(value[:17]) == value[17]
    )


def normalize_phone(text: str, region: str = "CN") -> str | None:
    """E.164 form of a phone number in any common format, or None when it is not a valid number."""
    import phonenumbers  # lazy: keeps start-up fast

    candidate = fold(text).replace("（", "(").replace("）", ")")
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_query(raw: str) -> ParsedQuery:
    """Classify search input. Never raises; unusable input gives kind 'empty' or 'invalid'."""
    text = fold(raw[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    if not text:
        return ParsedQuery("empty")
    upper = text.upper()
    if upper.startswith("CIF") and upper[3:].isdigit():
        return ParsedQuery("cif", upper)
    if "@" in text and len(text) <= 254:
        return ParsedQuery("email", text)
    digits_x = upper[:-1].isdigit() and (upper[-1].isdigit() or upper[-1] == "X")
    if digits_x and len(upper) == 18:
        if valid_resident_id(upper):
            return ParsedQuery("id_number", upper)
        if upper.isdigit() and _could_be_account(upper):
            return ParsedQuery("account", upper)
        return ParsedQuery("invalid", upper, "id_check_digit")
    if digits_x and len(upper) == 15 and upper.isdigit() and upper[0] in "23456":
        return ParsedQuery("id_number", upper)  # first-generation 15-digit ID
    if digits_x and 4 <= len(upper) <= 6 and not upper.startswith("+"):
        return ParsedQuery("id_tail", upper)
    if _PHONEISH.match(raw.strip()) or _PHONEISH.match(text):
        digits = re.sub(r"\D", "", text)
        if 16 <= len(digits) <= 19 and not text.startswith("+"):
            return ParsedQuery("account", digits)
        e164 = normalize_phone(raw)
        if e164:
            return ParsedQuery("phone", e164)
        if len(digits) == 12:
            return ParsedQuery("cif", "CIF" + digits)
        if len(digits) == 18 or (digits_x and len(upper) == 18):
            return ParsedQuery("invalid", digits, "id_check_digit")
        return ParsedQuery("invalid", digits, "bad_phone")
    if _CJK.search(text):
        name = _NAME_CHARS.sub("", text)
        return ParsedQuery("name", name) if name else ParsedQuery("invalid", "", "unrecognised")
    letters = re.sub(r"[^a-z]", "", text)
    if letters and letters == re.sub(r"[\s'’]", "", text):
        return ParsedQuery("pinyin", letters)
    if upper.isdigit():
        return ParsedQuery("invalid", upper, "unrecognised")
    return ParsedQuery("invalid", "", "unrecognised")


def _could_be_account(value: str) -> bool:
    return value.isdigit() and value.startswith(("62", "4", "5"))
