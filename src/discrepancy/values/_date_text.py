"""The grammar of dates written as text: "June 19, 2024", "Oct 8-13, 2024", "early 2000s", ...

:func:`read_date` returns ``(start, end, precision)`` with the precision as its enum value
("day", "range", ...). Texts without a year ("June 19", "Friday") need ``published``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from attrs import evolve, frozen

from discrepancy.values._text import Unparsed, normalize

Span = tuple[dt.date, dt.date, str]

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], 1):
    MONTHS[_name.lower()] = MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(calendar.day_name):
    WEEKDAYS[_name.lower()] = WEEKDAYS[_name[:3].lower()] = _number
WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}

NEEDS_PUBLISHED = "a date without a year or a weekday needs the source's `published` date"
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PART = r"(?P<part>early|mid|late)[ -]"
_ISO_DAY = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
)
_ISO_MONTH = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})")
_YEAR = re.compile(r"(?P<y>\d{4})")
_DECADE = re.compile(rf"(?:the )?(?:{_PART})?(?P<decade>\d{{3}})0'?s")
_CENTURY = re.compile(r"(?:the )?(?P<ordinal>(?P<n>\d{1,3})(?:st|nd|rd|th))[ -]century")
_PART_YEAR = re.compile(rf"{_PART}(?P<y>\d{{4}})")
_PART_MONTH = re.compile(rf"{_PART}{_MONTH},? ?(?P<y>\d{{4}})?")
_WEEKDAY = re.compile(r"(?P<last>last )?(?P<weekday>[a-z]+)\.?")
_PRECISION = re.compile(r"(?P<body>.+) \((?P<precision>day|range|month|year|decade|century|open)\)")
_RANGE_SEPARATORS = ("..", "/", " to ", " through ", " until ", " till ", " and ", "-")
#: Parts of a decade (years from its start), of a year (months) and of a month (days).
DECADE_PARTS = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


@frozen
class Partial:
    """A calendar date with parts left out ("June 19" has no year), and its weekday if named."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    def filled_from(self, other: Partial) -> Partial:
        """Borrow the year and, for a bare day, the month from the other end of a range."""
        month = self.month if self.month is not None or self.day is None else other.month
        year = self.year if self.year is not None else other.year
        return evolve(self, year=year, month=month)

    def span(self, published: dt.date | None) -> Span:
        year = self.year
        if year is None and self.month is not None:
            if published is None:
                raise Unparsed(NEEDS_PUBLISHED)
            year = published.year
        if year is None or (self.day is not None and self.month is None):
            raise Unparsed("a day needs a month and a month needs a year")
        return self._span(year)

    def _span(self, year: int) -> Span:
        if self.month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        if self.day is None:
            return dt.date(year, self.month, 1), month_end(year, self.month), "month"
        day = _date(year, self.month, self.day)
        if self.weekday is not None and day.weekday() != self.weekday:
            named = calendar.day_name[self.weekday]
            raise Unparsed(f"{day} is a {calendar.day_name[day.weekday()]}, not a {named}")
        return day, day, "day"


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise Unparsed(str(error)) from None


def read_date(text: str, *, published: dt.date | None) -> Span:
    """``(start, end, precision)`` of a date text, or :class:`Unparsed` saying why not."""
    try:
        return _read_date(text, published)
    except (ValueError, OverflowError) as error:  # a year datetime has not: "0000", "0000s"
        raise Unparsed(str(error)) from None


def _read_date(text: str, published: dt.date | None) -> Span:
    text = normalize(text)
    forced = _PRECISION.fullmatch(text)
    if forced:
        start, end, _ = read_date(forced["body"], published=published)
        return start, end, forced["precision"]
    text = re.sub(r"^(?:on|in|during) ", "", text)
    for reader in _READERS:
        span = reader(text, published)
        if span is not None:
            return span
    return _read_range(text, published)


def _iso(text: str, published: dt.date | None) -> Span | None:
    if m := _ISO_DAY.fullmatch(text):
        day = _date(int(m["y"]), int(m["m"]), int(m["d"]))
        return day, day, "day"
    if (m := _ISO_MONTH.fullmatch(text)) and 1 <= int(m["m"]) <= 12:
        return Partial(int(m["y"]), int(m["m"])).span(None)
    if m := _YEAR.fullmatch(text):
        return Partial(int(m["y"])).span(None)
    return None


def _decade(text: str, published: dt.date | None) -> Span | None:
    m = _DECADE.fullmatch(text)
    if m is None:
        return None
    first = int(m["decade"]) * 10
    low, high = DECADE_PARTS[m["part"]] if m["part"] else (0, 9)
    return dt.date(first + low, 1, 1), dt.date(first + high, 12, 31), "decade"


def _century(text: str, published: dt.date | None) -> Span | None:
    m = _CENTURY.fullmatch(text)
    if m is None:
        return None
    n = int(m["n"])
    if not 1 <= n <= 100 or m["ordinal"] != _ordinal(n):
        raise Unparsed(f"write the century as '{_ordinal(max(min(n, 100), 1))} century'")
    return dt.date((n - 1) * 100 + 1, 1, 1), dt.date(min(n * 100, 9999), 12, 31), "century"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _part_of(text: str, published: dt.date | None) -> Span | None:
    """ "early 2024" (January-April, precision year), "late June 2024" (days 21-30, month)."""
    if m := _PART_YEAR.fullmatch(text):
        year = int(m["y"])
        first, last = YEAR_PARTS[m["part"]]
        return dt.date(year, first, 1), month_end(year, last), "year"
    if m := _PART_MONTH.fullmatch(text):
        start, end, _ = Partial(int(m["y"]) if m["y"] else None, MONTHS[m["month"]]).span(published)
        first, last = MONTH_PARTS[m["part"]]
        return start.replace(day=first), min(end, start.replace(day=min(last, end.day))), "month"
    return None


