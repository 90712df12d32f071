"""Inferring a value's type, and parsing by type name."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.errors import ValueParseError
from discrepancy.values import (
    Assertion,
    DateInterval,
    Label,
    MemberSet,
    Quantity,
    infer_type,
    parse_value,
)
from discrepancy.values.infer import TYPES
from strategies import date_intervals, member_sets, quantities

CASES = [
    (True, "assertion"),
    (False, "assertion"),
    ("yes", "assertion"),
    ("Denied", "assertion"),
    ("confirmed", "assertion"),
    (["A", "B"], "set"),
    ({"members": ["A"], "complete": True}, "set"),
    ({"low": 1, "high": 3}, "quantity"),
    ({"best": 3}, "quantity"),
    (1500, "quantity"),
    (2024, "quantity"),
    (2.5, "quantity"),
    ("2024", "quantity"),
    ("1,500", "quantity"),
    ("1,500-12,000", "quantity"),
    ("2020-2022", "quantity"),
    ("about 10,000", "quantity"),
    ("12k", "quantity"),
    ("nearly two million", "quantity"),
    ("1,500 troops", "quantity"),
    ("thousands", "quantity"),
    (dt.date(2024, 6, 19), "date"),
    (dt.datetime(2024, 6, 19, 12), "date"),
    ("2024-06", "date"),
    ("2024-06-19", "date"),
    ("June 2024", "date"),
    ("Oct 8-13, 2024", "date"),
    ("Friday", "date"),
    ("June 19", "date"),
    ("1 June", "date"),
    ("early 2000s", "date"),
    ("20th century", "date"),
    ("special forces", "label"),
    ("a great many soldiers", "label"),
    ("twelve-ish", "label"),
]


@pytest.mark.parametrize(("raw", "kind"), CASES, ids=[repr(c[0]) for c in CASES])
def test_infer_type(raw: object, kind: str) -> None:
    assert infer_type(raw) == kind
    assert parse_value(raw, kind, published=dt.date(2024, 10, 18)) is not None


@pytest.mark.parametrize("raw", [None, {"x": 1}, object()], ids=repr)
def test_infer_type_refuses(raw: object) -> None:
    with pytest.raises(ValueParseError, match="cannot tell the type"):
        infer_type(raw)


def test_parse_value_dispatches() -> None:
    published = dt.date(2024, 10, 18)
    assert parse_value("about 100", "quantity", approx=0.1) == Quantity(90, 100, 110)
    assert parse_value("Friday", "date", published=published) == DateInterval.day(published)
    assert parse_value(["A"], "set") == MemberSet(["A"])
    assert parse_value("navy", "label") == Label("navy")
    assert parse_value("no", "assertion") == Assertion(False)


def test_parse_value_unknown_type_suggests() -> None:
    with pytest.raises(
        ValueParseError, match="unknown type 'quantiy' \\(did you mean 'quantity'\\?\\)"
    ):
        parse_value(1, "quantiy")
    with pytest.raises(ValueParseError) as caught:
        parse_value(1, "zzz")
    assert all(name in caught.value.hint for name in TYPES)


@given(st.one_of(quantities(), date_intervals(), member_sets()))
def test_rendered_values_parse_by_their_kind(value: Quantity | DateInterval | MemberSet) -> None:
    assert parse_value(value.render(), value.kind) == value


PARSERS = [
    lambda raw: parse_value(raw, "quantity"),
    lambda raw: parse_value(raw, "date"),
    lambda raw: parse_value(raw, "date", published=dt.date(2024, 10, 18)),
    lambda raw: parse_value(raw, "set"),
    lambda raw: parse_value(raw, "label"),
    lambda raw: parse_value(raw, "assertion"),
]
_PROSE = st.text(st.sampled_from(list("0123456789,.- ~+()/abdeiklmnorstuvy")), max_size=25)


@given(st.one_of(st.text(max_size=30), _PROSE))
def test_any_text_parses_or_raises_value_parse_error(text: str) -> None:
    assert infer_type(text) in TYPES
    for parse in PARSERS:
        try:
            parse(text)
        except ValueParseError as error:
            assert repr(text) in error.message


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 10**15 - 1),
    st.sampled_from(["{:,}", "{}", "about {:,}", "about {}"]),
)
def test_plain_numbers_infer_as_the_grammar_infers_them(number: int, form: str) -> None:
    """The shortcut for "12,000" and "about 12,000" gives the type the full inference gives."""
    from discrepancy.values import infer

    text = form.format(number)
    fast = infer._text_type.__wrapped__(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(infer, "is_plain_quantity", lambda _text: False)
        slow = infer._text_type.__wrapped__(text)
    assert fast == slow
