"""Dates: every written form, its interval and precision, relative dates, round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.errors import ValueParseError
from discrepancy.values import DateInterval, Precision, parse_date
from strategies import date_intervals, dates

D = dt.date
DAY, RANGE, MONTH, YEAR = Precision.DAY, Precision.RANGE, Precision.MONTH, Precision.YEAR
DECADE, CENTURY = Precision.DECADE, Precision.CENTURY
PUBLISHED = D(2024, 10, 18)  # a Friday

FORMS = [
    (D(2024, 6, 19), (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    (dt.datetime(2024, 6, 19, 23, 5), (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("2024-06-19", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("2024-06-19T10:00:00Z", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("2024-06", (D(2024, 6, 1), D(2024, 6, 30), MONTH)),
    ("2024", (D(2024, 1, 1), D(2024, 12, 31), YEAR)),
    (2024, (D(2024, 1, 1), D(2024, 12, 31), YEAR)),
    ("in 2024", (D(2024, 1, 1), D(2024, 12, 31), YEAR)),
    ("June 2024", (D(2024, 6, 1), D(2024, 6, 30), MONTH)),
    ("Jun 2024", (D(2024, 6, 1), D(2024, 6, 30), MONTH)),
    ("Feb. 2024", (D(2024, 2, 1), D(2024, 2, 29), MONTH)),
    ("19 June 2024", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("June 19, 2024", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("June 19 2024", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("Oct. 17, 2024", (D(2024, 10, 17), D(2024, 10, 17), DAY)),
    ("Sept 3, 2024", (D(2024, 9, 3), D(2024, 9, 3), DAY)),
    ("the 19th of June 2024", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("on Friday, Oct. 18, 2024", (D(2024, 10, 18), D(2024, 10, 18), DAY)),
    ("Oct 8-13, 2024", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("October 8 to 13, 2024", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("between Oct. 8 and 13, 2024", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("8-13 October 2024", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("Oct 28-Nov 2, 2024", (D(2024, 10, 28), D(2024, 11, 2), RANGE)),
    ("Dec 28, 2023 - Jan 3, 2024", (D(2023, 12, 28), D(2024, 1, 3), RANGE)),
    ("2024-10-08..2024-10-13", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("2024-10-08/2024-10-13", (D(2024, 10, 8), D(2024, 10, 13), RANGE)),
    ("from June to August 2024", (D(2024, 6, 1), D(2024, 8, 31), RANGE)),
    ("2020-2022", (D(2020, 1, 1), D(2022, 12, 31), RANGE)),
    ("2000s", (D(2000, 1, 1), D(2009, 12, 31), DECADE)),
    ("the 1990s", (D(1990, 1, 1), D(1999, 12, 31), DECADE)),
    ("early 2000s", (D(2000, 1, 1), D(2003, 12, 31), DECADE)),
    ("mid 2000s", (D(2003, 1, 1), D(2006, 12, 31), DECADE)),
    ("mid-2000s", (D(2003, 1, 1), D(2006, 12, 31), DECADE)),
    ("late 2000s", (D(2006, 1, 1), D(2009, 12, 31), DECADE)),
    ("early 2024", (D(2024, 1, 1), D(2024, 4, 30), YEAR)),
    ("mid-2024", (D(2024, 5, 1), D(2024, 8, 31), YEAR)),
    ("late 2024", (D(2024, 9, 1), D(2024, 12, 31), YEAR)),
    ("early June 2024", (D(2024, 6, 1), D(2024, 6, 10), MONTH)),
    ("late February 2024", (D(2024, 2, 21), D(2024, 2, 29), MONTH)),
    ("20th century", (D(1901, 1, 1), D(2000, 12, 31), CENTURY)),
    ("the 21st century", (D(2001, 1, 1), D(2100, 12, 31), CENTURY)),
    ("2024-10-08..2024-10-13 (decade)", (D(2024, 10, 8), D(2024, 10, 13), DECADE)),
]


@pytest.mark.parametrize(("raw", "expected"), FORMS, ids=[repr(f[0]) for f in FORMS])
def test_forms(raw: object, expected: tuple[dt.date, dt.date, Precision]) -> None:
    assert parse_date(raw) == DateInterval(*expected)
    assert parse_date(raw, published=PUBLISHED) == DateInterval(*expected)


RELATIVE = [
    ("Friday", D(2024, 10, 18)),
    ("on Friday", D(2024, 10, 18)),
    ("Fri", D(2024, 10, 18)),
    ("fri.", D(2024, 10, 18)),
    ("Thursday", D(2024, 10, 17)),
    ("Saturday", D(2024, 10, 12)),
    ("last Friday", D(2024, 10, 11)),
    ("today", D(2024, 10, 18)),
    ("yesterday", D(2024, 10, 17)),
    ("June 19", D(2024, 6, 19)),
    ("Oct. 8", D(2024, 10, 8)),
    ("19 June", D(2024, 6, 19)),
    ("December 25", D(2024, 12, 25)),  # after `published`: still its year
]


@pytest.mark.parametrize(("raw", "day"), RELATIVE, ids=[r[0] for r in RELATIVE])
def test_relative_to_published(raw: str, day: dt.date) -> None:
    assert parse_date(raw, published=PUBLISHED) == DateInterval.day(day)


def test_weekday_on_or_before_published() -> None:
    friday = DateInterval.day(D(2024, 10, 18))
    assert parse_date("Friday", published=D(2024, 10, 18)) == friday
    assert parse_date("Friday", published=D(2024, 10, 19)) == friday
    assert parse_date("Friday", published=dt.datetime(2024, 10, 19, 8)) == friday


def test_month_without_year_takes_published_year() -> None:
    june = DateInterval(D(2024, 6, 1), D(2024, 6, 30), MONTH)
    assert parse_date("June", published=PUBLISHED) == june


@pytest.mark.parametrize("raw", ["Friday", "June 19", "Oct. 8", "yesterday", "June"])
def test_relative_needs_published(raw: str) -> None:
    with pytest.raises(ValueParseError, match="published") as caught:
        parse_date(raw)
    assert repr(raw) in caught.value.message


BAD = [
    "next week",
    "",
    None,
    True,
    1.5,
    "2024-13",
    "2024-02-30",
    "Oct 13-8, 2024",
    "Thu, Oct. 18, 2024",
    "1,500 troops",
    "22th century",
    [2024],
    0,
]


@pytest.mark.parametrize("raw", BAD, ids=repr)
def test_errors_quote_the_value_and_hint(raw: object) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_date(raw, published=PUBLISHED)
    assert caught.value.message.startswith(f"cannot parse date {raw!r}")
    assert '"Oct 8-13, 2024"' in caught.value.hint


def test_errors_say_why() -> None:
    with pytest.raises(ValueParseError, match="is a Friday, not a Thursday"):
        parse_date("Thu, Oct. 18, 2024")
    with pytest.raises(ValueParseError, match="ends before it starts"):
        parse_date("Oct 13-8, 2024")


RENDERED = [
    ("2024-06-19", "2024-06-19"),
    ("June 2024", "2024-06"),
    ("late February 2024", "late February 2024"),
    (2024, "2024"),
    ("early 2024", "early 2024"),
    ("the 1990s", "1990s"),
    ("mid-2000s", "mid 2000s"),
    ("20th century", "20th century"),
    ("Oct 8-13, 2024", "2024-10-08..2024-10-13"),
]


@pytest.mark.parametrize(("raw", "text"), RENDERED, ids=[r[1] for r in RENDERED])
def test_render(raw: object, text: str) -> None:
    assert parse_date(raw).render() == text


@given(date_intervals())
def test_render_round_trips(interval: DateInterval) -> None:
    assert parse_date(interval.render()) == interval


@given(dates())
def test_wider_precision_contains_narrower(day: dt.date) -> None:
    year = parse_date(f"{day.year}")
    month = parse_date(f"{day:%Y-%m}")
    exact = parse_date(day.isoformat())
    decade = parse_date(f"{day.year - day.year % 10}s")
    assert decade.contains(year)
    assert year.contains(month)
    assert month.contains(exact)
    assert parse_date(f"{day:%B} {day.day}, {day.year}") == exact
    assert parse_date(f"{day.day} {day:%b} {day.year}") == exact


def test_contains_fixed_example() -> None:
    assert parse_date("2024").contains(parse_date("2024-06"))
    assert parse_date("2024-06").contains(parse_date("2024-06-19"))
    assert parse_date("20th century").contains(parse_date("early 2000s")) is False


@given(dates(), st.integers(min_value=0, max_value=6))
def test_weekday_is_latest_on_or_before(published: dt.date, weekday: int) -> None:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    day = parse_date(names[weekday], published=published).start
    assert day.weekday() == weekday
    assert dt.timedelta(0) <= published - day < dt.timedelta(days=7)
