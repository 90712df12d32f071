"""From compared groups to a :class:`FactTable`, and from a method's arrays back to
:class:`Consensus` objects.

Groups are duck-typed: anything with ``subject``, ``property``, ``scope``, ``unit``, ``type``,
``claims`` and ``members`` (per claim canonical member keys for sets, else ``None``) works,
such as the comparison engine's ``ComparedGroup``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any, Protocol

import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, DATE, QUANTITY, FactTable, build_fact_table
from discrepancy.consensus.kernels import support_mask
from discrepancy.consensus.method import MethodResult
from discrepancy.consensus.registry import get_method
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.model import Claim

#: Relative distance within which two quantities agree for consensus support (1 %).
CLOSENESS = 0.01
#: Convergence tolerance and iteration cap of a run.
TOL = 1e-6
MAX_ITER = 1000

_KINDS = {"quantity": QUANTITY, "date": DATE}


class GroupLike(Protocol):
    """What :func:`run_consensus` reads from a compared group."""

    subject: str
    property: str
    scope: tuple[tuple[str, str], ...]
    unit: str | None
    type: str
    claims: tuple[Claim, ...]
    members: tuple[tuple[str, ...], ...] | None


def _num(x: float) -> float | int:
    return int(x) if math.isfinite(x) and x.is_integer() and abs(x) < 2**53 else float(x)


def _label_key(text: str) -> str:
    return " ".join(text.casefold().split())


class _Codes:
    """Integer codes for hashable keys, in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[Hashable, int] = {}

    def __call__(self, key: Hashable) -> int:
        return self.index.setdefault(key, len(self.index))


def _claim_key(group: GroupLike, k: int, claim: Claim) -> Hashable:
    v: Any = claim.value
    if group.type == "set":
        members = group.members[k] if group.members is not None else v.members
        return ("set", tuple(sorted(set(members))))
    if group.type == "label":
        return ("label", _label_key(str(v.text)))
    if group.type == "assertion":
        return ("assertion", bool(v.value))
    return ("other", repr(v))


def build_from_groups(
    groups: Sequence[GroupLike], *, closeness: float = CLOSENESS
) -> tuple[FactTable, tuple[str, ...]]:
    """The :class:`FactTable` of all groups at once, and the source ids (sorted) it codes.

    Fact ``i`` is ``groups[i]``; claims keep the order of ``group.claims``.
    """
    sources = tuple(sorted({c.source for g in groups for c in g.claims}))
    scode = {s: i for i, s in enumerate(sources)}
    origins, keys = _Codes(), _Codes()
    for s in sources:  # a source id and a said_by of the same name are one origin
        origins(s)
    fact, src, org, key, low, best, high = [], [], [], [], [], [], []
    kind = np.array([_KINDS.get(g.type, CATEGORICAL) for g in groups], dtype=np.int8)
    for f, g in enumerate(groups):
        for k, c in enumerate(g.claims):
            fact.append(f)
            src.append(scode[c.source])
            org.append(origins(c.origin))
            v: Any = c.value
            if kind[f] == QUANTITY:
                key.append(0)
                low.append(float(v.low))
                best.append(float(v.best))
                high.append(float(v.high))
            elif kind[f] == DATE:
                a, b = float(v.start.toordinal()), float(v.end.toordinal())
                key.append(0)
                low.append(a)
                best.append((a + b) / 2.0)
                high.append(b)
            else:
                key.append(keys(_claim_key(g, k, c)))
                low.append(math.nan)
                best.append(math.nan)
                high.append(math.nan)
    facts = build_fact_table(
        np.array(fact, dtype=np.int32),
        np.array(src, dtype=np.int32),
        n_facts=len(groups),
        n_sources=len(sources),
        kind=kind,
        origin=np.array(org, dtype=np.int64),
        low=np.array(low, dtype=np.float64),
        best=np.array(best, dtype=np.float64),
        high=np.array(high, dtype=np.float64),
        key=np.array(key, dtype=np.float64),
        closeness=closeness,
    )
    return facts, sources


def _iso(ordinal: float) -> str:
    return dt.date.fromordinal(round(ordinal)).isoformat()


