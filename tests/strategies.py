"""Hypothesis strategies for values: quantities, dates, date intervals and member sets."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import strategies as st

from discrepancy.values import DateInterval, MemberSet, Precision, Quantity
from discrepancy.values.date import month_end

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
counts = st.integers(min_value=0, max_value=10**12)


@st.composite
def quantities(draw: st.DrawFn) -> Quantity:
    """Any valid quantity: a finite best, ends finite or open."""
    points = sorted(draw(st.lists(finite, min_size=3, max_size=3)))
    low = -math.inf if draw(st.booleans()) and draw(st.booleans()) else points[0]
    high = math.inf if draw(st.booleans()) and draw(st.booleans()) else points[2]
    if draw(st.booleans()):
        return Quantity.exact(points[1])
    return Quantity(low, points[1], high)


def dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))


@st.composite
def _span(draw: st.DrawFn, precision: Precision) -> DateInterval:
    day = draw(dates())
    if precision is Precision.DAY:
        return DateInterval.day(day)
    if precision is Precision.RANGE:
        other = draw(dates())
        return DateInterval(min(day, other), max(day, other), precision)
    if precision is Precision.MONTH:
        return DateInterval(day.replace(day=1), month_end(day.year, day.month), precision)
    if precision is Precision.YEAR:
        return DateInterval(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), precision)
    if precision is Precision.OPEN:  # "previously", "by 2024-10-18": no known start
        return DateInterval(dt.date.min, day, precision)
    if precision is Precision.DECADE:
        first = day.year - day.year % 10
        return DateInterval(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), precision)
    n = (day.year - 1) // 100 + 1
    return DateInterval(dt.date(n * 100 - 99, 1, 1), dt.date(n * 100, 12, 31), precision)


@st.composite
def date_intervals(draw: st.DrawFn) -> DateInterval:
    """Whole days, months, years, decades, centuries, ranges, open intervals, and odd spans at
    any precision."""
    precision = draw(st.sampled_from(list(Precision)))
    if draw(st.integers(0, 4)) == 0:  # an interval no plain text gives
        a, b = draw(dates()), draw(dates())
        return DateInterval(min(a, b), max(a, b), precision)
    return draw(_span(precision))


_member_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: bool(s.strip())
)


@st.composite
def member_sets(draw: st.DrawFn) -> MemberSet:
    """Open sets with members, complete sets possibly empty; members of any characters."""
    complete = draw(st.booleans())
    simple = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True)
    members = draw(st.lists(simple | _member_text, min_size=0 if complete else 1, max_size=5))
    return MemberSet(members, complete)
