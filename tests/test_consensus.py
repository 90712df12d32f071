"""Consensus: echoes collapse, every method's contract, the registry and entry points."""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import (
    CATEGORICAL,
    QUANTITY,
    MethodPluginError,
    build_fact_table,
    consensus_from_columns,
    get_method,
    methods,
)
from discrepancy.consensus.glue import member_shares
from discrepancy.consensus.kernels import (
    interval_support,
    segment_argmax,
    weighted_median,
)
from discrepancy.model import Claim
from discrepancy.values import Assertion, DateInterval, Label, MemberSet, Quantity
from reference.consensus import build_from_groups, run_consensus
from test_consensus_groups import FakeGroup, echo_group, q, quantity_group

ALL = ("auto", "majority", "truthfinder", "crh")


@pytest.mark.parametrize("method", ALL)
def test_two_independent_voices_beat_one_echoed_voice(method: str) -> None:
    run = run_consensus([echo_group()], method=method)
    (c,) = run.groups
    assert c.best == 8_000
    assert c.low <= c.best <= c.high  # type: ignore[operator]
    assert set(c.support) == {"counter", "police"}
    assert set(c.dissent) == {"outlet-a", "outlet-b", "outlet-c"}
    assert run.method == method
    assert run.iterations >= 1
    assert [s for s, _ in run.reliability] == sorted(s for s, _ in run.reliability)


def test_echo_collapse_in_fact_table() -> None:
    run_group = echo_group()
    facts, sources = build_from_groups([run_group])
    assert facts.n == 5 and facts.n_values == 2 and facts.n_voices == 3
    assert sources == ("counter", "outlet-a", "outlet-b", "outlet-c", "police")


def test_said_by_equal_to_a_source_id_is_that_source() -> None:
    g = quantity_group("x", "y", [q("wire", 10), q("paper", 10, said_by="wire"), q("b", 12)])
    facts, _ = build_from_groups([g])
    assert facts.n_voices == 2


def test_interval_claims_support_a_value_inside() -> None:
    about = Claim("a", "troops", "n", Quantity(11_400, 12_000, 12_600))
    claims = [
        about,
        q("b", 11_800, subject="troops", prop="n"),
        q("c", 3_000, subject="troops", prop="n"),
    ]
    run = run_consensus([quantity_group("troops", "n", claims)], method="crh")
    (c,) = run.groups
    assert c.best in (11_800, 12_000)
    assert {"a", "b"} <= set(c.support)
    assert c.low == 11_400 and c.high == 12_600


def _cat_group(kind: str, values: list[object], sources: list[str]) -> FakeGroup:
    claims = tuple(Claim(s, "unit", "kind", v) for s, v in zip(sources, values, strict=True))  # type: ignore[arg-type]
    n = len(claims)
    i, j = np.triu_indices(n, k=1)
    verdict = np.array([0 if values[a] == values[b] else 3 for a, b in zip(i, j, strict=True)])
    return FakeGroup("unit", "kind", kind, claims, i, j, verdict.astype(np.int8))


def test_labels_and_assertions_vote() -> None:
    labels = _cat_group(
        "label",
        [Label("Special Forces"), Label("special  forces"), Label("marines")],
        ["a", "b", "c"],
    )
    yes = _cat_group(
        "assertion", [Assertion(True), Assertion(True), Assertion(False)], ["a", "b", "c"]
    )
    run = run_consensus([labels, yes])
    lab, ass = run.groups
    assert lab.value.casefold() == "special forces" and lab.support == ("a", "b")
    assert ass.best is True and ass.value == "true" and ass.dissent == ("c",)


def _set_group(sets: list[MemberSet], sources: list[str]) -> FakeGroup:
    g = _cat_group("set", sets, sources)  # type: ignore[arg-type]
    return FakeGroup(
        g.subject,
        g.property,
        "set",
        g.claims,
        g.i,
        g.j,
        g.verdict,
        members=tuple(tuple(m.members) for m in sets),
    )


def test_open_lists_count_against_a_name_only_as_far_as_they_could_have_named_it() -> None:
    """Issue 14 item 4: three stores list a book's first author only, two list both authors.
    A first-author-only list names half of the agreed authors, so it counts half against the
    co-author: 2 / (2 + 3 x 1/2) = 4/7 keeps the co-author a plain per-member vote (2 of 5)
    would drop. Every list names nothing outside the consensus, so every store supports it."""
    sets = [MemberSet(["Ann Ames"])] * 3 + [MemberSet(["Ann Ames", "Bo Berg"])] * 2
    (c,) = run_consensus([_set_group(sets, ["a", "b", "c", "d", "e"])]).groups
    assert dict(c.members) == pytest.approx({"Ann Ames": 1.0, "Bo Berg": 4 / 7})
    assert c.value == "Ann Ames, Bo Berg"
    assert set(c.support) == {"a", "b", "c", "d", "e"} and c.dissent == ()


