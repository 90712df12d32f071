"""From compared groups to a :class:`FactTable`, and from a method's arrays back to
:class:`Consensus` objects.

Groups are duck-typed: anything with ``subject``, ``property``, ``scope``, ``unit``, ``type``,
``claims`` and ``members`` (per claim canonical member keys for sets, else ``None``) works,
such as the comparison engine's ``ComparedGroup``. When a group also carries the comparison's
pairs (``i``, ``j``, ``verdict``) and ``entities``, consensus uses the comparison's notion of
"the same value": claims joined by *agree* verdicts (directly or through others) are one value,
and labels are compared in canonical form (entity aliases, transliteration, case). Quantities
are converted to the group's unit first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any, Protocol

import attrs
import numpy as np

from discrepancy.compare.text import fold
from discrepancy.consensus.facts import CATEGORICAL, DATE, QUANTITY, FactTable, build_fact_table
from discrepancy.consensus.hierarchy import HierarchyChoice, hierarchy_choice
from discrepancy.consensus.method import BASIS, MethodResult, claim_supports
from discrepancy.consensus.registry import solve
from discrepancy.consensus.result import (
    Consensus,
    ConsensusList,
    ConsensusRun,
    WindowConsensus,
)
from discrepancy.consensus.windows import Windows
from discrepancy.knowledge import NEUTRAL, claim_weight, source_prior
from discrepancy.model import Claim
from discrepancy.types.registry import NUMERIC, find_type

#: verdict code of *agree* (``Verdict.AGREE.rank``)
_AGREE = 0

#: Relative distance within which two quantities agree for consensus support (1 %).
CLOSENESS = 0.01
#: Convergence tolerance and iteration cap of a run.
TOL = 1e-6
MAX_ITER = 1000

#: fact kind codes of the numeric consensus kinds (:attr:`BaseType.consensus`); the rest
#: are categorical
_NUMERIC = {"quantity": QUANTITY, "date": DATE}


def fact_kind(type_name: str) -> int:
    """The :class:`FactTable` kind of claims of the type ``type_name`` (categorical for a
    type no one registered)."""
    kind = find_type(type_name)
    return _NUMERIC.get(kind.consensus, CATEGORICAL) if kind is not None else CATEGORICAL


class GroupLike(Protocol):
    """What consensus reads from a compared group (read-only, so frozen classes
    such as ``ComparedGroup`` fit). Optional extras it reads when present: ``i``, ``j`` and
    ``verdict`` (the compared pairs) and ``entities`` (an ``EntityIndex``)."""

    @property
    def subject(self) -> str: ...
    @property
    def scope(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def type(self) -> str: ...
    @property
    def claims(self) -> tuple[Claim, ...]: ...
    @property
    def members(self) -> tuple[tuple[str, ...], ...] | None: ...
    @property  # last: below this line, ``property`` names the member
    def property(self) -> str: ...


def _num(x: float) -> float | int:
    return int(x) if math.isfinite(x) and x.is_integer() and abs(x) < 2**53 else float(x)


def _bound(x: float) -> float | int | None:
    """A consensus bound for JSON: ``None`` for an open side (``inf``: no claim closes it)."""
    return None if math.isinf(x) else _num(x)


def categorical_value_key(
    type_name: str, value: Any, members: Sequence[str] | None, entities: Any = None
) -> Hashable:
    """What "the same value" is for a categorical type before verdicts: the type's own
    :meth:`~discrepancy.types.protocol.BaseType.consensus_key` (sorted canonical members,
    the canonical label through ``entities`` when given, the truth value, ...). The one
    definition the claim-set and table paths share."""
    kind = find_type(type_name)
    if kind is None:
        return ("other", repr(value))
    return kind.consensus_key(value, members, entities)


def _propagate(label: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Label propagation to the smallest label of each component of the edges ``i``-``j``
    (``label`` starts as each item's representative: ``label[label] == label``)."""
    while True:
        m = np.minimum(label[i], label[j])
        before = label.copy()
        np.minimum.at(label, i, m)
        np.minimum.at(label, j, m)
        label = label[label]
        if np.array_equal(label, before):
            return label


