"""Numbers as numbers (issue 14, item 3): open bounds constrain without voting for a point,
intervals support the values inside them, numbers without a majority take a robust estimate,
and low/high are the spread of the supporting values."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import QUANTITY, build_fact_table, get_method
from discrepancy.consensus.kernels import interval_support, tolerance_bounds
from discrepancy.consensus.method import BASIS

INF = np.inf


def _one_fact(low: list[float], best: list[float], high: list[float]):
    n = len(best)
    facts = build_fact_table(
        np.zeros(n, dtype=np.int64),
        np.arange(n),
        n_facts=1,
        n_sources=n,
        kind=np.array([QUANTITY]),
        low=np.array(low, dtype=np.float64),
        best=np.array(best, dtype=np.float64),
        high=np.array(high, dtype=np.float64),
    )
    r = get_method("auto")(facts, tol=1e-9, max_iter=100)
    return float(r.low[0]), float(r.best[0]), float(r.high[0]), BASIS[int(r.basis[0])]


def test_an_open_bound_does_not_vote_for_the_highest_value() -> None:
    """ "more than 5,000" is consistent with 6,000 and 11,300 alike: it doesn't pick the top,
    and its own 5,000 is no candidate; low/high don't take its bound."""
    low, best, high, _ = _one_fact([5000, 6000, 11300], [5000, 6000, 11300], [INF, 6000, 11300])
    assert best == 6000 and low == 6000 and high == 6000


def test_an_open_bound_constrains() -> None:
    """Reports of 3,958 and 4,100 against 6,000 and "more than 5,000": no value holds a
    majority, so the estimate is the point nearest to all four claims (a bound counts only
    when the point is below it), somewhere between the reports and never above 6,000."""
    _, best, _, basis = _one_fact(
        [5000, 6000, 3958, 4100], [5000, 6000, 3958, 4100], [INF, 6000, 3958, 4100]
    )
    assert 3958 <= best <= 6000
    assert basis == "median"


def test_an_open_bound_backs_no_point() -> None:
    """Two reports of 3,958 against 6,000 and "more than 5,000": the bound weighs in the
    choice but backs no point. Were it to earn the 6,000's source trust, that source would
    outweigh the two reports of 3,958 together and 6,000 would win."""
    _, best, _, basis = _one_fact(
        [5000, 6000, 3958, 3958], [5000, 6000, 3958, 3958], [INF, 6000, 3958, 3958]
    )
    assert best == 3958
    assert basis == "plurality"


@pytest.mark.parametrize("n_scattered", [6, 9])
def test_an_exact_match_of_independent_reports_is_not_overruled_by_a_median(
    n_scattered: int,
) -> None:
    """Two sources give 44,535 exactly; six or nine others each give a figure of their own,
    all on one side of it. No value holds a majority, but among reports an exact match of
    two independent figures is evidence: the median of the scattered errors would lie among
    them, away from the only figure anyone confirmed (it did: 59,026)."""
    scattered = [59026.0 + 1500.0 * k for k in range(n_scattered)]
    values = [44535.0, 44535.0, *scattered]
    low, best, high, basis = _one_fact(values, values, values)
    assert best == 44535 and basis == "plurality"
    assert low == high == 44535


def test_an_open_bound_alone_is_the_answer() -> None:
    """ "more than 5,000" alone: its bound is the best there is, but the spread stays open
    above (nobody said 5,000); two bounds that both hold narrow it from both sides."""
    low, best, high, basis = _one_fact([5000], [5000], [INF])
    assert best == 5000 and basis == "single-origin"
    assert low == 5000 and high == INF
    low, best, high, _ = _one_fact([-INF], [8000], [8000])  # "fewer than 8,000"
    assert best == 8000 and low == -INF and high == 8000
    low, best, high, _ = _one_fact([5000, 5000, -INF], [5000, 5000, 8000], [INF, INF, 8000])
    assert best == 5000 and (low, high) == (5000, 8000)


def test_an_open_bound_alone_reads_as_open_in_reports(tmp_path, monkeypatch) -> None:
    """Through the CLI: JSON gives the open side as null, text shows ``5,000..``."""
    import json

    from discrepancy.cli import main

    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n"
        '  - {subject: flood, property: deaths, value: "more than 5,000"}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # claim files are read inside the working directory
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", ".", "--format", "json"], stdout=out, stderr=err) == 0, err.getvalue()
    (entry,) = json.loads(out.getvalue())["consensus"]
    assert (entry["low"], entry["best"], entry["high"]) == (5000, 5000, None)
    out = io.StringIO()
    main(["check", "."], stdout=out, stderr=err)
    assert "5,000.." in out.getvalue() and "5,000..-" not in out.getvalue()


def test_an_interval_supports_the_point_inside_it() -> None:
    """ "between 11,000 and 13,000" backs 12,500 over 9,000: low/high span the supporters."""
    low, best, high, _ = _one_fact([11000, 12500, 9000], [12000, 12500, 9000], [13000, 12500, 9000])
    assert best == 12500 and low == 11000 and high == 13000


def test_a_vandal_value_cannot_move_a_number_without_a_majority() -> None:
    values = [100.0, 104.0, 98.0, 1e15]
    low, best, high, basis = _one_fact(values, values, values)
    assert basis == "median" and 98 <= best <= 104
    assert high < 1e15 or best < 1e15
    assert low <= best <= high


@pytest.mark.parametrize("seed", [0, 1])
def test_estimates_without_a_majority_are_robust_centres(seed: int) -> None:
    """Scattered estimates (no two equal): the consensus is inside the middle half of the
    claims, whatever one wild claim says."""
    rng = np.random.default_rng(seed)
    values = [*rng.normal(50, 10, 9).round(1).tolist(), 1e9]
    _, best, _, basis = _one_fact(values, values, values)
    assert basis == "median"
    q1, q3 = np.quantile(values, [0.25, 0.75])
    assert q1 <= best <= q3


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from([-100.0, -5.0, 0.0, 1.0, 5.0, 100.0, 100.5, 101.0, 1000.0, 1009.0]),
            st.sampled_from([0.0, 0.0, 0.0, 2.0, 50.0]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_interval_support_equals_the_brute_force_count(
    claims: list[tuple[int, float, float]],
) -> None:
    """Plain numbers take the prefix-sum path, intervals the sweep; both count, for each
    value, the weight of the values whose range holds its best."""
    fact = np.array([c[0] for c in claims])
    best = np.array([c[1] for c in claims])
    half = np.array([c[2] for c in claims])
    facts = build_fact_table(
        fact,
        np.zeros(len(claims), dtype=np.int64),
        n_facts=5,
        n_sources=1,
        kind=np.full(5, QUANTITY),
        low=best - half,
        best=best,
        high=best + half,
    )
    w = np.random.default_rng(len(claims)).random(facts.n_values)
    got = interval_support(facts, w)
    lo, hi = tolerance_bounds(facts)
    want = w.copy()
    for b in range(facts.n_values):
        same = np.flatnonzero(facts.value_fact == facts.value_fact[b])
        if same.shape[0] > 1:
            inside = (lo[same] <= facts.value_best[b]) & (facts.value_best[b] <= hi[same])
            want[b] = w[same][inside].sum()
    np.testing.assert_allclose(got, want)