def test_a_name_only_one_list_adds_is_left_out_by_lists_that_name_the_rest() -> None:
    """Three open lists name both agreed authors and not the third name a fourth adds: each
    could have named it (it names every agreed author), so it falls to 1 / (1 + 3)."""
    sets = [MemberSet(["Ann Ames", "Bo Berg"])] * 3 + [MemberSet(["Ann Ames", "Bo Berg", "Cy"])]
    (c,) = run_consensus([_set_group(sets, ["a", "b", "c", "d"])]).groups
    assert dict(c.members)["Cy"] == pytest.approx(0.25)
    assert c.value == "Ann Ames, Bo Berg"
    assert set(c.support) == {"a", "b", "c"} and c.dissent == ("d",)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.frozensets(st.sampled_from("ABCDE"), min_size=1), st.booleans(), st.just(1.0)),
        min_size=1,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_member_shares_are_free_of_the_order_of_the_lists(lists, rnd) -> None:
    """The same lists in any order give the same shares; a member every list names holds 1."""
    shuffled = list(lists)
    rnd.shuffle(shuffled)
    assert member_shares(lists) == pytest.approx(member_shares(shuffled))
    common = frozenset.intersection(*(ms for ms, _, _ in lists))
    assert all(member_shares(lists)[m] == 1.0 for m in common)


def test_complete_lists_vote_against_what_they_leave_out() -> None:
    """Two complete lists without Blagoveshchensk against one open list naming it: the
    complete lists could have named it and didn't, so it falls below a half."""
    sets = [
        MemberSet(["Ussuriysk", "Khabarovsk"], complete=True),
        MemberSet(["Ussuriysk", "Khabarovsk"], complete=True),
        MemberSet(["Ussuriysk", "Khabarovsk", "Blagoveshchensk"]),
    ]
    (c,) = run_consensus([_set_group(sets, ["a", "b", "c"])]).groups
    shares = dict(c.members)
    assert shares["Ussuriysk"] == pytest.approx(1.0) and shares["Khabarovsk"] == pytest.approx(1.0)
    assert shares["Blagoveshchensk"] < 0.5
    assert c.value == "Khabarovsk, Ussuriysk"
    assert set(c.support) == {"a", "b"} and c.dissent == ("c",)


def test_dates_intersect_supporting_intervals() -> None:
    june = DateInterval(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "month")
    day = DateInterval.day(dt.date(2024, 6, 19))
    other = DateInterval.day(dt.date(2024, 7, 2))
    g = _cat_group("date", [june, day, day, other], ["a", "b", "c", "d"])  # type: ignore[arg-type]
    (c,) = run_consensus([g]).groups
    assert c.low == c.best == c.high == "2024-06-19"
    assert set(c.support) == {"a", "b", "c"} and c.dissent == ("d",)


def test_unknown_method_lists_known_ones() -> None:
    with pytest.raises(ValueError, match="known methods: auto, crh, majority, truthfinder") as e:
        get_method("truthfinda")
    assert "did you mean 'truthfinder'" in str(e.value)


def test_config_picks_method() -> None:
    from discrepancy.config import Config

    run = run_consensus([echo_group()], config=Config(consensus_method="majority"))
    assert run.method == "majority"


def test_empty_input() -> None:
    run = run_consensus([])
    assert run.groups == () and run.reliability == ()


# --- entry points -----------------------------------------------------------------------


def _install(tmp_path: Path, body: str, ep: str) -> None:
    dist = tmp_path / "fake_consensus-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-consensus\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text(f"[discrepancy.consensus]\n{ep}\n")
    (tmp_path / "fake_consensus_mod.py").write_text(body)


@pytest.fixture
def plugin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("fake_consensus_mod", None)


def test_entry_point_method_is_registered_and_runs(plugin_dir: Path) -> None:
    _install(
        plugin_dir,
        "from discrepancy.consensus.methods import majority\n"
        "def smallest(facts, *, tol, max_iter):\n"
        "    return majority(facts, tol=tol, max_iter=max_iter)\n",
        "smallest = fake_consensus_mod:smallest",
    )
    assert "smallest" in methods()
    run = run_consensus([echo_group()], method="smallest")
    assert run.method == "smallest" and run.groups[0].best == 8_000


def test_entry_point_with_wrong_signature_fails_at_load(plugin_dir: Path) -> None:
    _install(
        plugin_dir, "def broken(facts):\n    return None\n", "broken = fake_consensus_mod:broken"
    )
    with pytest.raises(MethodPluginError, match="'broken' must have the signature"):
        get_method("broken")


# --- kernels and array core ---------------------------------------------------------------