def _relative(text: str, published: dt.date | None) -> Span | None:
    """ "today", "yesterday", "Friday", "last Friday" (strictly before ``published``)."""
    m = _WEEKDAY.fullmatch(text)
    if m is None or (m["weekday"] not in WEEKDAYS and m["weekday"] not in ("today", "yesterday")):
        return None
    if published is None:
        raise Unparsed(NEEDS_PUBLISHED)
    if m["weekday"] in ("today", "yesterday"):
        if m["last"]:
            return None
        day = published - dt.timedelta(days=int(m["weekday"] == "yesterday"))
    else:
        back = (published.weekday() - WEEKDAYS[m["weekday"]]) % 7
        day = published - dt.timedelta(days=back or (7 if m["last"] else 0))
    return day, day, "day"


def _words(text: str, published: dt.date | None) -> Span | None:
    partial = read_partial(text)
    return None if partial is None else partial.span(published)


_READERS: tuple[Callable[[str, dt.date | None], Span | None], ...] = (
    _iso,
    _decade,
    _century,
    _part_of,
    _relative,
    _words,
)
_WORD_TOKEN = re.compile(r"[a-z]+|\d+(?:st|nd|rd|th)?")


def read_partial(text: str) -> Partial | None:
    """ "June 19, 2024", "19th of June 2024", "Fri, Oct. 18", "13, 2024", "2024-10-08"."""
    if m := _ISO_DAY.fullmatch(text):
        return Partial(int(m["y"]), int(m["m"]), int(m["d"]))
    if (m := _ISO_MONTH.fullmatch(text)) and 1 <= int(m["m"]) <= 12:
        return Partial(int(m["y"]), int(m["m"]))
    cleaned = re.sub(r"[,.]", " ", text)
    if _WORD_TOKEN.sub("", cleaned).strip():
        return None
    partial: Partial | None = Partial()
    for index, token in enumerate(_WORD_TOKEN.findall(cleaned)):
        partial = _add_token(partial, token, first=index == 0) if partial else None
    return partial if partial and partial != Partial() else None


def _add_token(partial: Partial, token: str, *, first: bool) -> Partial | None:
    if partial.year is not None:
        return None  # the year comes last
    if token in ("of", "the"):
        return partial
    if token in MONTHS and partial.month is None:
        return evolve(partial, month=MONTHS[token])
    if token in WEEKDAYS and first:
        return evolve(partial, weekday=WEEKDAYS[token])
    digits = token.rstrip("stndrh")
    if not digits.isdigit():
        return None
    if len(digits) == 4 and digits == token:
        return evolve(partial, year=int(digits))
    if len(digits) <= 2 and partial.day is None and 1 <= int(digits) <= 31:
        return evolve(partial, day=int(digits))
    return None


#: Every word a date text may hold (as :data:`_WORD_TOKEN` splits the normalized text): month
#: and weekday names and the words of the forms above. Keep it in step with the grammar; a test
#: checks that every text that reads as a date holds only these words.
DATE_WORDS: frozenset[str] = frozenset(MONTHS) | frozenset(WEEKDAYS) | {
    "on", "in", "during",  # a leading preposition
    "day", "range", "month", "year", "decade", "century",  # "(decade)"
    "t", "z",  # ISO times: 2024-06-19t10:00z
    "the", "of", "s", "st", "nd", "rd", "th",  # "the 1990s", "the 19th of June"
    "early", "mid", "late", "last", "today", "yesterday",
    "between", "from", "to", "through", "until", "till", "and",  # ranges
}  # fmt: skip


def may_be_date(text: str) -> bool:
    """False for text that certainly does not read as a date: it holds a word no date form
    uses ("about 10,000", "Khabarovsk"). Deciding this costs far less than a failed
    :func:`read_date`, which tries every form and every range split first."""
    return all(
        token in DATE_WORDS
        for token in _WORD_TOKEN.findall(normalize(text))
        if not token[0].isdigit()
    )


def _read_range(text: str, published: dt.date | None) -> Span:
    """ "2024-10-08..2024-10-13", "Oct 8-13, 2024", "between Oct. 8 and 13, 2024"."""
    between = re.match(r"(?:between|from) ", text)
    body = text[between.end() :] if between else text
    reason = ""
    for separator in _RANGE_SEPARATORS:
        if separator == " and " and not between:
            continue
        for at in _positions(body, separator):
            left, right = body[:at].strip(), body[at + len(separator) :].strip()
            try:
                return _span_between(left, right, published)
            except Unparsed as error:
                reason = error.reason or reason
    raise Unparsed(reason)


#: A range is split at one separator; text with more candidates than this is not a date
#: range (and trying each split would make parsing quadratic).
_MAX_SPLITS = 8


def _positions(text: str, separator: str) -> list[int]:
    found = [m.start() for m in re.finditer(re.escape(separator), text) if m.start() > 0]
    return found if len(found) <= _MAX_SPLITS else []


def _span_between(left_text: str, right_text: str, published: dt.date | None) -> Span:
    left, right = read_partial(left_text), read_partial(right_text)
    if left is None or right is None:
        raise Unparsed()
    left, right = left.filled_from(right), right.filled_from(left)
    start, _, _ = left.span(published)
    _, end, _ = right.span(published)
    if end < start:
        raise Unparsed("the range ends before it starts")
    return start, end, "range"
