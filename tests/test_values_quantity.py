"""Quantities: every written form, its interval, errors that quote the value, round trips."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.errors import ValueParseError
from discrepancy.values import Quantity, parse_quantity
from discrepancy.values import quantity as quantity_module
from strategies import counts, quantities

INF = math.inf

FORMS = [
    # exact
    (1500, (1500, 1500, 1500)),
    (2.5, (2.5, 2.5, 2.5)),
    (-40, (-40, -40, -40)),
    ("1,500", (1500, 1500, 1500)),
    ("1500", (1500, 1500, 1500)),
    ("-1,500", (-1500, -1500, -1500)),
    ("12k", (12000, 12000, 12000)),
    ("12K", (12000, 12000, 12000)),
    ("1.2 million", (1_200_000, 1_200_000, 1_200_000)),
    ("1.1 million", (1_100_000, 1_100_000, 1_100_000)),
    ("2 billion", (2e9, 2e9, 2e9)),
    ("1.5m", (1_500_000, 1_500_000, 1_500_000)),
    ("3mn", (3e6, 3e6, 3e6)),
    ("2bn", (2e9, 2e9, 2e9)),
    ("4 bn", (4e9, 4e9, 4e9)),
    ("a total of 10,000", (10000, 10000, 10000)),
    ("exactly 700", (700, 700, 700)),
    ("a thousand", (1000, 1000, 1000)),
    ("two thousand", (2000, 2000, 2000)),
    ("twelve thousand", (12000, 12000, 12000)),
    ("a dozen", (12, 12, 12)),
    ("two dozen", (24, 24, 24)),
    ("a hundred", (100, 100, 100)),
    ("ninety-nine", (99, 99, 99)),
    ("twenty one", (21, 21, 21)),
    ("two hundred and fifty thousand", (250000, 250000, 250000)),
    ("two million three thousand and five", (2003005, 2003005, 2003005)),
    ("half a million", (500000, 500000, 500000)),
    ("a trillion", (1e12, 1e12, 1e12)),
    ("1e+16", (1e16, 1e16, 1e16)),
    # trailing nouns
    ("1,500 troops", (1500, 1500, 1500)),
    ("12,000 soldiers", (12000, 12000, 12000)),
    ("11,000-strong", (11000, 11000, 11000)),
    ("an 11,000 strong force", None),  # article before the number: not a quantity
    ("about 10,000 North Korean troops", (9500, 10000, 10500)),
    # about
    ("about 10,000", (9500, 10000, 10500)),
    ("around 10,000", (9500, 10000, 10500)),
    ("approximately 12,000", (11400, 12000, 12600)),
    ("approx. 12,000", (11400, 12000, 12600)),
    ("roughly 1,500", (1425, 1500, 1575)),
    ("some 3,000", (2850, 3000, 3150)),
    ("~500", (475, 500, 525)),
    ("circa 40", (38, 40, 42)),
    ("c. 40", (38, 40, 42)),
    ("an estimated 5,000", (4750, 5000, 5250)),
    ("10,000 or so", (9500, 10000, 10500)),
    ("10,000-odd", (9500, 10000, 10500)),
    # nearly
    ("nearly two million", (1_900_000, 2_000_000, 2_000_000)),
    ("almost 500", (475, 500, 500)),
    ("just under 500", (475, 500, 500)),
    ("close to 500", (475, 500, 500)),
    ("just over 500", (500, 500, 525)),
    # open above
    ("over a thousand", (1000, 1000, INF)),
    ("more than 1,000", (1000, 1000, INF)),
    ("at least 1,000", (1000, 1000, INF)),
    ("upwards of 1,000", (1000, 1000, INF)),
    ("in excess of 1,000", (1000, 1000, INF)),
    ("1,000+", (1000, 1000, INF)),
    ("1,000 or more", (1000, 1000, INF)),
    # up to
    ("up to 500", (0, 500, 500)),
    ("under 500", (0, 500, 500)),
    ("fewer than 500", (0, 500, 500)),
    ("less than 500", (0, 500, 500)),
    ("no more than 500", (0, 500, 500)),
    ("at most 500", (0, 500, 500)),
    ("500 or fewer", (0, 500, 500)),
    ("up to -5", (-INF, -5, -5)),
    # ranges: best is the midpoint
    ("between 1,500 and 12,000", (1500, 6750, 12000)),
    ("1,500-12,000", (1500, 6750, 12000)),
    ("1,500 – 12,000", (1500, 6750, 12000)),
    ("1,500 to 12,000", (1500, 6750, 12000)),
    ("from 1,500 to 12,000", (1500, 6750, 12000)),
    ("anywhere between 1,500 to 12,000", (1500, 6750, 12000)),
    ("between 1,500 and 12,000 troops", (1500, 6750, 12000)),
    ("between one hundred and two hundred", (100, 150, 200)),
    ("10-12 thousand", (10000, 11000, 12000)),
    ("between 1.5 and 2 million", (1_500_000, 1_750_000, 2_000_000)),
    ("between 500 and 2 million", (500, 1_000_250, 2_000_000)),
    ("10,000 ± 500", (9500, 10000, 10500)),
    ("10,000 +/- 500", (9500, 10000, 10500)),
    ("1,500 to 12,000 (best 5,000)", (1500, 5000, 12000)),
    ("-inf to inf (best 3)", (-INF, 3, INF)),
    # vague plurals: [2u, 10u - 1]
    ("hundreds", (200, 599.5, 999)),
    ("thousands", (2000, 5999.5, 9999)),
    ("tens of thousands", (20000, 59999.5, 99999)),
    ("hundreds of thousands of people", (200000, 599999.5, 999999)),
    ("dozens", (24, 71.5, 119)),
    # mappings
    ({"low": 1500, "best": 5000, "high": 12000}, (1500, 5000, 12000)),
    ({"low": 1500, "high": 12000}, (1500, 6750, 12000)),
    ({"best": 5000}, (5000, 5000, 5000)),
    ({"low": 1000}, (1000, 1000, INF)),
    ({"high": 1000}, (-INF, 1000, 1000)),
    ({"low": "1,500", "high": None, "best": "2k"}, (1500, 2000, INF)),
]


@pytest.mark.parametrize(("raw", "expected"), FORMS, ids=[repr(f[0]) for f in FORMS])
def test_forms(raw: object, expected: tuple[float, float, float] | None) -> None:
    if expected is None:
        with pytest.raises(ValueParseError):
            parse_quantity(raw)
        return
    assert parse_quantity(raw) == Quantity(*expected)


def test_approx_sets_the_half_width() -> None:
    assert parse_quantity("about 100", approx=0.1) == Quantity(90, 100, 110)
    assert parse_quantity("nearly 100", approx=0.2) == Quantity(80, 100, 100)
    with pytest.raises(ValueError, match="approx"):
        parse_quantity("about 100", approx=1.5)


BAD = [
    "a great many soldiers",
    "twelve-ish",
    "",
    None,
    True,
    False,
    "2000s",
    "12,000-1,500",
    "about 1,500-2,000",
    "1,500 soldiers and 200 tanks",
    "45%",
    "nan",
    float("nan"),
    [1, 2],
    {"lo": 1},
    {"low": 5, "high": 1},
    {"low": True},
    {},
    "about over 5",
    "1,50",
]


@pytest.mark.parametrize("raw", BAD, ids=repr)
def test_errors_quote_the_value_and_hint(raw: object) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_quantity(raw)
    assert caught.value.message.startswith(f"cannot parse quantity {raw!r}")
    assert '"about 12,000"' in caught.value.hint
    assert "{low: 11000, best: 12000, high: 13000}" in caught.value.hint


def test_errors_say_why() -> None:
    with pytest.raises(ValueParseError, match="ends before it starts"):
        parse_quantity("12,000-1,500")
    with pytest.raises(ValueParseError, match="did you mean 'low'"):
        parse_quantity({"lo": 1})
    assert str(ValueParseError("m", hint="h")) == "m; h"


RENDERED = [
    (Quantity.exact(1500), "1,500"),
    (Quantity.exact(-0.25), "-0.25"),
    (Quantity(9500, 10000, 10500), "about 10,000"),
    (Quantity(1_900_000, 2_000_000, 2_000_000), "nearly 2,000,000"),
    (Quantity(1000, 1000, INF), "over 1,000"),
    (Quantity(0, 500, 500), "up to 500"),
    (Quantity(1500, 6750, 12000), "between 1,500 and 12,000"),
    (Quantity(1500, 5000, 12000), "1,500 to 12,000 (best 5,000)"),
    (Quantity(-INF, 3, INF), "-inf to inf (best 3)"),
]


@pytest.mark.parametrize(("quantity", "text"), RENDERED, ids=[r[1] for r in RENDERED])
def test_render(quantity: Quantity, text: str) -> None:
    assert quantity.render() == text
    assert parse_quantity(text) == quantity


@given(quantities())
def test_render_round_trips(quantity: Quantity) -> None:
    assert parse_quantity(quantity.render()) == quantity


TEMPLATES = [
    "{n:,}",
    "{n}",
    "about {n:,}",
    "around {n:,} troops",
    "nearly {n:,}",
    "over {n:,}",
    "up to {n:,}",
    "~{n}",
    "{n:,}+",
    "between {n:,} and {m:,}",
    "{n:,}-{m:,}",
    "from {n:,} to {m:,} soldiers",
    "{n:,} ± {m:,}",
]


@given(st.sampled_from(TEMPLATES), counts, counts)
def test_low_best_high_ordered(template: str, a: int, b: int) -> None:
    n, m = min(a, b), max(a, b)
    q = parse_quantity(template.format(n=n, m=m))
    assert q.low <= q.best <= q.high
    assert q.low <= n <= q.high or template.startswith("{n:,} ±")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_and_their_text_agree(n: int) -> None:
    assert parse_quantity(n) == parse_quantity(f"{n:,}") == parse_quantity(str(n))


_PLAIN_TEXT = st.one_of(
    st.from_regex(quantity_module._PLAIN, fullmatch=True),
    st.integers(0, 10**15).map(lambda n: f"{n:,}"),
    st.integers(0, 10**15).map(lambda n: f"about {n:,}"),
    st.integers(0, 10**15).map(str),
)


@settings(max_examples=500, deadline=None)
@given(_PLAIN_TEXT, st.sampled_from([0.0, 0.05, 0.1, 0.333]))
def test_plain_numbers_read_as_the_grammar_reads_them(text: str, approx: float) -> None:
    fast = parse_quantity(text, approx=approx)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quantity_module, "_PLAIN", re.compile("(?!)"))  # matches nothing
        assert parse_quantity(text, approx=approx) == fast


@pytest.mark.parametrize("text", ["0,500", "1,50", "1,5000", "About 1,000", "about  5", " 5"])
def test_other_spellings_go_through_the_grammar(text: str) -> None:
    assert quantity_module._PLAIN.fullmatch(text) is None


def _reference_dict(q: Quantity) -> dict[str, float | None]:
    def num(x: float) -> float | int:
        return int(x) if x.is_integer() and abs(x) < 2**53 else x

    return {
        "low": None if math.isinf(q.low) else num(q.low),
        "best": num(q.best),
        "high": None if math.isinf(q.high) else num(q.high),
    }


@given(st.one_of(quantities(), st.floats(allow_nan=False).map(Quantity.exact)))
def test_to_dict_of_exact_and_interval_quantities(q: Quantity) -> None:
    out = q.to_dict()
    assert out == _reference_dict(q)
    assert [type(v) for v in out.values()] == [type(v) for v in _reference_dict(q).values()]
