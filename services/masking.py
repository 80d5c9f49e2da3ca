"""Default masks for identifiers shown on screen, in exports and in logs."""

from __future__ import annotations

MASK = "*"


def mask_id_number(value: str | None) -> str:
    """First 3 and last 4 characters visible: ``110***********1234``."""
    if not value:
        return ""
    if len(value) <= 7:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def _national(e164: str) -> str:
    if e164.startswith("+86"):
        return e164[3:]
    return e164.lstrip("+")


def mask_phone(e164: str | None) -> str:
    """Mainland mobiles as ``138****5678``; landlines keep the area code: ``010-****1234``."""
    if not e164:
        return ""
    national = _national(e164)
    if e164.startswith("+861") and len(national) == 11:
        return national[:3] + MASK * 4 + national[-4:]
    if e164.startswith("+86"):
        area_len = 2 if national[:1] == "1" or national[:1] == "2" else 3
        return "0" + national[:area_len] + "-" + MASK * 4 + national[-4:]
    return e164[:4] + MASK * max(len(e164) - 8, 2) + e164[-4:]


def mask_account(value: str | None, *, card: bool = False) -> str:
    """Accounts show the last 4 digits; cards at most the 6-digit BIN and the last 4."""
    if not value:
        return ""
    main, dash, sub = value.partition("-")
    if dash:  # a sub-account such as a term deposit under a current account: 6222…1234-001
        return mask_account(main, card=card) + dash + sub
    if card and len(value) >= 14:
        return value[:6] + MASK * (len(value) - 10) + value[-4:]
    return MASK * 4 + " " + value[-4:]


def mask_email(value: str | None) -> str:
    """``z***@example.com``."""
    if not value or "@" not in value:
        return value or ""
    local, _, domain = value.partition("@")
    return (local[:1] + MASK * 3) + "@" + domain
