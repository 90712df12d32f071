"""Source agreement from all claim pairs of a table at once (the array form of
the reference twin's ``compute_agreement``: same counts, no loop per group)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from discrepancy.agreement import Agreement, assemble_agreement


def pair_counts(
    m: int, a: np.ndarray, b: np.ndarray, consistent: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair of sources ``lo <= hi`` (an ``m`` x ``m`` upper triangle): how many of the
    pairs of claims by sources ``a[k]``/``b[k]`` there are, and how many are ``consistent``."""
    # each pair counted straight into its (min, max) cell: one m x m array each, no folding
    cell = np.minimum(a, b).astype(np.int64) * m + np.maximum(a, b)
    n = np.bincount(cell, minlength=m * m).reshape(m, m)
    agreed = np.bincount(cell[consistent], minlength=m * m).reshape(m, m)
    return n, agreed


def group_pair_counts(
    m: int, source: np.ndarray, sizes: np.ndarray, *, cells: int = 1 << 20
) -> np.ndarray:
    """Per pair of sources ``lo <= hi`` (an ``m`` x ``m`` upper triangle): how many pairs of
    claims the groups hold, every pair of each group counted (groups are consecutive runs of
    ``sizes`` claims by sources ``source``). :func:`pair_counts` of all those pairs, without
    listing them: with ``C`` the claims per group and source, ``C.T @ C`` off the diagonal and
    ``c (c - 1) / 2`` on it (a few groups at a time, at most ``cells`` counts in memory)."""
    out = np.zeros((m, m), dtype=np.int64)
    if source.shape[0] == 0:
        return out
    sizes = np.asarray(sizes, dtype=np.int64)
    pairs = sizes >= 2
    if not pairs.all():  # a group of one claim holds no pair
        source, sizes = source[np.repeat(pairs, sizes)], sizes[pairs]
        if sizes.shape[0] == 0:
            return out
    ends = np.cumsum(sizes)
    step = max(1, cells // max(m, 1))
    upper = np.triu(np.ones((m, m), dtype=bool), 1)
    diag = np.arange(m)
    # one buffer for every chunk (fresh pages for each would cost more than the counting);
    # float32 while every count of a chunk stays exact in it (below 2^24), else float64
    top = int(sizes.max())
    exact32 = top * top * min(step, sizes.shape[0]) < 1 << 24
    buffer = np.zeros(min(step, sizes.shape[0]) * m, dtype=np.float32 if exact32 else np.float64)
    for g0 in range(0, sizes.shape[0], step):
        g1 = min(g0 + step, sizes.shape[0])
        r0 = int(ends[g0 - 1]) if g0 else 0
        r1 = int(ends[g1 - 1])
        if r1 == r0:
            continue
        src = source[r0:r1]
        key = np.repeat(np.arange(g1 - g0, dtype=np.int64) * m, sizes[g0:g1]) + src
        c = buffer[: (g1 - g0) * m]
        c[:] = 0
        np.add.at(c, key, c.dtype.type(1))  # a scalar of the buffer's type: the fast loop
        c2 = c.reshape(g1 - g0, m)
        both = np.rint(c2.T @ c2).astype(np.int64)
        out[upper] += both[upper]
        # same source: sum of c (c - 1) / 2 = (sum of c^2 - sum of c) / 2, c^2 summed on the diagonal
        out[diag, diag] += (both[diag, diag] - np.bincount(src, minlength=m)) // 2
    return out


def agreement_from_pairs(
    names: Sequence[str],
    a: np.ndarray,
    b: np.ndarray,
    consistent: np.ndarray,
    *,
    claim_source: np.ndarray,
    claim_supports: np.ndarray | None = None,
    reliability: Sequence[float | None] | None = None,
) -> Agreement:
    """:class:`Agreement` over pairs of claims by sources ``a[k]``/``b[k]`` (codes into the
    sorted ``names``; echo pairs already left out), ``consistent[k]`` when agree or compatible.

    ``claim_source`` is the source code of every grouped claim and ``claim_supports`` whether
    its source supports its group's consensus (for ``consensus_agreed``/``consensus_n``).
    """
    n, agreed = pair_counts(len(names), a, b, consistent)
    return agreement_from_counts(
        names,
        n,
        agreed,
        claim_source=claim_source,
        claim_supports=claim_supports,
        reliability=reliability,
    )


def agreement_from_counts(
    names: Sequence[str],
    n: np.ndarray,
    agreed: np.ndarray,
    *,
    claim_source: np.ndarray,
    claim_supports: np.ndarray | None = None,
    reliability: Sequence[float | None] | None = None,
) -> Agreement:
    """:class:`Agreement` from pair counts: ``n[lo, hi]`` comparable pairs between sources
    ``lo <= hi`` (codes into the sorted ``names``; upper triangle, echoes left out) of which
    ``agreed[lo, hi]`` agree or are compatible (:func:`pair_counts`, summed over partitions).
    ``claim_source``/``claim_supports`` as in :func:`agreement_from_pairs`."""
    m = len(names)
    cons_n = np.zeros(m, dtype=np.int64)
    cons_agreed = np.zeros(m, dtype=np.float64)
    if claim_supports is not None:
        cons_n = np.bincount(claim_source, minlength=m).astype(np.int64)
        cons_agreed = np.bincount(
            claim_source, weights=claim_supports.astype(np.float64), minlength=m
        ).astype(np.float64)
    return assemble_agreement(
        names, n, agreed, cons_agreed=cons_agreed, cons_n=cons_n, reliability=reliability
    )


__all__ = ["agreement_from_counts", "agreement_from_pairs", "group_pair_counts", "pair_counts"]
