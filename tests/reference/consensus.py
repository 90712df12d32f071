"""Consensus over compared claim objects: the reference twin's :func:`run_consensus` (the
engine builds the same fact table from columns in :mod:`discrepancy.table.consensus`).

``run_consensus(groups, method="auto")`` builds one :class:`FactTable` of every claim of the
groups (:func:`build_from_groups`), runs a method and returns a :class:`ConsensusRun`. Values
are "the same" as :func:`value_identity` defines them: equal canonical forms (the type's
``consensus_key``; quantities in the group's unit), or joined by the comparison's *agree*
verdicts, directly or through other claims.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, QUANTITY, FactTable, build_fact_table
from discrepancy.consensus.glue import (
    _AGREE,
    CLOSENESS,
    MAX_ITER,
    TOL,
    GroupLike,
    _common_fields,
    _group_consensus,
    basis_of,
    categorical_value_key,
    consensus_of,
    content_ranks,
    fact_consensus,
    fact_kind,
    first_equal,
    identity_codes,
    knowledge_arrays,
    origin_key,
    speaker_names,
)
from discrepancy.consensus.method import MethodResult, claim_supports
from discrepancy.consensus.registry import get_method, solve
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.consensus.windows import Windows, time_windows
from discrepancy.model import Claim
from discrepancy.types.registry import get_type
from reference.places import place_choice


class _Codes:
    """Integer codes for hashable keys, in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[Hashable, int] = {}

    def __call__(self, key: Hashable) -> int:
        return self.index.setdefault(key, len(self.index))


def _categorical_keys(group: GroupLike) -> list[Hashable]:
    """What "the same value" is before verdicts, per claim of ``group`` (through the group's
    ``entities`` when it has them)."""
    entities = getattr(group, "entities", None)
    members = group.members
    return [
        categorical_value_key(
            group.type, claim.value, members[k] if members is not None else None, entities
        )
        for k, claim in enumerate(group.claims)
    ]


