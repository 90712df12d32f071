"""compare_groups (all groups at once) equals compare_group (one group at a time), field by field."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.engine import check
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group, compare_group
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.report.order import finding_order
from discrepancy.rules.registry import claim_types
from discrepancy.types.quantity import QuantityType
from discrepancy.values import Assertion, DateInterval, Label, MemberSet, Quantity
from reference.compare_batch import compare_groups
from reference.grouping import build_groups
from strategies import date_intervals, member_sets, quantities

ARRAYS = ("i", "j", "comparable", "verdict", "magnitude", "major")
SOURCES = ("a", "b", "c", "d")
LABELS = ("special forces", "Special  Forces", "infantry", "Хабаровск", "Khabarovsk", "kha")
UNITS = (None, None, "km", "mi", "m", "soldiers", "Soldier", "kg")
ENTITIES = (Entity("khabarovsk", "Khabarovsk", aliases=("Хабаровск", "Habarovsk")),)


def assert_same(batched: ComparedGroup, single: ComparedGroup) -> None:
    assert batched == single  # key, type and claims
    for name in ARRAYS:
        got, want = getattr(batched, name), getattr(single, name)
        assert got.dtype == want.dtype, name
        assert got.shape == want.shape, name
        assert np.array_equal(got, want, equal_nan=got.dtype.kind == "f"), name
    assert batched.only_a == single.only_a
    assert batched.only_b == single.only_b
    assert batched.members == single.members
    assert batched.entities is single.entities
    assert dict(batched.documents) == dict(single.documents)


def values(kind: str) -> st.SearchStrategy[object]:
    if kind == "quantity":
        return quantities()
    if kind == "date":
        return date_intervals()
    if kind == "set":
        return member_sets()
    if kind == "label":
        return st.sampled_from(LABELS).map(Label)
    return st.booleans().map(Assertion)


@st.composite
def claim_sets(draw: st.DrawFn) -> ClaimSet:
    """Claims on a few subjects: mostly one type per subject (sometimes a stray type),
    units that convert, do not convert or are missing, and overlapping or disjoint as_of."""
    n_subjects = draw(st.integers(1, 8))
    kinds = [
        draw(st.sampled_from(["quantity", "date", "set", "label", "assertion"]))
        for _ in range(n_subjects)
    ]
    claims: list[Claim] = []
    for n in range(draw(st.integers(0, 40))):
        s = draw(st.integers(0, n_subjects - 1))
        kind = kinds[s] if draw(st.integers(0, 9)) else draw(st.sampled_from(["label", "date"]))
        as_of = None
        if draw(st.booleans()):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 40)))
            as_of = DateInterval(day, day + dt.timedelta(days=draw(st.integers(0, 20))))
        claims.append(
            Claim(
                source=draw(st.sampled_from(SOURCES)),
                subject=f"subject-{s}",
                property="troops" if s % 3 else "Troops",
                value=draw(values(kind)),  # type: ignore[arg-type]
                id=f"c{n}",
                unit=draw(st.sampled_from(UNITS)) if kind == "quantity" else None,
                as_of=as_of,
                scope=(("region", "east"),) if s == 7 else (),
            )
        )
    entities = ENTITIES if draw(st.booleans()) else ()
    return ClaimSet([Source(s) for s in SOURCES], entities, claims)


configs = st.builds(
    Config,
    quantity_major_ratio=st.sampled_from([1.0, 1.5, 3.0]),
    date_major_days=st.sampled_from([0, 7, 400]),
    set_fuzzy_threshold=st.sampled_from([0, 60, 90, 100]),
    set_major_distance=st.sampled_from([0, 0.5, 1]),
)


@settings(max_examples=100, deadline=None)
@given(claim_sets(), configs)
def test_batched_equals_one_group_at_a_time(claims: ClaimSet, config: Config) -> None:
    groups, _ = build_groups(claims, config)
    batched = compare_groups(groups, config)
    assert len(batched) == len(groups)
    for got, group in zip(batched, groups, strict=True):
        assert_same(got, compare_group(group, config))


def _group(kind: str, *vals: object, units: tuple[str | None, ...] = ()) -> Group:
    claims = [
        Claim(
            source=f"s{k}",
            subject="x",
            property="p",
            value=v,  # type: ignore[arg-type]
            id="c",
            unit=units[k] if units else None,
        )
        for k, v in enumerate(vals)
    ]
    return Group("x", "p", (), units[0] if units else None, kind, claims)


class _Parity:
    """A plugin claim type: numbers agree when they have the same parity."""

    name = "parity"

    def parse(self, raw: object, *, published: dt.date | None, approx: float) -> object:
        return raw

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        odd = np.array([int(c.value.best) % 2 for c in group.claims])  # type: ignore[union-attr]
        verdict = np.where(odd[i] == odd[j], 0, 3)
        return Comparison(verdict, np.full(len(i), np.nan), verdict == 3)


class _Doubting(QuantityType):
    """A built-in name bound to another implementation: compared through its own compare."""

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        return Comparison(np.full(len(i), 2), np.zeros(len(i)), np.ones(len(i), dtype=bool))


def test_plugin_types_and_rebound_names_are_compared_on_their_own() -> None:
    config = Config()
    q = [Quantity.exact(x) for x in (1, 2, 3)]
    groups = [
        _group("quantity", *q),
        _group("parity", *q),
        _group("date", *(DateInterval.day(dt.date(2024, 1, d)) for d in (1, 1, 9))),
        _group("parity", Quantity.exact(5)),
    ]
    types = {**claim_types(), "parity": _Parity()}
    batched = compare_groups(groups, config, types=types)
    for got, group in zip(batched, groups, strict=True):
        assert_same(got, compare_group(group, config, claim_type=types[group.type]))
    assert batched[1].verdict.tolist() == [3, 0, 3]
    rebound = compare_groups(groups[:1], config, types={"quantity": _Doubting()})
    assert rebound[0].verdict.tolist() == [2, 2, 2]


def test_units_convert_to_each_groups_unit() -> None:
    config = Config()
    groups = [
        _group("quantity", Quantity.exact(1), Quantity.exact(1.609344), units=("mi", "km")),
        _group("quantity", Quantity.exact(1609.344), Quantity.exact(1), units=("m", "mi")),
        _group("quantity", Quantity.exact(5), Quantity.exact(5), units=("soldiers", None)),
    ]
    batched = compare_groups(groups, config)
    for got, group in zip(batched, groups, strict=True):
        assert_same(got, compare_group(group, config))
        assert got.verdict.tolist() == [0]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("quantity", Label("many"), "quantity group x/p holds non-quantity values"),
        ("date", Quantity.exact(1), "date group x/p holds non-date values"),
        ("assertion", Label("yes"), "assertion group x/p holds non-assertion values"),
        ("set", Label("yes"), "set group x/p holds non-set values"),
    ],
)
def test_wrong_values_raise_what_the_type_raises(kind: str, value: object, message: str) -> None:
    good = {
        "quantity": Quantity.exact(1),
        "date": DateInterval.day(dt.date(2024, 1, 1)),
        "assertion": Assertion(True),
        "set": MemberSet(["a"]),
    }[kind]
    group = _group(kind, good, value)
    with pytest.raises(TypeError, match=message) as single:
        compare_group(group, Config())
    with pytest.raises(TypeError) as batched:
        compare_groups([group], Config())
    assert str(batched.value) == str(single.value)


def test_no_groups_and_lone_claims() -> None:
    assert compare_groups([], Config()) == []
    lone = [_group("quantity", Label("not checked")), _group("set", MemberSet(["a", "b"]))]
    for got, group in zip(compare_groups(lone, Config()), lone, strict=True):
        assert_same(got, compare_group(group, Config()))


def _report_order(f: Finding) -> tuple[object, ...]:
    return finding_order(f.level, f.magnitude, f.subject, f.property, f.scope, f.rule)


#: rules that run once over the whole check, not per group (discrepancy.lint)
WHOLE_CHECK = {"G001", "N001", "N002", "V001"}


@settings(max_examples=30, deadline=None)
@given(claim_sets())
def test_check_findings_match_the_per_group_path(claims: ClaimSet) -> None:
    """check() (batched) gives the findings the per-group comparison leads to."""
    from discrepancy.engine import run_rules
    from discrepancy.rules.registry import rules

    config = Config()
    groups, _ = build_groups(claims, config)
    active = [r for r in rules() if config.selects(r.code)]
    expected = [f for g in groups for f in run_rules(compare_group(g, config), config, active)]
    report = check(claims, config, documents={})
    by_group = [f for f in report.findings if f.rule not in WHOLE_CHECK]
    assert by_group == sorted(expected, key=_report_order)