def first_equal(at: np.ndarray, cols: Sequence[np.ndarray]) -> np.ndarray:
    """Per item of ``at`` (ascending claim indices): the first item of ``at`` whose values in
    every column of ``cols`` (aligned with ``at``; the last column sorts first) equal its
    own. One lexsort; NaN equals nothing, as in a dict of float tuples."""
    order = np.lexsort(tuple(cols))
    new = np.zeros(order.shape[0], dtype=bool)
    new[:1] = True
    for c in cols:
        sc = c[order]
        new[1:] |= sc[1:] != sc[:-1]
    out = np.empty(at.shape[0], dtype=np.int64)
    run = np.diff(np.append(np.flatnonzero(new), order.shape[0]))
    out[order] = np.repeat(at[order[new]], run)
    return out


def content_ranks(keys: Sequence[Hashable]) -> np.ndarray:
    """Per key: its rank among the distinct keys sorted by their ``repr`` (a content order:
    the same keys get the same ranks whatever order they come in)."""
    distinct = sorted(set(keys), key=repr)
    index = {k: r for r, k in enumerate(distinct)}
    return np.fromiter(map(index.__getitem__, keys), dtype=np.int64, count=len(keys))


def identity_codes(
    group_of: np.ndarray,
    n_groups: int,
    numeric: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    base: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    rank: np.ndarray | None = None,
) -> np.ndarray:
    """Per claim: its value code within its group (``group_of``), the claim-set and table
    paths' one definition of "the same value".

    ``base`` is per claim the first claim of its group with an equal key; claims of the
    *agree* pairs ``i``-``j`` (claim indices) are joined too. A group's values are ordered by
    (smallest best, smallest low, largest high) where ``numeric``, else by ``rank`` (per
    claim, the rank of its categorical key in a content order such as :func:`content_ranks`
    gives), so the order never depends on which claim came first; first appearance only
    breaks what those leave equal.
    """
    n = base.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    comp = _propagate(base.copy(), i, j) if i.shape[0] else base
    cb = np.full(n, np.inf)
    cl = np.full(n, np.inf)
    ch = np.full(n, -np.inf)
    np.minimum.at(cb, comp, np.where(numeric, best, 0.0))
    np.minimum.at(cl, comp, np.where(numeric, low, 0.0))
    np.maximum.at(ch, comp, np.where(numeric, high, 0.0))
    roots = np.flatnonzero(comp == np.arange(n))  # labels are roots: comp[comp] == comp
    content = np.zeros(n, dtype=np.int64) if rank is None else np.asarray(rank, dtype=np.int64)
    cr = np.where(numeric[roots], 0, content[roots])
    order = roots[np.lexsort((roots, cr, -ch[roots], cl[roots], cb[roots], group_of[roots]))]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(order.shape[0])
    start = np.zeros(n_groups + 1, dtype=np.int64)  # rank of each group's first value
    np.cumsum(np.bincount(group_of[roots], minlength=n_groups), out=start[1:])
    return rank[comp] - start[group_of]


def origin_key(said_by: str | None, source: str) -> str:
    """Who first said a claim, as one voice: ``said_by`` (else the source) folded, so
    ``LRC`` and ``lrc`` are one origin (entity aliases are resolved before: an alias and its
    entity's id are one too)."""
    return fold(said_by or source)


def speaker_names(claims: Sequence[Claim]) -> list[str | None]:
    """Per claim, the speaker the reports name: its ``said_by`` when that is not the
    claim's own source, spelt as the smallest spelling of its origin among ``claims`` (the
    same name in any order); None when the source speaks for itself."""
    spelling: dict[str, str] = {}
    for c in claims:
        text = c.said_by or c.source
        key = fold(text)
        if key not in spelling or text < spelling[key]:
            spelling[key] = text
    return [
        spelling[fold(c.said_by)] if c.said_by and fold(c.said_by) != fold(c.source) else None
        for c in claims
    ]


