"""Properties of the rules across facts: the order claims come in and the names of their
sources change no answer; totals that never fall draw no T001; parts that add up to their
whole draw no P001/P002; a total that falls always draws T001."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from discrepancy.config import Config
from discrepancy.engine import check
from discrepancy.model import Claim, ClaimSet, Entity, ScopeRelation, Source
from discrepancy.values import DateInterval, parse_quantity

CROSS = ("D002", "P001", "P002", "T001")
ENTITIES = (
    Entity("libya", "Libya"),
    Entity("derna", "Derna", part_of=("libya",)),
    Entity("benghazi", "Benghazi", part_of=("libya",)),
)
SCOPES = (ScopeRelation({"group": "first"}, part_of={}),)
CUMULATIVE = Config(properties={"deaths": {"cumulative": True}})
DAY0 = dt.date(2023, 9, 10)
TEXTS = ["3,958", "11,300", "over 5,000", "about 6,000", "5,300", "between 2,000 and 4,000", 900]


def _day(k: int) -> DateInterval:
    return DateInterval.day(DAY0 + dt.timedelta(days=k))


@st.composite
def stories(draw: st.DrawFn) -> list[Claim]:
    n = draw(st.integers(min_value=2, max_value=8))
    out = []
    for k in range(n):
        if draw(st.integers(0, 4)) == 0:  # a date, maybe ordered after an earlier one
            earlier = [c.id for c in out if c.type == "date"]
            out.append(
                Claim(
                    source="s0",
                    subject="teams",
                    property=draw(st.sampled_from(["sent", "arrived"])),
                    value=_day(draw(st.integers(0, 9))),
                    id=f"k{k}",
                    after=draw(st.sampled_from([None, *earlier])) if earlier else None,
                )
            )
            continue
        day = draw(st.one_of(st.none(), st.integers(0, 9)))
        out.append(
            Claim(
                source=f"s{draw(st.integers(0, 3))}",
                subject=draw(st.sampled_from(["Libya", "Derna", "benghazi"])),
                property="deaths",
                value=parse_quantity(draw(st.sampled_from(TEXTS))),
                raw=None,
                id=f"k{k}",
                as_of=_day(day) if day is not None else None,
                scope=draw(st.sampled_from([(), (), (("group", "first"),)])),
                cumulative=draw(st.sampled_from([None, None, True, False])),
            )
        )
    return out


def _answer(claims: list[Claim], config: Config) -> list[Any]:
    """The cross-fact findings, told apart by content: rule, magnitude and the values and
    times of their claims (of claims alike in all of these, which one a finding names is
    settled by its reference: a name, so it may change with one)."""
    cs = ClaimSet(
        sources=[Source(s) for s in sorted({c.source for c in claims})],
        entities=ENTITIES,
        claims=claims,
        scopes=SCOPES,
    )
    out = []
    for f in check(cs, config).findings:
        if f.rule in CROSS:
            who = [(c.raw_text, str(c.as_of), c.scope, c.subject) for c in f.claims]
            out.append((f.rule, round(f.magnitude or 0, 9), tuple(who)))
    return sorted(out)


@settings(max_examples=150, deadline=None)
@given(
    claims=stories(),
    order=st.randoms(use_true_random=False),
    config=st.sampled_from([Config(), CUMULATIVE]),
    renamed=st.permutations(["zeta", "alpha", "mid", "b2"]),
)
def test_order_and_source_names_change_nothing(
    claims: list[Claim], order: Any, config: Config, renamed: list[str]
) -> None:
    expected = _answer(claims, config)
    names = {f"s{k}": renamed[k] for k in range(4)}
    shuffled = [
        Claim(
            source=names[c.source],
            subject=c.subject,
            property=c.property,
            value=c.value,
            id=c.id,
            as_of=c.as_of,
            scope=c.scope,
            cumulative=c.cumulative,
            after=c.after,
        )
        for c in claims
    ]
    order.shuffle(shuffled)
    assert _answer(shuffled, config) == expected


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(st.integers(min_value=0, max_value=5_000), min_size=2, max_size=8),
    days=st.lists(st.integers(min_value=0, max_value=3), min_size=8, max_size=8),
    approx=st.booleans(),
)
def test_totals_that_never_fall_draw_no_t001(
    steps: list[int], days: list[int], approx: bool
) -> None:
    """A running total reported by several outlets, each figure at least the one before."""
    total, day, claims = 0, 0, []
    for k, step in enumerate(steps):
        total += step
        day += days[k]
        text = f"about {total:,}" if approx and k % 2 else f"{total:,}"
        claims.append(
            Claim(
                source=f"s{k % 3}",
                subject="libya",
                property="deaths",
                value=parse_quantity(text),
                id=f"k{k}",
                as_of=_day(day),
            )
        )
    cs = ClaimSet(sources=[Source(f"s{k}") for k in range(3)], claims=claims)
    assert "T001" not in {f.rule for f in check(cs, CUMULATIVE).findings}
    # the same figures read backwards fall, whenever some later figure is below an earlier
    backwards = [
        Claim(
            source=c.source,
            subject=c.subject,
            property=c.property,
            value=c.value,
            id=c.id,
            as_of=claims[len(claims) - 1 - k].as_of,
        )
        for k, c in enumerate(claims)
    ]
    falls = any(
        later.value.high < earlier.value.low  # type: ignore[union-attr]
        and later.as_of.start > earlier.as_of.end  # type: ignore[union-attr]
        for earlier in backwards
        for later in backwards
    )
    reversed_set = ClaimSet(sources=cs.sources, claims=backwards)
    assert ("T001" in {f.rule for f in check(reversed_set, CUMULATIVE).findings}) == falls


@settings(max_examples=150, deadline=None)
@given(
    parts=st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=5),
    rounding=st.sampled_from([1, 10, 100, 1000]),
    approx=st.booleans(),
)
def test_parts_that_add_up_draw_no_p001_or_p002(
    parts: list[int], rounding: int, approx: bool
) -> None:
    """Groups sent in stages and the total: the total as the parts' sum, rounded to a place
    below it (to the nearest thousand: '12,000' for 11,700), or said to be "about" it."""
    total = sum(parts)
    assume(rounding <= total)
    rounded = round(total / rounding) * rounding if total else 0
    whole = f"about {total:,}" if approx and total else f"{rounded:,}"
    scopes = [{"group": f"g{k}"} for k in range(len(parts))]
    claims = [
        Claim(source="a", subject="troops", property="n", value=parse_quantity(f"{p:,}"),
              raw=f"{p:,}", id=f"p{k}", scope=scopes[k])
        for k, p in enumerate(parts)
    ]  # fmt: skip
    claims.append(
        Claim(source="b", subject="troops", property="n", value=parse_quantity(whole), raw=whole)
    )
    cs = ClaimSet(
        sources=[Source("a"), Source("b")],
        claims=claims,
        scopes=[ScopeRelation({}, sum_of=scopes)],
    )
    found = {f.rule for f in check(cs).findings}
    assert not found & {"P001", "P002"}
    # the first group far larger than any rounding allows: the sum can't make the whole
    text = f"{parts[0] + 10 * (total + rounding) + 1:,}"
    grown = Claim(source="a", subject="troops", property="n", value=parse_quantity(text),
                  raw=text, id="p0", scope=scopes[0])  # fmt: skip
    bigger = ClaimSet(sources=cs.sources, claims=[grown, *claims[1:]], scopes=cs.scopes)
    assert "P002" in {f.rule for f in check(bigger).findings}
