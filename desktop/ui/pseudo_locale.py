"""A pseudo-locale for layout checks: every English source string comes back 40 % longer and marked.

``"Search"`` becomes ``"[Šéàŕçĥ~]"``: the accented letters and the brackets show at a glance that a text
went through translation (text that stays plain on screen was never translated), and the tildes make it
as long as a wordy translation would be (spread over the words), so that labels too tight for other languages show up.

What code or Qt reads back out of a text is kept as it is: format fields (``{name}``, ``{count:,}``),
``%1``/``%n``/``%L1`` place markers, HTML tags and entities, mnemonics (``&File``, ``&&``) and line breaks.

Install it on the application over the English catalog (translators installed later are asked first)::

    pseudo = PseudoTranslator()
    QCoreApplication.installTranslator(pseudo)
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QObject, QTranslator

GROWTH = 1.4  # the pseudo text is 40 % longer than the source
OPEN, CLOSE, PAD = "[", "]", "~"

# Plain letter -> accented look-alike (same width class, so the lengthening stays about 40 %).
_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
ACCENTED = frozenset("àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")

# Pieces that must survive unchanged: format fields, Qt place markers, tags, entities, mnemonics.
_KEEP = re.compile(r"\{[^{}]*\}|%L?\d+|%n|<[^<>]*>|&[A-Za-z]+;|&#\d+;|&&|&(?=\S)")


def pseudo(text: str) -> str:
    """``text`` accented, bracketed and padded to 140 % of its length (empty stays empty).

    The padding goes into the words (each about 40 % longer), not in one run at the end, so that a long
    pseudo text still wraps at its spaces like a real translation would.
    """
    if not text:
        return text
    pieces: list[tuple[str, bool]] = []  # (piece, translatable)
    last = 0
    for match in _KEEP.finditer(text):
        pieces.append((text[last : match.start()], True))
        pieces.append((match.group(0), False))
        last = match.end()
    pieces.append((text[last:], True))
    words = [len(w) for piece, free in pieces if free for w in _WORD.findall(piece)]
    padding = max(1, math.ceil(len(text) * GROWTH) - len(text) - len(OPEN) - len(CLOSE))
    shares = _shares(padding, words)
    shown: list[str] = []
    for piece, free in pieces:
        if free:
            piece = _WORD.sub(lambda word: word.group(0).translate(_ACCENTS) + PAD * shares.pop(0), piece)
        shown.append(piece)
    body = "".join(shown)
    if not words:
        body += PAD * padding
    return f"{OPEN}{body}{CLOSE}"


def _shares(padding: int, words: list[int]) -> list[int]:
    """``padding`` split over words in proportion to their lengths (the longest words take what is left)."""
    total = sum(words)
    if not total:
        return [0] * len(words)
    shares = [padding * length // total for length in words]
    for index in sorted(range(len(words)), key=lambda i: -words[i])[: padding - sum(shares)]:
        shares[index] += 1
    return shares


def is_pseudo(text: str) -> bool:
    """True when ``text`` carries a pseudo-translated piece (a bracketed, padded run of text)."""
    return bool(_MARKED.search(text))


_WORD = re.compile(r"[A-Za-z]+")
_MARKED = re.compile(re.escape(OPEN) + r"[^\[\]]*" + re.escape(PAD) + r"[^\[\]]*" + re.escape(CLOSE))


class PseudoTranslator(QTranslator):
    """Answers every lookup with the pseudo form of its English source (Qt's own strings included)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo(source_text)

    def isEmpty(self) -> bool:
        return False
