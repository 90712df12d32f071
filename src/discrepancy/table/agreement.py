"""Source agreement from all claim pairs of a table at once (the array form of
:func:`discrepancy.agreement.compute_agreement`: same counts, no loop per group)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from discrepancy.agreement import Agreement, SourceAgreement
from discrepancy.stats import wilson_interval


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
    m = len(names)
    flat_n = np.zeros(m * m, dtype=np.int64)
    flat_ok = np.zeros(m * m, dtype=np.int64)
    if a.shape[0]:
        lo = np.minimum(a, b).astype(np.int64)
        hi = np.maximum(a, b).astype(np.int64)
        cell = lo * m + hi
        flat_n = np.bincount(cell, minlength=m * m)
        weights = consistent.astype(np.float64)
        flat_ok = np.rint(np.bincount(cell, weights=weights, minlength=m * m)).astype(np.int64)
    n = flat_n.reshape(m, m)
    agreed = flat_ok.reshape(m, m)
    n = n + n.T - np.diag(np.diag(n))
    agreed = agreed + agreed.T - np.diag(np.diag(agreed))
    with np.errstate(invalid="ignore", divide="ignore"):
        matrix = np.where(n > 0, agreed / np.maximum(n, 1), np.nan)
    off_n = n.sum(axis=1) - np.diag(n)
    off_agreed = agreed.sum(axis=1) - np.diag(agreed)
    cons_n = np.zeros(m, dtype=np.int64)
    cons_agreed = np.zeros(m, dtype=np.float64)
    if claim_supports is not None:
        cons_n = np.bincount(claim_source, minlength=m).astype(np.int64)
        cons_agreed = np.bincount(
            claim_source, weights=claim_supports.astype(np.float64), minlength=m
        ).astype(np.float64)
    per_source = []
    for k, s in enumerate(names):
        nk, ak = int(off_n[k]), int(off_agreed[k])
        ci = wilson_interval(ak, nk)
        cn, ca = int(cons_n[k]), round(float(cons_agreed[k]))
        per_source.append(
            SourceAgreement(
                source=s,
                agreed=ak,
                n=nk,
                share=ak / nk if nk else None,
                low=ci[0] if ci else None,
                high=ci[1] if ci else None,
                consensus_agreed=ca,
                consensus_n=cn,
                consensus_share=ca / cn if cn else None,
                reliability=_maybe_float(reliability[k]) if reliability is not None else None,
            )
        )
    return Agreement(tuple(names), matrix, n, per_source)


def _maybe_float(x: float | None) -> float | None:
    return None if x is None else float(x)


__all__ = ["agreement_from_pairs"]
