"""Groups of exact numbers decided by their clusters of equal values (no list of pairs) give
what comparing every pair gives: the same conflicted groups, magnitudes, conflicting pair
counts and agreement counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from discrepancy import Config  # noqa: E402
from discrepancy.compare.result import CONFLICT  # noqa: E402
from discrepancy.compare.text import EntityIndex  # noqa: E402
from discrepancy.table.agreement import group_pair_counts, pair_counts  # noqa: E402
from discrepancy.table.columns import read_columns  # noqa: E402
from discrepancy.table.pairs import point_clusters  # noqa: E402
from discrepancy.table.plan import plan_groups, quantity_pairs  # noqa: E402
from discrepancy.table.retype import prepare_columns  # noqa: E402
from discrepancy.types.registry import NUMERIC_CODE  # noqa: E402

# values that sit on the edges of "the same value": zero and minus zero, opposite signs,
# neighbours within and just beyond the 1e-9 relative tolerance, huge and tiny numbers
_EDGES = [0.0, -0.0, 1.0, -1.0, 1.0 + 1e-12, 1.0 + 1e-8, 2.0, -2.0, 1e300, 1e-300, 12_000.0]
values = st.one_of(st.sampled_from(_EDGES), st.integers(-5, 5).map(float))


def _plan(groups: list[list[float]], sources: list[list[int]]):  # type: ignore[no-untyped-def]
    rows = [
        (f"s{s}", f"fact-{g}", v)
        for g, (vals, srcs) in enumerate(zip(groups, sources, strict=True))
        for v, s in zip(vals, srcs, strict=True)
    ]
    frame = pl.DataFrame(
        {
            "source": [r[0] for r in rows],
            "subject": [r[1] for r in rows],
            "property": ["count"] * len(rows),
            "best": pl.Series([r[2] for r in rows], dtype=pl.Float64),
        }
    )
    index = EntityIndex.build(())
    cols = prepare_columns(read_columns(frame, path="t", approx=0.05), index, approx=0.05)
    return plan_groups(cols, index, Config(), None)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[float]], list[list[int]]]:
    n = draw(st.integers(1, 8))
    groups = [draw(st.lists(values, min_size=1, max_size=7)) for _ in range(n)]
    # distinct sources within a group: no echo can occur, so clusters may decide
    sources = [draw(st.permutations(range(7)))[: len(g)] for g in groups]
    return groups, sources


@st.composite
def even_tables(draw: st.DrawFn) -> tuple[list[list[float]], list[list[int]]]:
    """Groups of one size (their values sorted as the rows of one grid)."""
    n, size = draw(st.integers(1, 8)), draw(st.integers(1, 7))
    groups = [draw(st.lists(values, min_size=size, max_size=size)) for _ in range(n)]
    sources = [draw(st.permutations(range(7)))[:size] for _ in groups]
    return groups, sources


@settings(max_examples=150, deadline=None)
@given(st.one_of(tables(), even_tables()))
def test_clusters_decide_as_every_pair_does(
    table: tuple[list[list[float]], list[list[int]]],
) -> None:
    plan = _plan(*table)
    groups = np.flatnonzero(plan.grouping.type_code == NUMERIC_CODE)
    listed = quantity_pairs(plan, groups)  # every pair compared
    fast = quantity_pairs(plan, groups, whole_agree=True)
    assert fast.conflicted.tolist() == listed.conflicted.tolist()
    assert fast.worst.tolist() == listed.worst.tolist()
    conflicts = np.bincount(
        plan.grouping.group[listed.a[listed.verdict == CONFLICT]], minlength=plan.grouping.n_groups
    )
    assert fast.conflict_pairs.tolist() == conflicts[listed.conflicted].tolist()
    assert fast.conflict_pairs.tolist() == listed.conflict_pairs.tolist()
    source = plan.cols.source.astype(np.int64)
    m = int(source.max()) + 1
    n, agreed = pair_counts(m, source[listed.a], source[listed.b], listed.verdict <= 1)
    n2, agreed2 = pair_counts(m, source[fast.a], source[fast.b], fast.verdict <= 1)
    if fast.agreeing_rows.size:
        rows = source[fast.agreeing_rows]
        runs = fast.agreeing_sizes if fast.agreeing_runs is None else fast.agreeing_runs
        n2 = n2 + group_pair_counts(m, rows, fast.agreeing_sizes)
        agreed2 = agreed2 + group_pair_counts(m, rows, runs)
    assert np.array_equal(n, n2)
    assert np.array_equal(agreed, agreed2)


def test_values_closer_than_the_tolerance_go_through_pairs() -> None:
    best = np.array([1.0, 1.0 + 1e-12, 3.0, 5.0, 5.0, 7.0, np.inf, 1.0])
    got = point_clusters(best, np.array([3, 3, 2]))
    assert got.decided.tolist() == [False, True, False]
    assert got.n_clusters[1] == 2 and got.between[1] == 2 and got.worst[1] == 7 / 5
    # the decided group's values, by value, in runs of equal values
    assert best[got.order].tolist() == [5.0, 5.0, 7.0] and got.runs.tolist() == [2, 1]


def test_groups_of_one_size_sort_as_one_sort_by_group_and_value() -> None:
    # one sort per grid row (groups of one size, no NaN) and the polars sort (a NaN among
    # the values) both give the stable order by group, then value
    rng = np.random.default_rng(7)
    best = rng.choice([0.0, -0.0, 1.0, 2.0, 5.0], 60)
    best[3] = np.inf  # a group with an infinite value is not decided
    seg = np.repeat(np.arange(12), 5)
    with_nan = best.copy()
    with_nan[-1] = np.nan
    for values in (best, with_nan):
        got = point_clusters(values, np.full(12, 5))
        expect = np.lexsort((values, seg))  # stable: equal values keep row order
        decided = np.repeat(got.decided, 5)[expect]
        assert 8 <= int(got.decided.sum()) <= 11
        assert got.order.tolist() == expect[decided].tolist()
