"""Dates: an interval of days at a precision ("2024" is all of 2024)."""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError
from discrepancy.values._date_text import (
    DECADE_PARTS,
    MONTH_PARTS,
    YEAR_PARTS,
    month_end,
    read_date,
)
from discrepancy.values._date_vague import read_vague
from discrepancy.values._text import Unparsed, cannot, check_length

#: Forms that parse, for error messages.
HINT = (
    'try 2024-06-19, 2024-06, 2024, "June 19, 2024", "Oct 8-13, 2024", '
    '"2024-10-08..2024-10-13", "early 2000s", "Sunday night", "earlier this week" or '
    '"previously"'
)


class Precision(enum.StrEnum):
    """How finely a date was written. Wider precisions contain narrower ones."""

    DAY = "day"
    RANGE = "range"  # an explicit span of days: "Oct 8-13, 2024"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"  # includes parts such as "early 2000s"
    CENTURY = "century"
    OPEN = "open"  # no known start: "previously", "by 2024-10-18" (start is date.min)


def _check_span(instance: DateInterval, attribute: object, value: dt.date) -> None:
    if instance.end < instance.start:
        msg = f"date interval ends before it starts (start={instance.start}, end={instance.end})"
        raise ValueError(msg)


@frozen
class DateInterval:
    """The days ``start`` .. ``end`` (both inclusive) that a written date can mean."""

    kind: ClassVar[str] = "date"

    start: dt.date
    end: dt.date = field(validator=_check_span)
    precision: Precision = field(default=Precision.DAY, converter=Precision)

    @classmethod
    def day(cls, d: dt.date) -> DateInterval:
        return cls(d, d, Precision.DAY)

    @property
    def days(self) -> int:
        """Number of days covered."""
        return (self.end - self.start).days + 1

    def contains(self, other: DateInterval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    @property
    def is_open(self) -> bool:
        """True when no start is known ("previously", "by 2024-10-18")."""
        return self.precision is Precision.OPEN

    def bounds(self) -> tuple[float, float, float]:
        """``(low, best, high)`` as day ordinals, for estimates: the middle day is the best
        one; an open interval's low is ``-inf`` and its best its end, so it bounds an
        estimate without voting for a day (as "over 5,000" does for a number)."""
        low, high = float(self.start.toordinal()), float(self.end.toordinal())
        if self.is_open:
            return -math.inf, high, high
        return low, (low + high) / 2.0, high

    def to_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": str(self.precision),
        }

    def render(self) -> str:
        """Canonical text that :func:`parse_date` reads back to an equal value.

        "2024-06-19" (day), "2024-06" or "early June 2024" (month), "2024" or "early 2024"
        (year), "2000s" or "early 2000s" (decade), "20th century", "2024-10-08..2024-10-13"
        (range), "by 2024-10-18" (open); any other interval as
        "2024-10-08..2024-10-13 (decade)".
        """
        for text in self._candidates():
            if _reads_back(text, self):
                return text
        return f"{self._days()} ({self.precision})"

    def _days(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def _candidates(self) -> list[str]:
        start = self.start
        by_precision = {
            Precision.DAY: [start.isoformat()],
            Precision.RANGE: [self._days()],
            Precision.MONTH: [
                f"{start:%Y-%m}",
                *(f"{part} {start:%B %Y}" for part in MONTH_PARTS),
            ],
            Precision.YEAR: [
                f"{start.year:04d}",
                *(f"{part} {start.year:04d}" for part in YEAR_PARTS),
            ],
            Precision.DECADE: [
                f"{start.year}s",
                *(f"{part} {start.year - start.year % 10}s" for part in DECADE_PARTS),
            ],
            Precision.CENTURY: [f"{_ordinal_century(start.year)} century"],
            Precision.OPEN: [f"by {self.end.isoformat()}"],
        }
        return by_precision[self.precision]


def _ordinal_century(year: int) -> str:
    n = (year - 1) // 100 + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _reads_back(text: str, interval: DateInterval) -> bool:
    try:
        return parse_date(text) == interval
    except ValueParseError:
        return False


def parse_date(raw: object, *, published: dt.date | None = None) -> DateInterval:
    """Parse a date as written in a claim file.

    Accepts ``2024-06-19``, ``2024-06``, ``2024``, ``"June 2024"``, ``"19 June 2024"``,
    ``"Oct 8-13, 2024"``, ranges ``2024-10-08..2024-10-13``, weekday names (``"Friday"``: the
    latest such day on or before ``published``), ``"early 2000s"``, and ``datetime.date``.

    - day: ``datetime.date``/``datetime``, "2024-06-19" (a time after it is ignored),
      "19 June 2024", "June 19, 2024", "June 19 2024", "Oct. 17, 2024", "the 19th of June
      2024", "Fri, Oct. 18, 2024" (the weekday is checked); relative to ``published``:
      "Friday"/"on Fri" (latest such day on or before it, the same day counts), "last
      Friday" (strictly before it), "today", "yesterday".
    - month: "2024-06", "June 2024", "Jun. 2024"; "early/mid/late June 2024" are days 1-10,
      11-20, 21-end at month precision.
    - year: ``2024`` (int), "2024"; "early/mid/late 2024" are January-April, May-August,
      September-December at year precision.
    - decade: "2000s", "the 1990s", "early 2000s" (2000-2003), "mid-2000s" (2003-2006),
      "late 2000s" (2006-2009). century: "20th century" is 1901-2000.
    - range: "2024-10-08..2024-10-13", "2024-10-08/2024-10-13", "Oct 8-13, 2024", "8-13
      October 2024", "between Oct. 8 and 13, 2024", "from June to August 2024", "2020-2022":
      from the start of the first end to the end of the second; a missing month or year is
      taken from the other end.
    - a month and day without a year ("June 19", "Oct. 8") or a month alone take the year of
      ``published`` (even when that puts the date after ``published``); without
      ``published`` they are an error, as are weekdays.
    - times of day and vague times, relative to ``published`` as weekdays are ("Sunday night",
      "early Monday", "overnight", "at dawn", "earlier this week", "last month"), and open
      intervals ending on a day ("previously", "so far": on or before ``published``; "by
      X", "before X"): see :mod:`discrepancy.values._date_vague` for what each covers. A
      night is the day it starts and the next; an open interval starts on ``date.min`` with
      precision open.
    - "<any form> (decade)" reads the form and sets the precision; :meth:`DateInterval.render`
      uses it for intervals no other text gives.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    try:
        start, end, precision = _read(raw, _as_date(published))
        return DateInterval(start, end, precision)
    except Unparsed as error:
        raise ValueParseError(cannot("date", raw, error.reason), hint=HINT) from None
    except OverflowError:  # "Tuesday" published on 0001-01-01, "tonight" on 9999-12-31
        reason = "it falls outside the calendar (years 1 to 9999)"
        raise ValueParseError(cannot("date", raw, reason), hint=HINT) from None


def _as_date(value: dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _read(raw: object, published: dt.date | None) -> tuple[dt.date, dt.date, str]:
    if isinstance(raw, DateInterval):
        return raw.start, raw.end, str(raw.precision)
    if isinstance(raw, dt.date):
        day = _as_date(raw)
        assert day is not None
        return day, day, "day"
    if isinstance(raw, int) and not isinstance(raw, bool):
        if not dt.MINYEAR <= raw <= dt.MAXYEAR:
            raise Unparsed(f"a year must be between {dt.MINYEAR} and {dt.MAXYEAR}")
        return dt.date(raw, 1, 1), dt.date(raw, 12, 31), "year"
    if isinstance(raw, str):
        text = check_length(raw, "date")
        try:
            return read_date(text, published=published)
        except Unparsed as error:
            span = read_vague(text, published=published)
            if span is None:
                raise error from None
            return span
    raise Unparsed("" if raw is None else f"a {type(raw).__name__} is not a date")


__all__ = ["HINT", "DateInterval", "Precision", "ValueParseError", "month_end", "parse_date"]
