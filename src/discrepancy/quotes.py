"""Does a claim's ``quote`` appear in its source's document? And if not, what is closest?

Matching ignores case, runs of whitespace (line breaks included), the kind of quote marks and
dashes (``“ ” ‘ ’ « »`` and ``– —``), so a quote copied from a web page still matches the plain
text. When it is not found, the closest passage comes from
``rapidfuzz.fuzz.partial_ratio_alignment`` and is quoted from the original text.

Work is bounded for untrusted input: folding is vectorised and linear (a 9 MB document folds in
well under a second, once per document however many quotes it has), the exact search is
``str.find`` (linear), and the fuzzy search first places the passage by a run of the quote's
words found verbatim (or, in documents up to :data:`MAX_FUZZY_DOCUMENT` characters, by aligning
its first :data:`ANCHOR_CHARS` characters), then aligns the whole quote in a window a few quote
lengths wide around that place. Quotes longer than
:data:`MAX_FUZZY_CHARS` are only looked up exactly.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import numpy as np
from attrs import frozen
from rapidfuzz import fuzz

_QUOTES: Final = "\"'`´‘’‚‛“”„‟«»‹›"
_DASHES: Final = "‐‑‒–—―−"
_OTHER, _QUOTE, _DASH, _SPACE = 0, 1, 2, 3


def _classes() -> np.ndarray:
    """The class of every code point below U+3001 (the last whitespace): quote, dash, space."""
    table = np.zeros(0x3001, dtype=np.uint8)
    table[[c for c in range(0x3001) if chr(c).isspace()]] = _SPACE
    table[[ord(c) for c in _QUOTES]] = _QUOTE
    table[[ord(c) for c in _DASHES]] = _DASH
    return table


_CLASS: Final = _classes()
_QUOTE_MAP: Final = dict.fromkeys(map(ord, _QUOTES), None)
_DASH_MAP: Final = dict.fromkeys(map(ord, _DASHES), "-")
#: Characters of the quote aligned against the whole document (rapidfuzz's linear case).
ANCHOR_CHARS: Final = 64
#: Words of the quote looked up verbatim to place the closest passage, and how many runs.
ANCHOR_WORDS: Final = 3
MAX_ANCHOR_TRIES: Final = 32
#: Largest folded document (characters) searched fuzzily when no run of words is found.
MAX_FUZZY_DOCUMENT: Final = 1_000_000
#: Longest quote that gets a closest-passage search (longer ones are only looked up exactly).
MAX_FUZZY_CHARS: Final = 2000


@frozen
class QuoteMatch:
    """Whether the quote was found; else the closest passage (original text) and its score."""

    found: bool
    score: float
    passage: str
    start: int
    end: int


def normalise(text: str) -> tuple[str, np.ndarray]:
    """``text`` folded for matching, and for each kept character its index in ``text``."""
    folded = text.casefold()
    if len(folded) != len(text):  # a character folds to several ("ß" -> "ss"): per character
        return _normalise_chars(text)
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kind = _CLASS[np.minimum(codes, len(_CLASS) - 1)]
    kind[codes >= len(_CLASS)] = _OTHER
    quote = kind == _QUOTE
    if quote.any():
        index = np.flatnonzero(~quote)
        codes, kind = codes[index], kind[index]
    else:
        index = np.arange(len(codes), dtype=np.intp)
    codes = np.where(kind == _DASH, np.uint32(ord("-")), codes)
    space = kind == _SPACE
    after_space = np.concatenate(([True], space[:-1]))  # leading whitespace is dropped
    keep = ~space | ~after_space
    codes = np.where(space, np.uint32(ord(" ")), codes)[keep]
    index = index[keep]
    solid = np.flatnonzero(codes != ord(" "))
    end = int(solid[-1]) + 1 if len(solid) else 0
    out = codes[:end].astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    return out, index[:end]


def _normalise_chars(text: str) -> tuple[str, np.ndarray]:
    out: list[str] = []
    index: list[int] = []
    space = True  # drop leading whitespace
    for pos, ch in enumerate(text):
        mapped = ch.translate(_QUOTE_MAP).translate(_DASH_MAP)
        if not mapped:
            continue
        if mapped.isspace():
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
    return "".join(out), np.array(index, dtype=np.intp)


@lru_cache(maxsize=4)
def _normalised_document(document: str) -> tuple[str, np.ndarray]:
    """One fold per document, however many quotes look into it (``str`` caches its hash)."""
    return normalise(document)


def find_quote(quote: str, document: str) -> QuoteMatch:
    """Look for ``quote`` in ``document`` (see the module docstring for what is ignored)."""
    needle, _ = normalise(quote)
    hay, index = _normalised_document(document)
    if not needle:
        return QuoteMatch(True, 100.0, "", 0, 0)
    at = hay.find(needle)
    if at >= 0:
        start, end = int(index[at]), int(index[at + len(needle) - 1]) + 1
        return QuoteMatch(True, 100.0, document[start:end], start, end)
    if not hay or len(needle) > MAX_FUZZY_CHARS:
        return QuoteMatch(False, 0.0, "", 0, 0)
    span = _closest(needle, hay)
    if span is None:
        return QuoteMatch(False, 0.0, "", 0, 0)
    score, lo, hi = span
    start = int(index[lo])
    end = int(index[min(hi, len(index)) - 1]) + 1
    return QuoteMatch(False, score, document[start:end], start, end)


def _anchor(needle: str, hay: str) -> int | None:
    """Where in ``hay`` the passage closest to ``needle`` probably is: the first run of
    :data:`ANCHOR_WORDS` words of the needle found verbatim (``str.find``, linear), else a
    fuzzy alignment of its first :data:`ANCHOR_CHARS` characters (linear in ``hay``, and only
    in documents up to :data:`MAX_FUZZY_DOCUMENT` characters)."""
    words = needle.split(" ")
    for k in range(min(max(len(words) - ANCHOR_WORDS + 1, 1), MAX_ANCHOR_TRIES)):
        piece = " ".join(words[k : k + ANCHOR_WORDS])
        if len(piece) >= 8 and (at := hay.find(piece)) >= 0:
            return max(at - len(" ".join(words[:k])) - 1, 0)
    if len(hay) > MAX_FUZZY_DOCUMENT:
        return None
    anchor = fuzz.partial_ratio_alignment(needle[:ANCHOR_CHARS], hay)
    return None if anchor is None else int(anchor.dest_start)


def _closest(needle: str, hay: str) -> tuple[float, int, int] | None:
    """Score and span in ``hay`` of the passage closest to ``needle``, in time linear in
    ``hay``: an anchor finds the place, the whole needle the passage in a window around it."""
    lo, hi = 0, len(hay)
    if len(hay) > 4 * len(needle) + 4 * ANCHOR_CHARS:
        at = _anchor(needle, hay)
        if at is None:
            return None
        lo = max(at - len(needle), 0)
        hi = min(at + 2 * len(needle), len(hay))
    align = fuzz.partial_ratio_alignment(needle, hay[lo:hi])
    if align is None or align.dest_end <= align.dest_start:
        return None
    return float(align.score), lo + align.dest_start, lo + align.dest_end


__all__ = ["QuoteMatch", "find_quote", "normalise"]