def _consensus_of(
    f: int,
    g: GroupLike,
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
    supports: np.ndarray,
    rows: np.ndarray,
) -> Consensus:
    """One group's :class:`Consensus` from the run's arrays (``rows``: its claim rows)."""
    claims = g.claims
    sup_src = sorted({sources[facts.source[r]] for r in rows if supports[r]})
    all_src = sorted({c.source for c in claims})
    dissent = [s for s in all_src if s not in sup_src]
    win = int(result.value[f])
    conf = float(result.score[win]) if win >= 0 else None
    common: dict[str, Any] = {
        "subject": g.subject,
        "property": g.property,
        "type": g.type,
        "scope": tuple(g.scope),
        "unit": g.unit,
        "confidence": None if conf is None else round(conf, 6),
    }
    if facts.kind[f] == QUANTITY:
        lo, b, hi = (float(result.low[f]), float(result.best[f]), float(result.high[f]))
        return Consensus(
            value=str(_num(b)),
            low=_num(lo),
            best=_num(b),
            high=_num(hi),
            support=sup_src,
            dissent=dissent,
            **common,
        )
    if facts.kind[f] == DATE:
        lo_s, hi_s = _iso(result.low[f]), _iso(result.high[f])
        return Consensus(
            value=lo_s if lo_s == hi_s else f"{lo_s}..{hi_s}",
            low=lo_s,
            best=lo_s,
            high=hi_s,
            support=sup_src,
            dissent=dissent,
            **common,
        )
    winner = next((k for k, r in enumerate(rows) if facts.value[r] == win), 0)
    v: Any = claims[winner].value
    if g.type == "assertion":
        return Consensus(
            value="true" if v.value else "false",
            best=bool(v.value),
            support=sup_src,
            dissent=dissent,
            **common,
        )
    if g.type == "set":
        return _set_consensus(g, facts, result, rows, common)
    return Consensus(value=str(v.render()), support=sup_src, dissent=dissent, **common)


def _set_consensus(
    g: GroupLike,
    facts: FactTable,
    result: MethodResult,
    rows: np.ndarray,
    common: dict[str, Any],
) -> Consensus:
    """Members with the reliability-weighted share of independent voices naming each."""
    voice_members: dict[int, frozenset[str]] = {}
    voice_src: dict[int, list[float]] = {}
    for k, r in enumerate(rows):
        c: Any = g.claims[k]
        members = g.members[k] if g.members is not None else c.value.members
        voice_members.setdefault(int(facts.voice[r]), frozenset(members))
        voice_src.setdefault(int(facts.voice[r]), []).append(
            float(result.reliability[facts.source[r]])
        )
    weight = {v: sum(ws) / len(ws) for v, ws in voice_src.items()}
    total = sum(weight.values())
    if total <= 0:
        weight = dict.fromkeys(weight, 1.0)
        total = float(len(weight))
    names = sorted({m for ms in voice_members.values() for m in ms})
    share = {m: sum(w for v, w in weight.items() if m in voice_members[v]) / total for m in names}
    ranked = sorted(names, key=lambda m: (-share[m], m))
    chosen = frozenset(m for m in ranked if share[m] >= 0.5)
    sup, seen = set(), set()
    for k, c in enumerate(g.claims):
        cv: Any = c.value
        members = frozenset(g.members[k] if g.members is not None else cv.members)
        seen.add(c.source)
        if chosen <= members and (not cv.complete or members == chosen):
            sup.add(c.source)
    return Consensus(
        value=", ".join(m for m in ranked if m in chosen),
        members=tuple((m, round(share[m], 6)) for m in ranked),
        support=sorted(sup),
        dissent=sorted(seen - sup),
        **common,
    )


def consensus_objects(
    groups: Sequence[GroupLike],
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
) -> tuple[Consensus, ...]:
    """A :class:`Consensus` per group that has claims."""
    supports = support_mask(facts, result.value, result.best, result.low, result.high)
    order = np.argsort(facts.fact, kind="stable")
    bounds = np.searchsorted(facts.fact[order], np.arange(len(groups) + 1))
    out = []
    for f, g in enumerate(groups):
        rows = order[bounds[f] : bounds[f + 1]]
        if rows.shape[0] == 0:
            continue
        out.append(_consensus_of(f, g, facts, result, sources, supports, rows))
    return tuple(out)


def run_consensus(
    groups: Sequence[GroupLike],
    *,
    method: str = "auto",
    config: object = None,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    closeness: float = CLOSENESS,
) -> ConsensusRun:
    """Truth discovery over all groups at once: one :class:`Consensus` per group.

    ``method`` names a registered method (see :func:`discrepancy.consensus.methods`);
    when ``config`` (a :class:`discrepancy.Config`) is given and ``method`` is left at
    ``"auto"``, ``config.consensus_method`` decides. Reliability is per source, sorted.

    Raises:
        ValueError: for an unknown method name (listing the known ones).
    """
    if method == "auto" and config is not None:
        method = str(getattr(config, "consensus_method", method) or method)
    fn = get_method(method)
    groups = tuple(groups)
    facts, sources = build_from_groups(groups, closeness=closeness)
    result = fn(facts, tol=tol, max_iter=max_iter)
    reliability = tuple((s, round(float(result.reliability[i]), 6)) for i, s in enumerate(sources))
    return ConsensusRun(
        method=method,
        iterations=int(result.iterations),
        converged=bool(result.converged),
        reliability=reliability,
        groups=consensus_objects(groups, facts, result, sources),
    )