def test_weighted_median_and_argmax() -> None:
    x = np.array([1.0, 5.0, 3.0, 10.0, 20.0])
    seg = np.array([0, 0, 0, 1, 1])
    med, at = weighted_median(x, np.array([1.0, 1.0, 1.0, 3.0, 1.0]), seg, 3)
    assert med[0] == 3.0 and med[1] == 10.0 and math.isnan(med[2]) and at[2] == -1
    win = segment_argmax(
        np.array([2.0, 2.0, 1.0]), np.array([0, 0, 0]), 1, tiebreak=np.array([9.0, 4.0, 1.0])
    )
    assert win[0] == 1


@given(
    st.lists(st.tuples(st.integers(0, 5), st.sampled_from([1.0, 2.0, 3.0, 1e9])), min_size=1),
    st.randoms(use_true_random=False),
)
def test_value_codes_of_quantities_equal_the_general_identity_codes(
    items: list[tuple[int, float]], rnd: object
) -> None:
    # the table path's shortcuts (facts holding one value get code 0 without a sort; the
    # rest rank their best numbers) against glue.identity_codes, the claim-set path's one
    # definition, in fact order and shuffled
    from discrepancy.consensus.glue import first_equal, identity_codes
    from discrepancy.table.consensus import value_identity_codes

    items = sorted(items, key=lambda t: t[0])
    fact = np.array([f for f, _ in items], dtype=np.int64)
    best = np.array([b for _, b in items])
    kind = np.full(6, QUANTITY, dtype=np.int8)
    key = np.zeros(fact.shape[0])
    order = np.arange(fact.shape[0])
    rnd.shuffle(order)  # type: ignore[attr-defined]
    for f, b in ((fact, best), (fact[order], best[order])):
        at = np.arange(f.shape[0])
        base = first_equal(at, (b, f))
        none = np.zeros(0, dtype=np.int64)
        numeric = np.ones(f.shape[0], dtype=bool)
        expect = identity_codes(f, 6, numeric, b, b, b, base, none, none)
        assert np.array_equal(value_identity_codes(f, kind, b, b, b, key), expect)


