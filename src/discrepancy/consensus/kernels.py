"""Vectorised building blocks over segments (facts): argmax, weighted median, support.

Segments are given as an integer id per element; no function loops in Python per element.
"""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, QUANTITY, FactTable


def segment_argmax(
    score: np.ndarray, seg: np.ndarray, n_segments: int, *, tiebreak: np.ndarray | None = None
) -> np.ndarray:
    """Index of the highest ``score`` in each segment (-1 for an empty one).

    Ties go to the smallest ``tiebreak`` (default: the smallest index), so results never
    depend on input order beyond that key.
    """
    out = np.full(n_segments, -1, dtype=np.int64)
    if score.shape[0] == 0:
        return out
    idx = np.arange(score.shape[0])
    tb = idx if tiebreak is None else tiebreak
    order = np.lexsort((idx, tb, -score, seg))
    s = seg[order]
    first = np.ones(s.shape[0], dtype=bool)
    first[1:] = s[1:] != s[:-1]
    out[s[first]] = order[first]
    return out


def weighted_median(
    x: np.ndarray, w: np.ndarray, seg: np.ndarray, n_segments: int
) -> tuple[np.ndarray, np.ndarray]:
    """Lower weighted median of ``x`` per segment: ``(median, index)``; NaN/-1 when empty.

    The median is always one of the given ``x`` (the smallest with cumulative weight >= half
    the segment's total), so it is a value some claim actually made.
    """
    med = np.full(n_segments, np.nan)
    where = np.full(n_segments, -1, dtype=np.int64)
    if x.shape[0] == 0:
        return med, where
    idx = np.arange(x.shape[0])
    order = np.lexsort((idx, x, seg))
    s, ws = seg[order], np.maximum(w[order], 0.0)
    total = np.bincount(s, weights=ws, minlength=n_segments)
    cum = np.cumsum(ws)
    start = np.searchsorted(s, np.arange(n_segments))
    before = np.concatenate([[0.0], cum])[start]  # cumulative weight before each segment
    within = cum - before[s]
    half = total[s] / 2.0
    # zero-weight segments: fall back to the plain lower median position
    ok = within >= half - 1e-12 * np.maximum(total[s], 1.0)
    ok &= (ws > 0) | (total[s] == 0)
    first = ok.copy()
    pick = np.flatnonzero(first)
    seg_pick = s[pick]
    keep = np.ones(pick.shape[0], dtype=bool)
    keep[1:] = seg_pick[1:] != seg_pick[:-1]
    pick, seg_pick = pick[keep], seg_pick[keep]
    where[seg_pick] = order[pick]
    med[seg_pick] = x[order[pick]]
    return med, where


def tolerance_bounds(facts: FactTable) -> tuple[np.ndarray, np.ndarray]:
    """Per value: the range of candidates it supports (its interval widened by closeness)."""
    kind = facts.kind[facts.value_fact]
    tol = np.where(kind == QUANTITY, facts.closeness * np.abs(facts.value_best), 0.0)
    lo = np.minimum(facts.value_low, facts.value_best - tol)
    hi = np.maximum(facts.value_high, facts.value_best + tol)
    return lo, hi


def interval_support(facts: FactTable, weight: np.ndarray) -> np.ndarray:
    """For each value b of a numeric fact: the sum of ``weight[a]`` over the values a of the
    same fact whose tolerance range contains b's best (b itself included).

    An interval-stabbing sweep over one global sort (fact, position), O(n log n): starts add
    the weight, ends remove it, so a running sum read at each point is the support there.
    Categorical values get their own weight.
    """
    nv = facts.n_values
    out = np.asarray(weight, dtype=np.float64).copy()
    numeric = facts.kind[facts.value_fact] != CATEGORICAL
    if nv == 0 or not numeric.any():
        return out
    vals = np.flatnonzero(numeric)
    lo, hi = tolerance_bounds(facts)
    mid = facts.value_best[vals]
    f = facts.value_fact[vals]
    w = out[vals]
    m = vals.shape[0]
    pos = np.concatenate([lo[vals], mid, hi[vals]])
    # at equal positions: starts, then points, then ends (closed intervals)
    typ = np.concatenate([np.zeros(m), np.ones(m), np.full(m, 2.0)])
    fid = np.concatenate([f, f, f])
    delta = np.concatenate([w, np.zeros(m), -w])
    order = np.lexsort((typ, pos, fid))
    run = np.cumsum(delta[order])
    at = np.empty(3 * m, dtype=np.float64)
    at[order] = run
    out[vals] = at[m : 2 * m]
    return out


def support_mask(
    facts: FactTable, value: np.ndarray, best: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Per claim: does it support its fact's estimate?

    Categorical: the same value. Quantity: its interval contains ``best`` or its best lies
    within ``closeness`` of it. Date: its interval contains the estimate's or lies inside it.
    """
    f = facts.fact
    kind = facts.kind[f]
    has = value[f] >= 0
    same = (facts.value == value[f]) & has
    b = best[f]
    with np.errstate(invalid="ignore"):
        tol = facts.closeness * np.abs(b)
        q = ((facts.low <= b) & (b <= facts.high)) | (np.abs(facts.best - b) <= tol)
        el, eh = low[f], high[f]
        d = ((facts.low <= el) & (eh <= facts.high)) | ((el <= facts.low) & (facts.high <= eh))
    numeric = np.where(kind == QUANTITY, q, d) & ~np.isnan(b)
    return np.where(kind == CATEGORICAL, same, numeric)


__all__ = [
    "interval_support",
    "segment_argmax",
    "support_mask",
    "tolerance_bounds",
    "weighted_median",
]
