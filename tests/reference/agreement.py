"""Agreement over compared claim objects: the reference twin's :func:`compute_agreement`
(the engine counts the same pairs over columns in :mod:`discrepancy.table.agreement`).

:func:`compute_agreement` reads the comparable pairs every compared group carries (``i``,
``j``, ``verdict``) and accumulates them per source pair: no Python loop over pairs. A pair
of two claims with the same origin (``said_by``, else the source) and the same value is an
echo, not independent agreement, and is left out of the counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from discrepancy.agreement import Agreement, _value_key, assemble_agreement
from discrepancy.consensus.glue import origin_key
from discrepancy.consensus.result import Consensus, ConsensusRun, WindowConsensus
from reference.consensus import group_pairs


def _source_id(s: object) -> str:
    return str(getattr(s, "id", s))


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


__all__ = ["compute_agreement"]
