"""How far sources agree: a symmetric source x source matrix with the counts it rests on.

:func:`compute_agreement` reads the comparable pairs every compared group carries (``i``,
``j``, ``verdict``) and accumulates them per source pair with ``np.add.at``: no Python loop
over pairs. A pair of two claims with the same origin (``said_by``, else the source) and the
same value is an echo, not independent agreement, and is left out of the counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Final

import numpy as np
from attrs import field, frozen

from discrepancy.consensus.glue import group_pairs, origin_key
from discrepancy.consensus.result import Consensus, ConsensusRun, WindowConsensus
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


def _source_id(s: object) -> str:
    return str(getattr(s, "id", s))


def _value_key(group: Any, k: int) -> Hashable:
    """What "the same value" means for echo detection: aligned members for sets."""
    members = getattr(group, "members", None)
    if members is not None:
        return ("set", tuple(sorted(set(members[k]))))
    return ("value", group.claims[k].value)


def group_echoes(group: Any) -> np.ndarray:
    """Per compared pair of ``group`` (``i``, ``j``): whether it is an echo, the same origin
    and the same value (aligned members for sets), as :func:`compute_agreement` leaves out."""
    i = np.asarray(group.i, dtype=np.int64)
    j = np.asarray(group.j, dtype=np.int64)
    out = np.zeros(i.shape[0], dtype=bool)
    if not i.shape[0]:
        return out
    origins = [origin_key(c.said_by, c.source) for c in group.claims]
    for k, (x, y) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        if origins[x] == origins[y]:
            out[k] = _value_key(group, x) == _value_key(group, y)
    return out


def _group_key(subject: str, prop: str, scope: Iterable[tuple[str, str]]) -> Hashable:
    return (subject, prop, tuple(sorted(tuple(x) for x in scope)))


def compute_agreement(
    groups: Sequence[Any],
    sources: Sequence[str] | Sequence[object],
    consensus: ConsensusRun | None = None,
    *,
    consensus_groups: Sequence[Consensus] | None = None,
) -> Agreement:
    """Pairwise and per-source agreement over the comparable claim pairs of ``groups``.

    ``matrix[a, b]`` is the share of ``a``/``b`` claim pairs whose verdict is agree or
    compatible (rank <= 1), NaN where ``n[a, b] == 0``. Sources are sorted alphabetically
    (``sources`` may be ids or objects with an ``id``; sources that only appear in claims
    are added). The diagonal compares a source with itself: below 1 when an article
    contradicts itself. Echo pairs (same origin, same value) are not counted.

    Per source: agreement with all *other* sources (agreed/n, share, 95 % Wilson interval);
    with a consensus run (or its ``consensus_groups``), the share of its claims in groups
    with a consensus whose source is among that consensus' support, and its reliability.
    """
    ids = {_source_id(s) for s in sources}
    ids |= {c.source for g in groups for c in g.claims}
    names = tuple(sorted(ids))
    index = {s: k for k, s in enumerate(names)}
    m = len(names)
    sizes = np.fromiter((len(g.claims) for g in groups), dtype=np.int64, count=len(groups))
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    claims = [c for g in groups for c in g.claims]
    src = np.fromiter((index[c.source] for c in claims), dtype=np.int64, count=len(claims))
    i, j, verdict = group_pairs(groups, offsets)
    n = np.zeros((m, m), dtype=np.int64)
    agreed = np.zeros((m, m), dtype=np.int64)
    if i.shape[0]:
        # codes of origins and of values (pairs never leave their group, so one code space
        # over all groups says "equal" exactly where one per group would)
        codes: dict[Hashable, int] = {}
        origin = np.fromiter(
            (codes.setdefault(origin_key(c.said_by, c.source), len(codes)) for c in claims),
            dtype=np.int64,
            count=len(claims),
        )
        # an echo: same origin and same value (values compared only where origins match)
        keep = origin[i] != origin[j]
        same = np.flatnonzero(~keep)
        if same.shape[0]:
            group_of = np.repeat(np.arange(len(groups)), sizes).tolist()
            starts = offsets.tolist()

            def key(x: int) -> Hashable:
                f = group_of[x]
                return _value_key(groups[f], x - starts[f])

            differ = [
                key(x) != key(y) for x, y in zip(i[same].tolist(), j[same].tolist(), strict=True)
            ]
            keep[same] = differ
        a, b = src[i[keep]], src[j[keep]]
        cell = np.minimum(a, b) * m + np.maximum(a, b)
        n = np.bincount(cell, minlength=m * m).reshape(m, m)
        agreed = np.bincount(cell[verdict[keep] <= 1], minlength=m * m).reshape(m, m)
    cons_agreed, cons_n = _consensus_counts(groups, index, consensus, consensus_groups)
    rel = dict(consensus.reliability) if consensus is not None else {}
    return assemble_agreement(
        names,
        n,
        agreed,
        cons_agreed=cons_agreed,
        cons_n=cons_n,
        reliability=[rel.get(s) for s in names],
    )


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


def _window_of(c: Consensus, claim: Any) -> Consensus | WindowConsensus:
    """The window of consensus ``c`` that judged ``claim``: the one its ``as_of`` falls in
    (windows are disjoint spans of days), the latest for an undated claim; ``c`` itself when
    the fact has no windows."""
    as_of = getattr(claim, "as_of", None)
    if not c.windows or as_of is None:
        return c
    day = as_of.start.isoformat()
    return next((w for w in c.windows if w.start <= day <= w.end), c)


def _consensus_counts(
    groups: Sequence[Any],
    index: dict[str, int],
    consensus: ConsensusRun | None,
    consensus_groups: Sequence[Consensus] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per source: its claims whose source supports their group's consensus, of its claims
    in groups that have one."""
    m = len(index)
    agreed = np.zeros(m, dtype=np.int64)
    total = np.zeros(m, dtype=np.int64)
    cons = consensus.groups if consensus is not None else (consensus_groups or ())
    if not cons:
        return agreed, total
    by_key = {_group_key(c.subject, c.property, c.scope): c for c in cons}
    src: list[int] = []
    hit: list[bool] = []
    for g in groups:
        c = by_key.get(_group_key(g.subject, g.property, g.scope))
        if c is None:
            continue
        for x in g.claims:
            src.append(index[x.source])
            hit.append(x.source in _window_of(c, x).support)
    if src:
        at = np.asarray(src, dtype=np.int64)
        total = np.bincount(at, minlength=m).astype(np.int64)
        agreed = np.bincount(at[np.asarray(hit, dtype=bool)], minlength=m).astype(np.int64)
    return agreed, total