@given(
    st.integers(1, 6),
    st.lists(st.sampled_from([1.0, 2.0, 3.0, -0.0, 0.0, 1e9]), min_size=1, max_size=36),
)
def test_value_codes_of_facts_of_one_size_equal_the_general_identity_codes(
    width: int, values: list[float]
) -> None:
    # facts of as many claims each (the grid is the values reshaped, no padding), some of
    # them holding one value (code 0 without a sort): the claim-set path's definition
    from discrepancy.consensus.glue import first_equal, identity_codes
    from discrepancy.table.consensus import value_identity_codes

    values = values[: len(values) // width * width] or values[:1] * width
    best = np.array(values)
    fact = np.repeat(np.arange(best.shape[0] // width), width)
    n_facts = int(fact.shape[0] // width)
    kind = np.full(n_facts, QUANTITY, dtype=np.int8)
    at = np.arange(fact.shape[0])
    none = np.zeros(0, dtype=np.int64)
    numeric = np.ones(fact.shape[0], dtype=bool)
    base = first_equal(at, (best, fact))
    expect = identity_codes(fact, n_facts, numeric, best, best, best, base, none, none)
    got = value_identity_codes(fact, kind, best, best, best, np.zeros(fact.shape[0]))
    assert np.array_equal(got, expect)


def test_interval_support_matches_double_loop() -> None:
    rng = np.random.default_rng(3)
    n = 200
    fact = rng.integers(0, 20, n)
    best = rng.choice([100.0, 100.5, 101.0, 120.0, 200.0], n)
    width = rng.choice([0.0, 5.0], n)
    facts = build_fact_table(
        fact,
        rng.integers(0, 7, n),
        n_facts=20,
        n_sources=7,
        kind=np.full(20, QUANTITY),
        low=best - width,
        best=best,
        high=best + width,
    )
    w = rng.random(facts.n_values)
    fast = interval_support(facts, w)
    lo = np.minimum(facts.value_low, facts.value_best - 0.01 * np.abs(facts.value_best))
    hi = np.maximum(facts.value_high, facts.value_best + 0.01 * np.abs(facts.value_best))
    for b in range(facts.n_values):
        same = facts.value_fact == facts.value_fact[b]
        inside = same & (lo <= facts.value_best[b]) & (facts.value_best[b] <= hi)
        assert fast[b] == pytest.approx(w[inside].sum())


def test_columns_path_matches_group_path() -> None:
    keys, est, run = consensus_from_columns(
        ["outlet-a", "outlet-b", "outlet-c", "police", "counter"],
        ["march"] * 5,
        ["turnout"] * 5,
        [50_000, 50_000, 50_000, 8_000, 8_000],
        said_by=["organisers", "organisers", "organisers", None, ""],
    )
    assert keys == [("march", "turnout")]
    assert est.tolist() == [[8_000, 8_000, 8_000]]
    assert run.groups[0].support == ("counter", "police")


def test_categorical_fact_table_keys() -> None:
    facts = build_fact_table(
        np.array([0, 0, 0]),
        np.array([0, 1, 2]),
        n_facts=1,
        n_sources=3,
        kind=np.array([CATEGORICAL]),
        key=np.array([7, 7, 2]),
    )
    assert facts.n_values == 2 and facts.value_id.tolist() == [1, 1, 0]


# --- properties --------------------------------------------------------------------------

_num = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@st.composite
def _quantity(draw: st.DrawFn) -> Quantity:
    a, b, c = sorted(draw(st.lists(_num, min_size=3, max_size=3)))
    low = -math.inf if draw(st.integers(0, 5)) == 0 else a
    high = math.inf if draw(st.integers(0, 5)) == 0 else c
    return Quantity.exact(b) if draw(st.booleans()) else Quantity(low, b, high)


@st.composite
def quantity_groups(draw: st.DrawFn) -> list[FakeGroup]:
    groups = []
    for g in range(draw(st.integers(1, 4))):
        claims = [
            Claim(
                draw(st.sampled_from("abcde")),
                f"s{g}",
                "p",
                draw(_quantity()),
                said_by=draw(st.sampled_from([None, None, "agency"])),
            )
            for _ in range(draw(st.integers(1, 6)))
        ]
        groups.append(quantity_group(f"s{g}", "p", claims))
    return groups


@pytest.mark.parametrize("method", ALL)
@settings(max_examples=40, deadline=None)
@given(groups=quantity_groups())
def test_every_numeric_consensus_is_ordered_and_finite(
    method: str, groups: list[FakeGroup]
) -> None:
    """best is a finite number; low and high are too, or ``None`` on a side that only open
    claims of the group leave open ("more than 5,000" alone); low <= best <= high."""
    run = run_consensus(groups, method=method)
    assert len(run.groups) == len(groups)
    by_subject = {g.subject: g for g in groups}
    for c in run.groups:
        claims = by_subject[c.subject].claims
        assert isinstance(c.best, (int, float)) and math.isfinite(c.best)
        for side, end, open_end in (("low", "low", -math.inf), ("high", "high", math.inf)):
            bound = getattr(c, side)
            if bound is None:
                assert any(getattr(x.value, end) == open_end for x in claims)
            else:
                assert isinstance(bound, (int, float)) and math.isfinite(bound)
        low = -math.inf if c.low is None else c.low
        high = math.inf if c.high is None else c.high
        assert low <= c.best <= high
        assert set(c.support) | set(c.dissent) >= {s for s in "abcde" if s in c.support}
        assert not set(c.support) & set(c.dissent)
    assert all(0.0 <= r <= 1.0 for _, r in run.reliability)


def test_repeated_keys_are_found_with_and_without_a_table() -> None:
    from discrepancy.consensus.methods.auto import _repeats

    assert not _repeats(np.array([3, 0, 7]))
    assert _repeats(np.array([3, 0, 3]))
    huge = np.array([0, 1 << 40, 5])  # too sparse for a table: sorted
    assert not _repeats(huge)
    assert _repeats(np.append(huge, 1 << 40))


def test_weighted_median_takes_equal_values_in_index_order() -> None:
    # ties in value keep index order (a stable sort): the claim where the cumulative weight
    # reaches half is the first 3 of segment 0 (weight 2 of 4) and the second 5 of segment 1
    x = np.array([5.0, 3.0, 5.0, 3.0, 7.0, 7.0, 3.0])
    seg = np.array([1, 0, 1, 0, 1, 1, 0])
    med, at = weighted_median(x, np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0]), seg, 2)
    assert med.tolist() == [3.0, 5.0] and at.tolist() == [1, 2]


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from([0.0, -0.0, 1.0, -2.0, np.inf, -np.inf])),
        max_size=30,
    )
)
def test_per_fact_extremes_by_runs_equal_ufunc_at(items: list[tuple[int, float]]) -> None:
    # claims in fact order take one reduceat over the runs; the bits are ufunc.at's
    from discrepancy.consensus.method import _per_fact

    items = sorted(items, key=lambda t: t[0])
    fact = np.array([f for f, _ in items], dtype=np.int64)
    x = np.array([v for _, v in items], dtype=np.float64)
    for ufunc, empty in ((np.minimum, np.inf), (np.maximum, -np.inf)):
        want = np.full(7, empty)
        ufunc.at(want, fact, x)
        got = _per_fact(ufunc, fact, x, 7, empty)
        assert got.tobytes() == want.tobytes()
