"""The pairs of every group at once: one upper triangle per segment, built with numpy.

Rows sorted by group form segments (sizes ``n_g``); :func:`segment_pairs` gives, for all
segments together, the pairs ``(i, j)`` that ``np.triu_indices(n_g, 1)`` gives for each one
(same order: by ``i``, then ``j``), as positions in the sorted rows. No Python loop per group.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from discrepancy.compare.quantity import SAME_BEST_RTOL, best_ratio

#: From how many rows polars' multithreaded sort beats numpy's (below: its overhead).
_POLARS_SORT_FROM = 1 << 18


def segment_pairs(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Upper-triangle pairs of consecutive segments of ``sizes`` elements, as int64
    positions in the concatenation of the segments (one broadcast per distinct size, each
    segment's pairs written where they belong)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.cumsum(sizes) - sizes
    counts = sizes * (sizes - 1) // 2
    first_pair = np.cumsum(counts) - counts
    n_pairs = int(counts.sum())
    i = np.empty(n_pairs, dtype=np.int64)
    j = np.empty(n_pairs, dtype=np.int64)
    by_size = np.argsort(sizes, kind="stable")
    ordered = sizes[by_size]
    edges = np.flatnonzero(np.diff(ordered)) + 1
    for lo, hi in zip(
        np.r_[0, edges].tolist(), np.r_[edges, ordered.shape[0]].tolist(), strict=True
    ):
        size = int(ordered[lo])
        if size < 2:
            continue
        segs = by_size[lo:hi]
        a, b = np.triu_indices(size, k=1)
        base = starts[segs][:, None]
        if segs.shape[0] == sizes.shape[0]:  # one size: the pairs come in segment order
            np.add(base, a, out=i.reshape(-1, a.shape[0]))
            np.add(base, b, out=j.reshape(-1, b.shape[0]))
            continue
        at = (first_pair[segs][:, None] + np.arange(a.shape[0])).ravel()
        i[at] = (base + a).ravel()
        j[at] = (base + b).ravel()
    return i, j


class Clusters(NamedTuple):
    """Segments of point values split into clusters of equal values (see
    :func:`point_clusters`). Per segment: whether its clusters decide its pairs
    (``decided``), its number of clusters, the largest ratio between two of its values
    (``worst``) and how many of its pairs join different clusters (``between``). ``order``:
    the positions of the decided segments' values, by segment then value; ``runs``: the
    lengths of the runs of equal values along ``order``."""

    decided: np.ndarray
    n_clusters: np.ndarray
    worst: np.ndarray
    between: np.ndarray
    order: np.ndarray
    runs: np.ndarray


def point_clusters(best: np.ndarray, sizes: np.ndarray) -> Clusters:
    """The pairs of segments (consecutive runs of ``sizes`` of ``best``) of exact values
    (each value one point), decided without listing them: two values agree exactly when they
    are equal, and a pair of unequal points is a conflict. That holds for a segment whose
    values are finite and whose unequal neighbours in value order are more than
    ``SAME_BEST_RTOL`` apart (then so are all its unequal pairs); others are not
    ``decided`` (their pairs are compared one by one)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    n_seg = sizes.shape[0]
    if best.shape[0] == 0:
        zero, none = np.zeros(n_seg, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return Clusters(np.ones(n_seg, dtype=bool), zero, np.ones(n_seg), zero, none, none)
    seg = np.repeat(np.arange(n_seg, dtype=np.int64), sizes)
    # sorted by segment, then value: only segments of more than one value need a sort
    order = np.arange(best.shape[0], dtype=np.int64)
    mixed = ~segments_constant(best, sizes)
    varied = np.flatnonzero(mixed[seg])
    if varied.shape[0]:
        within = _sorted_within(seg, varied, best[varied], sizes[mixed])
        order[varied] = varied[within]
    # ``order`` moves rows only within their segments: the segment at each place is its own
    sv, ss = best[order], seg
    new_seg = np.ones(order.shape[0], dtype=bool)
    new_seg[1:] = ss[1:] != ss[:-1]
    new_value = new_seg.copy()
    new_value[1:] |= sv[1:] != sv[:-1]
    step = np.flatnonzero(~new_seg & new_value)  # a value unlike the one before, same segment
    a, b = sv[step - 1], sv[step]
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= SAME_BEST_RTOL * np.maximum(np.abs(a), np.abs(b))
    decided = np.ones(n_seg, dtype=bool)
    decided[ss[step[near]]] = False
    decided[seg[~np.isfinite(best)]] = False
    n_clusters = np.bincount(ss[new_value], minlength=n_seg)
    starts = np.flatnonzero(new_seg)
    ends = np.r_[starts[1:], order.shape[0]] - 1
    worst = np.ones(n_seg, dtype=np.float64)
    full = sizes > 0
    worst[full] = best_ratio(sv[starts], sv[ends])  # smallest against largest
    if decided.all():  # the usual table: every row kept, nothing to select
        kept_new, kept_seg, kept_order = new_value, ss, order
    else:
        keep = decided[ss]
        kept_new, kept_seg, kept_order = new_value[keep], ss[keep], order[keep]
    run_starts = np.flatnonzero(kept_new)
    runs = np.diff(np.r_[run_starts, kept_new.shape[0]])
    run_seg = kept_seg[run_starts]
    same_pairs = np.bincount(run_seg, weights=runs * (runs - 1) // 2, minlength=n_seg)
    between = sizes * (sizes - 1) // 2 - same_pairs.astype(np.int64)
    return Clusters(decided, n_clusters, worst, between, kept_order, runs.astype(np.int64))


def _sorted_within(
    seg: np.ndarray, rows: np.ndarray, values: np.ndarray, sizes: np.ndarray
) -> np.ndarray:
    """The stable order of ``values`` (those of ``rows``) by segment (``seg[rows]``,
    consecutive runs of ``sizes``), then value. Segments of one size with no NaN (the usual survey or benchmark layout) are
    the rows of a grid, each sorted on its own (a few values per sort); else one polars sort
    by (segment, value), NaN last in both."""
    import polars as pl

    width = int(sizes[0])
    if bool(np.all(sizes == width)) and not np.isnan(values).any():
        per_row = np.argsort(values.reshape(-1, width), axis=1, kind="stable")
        per_row += np.arange(0, values.shape[0], width, dtype=np.int64)[:, None]
        return per_row.reshape(-1)
    return (
        pl.DataFrame({"s": seg[rows], "v": values})
        .select(pl.arg_sort_by("s", "v", maintain_order=True))
        .to_series()
        .to_numpy()
    )


def segments_constant(x: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per segment of ``sizes`` consecutive elements of ``x``: whether they are all equal
    (NaN equals nothing; an empty segment is constant)."""
    same = np.ones(sizes.shape[0], dtype=bool)
    full = np.flatnonzero(sizes > 0)
    if full.size:
        starts = (np.cumsum(sizes) - sizes)[full]
        with np.errstate(invalid="ignore"):
            same[full] = np.minimum.reduceat(x, starts) == np.maximum.reduceat(x, starts)
    return same


def interval_overlap(
    start: np.ndarray, end: np.ndarray, has: np.ndarray, i: np.ndarray, j: np.ndarray
) -> np.ndarray:
    """True for pairs whose ``as_of`` intervals overlap or where either is absent (the
    vectorised :func:`discrepancy.grouping.as_of_mask` over all groups)."""
    if not has.any():
        return np.ones(i.shape[0], dtype=bool)
    both = has[i] & has[j]
    overlap = (start[i] <= end[j]) & (start[j] <= end[i])
    return ~both | overlap


def pairs_by_size(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of :func:`segment_pairs` and the segment of each, generated one distinct
    segment size at a time (a broadcast of ``np.triu_indices(size, 1)`` over all segments of
    that size), so pairs come grouped by size rather than by segment."""
    sizes = np.asarray(sizes, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    parts_i, parts_j, parts_s = [], [], []
    for size in np.unique(sizes[sizes >= 2]).tolist():
        segs = np.flatnonzero(sizes == size)
        a, b = np.triu_indices(size, k=1)
        base = starts[segs][:, None]
        parts_i.append((base + a).ravel())
        parts_j.append((base + b).ravel())
        parts_s.append(np.repeat(segs, a.shape[0]))
    if not parts_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(parts_i), np.concatenate(parts_j), np.concatenate(parts_s)


def stable_order(codes: np.ndarray) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` for non-negative integer codes.

    numpy sorts 16-bit integers stably by one radix pass (a few ms on a million rows), and
    anything wider by a comparison sort (timsort, ~100 ms): codes that fit 32 bits are
    sorted by two such passes (low 16 bits, then high 16 bits: a stable sort by the high
    half of rows already in low-half order is the order by the whole code). Wider codes
    sort the unique keys ``code * n + row`` (any sort orders them stably; polars'
    multithreaded sort from a quarter of a million rows)."""
    import polars as pl

    n = codes.shape[0]
    top = int(codes.max()) if n else 0
    if top < 1 << 16:
        return np.argsort(codes.astype(np.uint16), kind="stable").astype(np.int64)
    if top < 1 << 32:
        wide = codes.astype(np.uint32)
        by_low = np.argsort((wide & 0xFFFF).astype(np.uint16), kind="stable")
        high = (wide >> 16).astype(np.uint16)[by_low]
        return by_low[np.argsort(high, kind="stable")].astype(np.int64)
    key = codes.astype(np.int64) * max(n, 1) + np.arange(n, dtype=np.int64)
    if n < _POLARS_SORT_FROM:
        return np.argsort(key)
    return pl.Series(key).arg_sort().to_numpy().astype(np.int64, copy=False)


__all__ = [
    "Clusters",
    "interval_overlap",
    "pairs_by_size",
    "point_clusters",
    "segment_pairs",
    "segments_constant",
    "stable_order",
]
