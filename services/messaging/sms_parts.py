"""How many SMS segments a text takes: GSM-7 (160 / 153 per part) or UCS-2 (70 / 67 per part).

A text is GSM-7 when every character is in the GSM 03.38 default alphabet or its extension table (whose
characters take two septets: an escape and the character); anything else — Chinese above all — makes the
whole message UCS-2, counted in UTF-16 code units.  A long message is split into parts of 153 septets
(GSM-7) or 67 code units (UCS-2): the rest of each part carries the concatenation header.  An escape pair or a
surrogate pair is never split across two parts, so a part may hold one unit less.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
SINGLE = {"GSM-7": 160, "UCS-2": 70}
MULTI = {"GSM-7": 153, "UCS-2": 67}


@dataclass(frozen=True)
class SegmentInfo:
    """``encoding`` ("GSM-7" or "UCS-2"), ``length`` in septets or UTF-16 units, ``segments`` (0 for ''),
    and ``per_segment``: the capacity of each part (160/153 or 70/67)."""

    encoding: str
    length: int
    segments: int
    per_segment: int
    characters: int

    @property
    def remaining(self) -> int:
        """Units left in the last part before another part is needed."""
        if self.segments <= 1:
            return SINGLE[self.encoding] - self.length
        return self.segments * self.per_segment - self.length


def _units(text: str) -> tuple[str, list[int]]:
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return "GSM-7", [2 if c in GSM7_EXTENSION else 1 for c in text]
    return "UCS-2", [2 if ord(c) > 0xFFFF else 1 for c in text]


def count_segments(text: str) -> SegmentInfo:
    """The encoding, length and number of segments of ``text`` as an SMS."""
    encoding, units = _units(text)
    length = sum(units)
    if length == 0:
        return SegmentInfo(encoding, 0, 0, SINGLE[encoding], 0)
    if length <= SINGLE[encoding]:
        return SegmentInfo(encoding, length, 1, SINGLE[encoding], len(text))
    capacity = MULTI[encoding]
    segments, used = 1, 0
    for size in units:  # an escape or surrogate pair stays whole
        if used + size > capacity:
            segments += 1
            used = 0
        used += size
    return SegmentInfo(encoding, length, segments, capacity, len(text))
