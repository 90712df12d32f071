"""Vectorised building blocks over segments (facts): argmax, weighted median, support.

Segments are given as an integer id per element; no function loops in Python per element.
"""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, DATE, QUANTITY, FactTable

#: Relative difference under which two scores tie (far above rounding noise of sums of
#: floats, far below any difference a weight could make).
TIE = 1e-9


def tie_floor(top: np.ndarray) -> np.ndarray:
    """The lowest score that ties with ``top``."""
    return top - TIE * np.abs(top)


def segment_argmax(
    score: np.ndarray,
    seg: np.ndarray,
    n_segments: int,
    *,
    tiebreak: np.ndarray | None = None,
    starts: np.ndarray | None = None,
) -> np.ndarray:
    """Index of the highest ``score`` in each segment (-1 for an empty one).

    Ties go to the smallest ``tiebreak`` (default: the smallest index, in linear time; a
    fact's values are sorted by content, numbers by best value, so that is the smallest
    value). Scores within a relative ``TIE`` of the top tie: sums of equal weights added in
    another order differ in the last bits, and that must not pick another winner when rows
    are shuffled. When the segments are contiguous runs (``seg`` non-decreasing), ``starts``
    (length ``n_segments + 1``, such as ``FactTable.value_start``) gives their bounds and the
    maximum is a ``reduceat``.
    """
    out = np.full(n_segments, -1, dtype=np.int64)
    if score.shape[0] == 0:
        return out
    idx = np.arange(score.shape[0])
    if tiebreak is None and starts is not None:
        nonempty = np.flatnonzero(starts[1:] > starts[:-1])
        at = starts[nonempty]
        top = np.maximum.reduceat(score, at)
        size = (starts[1:] - starts[:-1])[nonempty]
        hit = score >= np.repeat(tie_floor(top), size)  # per segment, then repeated
        first = np.minimum.reduceat(np.where(hit, idx, score.shape[0]), at)
        out[nonempty] = first
        return out
    if tiebreak is None:  # linear time: max per segment, then the first index reaching it
        top = np.full(n_segments, -np.inf)
        np.maximum.at(top, seg, score)
        hit = score >= tie_floor(top)[seg]
        first = np.full(n_segments, score.shape[0], dtype=np.int64)
        np.minimum.at(first, seg[hit], idx[hit])
        return np.where(first < score.shape[0], first, -1)
    top = np.full(n_segments, -np.inf)
    np.maximum.at(top, seg, score)
    level = np.where(score >= tie_floor(top)[seg], -top[seg], -score)  # ties: one level
    order = np.lexsort((idx, tiebreak, level, seg))
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
    order = np.lexsort((x, seg))  # stable: equal values keep index order (ties: the first)
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


