"""Turning a compared group into a finding: pairs, value clusters and a one-line message.

Shared by the built-in rules (and usable by third-party ones) so every finding of a group has
the same shape: every claim, the clusters of agreeing claims (values with the sources and
speakers behind each) and the partial/conflict pairs between clusters, one representative
per pair of clusters with the number of claim pairs it stands for, so that a finding grows
with its claims, not with their pairs. Every pair is listed on request (``Config.pairs``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from discrepancy.compare.quantity import quantity_arrays
from discrepancy.compare.result import PARTIAL
from discrepancy.config import Config
from discrepancy.findings import Cluster, Finding, Pair
from discrepancy.groups import ComparedGroup
from discrepancy.model import Claim
from discrepancy.types.registry import find_type
from discrepancy.units import unit_key
from discrepancy.values import DateInterval, Quantity
from discrepancy.verdict import Level, Severity, Verdict

_VERDICTS = sorted(Verdict, key=lambda v: v.rank)
_SEVERITY = (Severity.MINOR, Severity.MAJOR)


def _finite(x: float) -> float | None:
    return None if math.isnan(x) or math.isinf(x) else float(x)


def pairs(group: ComparedGroup) -> list[Pair]:
    """A :class:`Pair` for every comparable pair; severity and magnitude only on partial and
    conflict (an agreeing or compatible pair has no size of disagreement)."""
    refs = [c.ref for c in group.claims]
    verdicts, minor, major = _VERDICTS, _SEVERITY[0], _SEVERITY[1]
    sets = bool(group.only_a)
    only_a = group.only_a if sets else ((),) * len(group.i)
    only_b = group.only_b if sets else only_a
    return [
        Pair(
            refs[a],
            refs[b],
            verdicts[code],
            None if code < PARTIAL else (major if big else minor),
            None if code < PARTIAL or mag != mag or mag in (math.inf, -math.inf) else mag,
            oa,
            ob,
        )
        for a, b, code, big, mag, oa, ob in zip(
            group.i.tolist(),
            group.j.tolist(),
            group.verdict.tolist(),
            group.major.tolist(),
            group.magnitude.astype(np.float64, copy=False).tolist(),
            only_a,
            only_b,
            strict=True,
        )
    ]


def cluster_labels(group: ComparedGroup) -> np.ndarray:
    """Per claim, the smallest claim index of its cluster (claims joined by agreeing pairs,
    transitively): label propagation with pointer jumping, vectorised over the pairs."""
    n = len(group.claims)
    labels = np.arange(n, dtype=np.int64)
    agree = group.verdict == 0
    a, b = group.i[agree].astype(np.int64), group.j[agree].astype(np.int64)
    if not a.size:
        return labels
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, labels):
            return labels
        labels = new


def pair_limit(n_clusters: int) -> int:
    """How many pairs between clusters a finding lists at most: every one while there are
    few clusters (up to 5 clusters, 10 pairs), then as many as there are clusters (enough for
    the leading value against each other one), so that a finding of noisy values (each its
    own cluster) stays linear in its claims."""
    return max(10, n_clusters)


def between_clusters(
    group: ComparedGroup,
    comps: Sequence[list[int]],
    labels: np.ndarray,
    refs: Sequence[str] | None = None,
) -> tuple[list[Pair], int]:
    """One :class:`Pair` per pair of clusters with a partial or conflict claim pair between
    them: the worst such pair (highest verdict, then largest magnitude, then first), with the
    number of partial/conflict claim pairs between the two clusters as ``count``; and how
    many such pairs of clusters were left out beyond :func:`pair_limit` (those standing for
    the fewest claim pairs, then the mildest, go first). ``refs``: the claims' refs, when
    already made."""
    bad = np.flatnonzero(group.verdict >= PARTIAL)
    if not bad.size:
        return [], 0
    # position of each cluster, indexed by its label (all its claims share that label)
    position = np.empty(len(group.claims), dtype=np.int64)
    position[labels[[comp[0] for comp in comps]]] = np.arange(len(comps))
    ca, cb = position[labels[group.i[bad]]], position[labels[group.j[bad]]]
    lo, hi = np.minimum(ca, cb), np.maximum(ca, cb)
    mags = group.magnitude[bad].astype(np.float64, copy=True)
    mags[np.isnan(mags)] = -np.inf
    codes = group.verdict[bad].astype(np.int64)
    # sort by cluster pair, then worst first: verdict desc, magnitude desc, then pair order
    # (lexsort is stable and ``bad`` ascending: ties keep pair order)
    order = np.lexsort((-mags, -codes, hi, lo))
    key = lo[order] * len(comps) + hi[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    counts = np.diff(np.append(starts, key.size))
    limit = pair_limit(len(comps))
    omitted = max(0, starts.size - limit)
    if omitted:  # keep the pairs of clusters that stand for most claim pairs, then the worst
        reps = order[starts]
        keep = np.lexsort((starts, -mags[reps], -codes[reps], -counts))[:limit]
        keep.sort()
        starts, counts = starts[keep], counts[keep]
    if refs is None:
        refs = [c.ref for c in group.claims]
    sets = bool(group.only_a)
    sel = order[starts]
    ks = bad[sel]
    out = [
        Pair(
            refs[a],
            refs[b],
            _VERDICTS[code],
            _SEVERITY[1] if big else _SEVERITY[0],
            None if mag != mag or mag in (math.inf, -math.inf) else mag,
            group.only_a[k] if sets else (),
            group.only_b[k] if sets else (),
            count=count,
            clusters=(first, second),
        )
        for k, a, b, code, big, mag, first, second, count in zip(
            ks.tolist(),
            group.i[ks].tolist(),
            group.j[ks].tolist(),
            codes[sel].tolist(),
            group.major[ks].tolist(),
            group.magnitude[ks].astype(np.float64).tolist(),
            ca[sel].tolist(),
            cb[sel].tolist(),
            counts.tolist(),
            strict=True,
        )
    ]
    return out, omitted


def components(n: int, i: np.ndarray | list[int], j: np.ndarray | list[int]) -> list[list[int]]:
    """Connected components of ``n`` nodes joined by the edges ``(i[k], j[k])``, each sorted,
    ordered by their first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ii = i.tolist() if isinstance(i, np.ndarray) else i
    jj = j.tolist() if isinstance(j, np.ndarray) else j
    for a, b in zip(ii, jj, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[int, list[int]] = {}
    for x in range(n):
        comps.setdefault(find(x), []).append(x)
    return list(comps.values())


def _order_key(group: ComparedGroup, comp: list[int]) -> tuple[float, int]:
    claim = group.claims[comp[0]]
    value = claim.value
    if isinstance(value, Quantity):
        if claim.unit is None or group.unit is None or claim.unit == group.unit:
            return (value.best, comp[0])  # what quantity_arrays gives without a conversion
        _, best, _ = quantity_arrays([value], [claim.unit], group.unit)
        return (float(best[0]), comp[0])
    if isinstance(value, DateInterval):
        return (float(value.start.toordinal()), comp[0])
    return (float(comp[0]), comp[0])


def clusters(group: ComparedGroup, labels: np.ndarray | None = None) -> list[list[int]]:
    """Claim indices of each cluster of agreeing claims (transitively), quantities in ascending
    best value, dates by start, other types in order of first appearance."""
    if labels is None:
        labels = cluster_labels(group)
    comps: dict[int, list[int]] = {}
    for x, root in enumerate(labels.tolist()):
        comps.setdefault(root, []).append(x)
    found = list(comps.values())
    if len(found) == 1:
        return found
    return sorted(found, key=lambda c: _order_key(group, c))


def _cluster_texts(
    group: ComparedGroup, comps: Sequence[list[int]]
) -> tuple[list[str], list[list[str]]]:
    """Per cluster: its value as its first claim wrote it (:func:`display_value`), and its
    speakers in order of first appearance; what both the clusters and the message show."""
    claims = group.claims
    origins = [c.origin for c in claims]
    values = [display_value(claims[comp[0]]) for comp in comps]
    speakers = [list(dict.fromkeys([origins[k] for k in comp])) for comp in comps]
    return values, speakers


def cluster_objects(
    group: ComparedGroup,
    comps: Sequence[list[int]],
    texts: tuple[list[str], list[list[str]]] | None = None,
    refs: Sequence[str] | None = None,
) -> list[Cluster]:
    """A :class:`Cluster` per cluster of ``comps`` (``texts``: :func:`_cluster_texts`;
    ``refs``: the claims' refs; each when already made)."""
    claims = group.claims
    values, speakers = texts if texts is not None else _cluster_texts(group, comps)
    if refs is None:
        refs = [c.ref for c in claims]
    sources = [c.source for c in claims]
    return [
        Cluster(
            value=value,
            normalized=dict(claims[comp[0]].value.to_dict()),
            sources=sorted({sources[k] for k in comp}),
            claims=[refs[k] for k in comp],
            speakers=said,
        )
        for comp, value, said in zip(comps, values, speakers, strict=True)
    ]


#: Longest value, subject or property quoted in a message (then an ellipsis): a 1 MB label
#: must not make a 1 MB message.
QUOTED_CHARS = 200


def capped(text: str) -> str:
    """``text`` cut to :data:`QUOTED_CHARS` characters with an ellipsis when longer."""
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def where(group: ComparedGroup) -> str:
    """``subject property`` plus the scope, as messages name a group."""
    text = f"{capped(group.subject)} {capped(group.property)}"
    if group.scope:
        text += " [" + ", ".join(f"{capped(k)}={capped(v)}" for k, v in group.scope) + "]"
    return text


#: a message names this many speakers of a value at most, then counts the rest
MAX_SPEAKERS = 4


def _speakers_text(speakers: list[str]) -> str:
    """``a, b, c`` or ``a, b, c and 21 more``."""
    if len(speakers) <= MAX_SPEAKERS:
        return ", ".join(speakers)
    shown = MAX_SPEAKERS - 1
    return f"{', '.join(speakers[:shown])} and {len(speakers) - shown:,} more"


def _disagreeing(group: ComparedGroup) -> np.ndarray:
    """Indices of the claims in a partial or conflict pair, ascending."""
    bad = group.verdict >= PARTIAL
    involved = np.zeros(len(group.claims), dtype=bool)
    involved[group.i[bad]] = True
    involved[group.j[bad]] = True
    return np.flatnonzero(involved)


def who_disagrees(
    group: ComparedGroup, verb: str = "disagree", disagreeing: list[int] | None = None
) -> str:
    """``3 sources disagree on``: counts only the sources with a claim in a partial or
    conflict pair (a source whose claims agree or are compatible with every other is not
    disagreeing); ``X contradicts itself on`` when that is one source (``disagreeing``:
    those claims' indices, when already known)."""
    if disagreeing is None:
        disagreeing = _disagreeing(group).tolist()
    involved = disagreeing or range(len(group.claims))
    sources = list(dict.fromkeys(group.claims[k].source for k in involved))
    if len(sources) == 1:
        return f"{sources[0]} contradicts itself on"
    return f"{len(sources)} sources {verb} on"


def display_value(claim: Claim) -> str:
    """A claim's value as findings quote it: as written ("at least 19" stays "at least 19").
    A date written without a year ("Friday", "last week") adds the day it was read as."""
    raw = capped(claim.raw_text)
    claim_type = find_type(claim.type)
    return claim_type.quote(raw, claim.value) if claim_type is not None else raw


def _bad_magnitudes(group: ComparedGroup) -> np.ndarray:
    """Magnitudes of the partial and conflict pairs (float64)."""
    bad = group.verdict >= PARTIAL
    return np.asarray(group.magnitude[bad], dtype=np.float64)


def worst_magnitude(group: ComparedGroup) -> float | None:
    """Largest magnitude among partial/conflict pairs (``None``: none finite)."""
    mags = _bad_magnitudes(group)
    mags = mags[~np.isnan(mags)]
    if not mags.shape[0]:
        return None
    return _finite(float(mags.max()))


def _unit_id(unit: str) -> str:
    key = unit_key(unit)
    return key.key if key.kind == "text" else key.label


def values_message(
    group: ComparedGroup,
    comps: Sequence[list[int]],
    texts: tuple[list[str], list[list[str]]] | None = None,
) -> str:
    """``3 sources disagree on S P: 1,500 (nis) vs around 10,000 (zelenskyy); largest ratio
    6.7``: the values of the clusters in a partial or conflict pair, each as its first claim
    wrote it, with the speakers behind it (``texts``: :func:`_cluster_texts`, when already
    made)."""
    claims = group.claims
    mixed = len({_unit_id(c.unit) for c in claims if c.unit}) > 1
    values, speakers = texts if texts is not None else _cluster_texts(group, comps)
    disagreeing = _disagreeing(group).tolist()
    involved = np.zeros(len(claims), dtype=bool)
    involved[disagreeing] = True
    chosen = involved.tolist()
    shown = [k for k, comp in enumerate(comps) if any(chosen[x] for x in comp)] or range(len(comps))
    parts = []
    for k in shown:
        unit = claims[comps[k][0]].unit
        value = f"{values[k]} {unit}" if mixed and unit else values[k]
        parts.append(f"{value} ({_speakers_text(speakers[k])})")
    text = f"{who_disagrees(group, disagreeing=disagreeing)} {where(group)}: " + " vs ".join(parts)
    claim_type = find_type(group.type)
    bad = _bad_magnitudes(group)
    if claim_type is None or not bad.shape[0]:
        return text
    worst = float(bad.max())  # NaN wins, as in numpy
    phrase = claim_type.worst_phrase(worst)
    return f"{text}; {phrase}" if phrase else text


def group_finding(
    group: ComparedGroup,
    *,
    rule: str,
    level: Level,
    verdict: Verdict,
    message: str | None = None,
    config: Config | None = None,
) -> Finding:
    """The finding of ``rule`` on ``group``: every claim, the value clusters and the
    partial/conflict pairs between clusters (one per pair of clusters, with its count);
    every comparable pair instead when ``config.pairs == "all"``."""
    labels = cluster_labels(group)
    comps = clusters(group, labels)
    every = config is not None and config.pairs == "all"
    refs = [c.ref for c in group.claims]  # made once for the pairs and the clusters
    shown, omitted = ([], 0) if every else between_clusters(group, comps, labels, refs)
    texts = _cluster_texts(group, comps)
    return Finding(
        rule=rule,
        level=level,
        verdict=verdict,
        magnitude=worst_magnitude(group),
        subject=group.subject,
        property=group.property,
        message=message if message is not None else values_message(group, comps, texts),
        claims=group.claims,
        pairs=pairs(group) if every else shown,
        pairs_omitted=omitted,
        clusters=cluster_objects(group, comps, texts, refs),
        scope=group.scope,
        unit=group.unit,
        type=group.type,
    )


def claim_finding(
    group: ComparedGroup, claim: Claim, *, rule: str, level: Level, message: str
) -> Finding:
    """A finding about one claim (claim-file warnings such as E301/E302)."""
    return Finding(
        rule=rule,
        level=level,
        verdict=Verdict.PARTIAL,
        magnitude=None,
        subject=group.subject,
        property=group.property,
        message=message,
        claims=(claim,),
        scope=group.scope,
        unit=group.unit,
        type=group.type,
    )


__all__ = [
    "between_clusters",
    "claim_finding",
    "cluster_labels",
    "cluster_objects",
    "clusters",
    "components",
    "group_finding",
    "pair_limit",
    "pairs",
    "values_message",
    "where",
    "who_disagrees",
    "worst_magnitude",
]
