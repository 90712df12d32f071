"""Pair verdicts of places: the same place agrees, a place inside another is compatible
(``Sudzha`` and ``Kursk oblast``), an ambiguous name one of whose readings nests is
compatible too, and places that don't nest conflict."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from discrepancy.compare.result import AGREE, COMPATIBLE, CONFLICT, Comparison
from discrepancy.places.resolve import DISJOINT, SAME, Resolved, relation


def nesting(places: Sequence[Resolved]) -> np.ndarray:
    """The n x n matrix of :func:`~discrepancy.places.resolve.relation` codes (row's place
    to column's place), computed once per distinct pair of keys."""
    keys = [p.key for p in places]
    distinct = sorted(set(keys))
    at = {k: n for n, k in enumerate(distinct)}
    by_key = {p.key: p for p in places}
    small = np.empty((len(distinct), len(distinct)), dtype=np.int8)
    for a, ka in enumerate(distinct):
        for b, kb in enumerate(distinct):
            small[a, b] = relation(by_key[ka], by_key[kb])
    idx = np.fromiter((at[k] for k in keys), dtype=np.int64, count=len(keys))
    return small[np.ix_(idx, idx)]


def place_verdicts(places: Sequence[Resolved], i: np.ndarray, j: np.ndarray) -> Comparison:
    """Verdicts of the pairs ``(places[i[k]], places[j[k]])``."""
    rel = nesting(places)[i, j] if len(places) else np.zeros(0, dtype=np.int8)
    verdict = np.where(rel == SAME, AGREE, np.where(rel == DISJOINT, CONFLICT, COMPATIBLE))
    return Comparison(verdict, np.full(len(i), np.nan), verdict == CONFLICT)


__all__ = ["nesting", "place_verdicts"]
