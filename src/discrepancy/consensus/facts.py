"""The array form every consensus method reads: one row per claim, grouped into facts.

A *fact* is one group of comparable claims (subject, property, scope). Inside a fact, claims
with exactly equal normalised values share a *value*; claims of one fact with the same origin
(``said_by``, else the source) and the same value are one *voice*, so three outlets relaying
one agency count once. Everything is a numpy array so the methods run on a million claims
without a Python loop per claim.
"""

from __future__ import annotations

import numpy as np
from attrs import field, frozen

#: Fact kinds: how values of a fact compare.
CATEGORICAL = 0  # equal or not (labels, assertions, sets)
QUANTITY = 1  # numbers with an interval; close values (relative tolerance) support each other
DATE = 2  # day ordinals [low, high]; containment supports, no relative tolerance


def _ix(a: object) -> np.ndarray:
    """An index array as ``intp``: numpy converts any other integer index on every use
    (a gather by int32 indices costs three times one by intp on a million claims)."""
    return np.ascontiguousarray(a, dtype=np.intp)


def _i64(a: object) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int64)


def _f64(a: object) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64)


@frozen(eq=False)
class FactTable:
    """Claims as parallel arrays (length ``n``), plus value- and voice-level arrays.

    Per claim: ``fact``, ``source``, ``voice`` (global voice id), ``value`` (global value id),
    ``value_id`` (id of the value within its fact), ``low``/``best``/``high`` (NaN when not
    numeric). Per value: ``value_fact`` and ``value_low``/``value_best``/``value_high``.
    Per voice: ``voice_fact``, ``voice_value``. Per fact: ``kind`` and ``value_start`` (the
    first global value id of the fact; values of a fact are contiguous and sorted).
    ``closeness`` is the relative distance within which two quantities count as agreeing.
    Voices are ordered by value (``voice_value`` is non-decreasing); ``voice_order`` lists
    the claim rows voice by voice.
    """

    fact: np.ndarray = field(converter=_ix)
    source: np.ndarray = field(converter=_ix)
    voice: np.ndarray = field(converter=_ix)
    value: np.ndarray = field(converter=_ix)
    value_id: np.ndarray = field(converter=_ix)
    low: np.ndarray = field(converter=_f64)
    best: np.ndarray = field(converter=_f64)
    high: np.ndarray = field(converter=_f64)
    kind: np.ndarray = field(converter=lambda a: np.ascontiguousarray(a, dtype=np.int8))
    value_fact: np.ndarray = field(converter=_ix)
    value_low: np.ndarray = field(converter=_f64)
    value_best: np.ndarray = field(converter=_f64)
    value_high: np.ndarray = field(converter=_f64)
    value_start: np.ndarray = field(converter=lambda a: np.ascontiguousarray(a, dtype=np.int64))
    voice_fact: np.ndarray = field(converter=_ix)
    voice_value: np.ndarray = field(converter=_ix)
    n_sources: int
    closeness: float = 0.01
    #: claim rows sorted by voice (the claims of a voice adjacent); computed when not given
    voice_order: np.ndarray = field(converter=_i64)

    #: per voice, the code of its origin (``said_by``, else the source; equal code, same
    #: origin); None when the builder didn't say (each voice then its own origin)
    voice_origin: np.ndarray | None = field(default=None)

    #: what the user knows (None: nothing). Per source its declared prior accuracy (NaN:
    #: none declared); per claim the weight of its vote (an Admiralty grade's, 1 ungraded);
    #: per fact the global value id its verified claims fix (-1: none, or they disagree)
    source_prior: np.ndarray | None = field(default=None)
    claim_weight: np.ndarray | None = field(default=None)
    fixed: np.ndarray | None = field(default=None)

    #: per fact, the code of the domain its values come from (facts of one property and
    #: type share one: their false values are the same ones); None: one domain for all
    domain: np.ndarray | None = field(default=None)

    @voice_order.default
    def _voice_order(self) -> np.ndarray:
        return np.argsort(self.voice, kind="stable")

    @property
    def n(self) -> int:
        """Number of claims."""
        return int(self.fact.shape[0])

    @property
    def n_facts(self) -> int:
        return int(self.kind.shape[0])

    @property
    def n_values(self) -> int:
        return int(self.value_fact.shape[0])

    @property
    def n_voices(self) -> int:
        return int(self.voice_fact.shape[0])

    @property
    def numeric(self) -> np.ndarray:
        """Per fact: True for quantities and dates."""
        return self.kind != CATEGORICAL


def _nz(x: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(x), 0.0, x)


