"""The word test that lets type inference skip a date parse bound to fail: every text that
reads as a date passes it (it may only ever be too lenient, never too strict)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.errors import ValueParseError
from discrepancy.values import infer_type, parse_date
from discrepancy.values._date_text import DATE_WORDS, MONTHS, WEEKDAYS, may_be_date

DAY = dt.date(2024, 10, 18)

FORMS = [
    "2024-06-19", "2024-06-19T10:00:00Z", "2024-06-19 10:00+02:00", "2024-06", "2024",
    "June 2024", "19 June 2024", "June 19, 2024", "Oct. 17, 2024", "the 19th of June 2024",
    "Fri, Oct. 18, 2024", "Friday", "on Fri", "last Friday", "today", "yesterday", "June 19",
    "early June 2024", "mid-June", "late 2024", "2000s", "the 1990's", "early 2000s",
    "mid-2000s", "20th century", "the 21st century", "2024-10-08..2024-10-13",
    "2024-10-08/2024-10-13", "Oct 8-13, 2024", "8-13 October 2024", "between Oct. 8 and 13, 2024",
    "from June to August 2024", "2020-2022", "June 2024 (decade)", "in 2024", "during June 2024",
    "19thJune", "Sept 2024", "Tues", "thurs", "June 1 through June 3, 2024",
    "June 1 until June 3, 2024", "June 1 till June 3", "2000s (century)",
]  # fmt: skip


@pytest.mark.parametrize("text", FORMS)
def test_date_forms_may_be_dates(text: str) -> None:
    parse_date(text, published=DAY)  # each is a date ...
    assert may_be_date(text)  # ... so the word test lets it through


@pytest.mark.parametrize("text", ["about 10,000", "Khabarovsk", "10,000 troops", "nearly 5"])
def test_other_words_are_not_dates(text: str) -> None:
    assert not may_be_date(text)
    with pytest.raises(ValueParseError):
        parse_date(text, published=DAY)


_WORDS = sorted(DATE_WORDS | {"about", "x", "troops", "june19", "k", "\u212a", "İ", "ſt", "é"})
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(sorted(MONTHS) + sorted(WEEKDAYS)).map(str.title),
    st.integers(0, 3000).map(str),
    st.sampled_from(["1st", "2nd", "3rd", "19th", "2000s", "'s", "06", "19"]),
    st.sampled_from([" ", " ", "-", "..", "/", ",", ".", "(", ")", ":", "+", "\u2013", "\u00a0"]),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=9).map("".join))
def test_every_date_passes_the_word_test(text: str) -> None:
    try:
        parse_date(text, published=DAY)
    except ValueParseError:
        return
    assert may_be_date(text), text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_every_date_passes_the_word_test_on_any_text(text: str) -> None:
    try:
        parse_date(text, published=DAY)
    except ValueParseError:
        return
    assert may_be_date(text), text


@pytest.mark.parametrize("text", ["2024", "Friday", "about 10,000", "June 2024", "x y"])
def test_inference_unchanged_by_the_word_test(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from discrepancy.values import infer

    fast = infer._text_type.__wrapped__(text)
    monkeypatch.setattr(infer, "may_be_date", lambda _text: True)
    assert infer._text_type.__wrapped__(text) == fast == infer_type(text)


@pytest.mark.parametrize("text", ["0000", "0000s", "early 0000", "0000-06", "June 0000 (day)"])
def test_year_zero_is_a_parse_error_not_a_crash(text: str) -> None:
    with pytest.raises(ValueParseError, match="out of range"):
        parse_date(text, published=DAY)


def test_weekday_before_the_first_day_is_a_parse_error() -> None:
    with pytest.raises(ValueParseError):
        parse_date("last Friday", published=dt.date(1, 1, 1))
