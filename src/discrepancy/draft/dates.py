"""Dates written in a sentence: "between Oct. 8 and 13", "June 19", "Friday", "the 1990s".

Candidates are found by patterns; each is read by the project's date parser
(:func:`~discrepancy.values.parse_date`), which decides what it means. The value stays as
written. "this year", "last month" and the like, which the parser does not read, are written
as the year or month they resolve to against ``published``, with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from attrs import frozen

from discrepancy.errors import ValueParseError
from discrepancy.values import DateInterval, parse_date
from discrepancy.values._date_text import MONTHS

_M = r"(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_D = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?:1[5-9]\d\d|20\d\d)"
_DASH = r"\s*[-–]\s*"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:early|mid|late)[- ]"

#: Patterns of dates, each tried at every position; the longest match wins.
_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\b\d{4}-\d{2}-\d{2}\b",
        rf"\b(?:between|from) {_M} {_D}(?: and |{_DASH}| to | through )(?:{_M} )?{_D}(?:,? {_Y})?\b",
        rf"\b(?:between|from) {_D} (?:and|to) {_D} {_M}(?: {_Y})?",
        rf"\b{_M} {_D}{_DASH}{_D}(?:,? {_Y})?\b",
        rf"\b{_D}{_DASH}{_D} {_M}(?:,? {_Y})?",
        rf"\b(?:{_WEEKDAY},? )?{_M} {_D}(?:,? {_Y})?\b",
        rf"\b{_D} (?:of )?{_M}(?:,? {_Y})?",
        rf"\b(?:{_PART})?{_M},? {_Y}\b",
        rf"\b(?:[Ii]n|[Bb]y|[Ss]ince|until|of|[Ff]rom|before|after|during) (?P<d>{_M})(?! \d)\b",
        rf"\b(?:the )?(?:{_PART}|mid-)?\d{{3}}0s\b",
        rf"\b(?:{_PART}){_Y}\b",
        rf"(?<![\d,.$£€-])\b{_Y}\b(?![\d%]|,\d|-\w|\.\d)",
        rf"\b(?:last )?{_WEEKDAY}\b",
        r"\b(?:today|yesterday)\b",
    )
)
_RELATIVE = re.compile(
    r"\b(?:(?:this|last|earlier this|later this) (?:year|month|week)|tomorrow|tonight|"
    r"this (?:morning|afternoon|evening)|last night)\b"
)
#: A bare year followed by a counted noun is a number of things, not a year ("2000 soldiers").
_COUNTED = re.compile(r"\s+(?:[a-z]+-)?[a-z]+s\b")


@frozen
class DateMention:
    """A date in a sentence: where (offsets in the sentence), as written, and what it means."""

    start: int
    end: int
    text: str
    value: DateInterval
    written: str = ""  # the words of the text when ``text`` is what they resolve to
    needs_published: bool = False


def _candidates(sentence: str) -> Iterator[tuple[int, int]]:
    for pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            yield (m.start("d"), m.end("d")) if "d" in pattern.groupindex else m.span()


def _longest_first(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= a or start >= b for a, b in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def _relative(words: str, published: dt.date) -> tuple[str, DateInterval]:
    """ "this year" -> 2024, "last month" -> 2024-09, "last week" -> the Monday-Sunday before
    the published day's week, "tomorrow" -> the day after, "tonight" -> the day itself."""
    last = words.startswith("last")
    if words.endswith("year"):
        text = str(published.year - last)
    elif words.endswith("month"):
        month = published.replace(day=1)
        if last:
            month = (month - dt.timedelta(days=1)).replace(day=1)
        text = f"{month:%Y-%m}"
    elif words.endswith("week"):
        monday = published - dt.timedelta(days=published.weekday() + 7 * last)
        end = published if not last else monday + dt.timedelta(days=6)
        text = f"{monday.isoformat()}..{end.isoformat()}" if end > monday else monday.isoformat()
    elif words == "tomorrow":
        text = (published + dt.timedelta(days=1)).isoformat()
    elif words == "last night":
        text = (published - dt.timedelta(days=1)).isoformat()
    else:  # tonight, this morning, ...
        text = published.isoformat()
    return text, parse_date(text)


def find_dates(sentence: str, *, published: dt.date | None) -> list[DateMention]:
    """The dates written in ``sentence`` that the date parser reads, left to right.

    A date that needs ``published`` (a weekday, "June 19") when none is known is returned
    with ``needs_published`` and a placeholder value, so the caller can say what it skipped.
    """
    out: list[DateMention] = []
    spans = _longest_first(_candidates(sentence))
    for start, end in spans:
        text = sentence[start:end]
        if re.fullmatch(_Y, text) and _COUNTED.match(sentence, end):
            continue
        try:
            value = parse_date(text, published=published)
        except ValueParseError:
            if published is None:
                try:
                    parse_date(text, published=dt.date(2000, 1, 1))
                except ValueParseError:
                    continue
                out.append(DateMention(start, end, text, parse_date(2000), needs_published=True))
            continue
        out.append(DateMention(start, end, text, value))
    for m in _RELATIVE.finditer(sentence):
        if any(m.start() < d.end and d.start < m.end() for d in out):
            continue
        if published is None:
            out.append(
                DateMention(m.start(), m.end(), m.group(), parse_date(2000), m.group(), True)
            )
            continue
        text, value = _relative(m.group(), published)
        out.append(DateMention(m.start(), m.end(), text, value, written=m.group()))
    return sorted(out, key=lambda d: d.start)


__all__ = ["DateMention", "find_dates"]
