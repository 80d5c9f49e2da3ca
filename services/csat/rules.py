"""A queue's survey rules and the pure decisions made from them (no database here).

Sampling is a hash of the call id, not a random draw: whichever gateway looks at a call, and however often,
the answer is the same, so a rerun of the job never surveys a call it once passed over (or the reverse).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from services.auth_errors import BilingualError

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
SCORES = range(1, 6)
REPLY_WINDOW = dt.timedelta(hours=48)  # an answer later than this is a message, not a score
MAX_REPLY = 40  # a longer message is a conversation, not a score


class InvalidRules(BilingualError):
    """Survey settings that cannot be saved (the message says which field and why)."""


@dataclass(frozen=True)
class SurveyRules:
    """One queue's survey settings (see :class:`db.models.csat.CsatSetting`)."""

    queue_id: int
    enabled: bool = False
    sample_pct: int = 20
    template_code: str = "call_survey_sms"
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    min_gap_days: int = 30
    low_score: int = 2
    version: int = 0  # 0: no row yet

    def check(self) -> None:
        """Raises InvalidRules for a value out of range."""
        if not 0 <= self.sample_pct <= 100:
            raise InvalidRules("抽样比例须在0至100之间。", "The sampling rate must be between 0 and 100 %.")
        for value in (self.quiet_start, self.quiet_end):
            if not _HHMM.match(value):
                raise InvalidRules(
                    f"免打扰时间“{value}”格式应为HH:MM。", f"The quiet hour {value!r} must be written HH:MM."
                )
        if not 0 <= self.min_gap_days <= 365:
            raise InvalidRules("同一客户的回访间隔须在0至365天之间。", "The gap per customer must be 0 to 365 days.")
        if self.low_score not in range(1, 5):
            raise InvalidRules("低分阈值须在1至4之间。", "The low-score threshold must be 1 to 4.")
        if not re.match(r"^[a-z][a-z0-9_]{1,47}$", self.template_code):
            raise InvalidRules("请选择一个短信模板。", "Choose an SMS template.")


def sampled(call_id: int, pct: int) -> bool:
    """Whether the call falls in the sample: a stable hash of its id, below ``pct`` in 100."""
    digest = hashlib.sha256(f"csat:{call_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < pct


def _clock(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def quiet_until(rules: SurveyRules, at: dt.datetime, tz: ZoneInfo) -> dt.datetime | None:
    """When the queue's quiet hours around ``at`` end (aware UTC); None when ``at`` is outside them."""
    start, end = _clock(rules.quiet_start), _clock(rules.quiet_end)
    local = at.astimezone(tz)
    now = local.time()
    if start == end:
        return None
    inside = (start <= now < end) if start < end else (now >= start or now < end)
    if not inside:
        return None
    ends = dt.datetime.combine(local.date(), end, tzinfo=tz)
    if ends <= local:
        ends = dt.datetime.combine(local.date() + dt.timedelta(days=1), end, tzinfo=tz)
    return ends.astimezone(dt.UTC)


_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
# Longest first: "非常不满意" must not be read as "满意".
_WORDS: tuple[tuple[str, int], ...] = (
    ("非常不满意", 1),
    ("很不满意", 1),
    ("非常满意", 5),
    ("很满意", 5),
    ("不太满意", 2),
    ("不满意", 2),
    ("基本满意", 3),
    ("一般", 3),
    ("满意", 4),
    ("very good", 5),
    ("excellent", 5),
    ("very bad", 1),
    ("terrible", 1),
    ("good", 4),
    ("ok", 3),
    ("okay", 3),
    ("bad", 2),
    ("poor", 2),
)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def parse_score(text: str) -> int | None:
    """The score 1–5 in a short SMS reply, or None when it holds none (or more than one).

    Accepted: a digit (full-width digits too), a Chinese numeral 一–五, optionally followed by 分/星, or a word
    (非常满意 5, 满意 4, 一般 3, 不满意 2, 非常不满意 1; good / bad ...).  Anything else, or two different
    numbers ("3 or 4"), is left to be a message.
    """
    if len(text.strip()) > MAX_REPLY:
        return None
    normal = unicodedata.normalize("NFKC", text).strip().casefold()
    compact = _NOISE.sub("", normal)
    for word, score in _WORDS:
        if compact == _NOISE.sub("", word) or (len(word) > 2 and word.isascii() is False and word in compact):
            return score
    digits = re.findall(r"\d+", compact)
    numerals = [_CN_DIGITS[c] for c in compact if c in _CN_DIGITS]
    found = {int(d) for d in digits} | set(numerals)
    if len(found) != 1:
        return None
    (value,) = found
    if value not in SCORES:
        return None
    rest = re.sub(r"[\d一二三四五]", "", compact)
    return value if rest in ("", "分", "星", "points", "point", "stars", "star") else None