def _dense_rank(x: np.ndarray) -> tuple[np.ndarray, int]:
    """Rank of each element among the distinct values of ``x`` (0 = smallest), and how many
    distinct values there are. One sort."""
    n = x.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), 0
    order = np.argsort(x)
    sx = x[order]
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(sx[1:], sx[:-1], out=new[1:])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.cumsum(new) - 1
    return rank, int(rank[order[-1]]) + 1


def _running_index(new: np.ndarray) -> np.ndarray:
    """``cumsum(new) - 1``: the index of the run each element belongs to (one array)."""
    out = np.cumsum(new, dtype=np.int64)
    out -= 1
    return out


def _sort_codes(cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort rows of integer columns (each in ``0..max``) lexicographically, first column
    first. Returns ``(order, new_prefix, new_row)``: the sort order, and over the sorted rows,
    where all columns but the last change and where any column changes.

    The columns are packed into one int64 when their ranges fit in 62 bits (one sort instead
    of a lexsort over every column); otherwise a lexsort.
    """
    n = cols[0].shape[0]
    sizes = [int(c.max()) + 1 if n else 1 for c in cols]
    bits = sum(max(size - 1, 1).bit_length() for size in sizes)
    new_prefix = np.ones(n, dtype=bool)
    new_row = np.ones(n, dtype=bool)
    if n == 0:
        return np.zeros(0, dtype=np.int64), new_prefix, new_row
    if bits <= 62:
        packed = cols[0].astype(np.int64, copy=True)
        for c, size in zip(cols[1:-1], sizes[1:-1], strict=True):
            packed *= size
            packed += c
        key = packed * sizes[-1]
        key += cols[-1]
        # stable: ties (the claims of one voice) keep claim order; and claims that come in
        # fact order (every caller's usual layout) make nearly sorted keys, timsort's best case
        order = np.argsort(key, kind="stable")
        prefix_sorted = packed[order]
        last = cols[-1][order]
        np.not_equal(prefix_sorted[1:], prefix_sorted[:-1], out=new_prefix[1:])
        new_row[1:] = new_prefix[1:] | (last[1:] != last[:-1])
        return order, new_prefix, new_row
    order = np.lexsort(tuple(reversed(cols)))
    new_prefix[1:] = False
    for c in cols[:-1]:
        sc = c[order]
        new_prefix[1:] |= sc[1:] != sc[:-1]
    last = cols[-1][order]
    new_row[1:] = new_prefix[1:] | (last[1:] != last[:-1])
    return order, new_prefix, new_row


def build_fact_table(
    fact: np.ndarray,
    source: np.ndarray,
    *,
    n_facts: int,
    n_sources: int,
    kind: np.ndarray,
    origin: np.ndarray | None = None,
    low: np.ndarray | None = None,
    best: np.ndarray | None = None,
    high: np.ndarray | None = None,
    key: np.ndarray | None = None,
    identity: np.ndarray | None = None,
    closeness: float = 0.01,
    source_prior: np.ndarray | None = None,
    claim_weight: np.ndarray | None = None,
    verified: np.ndarray | None = None,
    domain: np.ndarray | None = None,
) -> FactTable:
    """Build a :class:`FactTable` from per-claim codes.

    ``fact`` (0..n_facts-1) and ``source`` (0..n_sources-1) are integer codes; ``origin`` are
    integer codes of who first said each claim (default: the source), on any code space where
    equal means the same origin. Numeric claims give ``low``/``best``/``high`` (``low`` and
    ``high`` default to ``best``); categorical claims give an integer ``key`` per claim (equal
    key, equal value) and NaN numbers. ``kind`` is the kind of each fact.

    By default claims of a fact are one value when their key and numbers are all equal.
    ``identity`` (non-negative integers per claim) overrides that: claims of a fact with equal
    identity are one value whatever their numbers (such as the connected components of the
    comparison's *agree* verdicts), and a fact's values are ordered by identity, so give
    smaller codes to smaller values. A value's numbers are then the smallest low and best and
    the largest high of its claims.

    What the user knows: ``source_prior`` (per source, NaN: none), ``claim_weight`` (per
    claim) and ``verified`` (per claim: its value is known true; a fact whose verified
    claims hold one value is fixed to it, see ``FactTable.fixed``). ``domain`` (per fact, a
    non-negative code) says which facts draw their values from one domain (one property of
    one type), as ``FactTable.domain``.
    """
    fact = _ix(fact)
    n = fact.shape[0]
    source = _ix(source)
    origin = source if origin is None else np.asarray(origin, dtype=np.int64)
    best = np.full(n, np.nan) if best is None else _f64(best)
    low = best.copy() if low is None else _f64(low)
    high = best.copy() if high is None else _f64(high)
    kind = np.ascontiguousarray(kind, dtype=np.int8)
    if kind.shape[0] != n_facts:
        msg = f"'kind' needs one entry per fact ({n_facts}), got {kind.shape[0]}"
        raise ValueError(msg)
    if n and (fact.min() < 0 or fact.max() >= n_facts):
        msg = f"fact codes must lie in 0..{n_facts - 1}"
        raise ValueError(msg)
    if n and (source.min() < 0 or source.max() >= n_sources):
        msg = f"source codes must lie in 0..{n_sources - 1}"
        raise ValueError(msg)
    if np.isnan(best).any() and np.any((kind[fact] != CATEGORICAL) & np.isnan(best)):
        msg = "numeric facts need a number in 'best' for every claim (got NaN)"
        raise ValueError(msg)
    if identity is not None:
        identity = np.asarray(identity, dtype=np.int64)
        if identity.shape[0] != n or (n and identity.min() < 0):
            msg = f"'identity' needs one non-negative code per claim ({n})"
            raise ValueError(msg)

    # One sort of (fact, value identity, origin): a fact's values come out contiguous and
    # ordered (by key, then best: smallest first, deterministic tie-breaks), and the claims
    # of one voice (origin, value) adjacent. Float columns enter as dense ranks; columns
    # that never differ from an earlier one (low == best for exact numbers, a constant key)
    # are left out.
    cols = [fact]
    if identity is not None:
        cols.append(identity)
    else:
        seen: list[np.ndarray] = []
        for c in (key, best, low, high):
            if c is None:
                continue
            x = _nz(_f64(c))
            if n == 0 or (x == x[0]).all() or any(np.array_equal(x, y) for y in seen):
                continue
            seen.append(x)
            cols.append(_dense_rank(x)[0])
    if n and (origin.min() < 0 or origin.max() >= 2**31):
        origin = np.unique(origin, return_inverse=True)[1].reshape(-1)
    cols.append(np.asarray(origin, dtype=np.int64))
    order, new_value, new_voice = _sort_codes(cols)

    value = np.empty(n, dtype=np.int64)
    value[order] = _running_index(new_value)
    voice = np.empty(n, dtype=np.int64)
    voice[order] = _running_index(new_voice)
    vstart = np.flatnonzero(new_value)  # in sorted order
    first = order[vstart]
    value_fact = fact[first]
    value_start = np.searchsorted(value_fact, np.arange(n_facts + 1)).astype(np.int64)
    value_id = value - value_start[fact]
    if identity is None or n == 0:  # the claims of a value have equal numbers
        value_low, value_best, value_high = low[first], best[first], high[first]
    else:
        value_best = np.minimum.reduceat(best[order], vstart)
        exact = np.array_equal(low, best) and np.array_equal(high, best)  # plain numbers
        value_low = value_best.copy() if exact else np.minimum.reduceat(low[order], vstart)
        value_high = value_best.copy() if exact else np.maximum.reduceat(high[order], vstart)
    voice_value = value[order[new_voice]]
    fixed = _fixed(value, fact, n_facts, verified) if verified is not None else None
    prior = None
    if source_prior is not None and np.isfinite(source_prior).any():
        prior = _f64(source_prior)
    weight = None
    if claim_weight is not None and not np.all(claim_weight == 1.0):
        weight = _f64(claim_weight)

    return FactTable(
        fact=fact,
        source=source,
        voice=voice,
        value=value,
        value_id=value_id,
        low=low,
        best=best,
        high=high,
        kind=kind,
        value_fact=value_fact,
        value_low=value_low,
        value_best=value_best,
        value_high=value_high,
        value_start=value_start,
        voice_fact=value_fact[voice_value],
        voice_value=voice_value,
        n_sources=n_sources,
        closeness=closeness,
        voice_order=order,
        voice_origin=np.asarray(origin, dtype=np.int64)[order[new_voice]],
        source_prior=prior,
        claim_weight=weight,
        fixed=fixed,
        domain=None if domain is None else np.ascontiguousarray(domain, dtype=np.int64),
    )


def _fixed(
    value: np.ndarray, fact: np.ndarray, n_facts: int, verified: np.ndarray
) -> np.ndarray | None:
    """Per fact the value its verified claims hold (-1: none, or two values), or None when
    no claim is verified."""
    at = np.flatnonzero(np.asarray(verified, dtype=bool))
    if not at.shape[0]:
        return None
    lo = np.full(n_facts, np.iinfo(np.int64).max)
    hi = np.full(n_facts, -1)
    np.minimum.at(lo, fact[at], value[at])
    np.maximum.at(hi, fact[at], value[at])
    return np.where((hi >= 0) & (lo == hi), hi, -1)


__all__ = ["CATEGORICAL", "DATE", "QUANTITY", "FactTable", "build_fact_table"]
