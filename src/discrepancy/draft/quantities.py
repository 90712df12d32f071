"""Numbers of things written in a sentence: "approximately 1,500", "a total of 12,000",
"between 1,500 to 12,000", "over a thousand", "nearly two million", "four brigades".

A number is found (digits or number words), widened to the qualifier before it ("about",
"a total of", "between ... and ...": the project's own qualifier table) and after it ("or
more"), and the text is read by :func:`~discrepancy.values.parse_quantity`; the value stays as
written. Numbers that name rather than count are left out: parts of dates, of model names
("AN-124", "S-400"), ordinals ("105th"), labels ("Article 51"), numbers in web addresses and
hyphenated modifiers ("130-mm", "25-year-old"; "11,000-strong" counts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from discrepancy.draft.units import COUNT_NOUNS, unit_after
from discrepancy.draft.vocabulary import wordset
from discrepancy.errors import ValueParseError
from discrepancy.values import Quantity, parse_quantity
from discrepancy.values._numbers import PLURALS, SCALES, TENS, UNITS
from discrepancy.values._quantity_text import PREFIXES, SUFFIXES

_WORD_NUMBERS = sorted({*UNITS, *TENS, "hundred", "dozen", *SCALES, *PLURALS} - {"zero"}, key=len)
_NUMBER_WORD = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))*|(?:k|m|bn|mn)\b"
_CORE = re.compile(
    rf"(?<![\w.,/:-])(?:(?P<digits>{_DIGITS})(?:{_SCALE})?"
    rf"|(?P<vague>(?:tens|hundreds) of (?:thousands|millions|billions))"
    rf"|(?P<words>(?:a |an )?(?:(?:{_NUMBER_WORD})(?:[ -](?:and )?)?)+))(?![\w]|:\d)",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|and|or)\s*", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SMALL = frozenset(UNITS) | {"a", "an"}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "₽": "RUB", "₴": "UAH"}
#: Words that may open a sentence before a count ("Another 500 left"): not a label's name.
_COUNTING_WORDS = wordset(
    """another only all the those these its their his her our every each by in of at and but
    with without nearly almost just exactly some about"""
)
#: Words that may stand before a qualifier's number and belong to no value.
_MAX_PREFIX_WORDS = 4


@frozen
class QuantityMention:
    """A number of things in a sentence: offsets, the value as written, its unit."""

    start: int
    end: int
    text: str
    value: Quantity
    unit: str | None


def _prefix_start(sentence: str, start: int) -> int:
    """Where the qualifier before ``start`` begins ("a total of", "anywhere between")."""
    words = list(re.finditer(r"[~\w']+", sentence[:start]))
    best = start
    for size in range(1, _MAX_PREFIX_WORDS + 1):
        if len(words) < size:
            break
        chunk = words[-size:]
        if sentence[chunk[-1].end() : start].strip():
            break
        phrase = tuple(w.group().lower() for w in chunk)
        if phrase in PREFIXES:
            best = chunk[0].start()
    return best


def _suffix_end(sentence: str, end: int) -> int:
    rest = sentence[end:]
    if rest.startswith("+"):
        return end + 1
    for phrase in sorted(SUFFIXES, key=len, reverse=True):
        text = " ".join(phrase)
        m = re.match(rf"\s+{re.escape(text)}\b", rest, re.IGNORECASE)
        if m and text not in ("+", "odd", "- odd"):
            return end + m.end()
    m = re.match(r"-strong\b", rest)
    return end + m.end() if m else end


def _is_label(sentence: str, start: int, text: str) -> bool:
    """ "Article 51", "Resolution 2231": a number right after a capitalised word names it."""
    if "," in text or not text[:1].isdigit():
        return False
    before = re.search(r"([A-Za-z][\w-]*)\s+$", sentence[:start])
    if not before or not before.group(1)[0].isupper():
        return False
    word = before.group(1).lower()
    return (word,) not in PREFIXES and word not in _COUNTING_WORDS


def _hyphen_modifier(sentence: str, end: int) -> bool:
    m = re.match(r"-(\w+)", sentence[end:])
    return bool(m and m.group(1).lower() != "strong")


def _worth_it(text: str, unit: str | None) -> bool:
    """Small number words count things only when a unit follows ("four brigades")."""
    words = text.lower().split()
    if any(c.isdigit() for c in text):
        return True
    if words in (["one"], ["a"], ["an"]) or (words and words[-1] in ("a", "an")):
        return False
    if set(words) <= _SMALL:
        return unit is not None and unit in COUNT_NOUNS  # "four brigades", not "two nations"
    return True


def _parse(text: str, approx: float) -> Quantity | None:
    try:
        return parse_quantity(text, approx=approx)
    except ValueParseError:
        return None


def find_quantities(
    sentence: str, *, taken: Sequence[tuple[int, int]] = (), approx: float = 0.05
) -> list[QuantityMention]:
    """Numbers of things in ``sentence``, outside the ``taken`` spans (dates), left to right."""
    blocked = [*taken, *(m.span() for m in _URL.finditer(sentence))]
    out: list[QuantityMention] = []
    consumed = 0
    for m in _CORE.finditer(sentence):
        start, end = m.start(), m.end()
        core = m.group().rstrip(" -")
        end = start + len(core)
        if start < consumed or any(start < b and a < end for a, b in blocked):
            continue
        if not core.strip() or core.lower().strip() in ("a", "an", "and"):
            continue
        if re.match(r"0\d", core):
            continue  # "0117 GMT", codes and times
        if re.match(r"(?:st|nd|rd|th)\b", sentence[end:]) or _hyphen_modifier(sentence, end):
            continue
        if _is_label(sentence, start, core):
            continue
        # a range: "1,500 to 12,000", "1,500-12,000"
        join = _RANGE_JOIN.match(sentence, end)
        if join:
            nxt = _CORE.match(sentence, join.end())
            if (
                nxt
                and nxt.group().strip()
                and not any(nxt.start() < b and a < nxt.end() for a, b in blocked)
            ):
                candidate_end = nxt.start() + len(nxt.group().rstrip(" -"))
                lo = _prefix_start(sentence, start)
                text = sentence[lo:candidate_end]
                if _parse(text, approx) is not None and join.group().strip() != "or":
                    start, end = lo, candidate_end
        lo = _prefix_start(sentence, start)
        hi = _suffix_end(sentence, end)
        text = sentence[lo:hi]
        value = _parse(text, approx)
        if value is None:
            lo, hi = start, end
            text = sentence[lo:hi]
            value = _parse(text, approx)
        if value is None:
            continue
        unit = _CURRENCY.get(sentence[lo - 1 : lo]) if lo else None
        unit = unit or unit_after(sentence, hi, strong=sentence[hi - 7 : hi] == "-strong")
        if unit is None and out and not re.search(r"[.;:]", sentence[out[-1].end : lo]):
            unit = out[-1].unit  # "sent 1,500 troops, aiming to deploy around 10,000"
        if not _worth_it(sentence[start:end], unit):
            continue
        out.append(QuantityMention(lo, hi, text, value, unit))
        consumed = hi
    return out


__all__ = ["QuantityMention", "find_quantities"]
