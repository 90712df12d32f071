"""Does a claim's ``quote`` appear in its source's document? And if not, what is closest?

Matching ignores case, runs of whitespace (line breaks included), the kind of quote marks and
dashes (``“ ” ‘ ’ « »`` and ``– —``), so a quote copied from a web page still matches the plain
text. When it is not found, the closest passage comes from
``rapidfuzz.fuzz.partial_ratio_alignment`` and is quoted from the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen
from rapidfuzz import fuzz

_QUOTES = dict.fromkeys(map(ord, "\"'`´‘’‚‛“”„‟«»‹›"), None)
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_SPACE = re.compile(r"\s")


@frozen
class QuoteMatch:
    """Whether the quote was found; else the closest passage (original text) and its score."""

    found: bool
    score: float
    passage: str
    start: int
    end: int


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each kept character its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    space = True  # drop leading whitespace
    for pos, ch in enumerate(text):
        mapped = ch.translate(_QUOTES).translate(_DASHES)
        if not mapped:
            continue
        if _SPACE.match(mapped):
            if space:
                continue
            out.append(" ")
            index.append(pos)
            space = True
            continue
        for c in mapped.casefold():
            out.append(c)
            index.append(pos)
        space = False
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


@lru_cache(maxsize=8)
def _normalised_document(document: str) -> tuple[str, list[int]]:
    """:func:`normalise` of a document, kept for its next quote (a source has many)."""
    return normalise(document)


def find_quote(quote: str, document: str) -> QuoteMatch:
    """Look for ``quote`` in ``document`` (see the module docstring for what is ignored)."""
    needle, _ = normalise(quote)
    hay, index = _normalised_document(document)
    if not needle:
        return QuoteMatch(True, 100.0, "", 0, 0)
    at = hay.find(needle)
    if at >= 0:
        start, end = index[at], index[at + len(needle) - 1] + 1
        return QuoteMatch(True, 100.0, document[start:end], start, end)
    if not hay:
        return QuoteMatch(False, 0.0, "", 0, 0)
    align = fuzz.partial_ratio_alignment(needle, hay)
    if align is None or align.dest_end <= align.dest_start:
        return QuoteMatch(False, 0.0, "", 0, 0)
    start = index[align.dest_start]
    end = index[min(align.dest_end, len(index)) - 1] + 1
    return QuoteMatch(False, float(align.score), document[start:end], start, end)


__all__ = ["QuoteMatch", "find_quote", "normalise"]