def _codes(values: object) -> tuple[np.ndarray, np.ndarray]:
    arr = np.asarray(values)
    if arr.dtype == object:
        arr = arr.astype(str)
    uniq, inv = np.unique(arr, return_inverse=True)
    return uniq, inv.reshape(-1)


def consensus_from_columns(
    source: Sequence[object] | np.ndarray,
    subject: Sequence[object] | np.ndarray,
    property: Sequence[object] | np.ndarray,
    best: Sequence[float] | np.ndarray,
    low: Sequence[float] | np.ndarray | None = None,
    high: Sequence[float] | np.ndarray | None = None,
    said_by: Sequence[object] | np.ndarray | None = None,
    method: str = "auto",
    *,
    tol: float = TOL,
    max_iter: int = MAX_ITER,
    closeness: float = CLOSENESS,
) -> tuple[list[tuple[str, str]], np.ndarray, ConsensusRun]:
    """Consensus of numeric claims given as columns (the bulk path ``check_table`` uses).

    Returns ``(keys, estimates, run)``: ``keys[i]`` is the ``(subject, property)`` of fact
    ``i`` (sorted), ``estimates[i]`` is its ``[low, best, high]``, and ``run`` carries the
    method, iterations, reliabilities and a :class:`Consensus` per fact. ``said_by`` (empty
    or None: the source itself) collapses echoes. No Python loop per claim except building
    the Consensus objects at the end.
    """
    src_names, src = _codes(source)
    subj_names, subj = _codes(subject)
    prop_names, prop = _codes(property)
    pair = subj.astype(np.int64) * max(len(prop_names), 1) + prop
    fact_pairs, fact = np.unique(pair, return_inverse=True)
    fact = fact.reshape(-1)
    keys = [
        (
            str(subj_names[p // max(len(prop_names), 1)]),
            str(prop_names[p % max(len(prop_names), 1)]),
        )
        for p in fact_pairs
    ]
    origin = src.astype(np.int64)
    if said_by is not None:
        said = np.asarray(said_by, dtype=object)
        given = np.array([x is not None and x == x and str(x) != "" for x in said], dtype=bool)
        names = np.where(given, said.astype(str), np.asarray(src_names)[src].astype(str))
        _, origin = _codes(names)
    b = np.asarray(best, dtype=np.float64)
    facts = build_fact_table(
        fact,
        src,
        n_facts=len(keys),
        n_sources=len(src_names),
        kind=np.full(len(keys), QUANTITY, dtype=np.int8),
        origin=origin,
        low=None if low is None else np.fmin(np.asarray(low, dtype=np.float64), b),
        best=b,
        high=None if high is None else np.fmax(np.asarray(high, dtype=np.float64), b),
        closeness=closeness,
    )
    result = get_method(method)(facts, tol=tol, max_iter=max_iter)
    estimates = np.column_stack([result.low, result.best, result.high])
    groups = [_ColumnGroup(s, p) for s, p in keys]
    sources = [str(s) for s in src_names]
    run = ConsensusRun(
        method=method,
        iterations=int(result.iterations),
        converged=bool(result.converged),
        reliability=tuple(
            (s, round(float(result.reliability[i]), 6)) for i, s in enumerate(sources)
        ),
        groups=_column_consensus(groups, facts, result, sources),
    )
    return keys, estimates, run


class _ColumnGroup:
    """A quantity group known only by its key (the column path has no Claim objects)."""

    def __init__(self, subject: str, property: str) -> None:
        self.subject = subject
        self.property = property


def _column_consensus(
    groups: Sequence[_ColumnGroup], facts: FactTable, result: MethodResult, sources: Sequence[str]
) -> tuple[Consensus, ...]:
    supports = support_mask(facts, result.value, result.best, result.low, result.high)
    order = np.lexsort((facts.source, facts.fact))
    bounds = np.searchsorted(facts.fact[order], np.arange(len(groups) + 1))
    out = []
    for f, g in enumerate(groups):
        rows = order[bounds[f] : bounds[f + 1]]
        sup = sorted({sources[facts.source[r]] for r in rows if supports[r]})
        every = sorted({sources[facts.source[r]] for r in rows})
        win = int(result.value[f])
        b = float(result.best[f])
        out.append(
            Consensus(
                subject=g.subject,
                property=g.property,
                type="quantity",
                value=str(_num(b)),
                low=_num(float(result.low[f])),
                best=_num(b),
                high=_num(float(result.high[f])),
                support=sup,
                dissent=[s for s in every if s not in sup],
                confidence=None if win < 0 else round(float(result.score[win]), 6),
            )
        )
    return tuple(out)


__all__ = [
    "CLOSENESS",
    "GroupLike",
    "build_from_groups",
    "consensus_from_columns",
    "consensus_objects",
    "run_consensus",
]
