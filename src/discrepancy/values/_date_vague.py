"""Times of day and vague times: "Sunday night", "early Monday", "overnight", "at dawn",
"earlier this week", "previously".

Dates are whole days, so a time of day is read as the days it can fall on:

- a part of a day ("Monday morning", "Monday afternoon/evening", "at dawn on Monday",
  "early Monday", "late Tuesday", "in the early hours of Monday", "this morning", "at dawn",
  "earlier today") is that day, precision day: "early" and "late" narrow the time within the
  day, which whole days cannot show.
- a night runs from about 18:00 to about 06:00, across midnight, so it touches two days:
  "Sunday night", "the night of Oct 13", "Sunday overnight" and "tonight" are that day and the
  next; "last night" and "overnight" (alone) are the night that ends on the published day;
  "overnight into Monday" and "the night from Sunday to Monday" are Sunday..Monday. "Overnight
  Sunday", which reporters use for either night that touches Sunday, is Saturday..Monday. A
  night is precision range.
- weeks start on Monday (ISO 8601): "this week" is Monday..Sunday of the published day's week,
  "earlier this week" its Monday..the published day, "last week" the week before; "the
  weekend" (also "this weekend", "over the weekend") is the latest Saturday on or before the
  published day and the Sunday after it, "last weekend" the one before that when the published
  day is itself on a weekend. "this month", "last month", "this year", "last year" are at
  month and year precision; "earlier this month" and "earlier this year" run from its first
  day to the published day (range).
- "previously", "earlier", "recently", "so far", "to date", "until now" are an **open**
  interval ending on the published day: no start is known, so the interval starts on
  ``datetime.date.min`` and has precision open. "by X" and "on or before X" end where X ends,
  "before X" and "prior to X" the day before X starts.

Days named in these forms ("Sunday", "yesterday", "Oct 13", "2024-10-13") are read by the
plain date grammar, so "Sunday" is the latest Sunday on or before ``published``, as "Sunday"
alone is. Every form that names no calendar date needs ``published``, and starts on or before
it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from discrepancy.values._date_text import NEEDS_PUBLISHED, Span, month_end, read_date
from discrepancy.values._text import Unparsed, normalize

_ONE_DAY = dt.timedelta(days=1)
#: Times that lie within one day.
DAY_PARTS = frozenset(
    {"morning", "afternoon", "evening", "dawn", "daybreak", "sunrise", "noon", "midday"}
    | {"dusk", "sunset", "daytime"}
)
#: Times that run across midnight into the next day.
NIGHTS = frozenset({"night", "nighttime", "overnight"})
#: Words for "some time before now": an open interval ending on the published day.
OPEN_WORDS = frozenset(
    {"previously", "earlier", "recently", "so far", "to date", "until now", "up to now"}
)
_TIME = "(?P<time>" + "|".join(sorted(DAY_PARTS | NIGHTS, key=len, reverse=True)) + ")"
_LEAD = re.compile(r"^(?:on|at|in|during|over) ")
_BOUND = re.compile(r"(?P<bound>on or before|by|before|prior to) (?P<date>.+)")
_TIME_OF_DAY = re.compile(rf"(?:the )?{_TIME} (?:of |on )?(?P<day>.+)")
_DAY_AT_TIME = re.compile(rf"(?P<day>.+) {_TIME}")
_EDGE = re.compile(r"(?:early|late) (?:on )?(?P<rest>.+)")
_EARLY_HOURS = re.compile(r"(?:in )?the (?:early|small|wee) hours (?:of |on )?(?P<day>.+)")
_NIGHT_INTO = re.compile(r"(?P<night>.+) into (?P<day>.+)")
_NIGHT_FROM_TO = re.compile(
    r"(?:the )?(?:night|overnight) (?:from|of|between) (?P<a>.+?) (?:to|into|and) (?P<b>.+)"
)


def read_vague(text: str, *, published: dt.date | None) -> Span | None:
    """``(start, end, precision)`` of a time of day or vague time, ``None`` when ``text`` is
    none of these forms, :class:`Unparsed` when it is one that cannot be resolved (a weekday
    without ``published``, "Saturday night into Monday"). Near the ends of the calendar a form
    may raise :class:`OverflowError`."""
    text = _LEAD.sub("", normalize(text))
    if text in OPEN_WORDS:
        return dt.date.min, _needs(published), "open"
    if m := _BOUND.fullmatch(text):
        start, end, _ = _closed(m["date"], published)
        if m["bound"] in ("before", "prior to"):
            if start == dt.date.min:
                raise Unparsed("nothing is before the first day of year 1")
            end = start - _ONE_DAY
        return dt.date.min, end, "open"
    return _vague(text, published, _READERS)


def _closed(text: str, published: dt.date | None) -> Span:
    """A date that is not open: any plain date, or a time of day or vague time."""
    try:
        return read_date(text, published=published)
    except Unparsed as error:
        span = _vague(_LEAD.sub("", text), published, _READERS)
        if span is None:
            raise error from None
        return span


def _vague(text: str, published: dt.date | None, readers: tuple[_Reader, ...]) -> Span | None:
    """The first reader's span; when none reads ``text`` but some recognised its form, the
    reason that one gave."""
    period = _PERIODS.get(text)
    if period is not None:
        return _shaped(*period(_needs(published)))
    reason: str | None = None
    for reader in readers:
        try:
            span = reader(text, published)
        except Unparsed as error:
            reason = reason or error.reason
            continue
        if span is not None:
            return _shaped(*span)
    if reason is not None:
        raise Unparsed(reason)
    return None


def _shaped(start: dt.date, end: dt.date, precision: str) -> Span:
    """A span of several days is a range, of one day a day (whatever the form said)."""
    if precision in ("day", "range"):
        precision = "day" if start == end else "range"
    return start, end, precision


def _needs(published: dt.date | None) -> dt.date:
    if published is None:
        raise Unparsed(NEEDS_PUBLISHED)
    return published


def _day(text: str, published: dt.date | None) -> dt.date:
    """The one day ``text`` names ("Sunday", "yesterday", "Oct 13"), or :class:`Unparsed`."""
    start, end, _ = read_date(text, published=published)
    if start != end:
        msg = f"a time of day needs one day, not {start.isoformat()}..{end.isoformat()}"
        raise Unparsed(msg)
    return start


def _night(day: dt.date) -> Span:
    return day, day + _ONE_DAY, "range"


def _time_of_day(text: str, published: dt.date | None) -> Span | None:
    """ "the night of Oct 13", "dawn on Monday", "overnight Sunday" (either night)."""
    m = _TIME_OF_DAY.fullmatch(text)
    if m is None:
        return None
    day = _day(m["day"], published)
    if m["time"] == "overnight":
        return day - _ONE_DAY, day + _ONE_DAY, "range"
    return _night(day) if m["time"] in NIGHTS else (day, day, "day")


def _day_at_time(text: str, published: dt.date | None) -> Span | None:
    """ "Sunday night", "Monday morning", "yesterday afternoon", "Oct 13 evening"."""
    m = _DAY_AT_TIME.fullmatch(text)
    if m is None:
        return None
    day = _day(m["day"], published)
    return _night(day) if m["time"] in NIGHTS else (day, day, "day")


def _early_hours(text: str, published: dt.date | None) -> Span | None:
    """ "in the early hours of Monday": that day."""
    m = _EARLY_HOURS.fullmatch(text)
    if m is None:
        return None
    day = _day(m["day"], published)
    return day, day, "day"


def _edge(text: str, published: dt.date | None) -> Span | None:
    """ "early Monday", "late Tuesday", "late on Sunday night", "early this morning"."""
    m = _EDGE.fullmatch(text)
    if m is None:
        return None
    span = _vague(m["rest"], published, _DAY_READERS)
    if span is not None:
        return span
    day = _day(m["rest"], published)
    return day, day, "day"


def _night_into(text: str, published: dt.date | None) -> Span | None:
    """ "overnight into Monday", "Sunday night into Monday": the night that ends that day."""
    m = _NIGHT_INTO.fullmatch(text)
    if m is None:
        return None
    day = _day(m["day"], published)
    night = m["night"]
    if night not in ("overnight", "night", "the night"):
        span = _vague(night, published, _DAY_READERS)
        if span is None:
            return None
        if not (span[0] <= day - _ONE_DAY and day <= span[1]):
            msg = f"{night!r} does not run into {day.isoformat()}"
            raise Unparsed(msg)
    return _night(day - _ONE_DAY)


def _night_from_to(text: str, published: dt.date | None) -> Span | None:
    """ "the night from Sunday to Monday", "overnight between Oct 13 and 14"."""
    m = _NIGHT_FROM_TO.fullmatch(text)
    if m is None:
        return None
    try:
        first, second = _day(m["a"], published), _day(m["b"], published)
    except Unparsed:  # "Oct 13 and 14": the second day borrows the month, as in a range
        first, second, _ = read_date(f"between {m['a']} and {m['b']}", published=published)
    if second != first + _ONE_DAY:
        raise Unparsed("a night runs from one day into the next")
    return _night(first)


_Reader = Callable[[str, dt.date | None], Span | None]
#: Readers of one day's times (no "early"/"late" in front: "early late Monday" is no date).
_DAY_READERS: tuple[_Reader, ...] = (
    _night_from_to,
    _night_into,
    _early_hours,
    _time_of_day,
    _day_at_time,
)
_READERS: tuple[_Reader, ...] = (*_DAY_READERS, _edge)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month(day: dt.date) -> Span:
    return day.replace(day=1), month_end(day.year, day.month), "month"


def _year(year: int) -> Span:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _weekend(day: dt.date, *, last: bool) -> Span:
    saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
    if last and day.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    return saturday, saturday + _ONE_DAY, "range"


def _previous_month(day: dt.date) -> dt.date:
    return day.replace(day=1) - _ONE_DAY


def _previous_year(day: dt.date) -> Span:
    if day.year == dt.MINYEAR:
        raise Unparsed("year 1 has no year before it")
    return _year(day.year - 1)


def _previous_week(day: dt.date) -> Span:
    monday = _monday(day) - dt.timedelta(days=7)
    return monday, monday + dt.timedelta(days=6), "range"


def _this_week(day: dt.date) -> Span:
    monday = _monday(day)
    return monday, monday + dt.timedelta(days=6), "range"


def _until_published(day: dt.date) -> Span:
    return day, day, "day"


def _tonight(day: dt.date) -> Span:
    return day, day + _ONE_DAY, "range"


def _last_night(day: dt.date) -> Span:
    return day - _ONE_DAY, day, "range"


_TODAY: tuple[str, ...] = ("this morning", "this afternoon", "this evening", "earlier today")
_TODAY += ("later today", "dawn", "daybreak", "the early hours", "the early hours of today")
#: Vague times resolved against the published day alone.
_PERIODS: dict[str, Callable[[dt.date], Span]] = {
    **dict.fromkeys(_TODAY, _until_published),
    "tonight": _tonight,
    **dict.fromkeys(["last night", "overnight", "the night"], _last_night),
    "this week": _this_week,
    "earlier this week": lambda day: (_monday(day), day, "range"),
    "last week": _previous_week,
    **dict.fromkeys(["the weekend", "this weekend"], lambda day: _weekend(day, last=False)),
    "last weekend": lambda day: _weekend(day, last=True),
    "this month": _month,
    "earlier this month": lambda day: (day.replace(day=1), day, "range"),
    "last month": lambda day: _month(_previous_month(day)),
    "this year": lambda day: _year(day.year),
    "earlier this year": lambda day: (dt.date(day.year, 1, 1), day, "range"),
    "last year": _previous_year,
}


__all__ = ["DAY_PARTS", "NIGHTS", "OPEN_WORDS", "read_vague"]
