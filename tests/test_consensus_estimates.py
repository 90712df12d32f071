"""Numbers that are estimates (issue 14, item 3): when exact agreement within a fact is no
likelier than between facts, ``auto`` takes a trimmed mean of the independent voices,
robust to vandal values, instead of voting on exact values; reports keep the vote."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import QUANTITY, build_fact_table, get_method
from discrepancy.consensus.kernels import trimmed_mean
from discrepancy.consensus.method import BASIS

estimates_mod = importlib.import_module("discrepancy.consensus.methods.estimates")


def _table(src: np.ndarray, fact: np.ndarray, value: np.ndarray):
    n_facts = int(fact.max()) + 1
    return build_fact_table(
        fact,
        src,
        n_facts=n_facts,
        n_sources=int(src.max()) + 1,
        kind=np.full(n_facts, QUANTITY, dtype=np.int8),
        best=value.astype(np.float64),
    )


def _ratings(seed: int, n_facts: int = 300, vandals: float = 0.0):
    """Crowd ratings 0..100 rounded to 5, ten of 30 workers per item, each with its own
    noise: equal values are coincidences of rounding."""
    rng = np.random.default_rng(seed)
    truth = np.clip(rng.exponential(25.0, n_facts), 0.0, 100.0)
    sd = rng.uniform(5.0, 30.0, 30)
    src = np.argsort(rng.random((n_facts, 30)), axis=1)[:, :10]
    x = np.clip(np.round((truth[:, None] + rng.normal(0, 1, src.shape) * sd[src]) / 5) * 5, 0, 100)
    x = x.ravel()
    if vandals:
        x = np.where(rng.random(x.shape[0]) < vandals, 1e15, x)
    return src.ravel(), np.repeat(np.arange(n_facts), 10), x, truth


def _reports(seed: int, n_facts: int = 300):
    """Reported counts: most sources copy the exact figure, the others are off by a few %."""
    rng = np.random.default_rng(seed)
    truth = np.round(10 ** rng.uniform(2, 6, n_facts))
    src = np.argsort(rng.random((n_facts, 20)), axis=1)[:, :5]
    right = rng.random(src.shape) < 0.7
    x = np.where(right, truth[:, None], np.round(truth[:, None] * rng.uniform(0.9, 1.1, src.shape)))
    return src.ravel(), np.repeat(np.arange(n_facts), 5), x.ravel(), truth


def _open(facts) -> np.ndarray:
    return np.zeros(facts.n_values, dtype=bool)


def test_ratings_are_estimates_and_counts_are_reports() -> None:
    ratings = _table(*_ratings(0)[:3])
    reports = _table(*_reports(0)[:3])
    assert estimates_mod.are_estimates(ratings, _open(ratings))
    assert not estimates_mod.are_estimates(reports, _open(reports))


def test_a_small_table_stays_with_reports() -> None:
    """Three facts can't show that agreement means nothing: the vote stays."""
    src, fact, x, _ = _ratings(1, n_facts=3)
    facts = _table(src, fact, x)
    assert not estimates_mod.are_estimates(facts, _open(facts))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_estimates_beat_the_vote_and_the_plain_mean(seed: int) -> None:
    src, fact, x, truth = _ratings(seed)
    r = get_method("auto")(_table(src, fact, x), tol=1e-9, max_iter=200)
    contested = np.array([len(set(x[fact == f])) > 1 for f in range(truth.shape[0])])
    assert {BASIS[b] for b in r.basis[contested]} == {"mean"}
    mean = np.bincount(fact, weights=x) / np.bincount(fact)
    vote = get_method("majority")(_table(src, fact, x), tol=1e-9, max_iter=200).best
    err = np.mean(np.abs(r.best - truth))
    assert err < np.mean(np.abs(mean - truth))
    assert err < np.mean(np.abs(vote - truth))
    assert np.all(r.low <= r.best) and np.all(r.best <= r.high)
    # low/high are claimed values (the range of the averaged voices)
    for f in np.flatnonzero(contested)[:20]:
        assert r.low[f] in x[fact == f] and r.high[f] in x[fact == f]