def _all_numbers(
    groups: Sequence[GroupLike], kind: np.ndarray, offsets: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """low/best/high of every claim of ``groups`` (NaN for categorical groups), from each
    numeric type's :meth:`~discrepancy.types.protocol.BaseType.numbers`: one call per type
    and target unit (quantities in the group's unit, dates as day ordinals)."""
    low, best, high = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    batches: dict[tuple[str, str | None], list[int]] = {}
    for f, g in enumerate(groups):
        if kind[f] != CATEGORICAL:
            batches.setdefault((g.type, g.unit), []).append(f)
    group_of = np.repeat(np.arange(len(groups)), np.diff(offsets))
    for (type_name, target), fs in batches.items():
        claims = [c for f in fs for c in groups[f].claims]
        values: list[Any] = [c.value for c in claims]
        lo, b, hi = get_type(type_name).numbers(values, [c.unit for c in claims], target)
        chosen = np.zeros(len(groups), dtype=bool)
        chosen[fs] = True
        rows = np.flatnonzero(chosen[group_of])
        low[rows], best[rows], high[rows] = lo, b, hi
    return low, best, high


def group_pairs(
    groups: Sequence[Any], offsets: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compared pairs of every group (``i``, ``j``, ``verdict``; groups without them
    have none) with ``i``/``j`` as indices into all claims: group ``f``'s claims are
    ``offsets[f]:offsets[f + 1]``. Three concatenations, no numpy call per group."""
    has = [f for f, g in enumerate(groups) if getattr(g, "verdict", None) is not None]
    if not has:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8)
    verdicts = [np.asarray(groups[f].verdict) for f in has]
    counts = np.fromiter((v.shape[0] for v in verdicts), dtype=np.int64, count=len(has))
    shift = np.repeat(offsets[has], counts)
    i = np.concatenate([groups[f].i for f in has]).astype(np.int64) + shift
    j = np.concatenate([groups[f].j for f in has]).astype(np.int64) + shift
    return i, j, np.concatenate(verdicts)


def value_identity(group: GroupLike, kind: int) -> tuple[np.ndarray, ...]:
    """Per claim of ``group``: its value code within the group (smaller codes for smaller
    values; categorical values in order of first appearance) and ``low, best, high``.

    Claims are one value when their canonical forms are equal or the comparison joined them
    with *agree* verdicts, so consensus and comparison agree on what "the same" means.
    """
    code, low, best, high, _ = value_identities([group], np.array([kind], dtype=np.int8))
    return code, low, best, high


def _value_keys(groups: Sequence[GroupLike], kind: np.ndarray) -> list[Hashable]:
    """Per claim of ``groups`` (in order): what "the same value" is before verdicts, the
    group's index first (keys of different groups never meet)."""
    keys: list[Hashable] = []
    for f, g in enumerate(groups):
        if kind[f] == CATEGORICAL:
            keys.extend((f, k) for k in _categorical_keys(g))
    return keys


def value_identities(
    groups: Sequence[GroupLike], kind: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`value_identity` of all ``groups`` at once (``kind[f]`` is group ``f``'s fact
    kind): per claim, in group order, its value code within its group and ``low, best,
    high``; and the claim offsets of the groups (group ``f`` is ``offsets[f]:offsets[f+1]``).

    One pass codes the keys, one label propagation runs over the *agree* pairs of every
    group (shifted by the group offsets), and one lexsort with the group as the primary key
    orders each group's values.
    """
    sizes = np.fromiter((len(g.claims) for g in groups), dtype=np.int64, count=len(groups))
    offsets = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    n = int(offsets[-1])
    low, best, high = _all_numbers(groups, kind, offsets, n)
    group_of = np.repeat(np.arange(len(groups), dtype=np.int64), sizes)
    numeric = kind[group_of] != CATEGORICAL if n else np.zeros(0, dtype=bool)
    # base: per claim the index of the first claim of its group with an equal key
    first: dict[Hashable, int] = {}
    base = np.empty(n, dtype=np.int64)
    num_at = np.flatnonzero(numeric)
    if num_at.shape[0]:  # numbers: one lexsort, each run of equal rows points at its first
        # a quantity is its best value (what an *agree* verdict means for quantities, so
        # claims that are not compared, such as ones of disjoint ``as_of``, are still one
        # value when they say the same number); a date is its interval
        q = kind[group_of[num_at]] == QUANTITY
        lo = np.where(q, 0.0, low[num_at])
        hi = np.where(q, 0.0, high[num_at])
        base[num_at] = first_equal(num_at, (hi, best[num_at], lo, group_of[num_at]))
    cat_at = np.flatnonzero(~numeric)
    keys = _value_keys(groups, kind)
    base[cat_at] = np.fromiter(
        (first.setdefault(key, k) for key, k in zip(keys, cat_at.tolist(), strict=True)),
        dtype=np.int64,
        count=cat_at.shape[0],
    )
    rank = np.zeros(n, dtype=np.int64)
    rank[cat_at] = content_ranks(keys)
    i, j, verdict = group_pairs(groups, offsets)
    agree = verdict == _AGREE
    code = identity_codes(
        group_of, len(groups), numeric, low, best, high, base, i[agree], j[agree], rank
    )
    return code, low, best, high, offsets


def build_from_groups(
    groups: Sequence[GroupLike], *, closeness: float = CLOSENESS
) -> tuple[FactTable, tuple[str, ...]]:
    """The :class:`FactTable` of all groups at once, and the source ids (sorted) it codes.

    Fact ``i`` is ``groups[i]``; claims keep the order of ``group.claims``. Values are as
    :func:`value_identity` defines them (quantities in the group's unit).
    """
    facts, sources, _, _ = _build(groups, closeness, windowed=False)
    return facts, sources


def build_windows(
    groups: Sequence[GroupLike], *, closeness: float = CLOSENESS, declared: Sequence[Any] = ()
) -> tuple[FactTable, tuple[str, ...], Windows, np.ndarray]:
    """:func:`build_from_groups` with each group's claims split into time windows
    (:func:`~discrepancy.consensus.windows.time_windows`): fact ``w`` of the table is window
    ``w``, and with what the user knows (``declared`` sources' priors, claims' grades and
    verified values). Also returns the windows and the claim offsets of the groups."""
    return _build(groups, closeness, windowed=True, declared=declared)


def _as_of_days(claims: Sequence[Claim]) -> tuple[np.ndarray, np.ndarray]:
    """Per claim the ``as_of`` start and end as day ordinals (NaN: none)."""
    start = np.fromiter(
        (c.as_of.start.toordinal() if c.as_of is not None else np.nan for c in claims),
        dtype=np.float64,
        count=len(claims),
    )
    end = np.fromiter(
        (c.as_of.end.toordinal() if c.as_of is not None else np.nan for c in claims),
        dtype=np.float64,
        count=len(claims),
    )
    return start, end


def _build(
    groups: Sequence[GroupLike], closeness: float, *, windowed: bool, declared: Sequence[Any] = ()
) -> tuple[FactTable, tuple[str, ...], Windows, np.ndarray]:
    sources = tuple(sorted({c.source for g in groups for c in g.claims}))
    scode = {s: i for i, s in enumerate(sources)}
    kind = np.array([fact_kind(g.type) for g in groups], dtype=np.int8)
    ident, low, best, high, offsets = value_identities(groups, kind)
    claims = [c for g in groups for c in g.claims]
    group_of = np.repeat(np.arange(len(groups), dtype=np.int64), np.diff(offsets))
    start, end = _as_of_days(claims) if windowed else (np.full(len(claims), np.nan),) * 2
    windows = time_windows(group_of, start, end, len(groups))
    fact = windows.claim_window
    src = np.fromiter((scode[c.source] for c in claims), dtype=np.int32, count=len(claims))
    seen: dict[str, int] = {}
    org = np.fromiter(
        (seen.setdefault(origin_key(c.said_by, c.source), len(seen)) for c in claims),
        dtype=np.int64,
        count=len(claims),
    )
    prior, weight, verified = knowledge_arrays(claims, sources, declared)
    facts = build_fact_table(
        fact,
        src,
        n_facts=windows.n,
        n_sources=len(sources),
        kind=kind[windows.window_fact],
        origin=org,
        low=low,
        best=best,
        high=high,
        identity=ident,
        closeness=closeness,
        source_prior=prior,
        claim_weight=weight,
        verified=verified,
    )
    return facts, sources, windows, offsets


def consensus_objects(
    groups: Sequence[GroupLike],
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
) -> tuple[Consensus, ...]:
    """A :class:`Consensus` per group that has claims (fact ``f`` is ``groups[f]``), as
    :func:`consensus_of` builds it: the per-(fact, source) support, each fact's numbers and
    its first winning claim come from whole-array passes, then plain Python per group."""
    supports = claim_supports(facts, result)
    n_facts = len(groups)
    order = np.argsort(facts.fact, kind="stable")
    fact_sorted = facts.fact[order]
    bounds = np.searchsorted(fact_sorted, np.arange(n_facts + 1))
    # distinct (fact, source) pairs in one sort, each flagged when any claim supports
    pair = facts.fact.astype(np.int64) * max(facts.n_sources, 1) + facts.source
    by_pair = np.argsort(pair, kind="stable")
    sp = pair[by_pair]
    first = np.flatnonzero(np.diff(sp, prepend=-1) != 0) if sp.shape[0] else sp
    pair_sup = np.maximum.reduceat(supports[by_pair], first) if first.shape[0] else first
    pair_src = facts.source[by_pair[first]].tolist()
    pair_ok = pair_sup.astype(bool).tolist()
    pbounds = np.searchsorted(facts.fact[by_pair[first]], np.arange(n_facts + 1)).tolist()
    # per fact: the position (in its claim rows) of the first claim holding the winner
    win = np.asarray(result.value)
    hit = np.flatnonzero(facts.value[order] == win[fact_sorted]) if order.shape[0] else order
    first_hit = np.full(n_facts, -1, dtype=np.int64)
    if hit.shape[0]:
        fh = fact_sorted[hit]
        keep = np.flatnonzero(np.diff(fh, prepend=-1) != 0)
        first_hit[fh[keep]] = hit[keep] - bounds[fh[keep]]
    wins = win.tolist()
    score = np.asarray(result.score).tolist()
    lows, bests, highs = result.low.tolist(), result.best.tolist(), result.high.tolist()
    kinds = facts.kind.tolist()
    starts = bounds.tolist()
    winners = first_hit.tolist()
    out = []
    for f, g in enumerate(groups):
        if starts[f] == starts[f + 1]:
            continue
        sup_src: list[str] = []
        dissent: list[str] = []
        for k in range(pbounds[f], pbounds[f + 1]):
            (sup_src if pair_ok[k] else dissent).append(sources[pair_src[k]])
        w = wins[f]
        common = _common_fields(g, None if w < 0 else float(score[w]), basis_of(result, f))
        rows = order[starts[f] : starts[f + 1]]
        numbers = (lows[f], bests[f], highs[f])
        winner = max(winners[f], 0)
        if get_type(g.type).nested:  # places: the deepest place a majority supports
            winner, sup_src, dissent = _place_vote(g, facts, result, rows, sources, common, winner)
        out.append(
            _group_consensus(
                g, kinds[f], common, sup_src, dissent, numbers, winner, (facts, rows, ())
            )
        )
    return tuple(out)


def _place_vote(
    g: GroupLike,
    facts: FactTable,
    result: MethodResult,
    rows: np.ndarray,
    sources: Sequence[str],
    common: dict[str, Any],
    winner: int,
) -> tuple[int, list[str], list[str]]:
    """The winner, support and dissent of a place group by the plain hierarchy vote (the
    method's winner and its support when no place holds); sets ``common``'s confidence and
    basis."""
    voices = [int(v) for v in facts.voice[rows]]
    origins = None
    if facts.voice_origin is not None:
        origins = [int(facts.voice_origin[v]) for v in voices]
    weights = [float(result.reliability[facts.source[r]]) for r in rows]
    if common["basis"] == "tie":  # reliabilities that rest on the method's tie-break
        weights = [1.0] * len(weights)
    src = [int(facts.source[r]) for r in rows]
    choice = place_choice(g, voices, origins, weights)
    if choice is None:
        ok = [bool(x) for x in claim_supports(facts, result)[rows]]
    else:
        winner, ok, confidence, opposed = choice
        common["confidence"] = round(confidence, 6)
        if common["basis"] != "single-origin":
            common["basis"] = "majority" if opposed else "unanimous"
    sup = {s for s, fine in zip(src, ok, strict=True) if fine}
    return winner, [sources[k] for k in sorted(sup)], [sources[k] for k in sorted(set(src) - sup)]


def run_consensus(
    groups: Sequence[GroupLike],
    *,
    method: str = "auto",
    config: object = None,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    closeness: float = CLOSENESS,
    declared: Sequence[Any] = (),
) -> ConsensusRun:
    """Truth discovery over all groups at once: one :class:`Consensus` per group.

    ``declared`` are :class:`~discrepancy.Source` objects whose ``reliability`` or
    ``grade`` give their prior accuracy; claims' ``grade`` weighs their vote and
    ``verified`` claims fix their fact's value.

    ``method`` names a registered method (see :func:`discrepancy.consensus.methods`);
    when ``config`` (a :class:`discrepancy.Config`) is given and ``method`` is left at
    ``"auto"``, ``config.consensus_method`` decides. Reliability is per source, sorted.

    Raises:
        ValueError: for an unknown method name (listing the known ones).
    """
    if method == "auto" and config is not None:
        method = str(getattr(config, "consensus_method", method) or method)
    get_method(method)  # an unknown name fails before any work
    groups = tuple(groups)
    facts, sources, windows, offsets = build_windows(groups, closeness=closeness, declared=declared)
    result = solve(method, facts, tol=tol, max_iter=max_iter)
    reliability = tuple((s, round(float(result.reliability[i]), 6)) for i, s in enumerate(sources))
    speakers = speaker_names([c for g in groups for c in g.claims])
    if windows.split or any(s is not None for s in speakers):
        built = _by_window(groups, facts, result, sources, windows, offsets, speakers)
    else:
        built = consensus_objects(groups, facts, result, sources)
    return ConsensusRun(
        method=method,
        iterations=int(result.iterations),
        converged=bool(result.converged),
        reliability=reliability,
        groups=built,
    )


def _by_window(
    groups: Sequence[GroupLike],
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
    windows: Windows,
    offsets: np.ndarray,
    speakers: Sequence[str | None],
) -> tuple[Consensus, ...]:
    """A :class:`Consensus` per group with claims, from its windows (:func:`fact_consensus`)."""
    supports = claim_supports(facts, result)
    order = np.argsort(facts.fact, kind="stable")
    bounds = np.searchsorted(facts.fact[order], np.arange(windows.n + 1))

    def rows_of(w: int) -> np.ndarray:
        return order[bounds[w] : bounds[w + 1]]  # type: ignore[no-any-return]

    def build(w: int, g: GroupLike, rows: np.ndarray) -> Consensus:
        return consensus_of(w, g, facts, result, sources, supports, rows, speakers)

    return tuple(
        fact_consensus(f, g, windows, int(offsets[f]), rows_of, build)
        for f, g in enumerate(groups)
        if offsets[f + 1] > offsets[f]
    )


__all__ = [
    "build_from_groups",
    "build_windows",
    "group_pairs",
    "run_consensus",
    "value_identities",
    "value_identity",
]
