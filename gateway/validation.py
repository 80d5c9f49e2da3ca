"""What a webhook must look like before anything is written: the checks at the edge.

Every parameter of every webhook is checked once (:func:`check_params`): no NUL or other control character
(a tab and line breaks are allowed), a bounded length, a bounded count.  Each endpoint then checks its own
fields by their documented shape: SIDs (``CA`` / ``SM`` / ``MM`` and 32 hexadecimal digits), numbers that must
fit the columns they go to (ASCII digits only: ``²`` is a digit to Python but no number), enumerations.
A webhook that fails is answered 400 and changes nothing; nothing that passes can make a write fail for being
malformed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from .errors import BadWebhook
from .signature import Params

MAX_PARAMS = 120  # Twilio sends about 30 parameters with a voice webhook
MAX_KEY_CHARS = 64
MAX_VALUE_CHARS = 2000  # an SMS body is at most 1600 characters
MAX_ADDRESS_CHARS = 64  # From, To, Caller, Called: E.164, client:…, sip:… or a withheld word
BIGINT_MAX = 2**63 - 1

CALL_SID = re.compile(r"CA[0-9a-fA-F]{32}\Z")
MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}\Z")
DIGITS = re.compile(r"[0-9*#]{0,32}\Z")
ERROR_CODE = re.compile(r"[0-9]{1,6}\Z")
QUEUE_POSITION = re.compile(r"[0-9]{1,6}\Z")
ASCII_ID = re.compile(r"[0-9]{1,19}\Z")
# C0 controls but tab, LF and CR; DEL; the UTF-16 surrogates a JSON body may smuggle in.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def check_params(params: Params) -> None:
    """The checks every webhook gets, whatever its endpoint."""
    if sum(len(values) for values in params.values()) > MAX_PARAMS:
        raise BadWebhook("too many parameters")
    for key, values in params.items():
        if not key or len(key) > MAX_KEY_CHARS or _FORBIDDEN.search(key):
            raise BadWebhook("malformed parameter name")
        for value in values:
            if len(value) > MAX_VALUE_CHARS:
                raise BadWebhook(f"{key[:32]} too long")
            if _FORBIDDEN.search(value):
                raise BadWebhook(f"{key[:32]} holds a control character")


def require(params: Params, key: str, pattern: re.Pattern[str], what: str | None = None) -> str:
    """The value of ``key``, which must match ``pattern`` in full."""
    value = params.first(key)
    if not pattern.match(value):
        raise BadWebhook(f"{what or key} missing or malformed")
    return value


def optional(params: Params, key: str, pattern: re.Pattern[str]) -> str:
    """The value of ``key`` if given (empty: ""), which must then match ``pattern`` in full."""
    value = params.first(key)
    if value and not pattern.match(value):
        raise BadWebhook(f"{key} malformed")
    return value


def address(params: Params, key: str, *, required: bool = False) -> str:
    """A From/To-like address: bounded, possibly empty (a withheld caller) unless ``required``."""
    value = params.first(key)
    if required and not value.strip():
        raise BadWebhook(f"{key} missing")
    if len(value) > MAX_ADDRESS_CHARS:
        raise BadWebhook(f"{key} too long")
    return value


def database_id(text: str, what: str) -> int | None:
    """A row id given as text (a query parameter): None when empty; ASCII digits that fit a BIGINT, else 400."""
    if not text:
        return None
    if not ASCII_ID.match(text) or int(text) > BIGINT_MAX or int(text) < 1:
        raise BadWebhook(f"{what} malformed")
    return int(text)


def query_value(query: str, name: str) -> str:
    """The first value of ``name`` in a raw query string ("" when absent)."""
    try:
        values = parse_qs(query, max_num_fields=50).get(name, [""])
    except ValueError:
        raise BadWebhook("malformed query string") from None
    value = values[0]
    if len(value) > MAX_VALUE_CHARS or _FORBIDDEN.search(value):
        raise BadWebhook(f"{name} malformed")
    return value