@pytest.mark.parametrize("seed", [0, 1])
def test_vandal_values_move_estimates_a_bounded_amount(seed: int) -> None:
    """2 % of ratings replaced by 10^15 (some items get two): every estimate stays inside
    the range of the items' medians, and the error grows by a few points at most."""
    src, fact, x, truth = _ratings(seed)
    clean = get_method("auto")(_table(src, fact, x), tol=1e-9, max_iter=200).best
    src, fact, xv, truth = _ratings(seed, vandals=0.02)
    dirty = get_method("auto")(_table(src, fact, xv), tol=1e-9, max_iter=200).best
    assert np.all(dirty <= 100.0)
    assert np.mean(np.abs(dirty - truth)) < np.mean(np.abs(clean - truth)) + 3.0


def test_the_answer_does_not_depend_on_row_order_or_source_names() -> None:
    src, fact, x, _ = _ratings(3)
    a = get_method("auto")(_table(src, fact, x), tol=1e-9, max_iter=200)
    rng = np.random.default_rng(0)
    perm = rng.permutation(x.shape[0])
    rename = rng.permutation(int(src.max()) + 1)
    b = get_method("auto")(_table(rename[src[perm]], fact[perm], x[perm]), tol=1e-9, max_iter=200)
    np.testing.assert_array_equal(a.best, b.best)
    np.testing.assert_array_equal(a.low, b.low)
    np.testing.assert_array_equal(a.high, b.high)


def _reference_trimmed(x: list[float], cut: float) -> float:
    """Stigler's trimmed mean with unit weights, cutting ``cut`` from each end."""
    v = sorted(x)
    w = np.ones(len(v))
    left = cut
    for i in range(len(v)):
        take = min(w[i], left)
        w[i] -= take
        left -= take
    left = cut
    for i in reversed(range(len(v))):
        take = min(w[i], left)
        w[i] -= take
        left -= take
    if w.sum() <= 0:
        return float(np.mean(v))
    return float(np.dot(w, v) / w.sum())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-50, 50), min_size=1, max_size=12),
    st.floats(0.0, 6.0),
    st.randoms(use_true_random=False),
)
def test_trimmed_mean_matches_the_definition_in_any_order(xs, cut, rnd) -> None:
    x = np.array(xs, dtype=np.float64)
    seg = np.zeros(x.shape[0], dtype=np.int64)
    got, kept = trimmed_mean(x, np.ones_like(x), np.array([cut]), seg, 1)
    want = _reference_trimmed(xs, min(cut, len(xs) / 2))
    assert got[0] == pytest.approx(want, rel=1e-9, abs=1e-9)
    order = list(range(len(xs)))
    rnd.shuffle(order)
    again, kept2 = trimmed_mean(x[order], np.ones_like(x), np.array([cut]), seg, 1)
    assert again[0] == got[0]
    np.testing.assert_allclose(kept2, kept[order])


def _with_one_fact(extra_low: list[float], extra_best: list[float], extra_high: list[float]):
    """The ratings table plus one more item whose claims are given."""
    src, fact, x, _ = _ratings(4)
    n = len(extra_best)
    f = int(fact.max()) + 1
    low = np.concatenate([x, extra_low])
    best = np.concatenate([x, extra_best])
    high = np.concatenate([x, extra_high])
    facts = build_fact_table(
        np.concatenate([fact, np.full(n, f)]),
        np.concatenate([src, np.arange(n)]),
        n_facts=f + 1,
        n_sources=max(int(src.max()) + 1, n),
        kind=np.full(f + 1, QUANTITY, dtype=np.int8),
        low=low,
        best=best,
        high=high,
    )
    r = get_method("auto")(facts, tol=1e-9, max_iter=200)
    return float(r.low[f]), float(r.best[f]), float(r.high[f]), BASIS[int(r.basis[f])]


def test_open_bounds_vote_for_no_point_among_estimates() -> None:
    """ "more than 60" from one rater among four ratings around 30: the bound is outweighed
    and its 60 is no value averaged; from three raters against two, it clamps."""
    inf = float("inf")
    vals = [20.0, 30.0, 30.0, 40.0]
    low, best, high, basis = _with_one_fact([*vals, 60.0], [*vals, 60.0], [*vals, inf])
    assert basis == "mean" and 20.0 <= low <= best <= high <= 40.0
    _, best, _, basis = _with_one_fact(
        [20.0, 30.0, 60.0, 60.0, 60.0], [20.0, 30.0, 60.0, 60.0, 60.0], [20.0, 30.0, inf, inf, inf]
    )
    assert basis == "mean" and best == 60.0
