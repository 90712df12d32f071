"""Hierarchy-aware voting for values that nest (places): the most specific value that a
majority of the voices deciding it supports.

A voice (one origin's value, as in the fact table) *supports* a place when it names that
place or a place inside it ("Vladivostok" supports "Russia"), *opposes* it when its place
and the candidate don't nest ("Paris" against "Lyon"), and says nothing about it otherwise
(a less specific place, "Russia" about "Vladivostok", or an ambiguous name one of whose
readings nests). A claimed place *holds* when its support outweighs its opposition
(weights: the method's source reliabilities, one origin's weight split across its values,
as in :mod:`discrepancy.consensus.method`). Two places that hold always nest (the support of
one is opposition to the other), so the places that hold form a chain and the consensus is
its deepest (an ambiguous name one of whose readings lies inside another place that holds
counts as deeper: "Los Angeles" below "California"): the most specific place the evidence
supports, as in TDH's hierarchy-aware
truth discovery (Jung et al., EDBT 2019), without its fitted parameters. When no claimed
place holds, the method's own pick stands.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from attrs import frozen

#: relation codes (:mod:`discrepancy.places.resolve`): same, inside, disjoint, and "may lie
#: inside" (an ambiguous name, one of whose readings lies inside the other place)
_SAME, _INSIDE, _DISJOINT, _MAY_INSIDE = 0, 1, 4, 5


@frozen
class HierarchyChoice:
    """The chosen claim (index into the group), per claim whether it supports the choice
    (it does not oppose it), the choice's weighted share among the voices deciding it, and
    whether any voice opposes it."""

    winner: int
    supports: np.ndarray
    confidence: float
    opposed: bool


def hierarchy_choice(
    rel: np.ndarray,
    voice: np.ndarray,
    weight: np.ndarray,
    keys: Sequence[Hashable],
    texts: Sequence[str],
    origin: np.ndarray | None = None,
) -> HierarchyChoice | None:
    """The deepest claimed value whose support outweighs its opposition, or ``None``.

    ``rel`` is the n x n relation of the claims' values (row to column), ``voice`` each
    claim's voice id, ``weight`` its source's weight, ``keys`` its value's consensus key and
    ``texts`` its value as written (ties between places that hold equally deep go to the
    larger support, then the smaller key ``repr``; the shown text of the winning key is its
    smallest spelling, so row order never decides). ``origin`` gives each claim's origin
    code, so that one origin's weight is split across the values it gives.
    """
    n = rel.shape[0]
    if n == 0:
        return None
    uv, first, inv = np.unique(voice, return_index=True, return_inverse=True)
    inv = inv.reshape(-1)
    vw = np.bincount(inv, weights=weight, minlength=uv.shape[0]) / np.bincount(
        inv, minlength=uv.shape[0]
    )
    if origin is not None:
        _, oinv = np.unique(origin[first], return_inverse=True)
        vw = vw / np.bincount(oinv.reshape(-1))[oinv.reshape(-1)]
    if not np.isfinite(vw).all() or vw.sum() <= 0:
        vw = np.ones(uv.shape[0])
    r = rel[first]  # each voice's value against every claim's value
    pro = ((r == _SAME) | (r == _INSIDE)).T.astype(np.float64) @ vw
    con = (r == _DISJOINT).T.astype(np.float64) @ vw
    holds = pro > con + 1e-12 * vw.sum()
    if not holds.any():
        return None
    # how many places that hold each lies (or, ambiguous, may lie) inside: the deepest first
    depth = (((rel == _INSIDE) | (rel == _MAY_INSIDE)) & holds[None, :]).sum(axis=1)
    rank = _content_ranks(keys)
    cand = np.flatnonzero(holds)
    best = cand[np.lexsort((rank[cand], -pro[cand], -depth[cand]))[0]]
    same = [k for k in range(n) if keys[k] == keys[best]]
    winner = min(same, key=lambda k: (texts[k], k))
    return HierarchyChoice(
        winner=int(winner),
        supports=rel[:, winner] != _DISJOINT,
        confidence=float(pro[winner] / (pro[winner] + con[winner])),
        opposed=bool(con[winner] > 0),
    )


def _content_ranks(keys: Sequence[Hashable]) -> np.ndarray:
    distinct = sorted(set(keys), key=repr)
    at = {k: r for r, k in enumerate(distinct)}
    return np.fromiter((at[k] for k in keys), dtype=np.int64, count=len(keys))


__all__ = ["HierarchyChoice", "hierarchy_choice"]
