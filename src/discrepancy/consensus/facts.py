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


def _i32(a: object) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int32)


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
    """

    fact: np.ndarray = field(converter=_i32)
    source: np.ndarray = field(converter=_i32)
    voice: np.ndarray = field(converter=_i32)
    value: np.ndarray = field(converter=_i32)
    value_id: np.ndarray = field(converter=_i32)
    low: np.ndarray = field(converter=_f64)
    best: np.ndarray = field(converter=_f64)
    high: np.ndarray = field(converter=_f64)
    kind: np.ndarray = field(converter=lambda a: np.ascontiguousarray(a, dtype=np.int8))
    value_fact: np.ndarray = field(converter=_i32)
    value_low: np.ndarray = field(converter=_f64)
    value_best: np.ndarray = field(converter=_f64)
    value_high: np.ndarray = field(converter=_f64)
    value_start: np.ndarray = field(converter=lambda a: np.ascontiguousarray(a, dtype=np.int64))
    voice_fact: np.ndarray = field(converter=_i32)
    voice_value: np.ndarray = field(converter=_i32)
    n_sources: int
    closeness: float = 0.01

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


def _unique_rows(*cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of equal-length columns, sorted lexicographically (first column first):
    ``(index of each distinct row's first occurrence, group id of every row)``."""
    n = cols[0].shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort(tuple(reversed(cols)))
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for c in cols:
        sc = c[order]
        new[1:] |= sc[1:] != sc[:-1]
    gid = np.cumsum(new) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = gid
    return order[new], inverse


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
    closeness: float = 0.01,
) -> FactTable:
    """Build a :class:`FactTable` from per-claim codes.

    ``fact`` (0..n_facts-1) and ``source`` (0..n_sources-1) are integer codes; ``origin`` are
    integer codes of who first said each claim (default: the source), on any code space where
    equal means the same origin. Numeric claims give ``low``/``best``/``high`` (``low`` and
    ``high`` default to ``best``); categorical claims give an integer ``key`` per claim (equal
    key, equal value) and NaN numbers. ``kind`` is the kind of each fact.
    """
    fact = _i32(fact)
    n = fact.shape[0]
    source = _i32(source)
    origin = source if origin is None else np.asarray(origin, dtype=np.int64)
    best = np.full(n, np.nan) if best is None else _f64(best)
    low = best.copy() if low is None else _f64(low)
    high = best.copy() if high is None else _f64(high)
    key = np.zeros(n, dtype=np.float64) if key is None else _f64(key)
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
    numeric = kind[fact] != CATEGORICAL
    if np.any(numeric & np.isnan(best)):
        msg = "numeric facts need a number in 'best' for every claim (got NaN)"
        raise ValueError(msg)

    def nz(x: np.ndarray) -> np.ndarray:
        return np.where(np.isnan(x), 0.0, x)

    # Values: distinct (fact, key, best, low, high), sorted, so a fact's values are
    # contiguous and ordered by best value (smallest first: deterministic tie-breaks).
    first, value = _unique_rows(fact, key, nz(best), nz(low), nz(high))
    value_fact = fact[first]
    value_start = np.searchsorted(value_fact, np.arange(n_facts + 1)).astype(np.int64)
    value_id = value - value_start[fact]

    # Voices: distinct (origin, value): echoes of one origin saying one value collapse.
    vfirst, voice = _unique_rows(value, origin.astype(np.int64))
    voice_value = value[vfirst].astype(np.int32)

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
        value_low=low[first],
        value_best=best[first],
        value_high=high[first],
        value_start=value_start,
        voice_fact=value_fact[voice_value],
        voice_value=voice_value,
        n_sources=n_sources,
        closeness=closeness,
    )


__all__ = ["CATEGORICAL", "DATE", "QUANTITY", "FactTable", "build_fact_table"]