def interval_median(
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    w: np.ndarray,
    seg: np.ndarray,
    n_segments: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment, the point that minimises the weighted distance to the claims' intervals,
    and the element whose ``best`` it is (NaN/-1 for an empty segment).

    The distance from t to [l, h] is (|t - l| + |t - h| - (h - l)) / 2, so the minimisers are
    the weighted medians of the ends (each end with half its claim's weight): the range from
    the lower to the upper median (CRH's interval loss, Li et al. 2014). An open end is
    infinite and only pulls that way, so "more than 5,000" constrains without voting for a
    point. From that range the estimate is the claimed best nearest its middle (ties: the
    smaller), a value someone gave; when no best lies inside, the middle itself (-1 index),
    or the finite end of a range that is open.
    """
    out = np.full(n_segments, np.nan)
    at = np.full(n_segments, -1, dtype=np.int64)
    if best.shape[0] == 0:
        return out, at
    ends = np.concatenate([low, high])
    half = np.concatenate([w, w]) / 2.0
    seg2 = np.concatenate([seg, seg])
    lower, _ = weighted_median(ends, half, seg2, n_segments)
    upper, _ = weighted_median(-ends, half, seg2, n_segments)
    upper = -upper
    lo_f, hi_f = np.isfinite(lower), np.isfinite(upper)
    middle = np.where(lo_f & hi_f, (lower + upper) / 2.0, np.where(lo_f, lower, upper))
    inside = (best >= lower[seg]) & (best <= upper[seg]) & np.isfinite(best)
    dist = np.where(inside, np.abs(best - middle[seg]), np.inf)
    # nearest to the middle, ties to the smaller best: one lexsort
    order = np.lexsort((best, dist, seg))
    s = seg[order]
    first = np.ones(s.shape[0], dtype=bool)
    first[1:] = s[1:] != s[:-1]
    pick = order[first]
    ok = inside[pick]
    out[s[first]] = np.where(ok, best[pick], middle[s[first]])
    at[s[first]] = np.where(ok, pick, -1)
    return out, at


def trimmed_mean(
    x: np.ndarray, w: np.ndarray, trim: np.ndarray, seg: np.ndarray, n_segments: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted trimmed mean of ``x`` per segment: ``(mean, kept weight per element)``.

    Each segment's elements are sorted by ``x``; weight ``trim[segment]`` is cut from each
    end (fractionally where a cut falls inside an element, as Stigler's trimmed mean does)
    and the mean is taken over what is left. A segment whose cuts leave nothing takes the
    plain weighted mean. NaN for an empty segment. Ties in ``x`` are cut alike, so the
    answer doesn't depend on the elements' order.
    """
    mean = np.full(n_segments, np.nan)
    kept = np.zeros(x.shape[0])
    if x.shape[0] == 0:
        return mean, kept
    order = np.lexsort((x, seg))
    s, xs, ws = seg[order], x[order], np.maximum(w[order], 0.0)
    total = np.bincount(s, weights=ws, minlength=n_segments)
    cum = np.cumsum(ws)
    start = np.searchsorted(s, np.arange(n_segments))
    before = np.concatenate([[0.0], cum])[start][s]
    upto = cum - before  # weight up to and including each element, within its segment
    below = upto - ws
    t = np.minimum(trim, total / 2.0)[s]
    k = np.clip(np.minimum(upto, total[s] - t) - np.maximum(below, t), 0.0, ws)
    left = np.bincount(s, weights=k, minlength=n_segments)
    k = np.where(left[s] > 0, k, ws)  # nothing left: the plain mean
    # values tied with a cut element get the same share, so which of them sorts first
    # doesn't matter
    key_new = np.ones(xs.shape[0], dtype=bool)
    key_new[1:] = (s[1:] != s[:-1]) | (xs[1:] != xs[:-1])
    grp = np.cumsum(key_new) - 1
    share = np.bincount(grp, weights=k) / np.maximum(np.bincount(grp, weights=ws), 1e-300)
    k = ws * share[grp]
    num = np.bincount(s, weights=k * xs, minlength=n_segments)
    den = np.bincount(s, weights=k, minlength=n_segments)
    has = den > 0
    mean[has] = num[has] / den[has]
    kept[order] = k
    return mean, kept


def tolerance_bounds(facts: FactTable) -> tuple[np.ndarray, np.ndarray]:
    """Per value: the range of candidates it supports (its interval widened by closeness)."""
    kind = facts.kind[facts.value_fact]
    tol = np.where(kind == QUANTITY, facts.closeness * np.abs(facts.value_best), 0.0)
    lo = np.minimum(facts.value_low, facts.value_best - tol)
    hi = np.maximum(facts.value_high, facts.value_best + tol)
    return lo, hi


SupportPlan = tuple[np.ndarray, np.ndarray, "tuple[np.ndarray, np.ndarray] | None"]


def _monotone_ranges(
    facts: FactTable, vals: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """For values whose ranges' ends rise with their best within each fact (always so for
    plain numbers: best -/+ closeness x |best|), the values a whose range holds value b's
    best are one run ``a_min[b]..a_max[b]`` (positions in ``vals``): two binary searches,
    no sort. None when the ends don't rise (intervals of other widths: use the sweep).

    Each fact's numbers are mapped into [0, 1] by its own min and max and shifted by twice
    its index, so one global search never crosses into another fact."""
    f = facts.value_fact[vals]
    b = facts.value_best[vals]
    ends = np.concatenate([lo, hi])
    if not np.all(np.isfinite(ends)):
        return None
    start = np.flatnonzero(np.diff(f, prepend=-1) != 0)
    low_f = np.minimum.reduceat(lo, start)
    high_f = np.maximum.reduceat(hi, start)
    size = np.diff(np.append(start, f.shape[0]))
    base = np.repeat(low_f, size)
    span = np.repeat(np.where(high_f > low_f, high_f - low_f, 1.0), size)
    shift = 2.0 * f
    key_b = shift + (b - base) / span
    key_lo = shift + (lo - base) / span
    key_hi = shift + (hi - base) / span
    if np.any(np.diff(key_lo) < 0) or np.any(np.diff(key_hi) < 0) or np.any(np.diff(key_b) < 0):
        return None
    a_max = _run_edge(key_lo, key_b, 1)  # one past the last a with lo <= b
    a_min = _run_edge(key_hi, key_b, -1)  # the first a with hi >= b
    return a_min, a_max


#: neighbours :func:`_run_edge` steps through before it falls back to a binary search
_EDGE_STEPS = 4


def _run_edge(ends: np.ndarray, key: np.ndarray, step: int) -> np.ndarray:
    """``np.searchsorted(ends, key, side="right")`` (``step`` 1) or ``side="left"``
    (``step`` -1), for non-decreasing ``ends`` and ``key`` where each element's own end
    is on its side of its key (``ends[b] <= key[b]`` going right, ``>=`` going left).

    The edge of b's run is then b's own place moved while the next end is still on the
    same side: a value's run rarely reaches past a neighbour or two (its closeness), so a
    few elementwise steps over the values whose run still grows cost less than a binary
    search of every value; those still growing after :data:`_EDGE_STEPS` are searched."""
    m = key.shape[0]
    edge = np.arange(m, dtype=np.intp) + (1 if step > 0 else 0)
    grow = np.arange(m, dtype=np.intp)  # values whose run may reach one place further
    for d in range(1, _EDGE_STEPS + 1):
        nxt = grow + step * d
        inside = (nxt < m) if step > 0 else (nxt >= 0)
        grow, nxt = grow[inside], nxt[inside]
        near = ends[nxt] <= key[grow] if step > 0 else ends[nxt] >= key[grow]
        grow = grow[near]
        if not grow.shape[0]:
            return edge
        edge[grow] += step
    edge[grow] = np.searchsorted(ends, key[grow], side="right" if step > 0 else "left")
    return edge


def support_plan(facts: FactTable) -> SupportPlan:
    """What :func:`interval_support` needs that depends only on the table, so an iterative
    method computes it once, not every round: the values swept (those of numeric facts with
    more than one value), and either each value's run of supporters (plain numbers) or the
    order of a sweep over the ranges' ends."""
    # a fact with one value supports it with its own weight: only facts with two or more
    # numeric values need the sweep
    many = (facts.kind != CATEGORICAL) & (np.diff(facts.value_start) > 1)
    vals = np.flatnonzero(many[facts.value_fact])
    if vals.shape[0] == 0:
        return vals, np.zeros(0, dtype=np.int64), None
    lo, hi = tolerance_bounds(facts)
    runs = _monotone_ranges(facts, vals, lo[vals], hi[vals])
    if runs is not None:
        return vals, np.zeros(0, dtype=np.int64), runs
    m = vals.shape[0]
    f = facts.value_fact[vals]
    pos = np.concatenate([lo[vals], facts.value_best[vals], hi[vals]])
    # at equal positions: starts, then points, then ends (closed intervals)
    typ = np.repeat(np.arange(3, dtype=np.int8), m)
    order = np.lexsort((typ, pos, np.concatenate([f, f, f])))
    return vals, order, None


def interval_support(
    facts: FactTable, weight: np.ndarray, plan: SupportPlan | None = None
) -> np.ndarray:
    """For each value b of a numeric fact: the sum of ``weight[a]`` over the values a of the
    same fact whose tolerance range contains b's best (b itself included).

    Plain numbers: a prefix sum read at each value's run of supporters. Otherwise an
    interval-stabbing sweep over one global sort (fact, position), O(n log n) once (the
    ``plan``) and O(n) per call: starts add the weight, ends remove it, so a running sum read
    at each point is the support there (every earlier fact's intervals have closed, so the
    sum carries nothing across facts). Categorical values get their own weight.
    """
    out = np.asarray(weight, dtype=np.float64).copy()
    vals, order, runs = support_plan(facts) if plan is None else plan
    m = vals.shape[0]
    if m == 0:
        return out
    w = out[vals]
    if runs is not None:
        cum = np.concatenate([[0.0], np.cumsum(w)])
        a_min, a_max = runs
        out[vals] = cum[a_max] - cum[np.minimum(a_min, a_max)]
        return out
    delta = np.concatenate([w, np.zeros(m), -w])
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
    present = np.zeros(3, dtype=bool)
    present[np.unique(facts.kind)] = True
    out = np.zeros(facts.n, dtype=bool)
    if present[CATEGORICAL]:  # the same value
        out |= facts.value == value[f]
        if not present[QUANTITY] and not present[DATE]:
            return out
        out &= facts.kind[f] == CATEGORICAL
    b = best[f]
    with np.errstate(invalid="ignore"):
        if present[QUANTITY]:
            q = (facts.low <= b) & (b <= facts.high)
            rest = np.flatnonzero(~q)  # the closeness test only where the interval misses
            bb = b[rest]
            q[rest] = np.abs(facts.best[rest] - bb) <= facts.closeness * np.abs(bb)
            if present[CATEGORICAL] or present[DATE]:
                q &= facts.kind[f] == QUANTITY
            out |= q
        if present[DATE]:
            el, eh = low[f], high[f]
            d = ((facts.low <= el) & (eh <= facts.high)) | ((el <= facts.low) & (facts.high <= eh))
            d &= ~np.isnan(b)
            if present[CATEGORICAL] or present[QUANTITY]:
                d &= facts.kind[f] == DATE
            out |= d
    return out


__all__ = [
    "TIE",
    "SupportPlan",
    "interval_median",
    "interval_support",
    "segment_argmax",
    "support_mask",
    "support_plan",
    "tie_floor",
    "tolerance_bounds",
    "trimmed_mean",
    "weighted_median",
]