def knowledge_arrays(
    claims: Sequence[Any], sources: Sequence[str], declared: Sequence[Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the user knows, as :func:`~discrepancy.consensus.facts.build_fact_table` takes
    it: per source (of ``sources``) its declared prior (NaN: none), per claim its weight
    (its grade's, its source's digit as the fallback) and whether it is verified."""
    by_id = {getattr(s, "id", None): s for s in declared}
    prior = np.full(len(sources), np.nan)
    grades: dict[str, str | None] = {}
    for k, name in enumerate(sources):
        s = by_id.get(name)
        if s is None:
            continue
        p = source_prior(getattr(s, "reliability", None), getattr(s, "grade", None))
        prior[k] = np.nan if p is None else p
        grades[name] = getattr(s, "grade", None)
    weight = np.fromiter(
        (claim_weight(getattr(c, "grade", None), grades.get(c.source)) for c in claims),
        dtype=np.float64,
        count=len(claims),
    )
    verified = np.fromiter(
        (bool(getattr(c, "verified", False)) for c in claims), dtype=bool, count=len(claims)
    )
    return prior, weight, verified


def _iso(ordinal: float) -> str:
    """The day of an ordinal; an open start (``-inf``: "previously") is the first day."""
    return dt.date.fromordinal(round(ordinal) if math.isfinite(ordinal) else 1).isoformat()


def consensus_of(
    f: int,
    g: GroupLike,
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
    supports: np.ndarray,
    rows: np.ndarray,
    speakers: Sequence[str | None] | None = None,
) -> Consensus:
    """One group's :class:`Consensus` from the run's arrays: ``f`` is its fact, ``rows`` its
    claim rows (in the order of ``g.claims``), ``supports`` the run's per-claim support mask
    and ``sources`` the sorted source ids the table codes; ``speakers`` names the speaker of
    each claim row (None: the source speaks for itself)."""
    src = facts.source[rows].tolist()
    ok_rows = supports[rows].tolist()
    sup_codes = {k for k, ok in zip(src, ok_rows, strict=True) if ok}
    sup_src = [sources[k] for k in sorted(sup_codes)]
    dissent = [sources[k] for k in sorted(set(src) - sup_codes)]
    win = int(result.value[f])
    common = _common_fields(g, float(result.score[win]) if win >= 0 else None, basis_of(result, f))
    said = [speakers[r] for r in rows.tolist()] if speakers is not None else []
    common.update(_speaker_sides(said, ok_rows))
    kind = int(facts.kind[f])
    winner = 0
    if kind == CATEGORICAL:
        winner = next((k for k, r in enumerate(rows) if facts.value[r] == win), 0)
        choice = nested_choice(g, facts, result, rows, equal=common["basis"] == "tie")
        if choice is not None:
            winner = choice.winner
            sup_src, dissent = _split_sources(src, choice.supports.tolist(), sources)
            common["confidence"] = round(choice.confidence, 6)
            common["basis"] = nested_basis(choice, common["basis"])
    numbers = (float(result.low[f]), float(result.best[f]), float(result.high[f]))
    return _group_consensus(g, kind, common, sup_src, dissent, numbers, winner, (facts, rows, said))


def _speaker_sides(said: Sequence[str | None], ok: Sequence[bool]) -> dict[str, list[str]]:
    """The speakers behind the support and the dissent, from each claim's speaker and
    whether it supports (a speaker supports when any of its claims does)."""
    backing = {s for s, y in zip(said, ok, strict=False) if s is not None and y}
    heard = {s for s in said if s is not None}
    return {
        "support_speakers": sorted(backing),
        "dissent_speakers": sorted(heard - backing),
    }


class _Window:
    """A group restricted to some of its claims (one time window's), in the group's order."""

    def __init__(self, g: GroupLike, at: Sequence[int]) -> None:
        self.subject = g.subject
        self.scope = g.scope
        self.unit = g.unit
        self.type = g.type
        self.claims = tuple(g.claims[k] for k in at)
        members = g.members
        self.members = None if members is None else tuple(members[k] for k in at)
        self.property = g.property


def fact_consensus(
    f: int,
    g: GroupLike,
    windows: Windows,
    first_claim: int,
    rows_of: Any,
    build: Any,
) -> Consensus:
    """Group ``f``'s :class:`Consensus` from its time windows: ``rows_of(w)`` gives window
    ``w``'s claim rows (ascending; group ``f``'s claims are rows ``first_claim`` on, in the
    order of ``g.claims``) and ``build(w, group, rows)`` one window's consensus
    (:func:`consensus_of`). A dated fact's fields are its latest window's, with every window
    in ``windows``; an undated fact is its one window."""
    start, stop = int(windows.fact_start[f]), int(windows.fact_start[f + 1])
    if stop - start == 1 and windows.dates(start) is None:
        return build(start, g, rows_of(start))  # type: ignore[no-any-return]
    done: list[WindowConsensus] = []
    last: Consensus | None = None
    for w in range(start, stop):
        rows = rows_of(w)
        last = build(w, _Window(g, (rows - first_claim).tolist()), rows)
        dates = windows.dates(w)
        if dates is not None and last is not None:
            done.append(WindowConsensus.of(dates[0], dates[1], last))
    assert last is not None
    return attrs.evolve(last, windows=tuple(done))


def nested_choice(
    g: GroupLike, facts: FactTable, result: MethodResult, rows: np.ndarray, *, equal: bool = False
) -> HierarchyChoice | None:
    """For a type whose values nest (places, :meth:`BaseType.nesting`): the most specific
    value the evidence supports (:func:`~discrepancy.consensus.hierarchy.hierarchy_choice`,
    weighted by the run's source reliabilities, or every voice alike when ``equal``: where
    the method broke a tie, the reliabilities it fed back rest on that tie-break, not on
    evidence); ``None`` for flat types, or when no value holds a majority of the voices
    deciding it."""
    claim_type = find_type(g.type)
    if claim_type is None:
        return None
    entities = getattr(g, "entities", None)
    values: list[Any] = [c.value for c in g.claims]
    rel = claim_type.nesting(values, entities)
    if rel is None:
        return None
    keys = [claim_type.consensus_key(v, None, entities) for v in values]
    voice = facts.voice[rows]
    origin = None if facts.voice_origin is None else np.asarray(facts.voice_origin)[voice]
    weight = np.asarray(result.reliability, dtype=np.float64)[facts.source[rows]]
    if equal:
        weight = np.ones_like(weight)
    texts = [str(v.render()) for v in values]
    return hierarchy_choice(rel, voice, weight, keys, texts, origin)


def nested_basis(choice: HierarchyChoice, basis: str | None) -> str:
    """What a hierarchy choice rests on: one origin stays ``single-origin``; no voice
    against it is ``unanimous``; else ``majority``."""
    if basis == "single-origin":
        return basis
    return "majority" if choice.opposed else "unanimous"


def _split_sources(
    src: Sequence[int], ok: Sequence[bool], sources: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Sources (codes ``src`` per claim) with a supporting claim, and the others."""
    sup = {k for k, fine in zip(src, ok, strict=True) if fine}
    return [sources[k] for k in sorted(sup)], [sources[k] for k in sorted(set(src) - sup)]


def basis_of(result: MethodResult, f: int) -> str | None:
    """What fact ``f``'s estimate rests on, when the method says."""
    return None if result.basis is None else BASIS[int(result.basis[f])]


def _common_fields(
    g: GroupLike, confidence: float | None, basis: str | None = None
) -> dict[str, Any]:
    """The fields every kind of :class:`Consensus` has, from its group."""
    return {
        "subject": g.subject,
        "property": g.property,
        "type": g.type,
        "scope": tuple(g.scope),
        "unit": g.unit,
        "confidence": None if confidence is None else round(confidence, 6),
        "basis": basis,
    }


def _group_consensus(
    g: GroupLike,
    kind: int,
    common: dict[str, Any],
    support: list[str],
    dissent: list[str],
    numbers: tuple[float, float, float],
    winner: int,
    set_inputs: tuple[FactTable, np.ndarray, Sequence[str | None]],
) -> Consensus:
    """One group's :class:`Consensus` by its kind: quantities and dates from the estimate's
    ``numbers`` (low, best, high), sets from their members' shares (``set_inputs``: the fact
    table, the group's claim rows and their speakers), other types from claim
    ``winner``."""
    low, best, high = numbers
    if kind == QUANTITY:
        return Consensus(
            value=str(_num(best)),
            low=_bound(low),
            best=_num(best),
            high=_bound(high),
            support=support,
            dissent=dissent,
            **common,
        )
    if kind == DATE:
        lo_s, hi_s = _iso(low), _iso(high)
        return Consensus(
            value=lo_s if lo_s == hi_s else f"{lo_s}..{hi_s}",
            low=lo_s,
            best=lo_s,
            high=hi_s,
            support=support,
            dissent=dissent,
            **common,
        )
    claim_type = find_type(g.type)
    if claim_type is not None and claim_type.consensus == "set":
        return _set_consensus(g, *set_inputs, common)
    v: Any = g.claims[winner].value
    value, best_value = (
        claim_type.consensus_value(v) if claim_type is not None else (str(v.render()), None)
    )
    return Consensus(value=value, best=best_value, support=support, dissent=dissent, **common)


def member_shares(lists: Sequence[tuple[frozenset[str], bool, float]]) -> dict[str, float]:
    """Per member named in ``lists`` (each voice's members, whether its list is complete,
    its weight), the weighted share of the voices that could have named it.

    A voice naming the member backs it fully. A complete list leaving it out could have named
    it and counts fully against it. An open list ("bases include ...") leaving it out counts
    against it only as far as it could have named it: by the share of the agreed members it
    does name (its coverage). A store that lists only a book's first author of three covers a
    third and so counts a third against each co-author; one that lists every agreed author
    and leaves out a name only one other store adds counts fully against that name. The
    agreed members are those with share >= 1/2; they and the coverages are found together,
    from the union of every list, until the agreed members stop changing (a few passes;
    the same answer in any order of the voices).
    """
    names = sorted({m for ms, _, _ in lists for m in ms})
    agreed = frozenset(names)
    share: dict[str, float] = dict.fromkeys(names, 1.0)
    for _ in range(len(names) + 1):  # a bound: agreed sets could in principle alternate
        could = [
            1.0 if complete or not agreed else len(ms & agreed) / len(agreed)
            for ms, complete, _ in lists
        ]
        for m in names:
            named = denied = 0.0
            for (ms, _, w), c in zip(lists, could, strict=True):
                if m in ms:
                    named += w
                else:
                    denied += w * c
            share[m] = named / (named + denied) if named + denied > 0 else 0.0
        now = frozenset(m for m in names if share[m] >= 0.5)
        if now == agreed:
            break
        agreed = now
    return share


def _set_consensus(
    g: GroupLike,
    facts: FactTable,
    rows: np.ndarray,
    said: Sequence[str | None],
    common: dict[str, Any],
) -> Consensus:
    """Members with the share of the independent voices that could have named each
    (:func:`member_shares`). ``value`` lists the members with share >= 0.5; a complete list
    supports when it names exactly those, an open list when it names nothing else.

    A voice weighs what the user declared of its sources and claims (a source's prior over
    the neutral 0.8, a claim's grade), not the reliability the run learned: that is learned on
    whole lists, where a store that lists every author disagrees with the many that list the
    first one only, and would count least where it knows most."""
    voice_members: dict[int, frozenset[str]] = {}
    voice_complete: dict[int, bool] = {}
    voice_src: dict[int, list[float]] = {}
    # one origin, one list: relays of one speaker that print different parts of what it
    # said complement each other (the union), they don't count against each other
    origin = facts.voice_origin
    voices = (facts.voice[rows] if origin is None else origin[facts.voice[rows]]).tolist()
    declared = np.ones(rows.shape[0])
    if facts.source_prior is not None:
        prior = facts.source_prior[facts.source[rows]]
        declared = np.where(np.isnan(prior), 1.0, prior / NEUTRAL)
    if facts.claim_weight is not None:
        declared = declared * facts.claim_weight[rows]
    for k, (v, w) in enumerate(zip(voices, declared.tolist(), strict=True)):
        c: Any = g.claims[k]
        members = g.members[k] if g.members is not None else c.value.members
        complete = bool(getattr(c.value, "complete", False))
        voice_members[v] = voice_members.get(v, frozenset()) | frozenset(members)
        voice_complete[v] = voice_complete.get(v, True) and complete
        voice_src.setdefault(v, []).append(w)
    weight = {v: sum(ws) / len(ws) for v, ws in voice_src.items()}
    if sum(weight.values()) <= 0:
        weight = dict.fromkeys(weight, 1.0)
    lists = [(voice_members[v], voice_complete[v], weight[v]) for v in sorted(weight)]
    share = member_shares(lists)
    names = sorted(share)
    ranked = sorted(names, key=lambda m: (-share[m], m))
    chosen = frozenset(m for m in ranked if share[m] >= 0.5)
    if common.get("basis") == "verified":  # the members the user verified
        verified: Any = next(k for k, c in enumerate(g.claims) if getattr(c, "verified", False))
        value: Any = g.claims[verified].value
        chosen = frozenset(g.members[verified] if g.members is not None else value.members)
    sup, seen = set(), set()
    ok: list[bool] = []
    for k, c in enumerate(g.claims):
        cv: Any = c.value
        members = frozenset(g.members[k] if g.members is not None else cv.members)
        seen.add(c.source)
        ok.append(members == chosen or (not cv.complete and members <= chosen))
        if ok[-1]:
            sup.add(c.source)
    common = {**common, **_speaker_sides(said, ok)}
    return Consensus(
        value=", ".join(m for m in ranked if m in chosen),
        members=tuple((m, round(share[m], 6)) for m in ranked),
        support=sorted(sup),
        dissent=sorted(seen - sup),
        **common,
    )


def _codes(values: Sequence[object] | np.ndarray) -> tuple[list[str], np.ndarray]:
    """Sorted distinct values (as strings) and each item's code into them."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "iufbU":
            uniq, inv = np.unique(values, return_inverse=True)
            return [str(u) for u in uniq.tolist()], inv.reshape(-1).astype(np.int64)
        values = values.tolist()
    distinct = list(dict.fromkeys(values))
    if not all(isinstance(v, str) for v in distinct):
        values = [str(x) for x in values]
        distinct = list(dict.fromkeys(values))
    names: list[str] = sorted(distinct)  # type: ignore[arg-type]
    index = {v: k for k, v in enumerate(names)}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return names, codes


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
    """Consensus of numeric claims given as columns (a bulk path without claim objects).

    Returns ``(keys, estimates, run)``: ``keys[i]`` is the ``(subject, property)`` of fact
    ``i`` (sorted), ``estimates[i]`` is its ``[low, best, high]``, and ``run`` carries the
    method, iterations, reliabilities and a :class:`Consensus` per fact, each built when it is
    first read. ``said_by`` (empty or None: the source itself) collapses echoes. No Python
    loop per claim beyond coding the string columns.
    """
    src_names, src = _codes(source)
    subj_names, subj = _codes(subject)
    prop_names, prop = _codes(property)
    n_prop = max(len(prop_names), 1)
    fact_pairs, fact = np.unique(subj * n_prop + prop, return_inverse=True)
    fact = fact.reshape(-1)
    keys = [(subj_names[p // n_prop], prop_names[p % n_prop]) for p in fact_pairs.tolist()]
    origin = src
    if said_by is not None:
        said = list(said_by.tolist() if isinstance(said_by, np.ndarray) else said_by)
        names = [
            origin_key(str(x) if x is not None and x == x and str(x) != "" else None, src_names[k])
            for x, k in zip(said, src.tolist(), strict=True)
        ]
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
    result = solve(method, facts, tol=tol, max_iter=max_iter)
    estimates = np.column_stack([result.low, result.best, result.high])
    run = ConsensusRun(
        method=method,
        iterations=int(result.iterations),
        converged=bool(result.converged),
        reliability=tuple(
            (s, round(float(result.reliability[i]), 6)) for i, s in enumerate(src_names)
        ),
        groups=_column_consensus(keys, facts, result, src_names),
    )
    return keys, estimates, run


def _column_consensus(
    keys: Sequence[tuple[str, str]],
    facts: FactTable,
    result: MethodResult,
    sources: Sequence[str],
) -> ConsensusList:
    """A :class:`Consensus` per fact of a quantity table, built when read."""
    supports = claim_supports(facts, result)
    # distinct (fact, source) pairs in one sort, each flagged when any claim supports
    pair = facts.fact.astype(np.int64) * max(facts.n_sources, 1) + facts.source
    order = np.argsort(pair)
    sp = pair[order]
    first = np.flatnonzero(np.diff(sp, prepend=-1) != 0) if sp.shape[0] else sp
    pair_sup = np.maximum.reduceat(supports[order], first) if first.shape[0] else supports
    pair_src = facts.source[order[first]]
    bounds = np.searchsorted(facts.fact[order[first]], np.arange(len(keys) + 1))

    def build(f: int) -> Consensus:
        a, z = bounds[f], bounds[f + 1]
        flags = zip(pair_src[a:z].tolist(), pair_sup[a:z].tolist(), strict=True)
        sup: list[str] = []
        dissent: list[str] = []
        for k, ok in flags:
            (sup if ok else dissent).append(sources[k])
        win = int(result.value[f])
        b = float(result.best[f])
        return Consensus(
            subject=keys[f][0],
            property=keys[f][1],
            type=NUMERIC.name,
            value=str(_num(b)),
            low=_bound(float(result.low[f])),
            best=_num(b),
            high=_bound(float(result.high[f])),
            support=sup,
            dissent=dissent,
            confidence=None if win < 0 else round(float(result.score[win]), 6),
            basis=basis_of(result, f),
        )

    return ConsensusList(len(keys), build)


__all__ = [
    "CLOSENESS",
    "GroupLike",
    "categorical_value_key",
    "consensus_from_columns",
    "consensus_of",
    "content_ranks",
    "fact_consensus",
    "fact_kind",
    "first_equal",
    "identity_codes",
    "knowledge_arrays",
    "member_shares",
    "nested_basis",
    "nested_choice",
    "origin_key",
    "speaker_names",
]
