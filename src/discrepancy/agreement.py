"""How far sources agree: a symmetric source x source matrix with the counts it rests on.

:class:`Agreement` holds it; the engine counts the comparable pairs per source pair
(:mod:`discrepancy.table.agreement`) and :func:`assemble_agreement` adds the per-source
figures. A pair of two claims with the same origin (``said_by``, else the source) and the
same value is an echo, not independent agreement (:func:`group_echoes`), and is left out of
the counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Final

import numpy as np
from attrs import field, frozen

from discrepancy.compare.text import fold
from discrepancy.stats import wilson_interval


def _names(raw: Iterable[str]) -> tuple[str, ...]:
    return tuple(raw)


def _per_source(raw: Iterable[SourceAgreement]) -> tuple[SourceAgreement, ...]:
    return tuple(raw)


@frozen
class SourceAgreement:
    """One source's agreement with all others and with the consensus.

    ``share`` is agree-or-compatible pairs / comparable pairs (``None`` when n = 0);
    ``low``/``high`` is its 95 % Wilson interval, so 1/1 is not read like 40/40.
    """

    source: str
    agreed: int
    n: int
    share: float | None
    low: float | None
    high: float | None
    consensus_agreed: int = 0
    consensus_n: int = 0
    consensus_share: float | None = None
    reliability: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "agreed": self.agreed,
            "n": self.n,
            "share": self.share,
            "low": self.low,
            "high": self.high,
            "consensus_agreed": self.consensus_agreed,
            "consensus_n": self.consensus_n,
            "consensus_share": self.consensus_share,
            "reliability": self.reliability,
        }


#: Past this many sources the JSON report gives agreement as ``cells`` (only the pairs of
#: sources that were compared), not as two sources x sources matrices.
DENSE_SOURCES: Final = 200


@frozen
class Agreement:
    """``matrix[i, j]`` is the share of agreeing pairs between ``sources[i]`` and ``sources[j]``
    (NaN where ``n[i, j] == 0``); the diagonal compares a source with itself."""

    sources: tuple[str, ...] = field(converter=_names)
    matrix: np.ndarray = field(eq=False)
    n: np.ndarray = field(eq=False)
    per_source: tuple[SourceAgreement, ...] = field(default=(), converter=_per_source)

    def to_dict(self) -> dict[str, object]:
        """``matrix`` and ``n`` as nested lists up to :data:`DENSE_SOURCES` sources; past
        that, ``cells`` instead: ``[i, j, share, n]`` for each pair of sources (``i <= j``)
        with comparable pairs, so the report grows with the pairs, not with sources²."""
        out: dict[str, object] = {"sources": list(self.sources)}
        if len(self.sources) <= DENSE_SOURCES:
            out["matrix"] = [
                [None if np.isnan(v) else round(float(v), 6) for v in row] for row in self.matrix
            ]
            out["n"] = [[int(v) for v in row] for row in self.n]
        else:
            i, j = np.nonzero(np.triu(self.n))
            share = self.matrix[i, j]
            out["cells"] = [
                [a, b, None if np.isnan(v) else round(float(v), 6), int(k)]
                for a, b, v, k in zip(
                    i.tolist(), j.tolist(), share.tolist(), self.n[i, j].tolist(), strict=True
                )
            ]
        out["per_source"] = [s.to_dict() for s in self.per_source]
        return out


def empty_agreement() -> Agreement:
    return Agreement((), np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64))


def _value_key(group: Any, k: int) -> Hashable:
    """What "the same value" means for echo detection: aligned members for sets."""
    members = getattr(group, "members", None)
    if members is not None:
        return ("set", tuple(sorted(set(members[k]))))
    return ("value", group.claims[k].value)


def group_echoes(group: Any) -> np.ndarray:
    """Per compared pair of ``group`` (``i``, ``j``): whether it is an echo, the same origin
    and the same value (aligned members for sets): left out of the agreement counts."""
    i = np.asarray(group.i, dtype=np.int64)
    j = np.asarray(group.j, dtype=np.int64)
    out = np.zeros(i.shape[0], dtype=bool)
    if not i.shape[0]:
        return out
    origins = [fold(c.said_by or c.source) for c in group.claims]
    for k, (x, y) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        if origins[x] == origins[y]:
            out[k] = _value_key(group, x) == _value_key(group, y)
    return out


def assemble_agreement(
    names: Sequence[str],
    n: np.ndarray,
    agreed: np.ndarray,
    *,
    cons_agreed: np.ndarray,
    cons_n: np.ndarray,
    reliability: Sequence[float | None] | None = None,
) -> Agreement:
    """:class:`Agreement` from counts over sources ``names``: ``n[lo, hi]`` comparable pairs
    between sources ``lo <= hi`` (upper triangle, echoes left out), ``agreed[lo, hi]`` of them
    agree or compatible; per source ``cons_agreed`` of its ``cons_n`` claims in groups with a
    consensus support it. The one place both the claim-set and the table paths build it."""
    # work on the cells that hold pairs (few, with thousands of sources) and write both
    # triangles of the symmetric results in one scatter each
    m = len(names)
    cell = np.flatnonzero(n)  # the cells holding pairs: (lo, hi) with lo <= hi
    lo, hi = np.divmod(cell, max(m, 1))
    cell_n = n.reshape(-1)[cell].astype(np.int64)
    cell_ok = agreed.reshape(-1)[cell].astype(np.int64)
    n = np.zeros((m, m), dtype=np.int64)
    n[lo, hi] = cell_n
    n[hi, lo] = cell_n
    matrix = np.full((m, m), np.nan)
    matrix[lo, hi] = matrix[hi, lo] = cell_ok / cell_n
    off = lo != hi
    off_n = np.bincount(lo[off], cell_n[off], m) + np.bincount(hi[off], cell_n[off], m)
    off_agreed = np.bincount(lo[off], cell_ok[off], m) + np.bincount(hi[off], cell_ok[off], m)
    per_source = []
    for k, s in enumerate(names):
        nk, ak = int(off_n[k]), int(off_agreed[k])
        ci = wilson_interval(ak, nk)
        cn, ca = int(cons_n[k]), round(float(cons_agreed[k]))
        rel = reliability[k] if reliability is not None else None
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
                reliability=None if rel is None else float(rel),
            )
        )
    return Agreement(tuple(names), matrix, n, per_source)
