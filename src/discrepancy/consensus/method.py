"""What a consensus method is: ``(facts, *, tol, max_iter) -> MethodResult``.

Methods share the helpers here: voice weights (echoes count once), the final low/high of each
estimate from the claims that support it, and per-source means over claims.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from attrs import field, frozen

from discrepancy.consensus.facts import DATE, QUANTITY, FactTable
from discrepancy.consensus.kernels import support_mask


def _f64(a: object) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64)


@frozen(eq=False)
class MethodResult:
    """Estimates per fact and reliabilities per source.

    ``value`` is the global value id of each fact's estimate (-1 when none); numeric facts
    also get ``low``/``best``/``high`` (NaN otherwise). ``score`` is each value's confidence
    in [0, 1] (``normalise_per_fact`` makes a fact's sum to 1; ``auto`` gives how much
    independent evidence backs the value instead). ``reliability`` is per source, in [0, 1].
    ``basis``, when the method gives it, says per fact what the estimate rests on: an index
    into :data:`BASIS`.
    """

    value: np.ndarray = field(converter=lambda a: np.ascontiguousarray(a, dtype=np.int64))
    low: np.ndarray = field(converter=_f64)
    best: np.ndarray = field(converter=_f64)
    high: np.ndarray = field(converter=_f64)
    score: np.ndarray = field(converter=_f64)
    reliability: np.ndarray = field(converter=_f64)
    iterations: int = 1
    converged: bool = True
    #: per claim: whether it supports its fact's estimate, when the method has worked it out
    #: (:func:`finish` has, for tables without dates); None: callers use ``support_mask``
    supports: np.ndarray | None = None
    #: per fact, an index into :data:`BASIS` (None: the method doesn't say)
    basis: np.ndarray | None = None


#: What a fact's estimate rests on, by code (``MethodResult.basis``):
#: no claims; one independent voice (however many outlets relay it); independent voices all
#: on one value; a value holding a weighted majority; the top value without a majority; a
#: tie the content order broke (no evidence for either side); the weighted median of numbers
#: that hold no majority; the trimmed mean of numbers that are estimates, not reports
#: (``methods/estimates.py``); a value the user verified.
BASIS = (
    *("none", "single-origin", "unanimous", "majority", "plurality", "tie", "median", "mean"),
    "verified",
)


def apply_verified(facts: FactTable, result: MethodResult) -> MethodResult:
    """``result`` with every fact the user verified (``facts.fixed``) set to its verified
    value: low/best/high of that value, confidence 1, basis "verified", and the claims
    that support it. Any method's result; ``auto`` also scores the sources against the
    verified values while it runs."""
    fixed = facts.fixed
    if fixed is None or not np.any(fixed >= 0):
        return result
    at = fixed >= 0
    k = np.maximum(fixed, 0)
    value = np.where(at, fixed, result.value)
    vlo, vb, vhi = facts.value_low[k], facts.value_best[k], facts.value_high[k]
    date = facts.kind == DATE
    best = np.where(at, np.where(date, vlo, vb), result.best)
    low = np.where(at, vlo, result.low)
    high = np.where(at, vhi, result.high)
    score = result.score.copy()
    score[fixed[at]] = 1.0
    basis = np.zeros(facts.n_facts, dtype=np.int8) if result.basis is None else result.basis.copy()
    basis[at] = BASIS.index("verified")
    before = claim_supports(facts, result)
    now = support_mask(facts, value, np.where(date, (vlo + vhi) / 2, best), low, high)
    return MethodResult(
        value=value,
        low=low,
        best=best,
        high=high,
        score=score,
        reliability=result.reliability,
        iterations=result.iterations,
        converged=result.converged,
        supports=np.where(at[facts.fact], now, before),
        basis=basis,
    )


def claim_supports(facts: FactTable, result: MethodResult) -> np.ndarray:
    """Per claim: whether it supports its fact's estimate in ``result`` (the method's own
    mask when it gives one)."""
    if result.supports is not None:
        return result.supports
    return support_mask(facts, result.value, result.best, result.low, result.high)


class ConsensusMethod(Protocol):
    """The signature every method (built in or from an entry point) has."""

    def __call__(self, facts: FactTable, *, tol: float, max_iter: int) -> MethodResult: ...


def voice_weight(facts: FactTable, source_weight: np.ndarray) -> np.ndarray:
    """Per voice: the mean weight of the sources whose claims make it up (echoes count once)."""
    n = np.bincount(facts.voice, minlength=facts.n_voices)
    s = np.bincount(facts.voice, weights=source_weight[facts.source], minlength=facts.n_voices)
    return s / np.maximum(n, 1)


def value_weight(facts: FactTable, voice_w: np.ndarray) -> np.ndarray:
    """Per value: the summed weight of its voices."""
    return np.bincount(facts.voice_value, weights=voice_w, minlength=facts.n_values)


def normalise_per_fact(facts: FactTable, score: np.ndarray) -> np.ndarray:
    """Scale non-negative value scores to sum to 1 within each fact (uniform if all 0)."""
    s = np.maximum(score, 0.0)
    total = np.bincount(facts.value_fact, weights=s, minlength=facts.n_facts)
    count = np.bincount(facts.value_fact, minlength=facts.n_facts)
    t = total[facts.value_fact]
    return np.where(
        t > 0, s / np.where(t > 0, t, 1.0), 1.0 / np.maximum(count, 1)[facts.value_fact]
    )


def per_source_mean(
    facts: FactTable,
    per_claim: np.ndarray,
    *,
    prior: float | np.ndarray = 0.0,
    strength: float = 0.0,
) -> np.ndarray:
    """Mean of a per-claim quantity for each source, shrunk towards ``prior`` by ``strength``
    pseudo-claims (a source with one claim is not judged on that claim alone)."""
    n = np.bincount(facts.source, minlength=facts.n_sources)
    s = np.bincount(facts.source, weights=per_claim, minlength=facts.n_sources)
    return (s + prior * strength) / np.maximum(n + strength, 1e-12)


def _per_fact(
    ufunc: np.ufunc, fact: np.ndarray, x: np.ndarray, n_facts: int, empty: float
) -> np.ndarray:
    """``ufunc`` (minimum or maximum) of ``x`` per fact, ``empty`` for a fact without
    claims: ``ufunc.at`` from ``empty``, or, for claims in fact order (a table check's), one
    ``reduceat`` over the facts' runs, which applies ``ufunc`` to the same claims in the
    same order (``ufunc(empty, x0)`` is ``x0``)."""
    out = np.full(n_facts, empty)
    if fact.shape[0] > 1 and bool(np.all(fact[1:] >= fact[:-1])):
        starts = np.searchsorted(fact, np.arange(n_facts))
        ends = np.append(starts[1:], fact.shape[0])
        full = np.flatnonzero(ends > starts)
        out[full] = ufunc.reduceat(x, starts[full])
        return out
    ufunc.at(out, fact, x)
    return out


def finish(
    facts: FactTable,
    value: np.ndarray,
    best: np.ndarray,
    score: np.ndarray,
    reliability: np.ndarray,
    *,
    iterations: int,
    converged: bool,
    basis: np.ndarray | None = None,
) -> MethodResult:
    """Complete estimates with low/high from the supporting claims.

    Quantities: ``best`` as given (the winning value's best when NaN); low/high the smallest
    finite low and largest finite high among supporting claims, clamped so
    low <= best <= high; where only open claims support it, what their bounds allow together
    (``inf`` on an open side: "more than 5,000" alone is 5,000 and up). Dates: the intersection of the supporting claims' intervals when it
    is not empty, else the winning value's interval.
    """
    nf = facts.n_facts
    value = np.asarray(value, dtype=np.int64)
    has = value >= 0
    vb = (
        np.where(has, facts.value_best[np.maximum(value, 0)], np.nan)
        if facts.n_values
        else value * np.nan
    )
    best = np.where(np.isnan(best), vb, best)
    vlo = np.where(has, facts.value_low[np.maximum(value, 0)], np.nan) if facts.n_values else best
    vhi = np.where(has, facts.value_high[np.maximum(value, 0)], np.nan) if facts.n_values else best
    low, high = np.full(nf, np.nan), np.full(nf, np.nan)
    supports: np.ndarray | None = None
    if facts.n:
        sup = support_mask(facts, value, best, vlo, vhi)
        f = facts.fact
        # the spread of the supporting values: an open claim ("more than 5,000") supports
        # the estimate but its finite end is a bound, not a value anyone gave
        closed = sup & np.isfinite(facts.low) & np.isfinite(facts.high)
        lo_c = np.where(closed, facts.low, np.inf)
        hi_c = np.where(closed, facts.high, -np.inf)
        lo = _per_fact(np.minimum, f, lo_c, nf, np.inf)
        hi = _per_fact(np.maximum, f, hi_c, nf, -np.inf)
        q = facts.kind == QUANTITY
        # only open claims behind the estimate ("more than 5,000" alone): no value was given,
        # so the spread is what the bounds allow, together (5,000 and up, not 5,000..5,000)
        bound_lo, bound_hi = best, best
        if np.isinf(facts.low).any() or np.isinf(facts.high).any():
            backed = np.bincount(f, weights=sup, minlength=nf) > 0
            # fmax/fmin: other kinds' NaN ends don't count
            bound_lo = _per_fact(np.fmax, f, np.where(sup, facts.low, -np.inf), nf, -np.inf)
            bound_hi = _per_fact(np.fmin, f, np.where(sup, facts.high, np.inf), nf, np.inf)
            bound_lo = np.where(backed, bound_lo, best)
            bound_hi = np.where(backed, bound_hi, best)
        qlo = np.minimum(np.where(np.isfinite(lo), lo, bound_lo), best)
        qhi = np.maximum(np.where(np.isfinite(hi), hi, bound_hi), best)
        d = facts.kind == DATE
        dlo, dhi = vlo, vhi
        if d.any():  # dates: intersection of supporters = (max low, min high)
            ilo = np.full(nf, -np.inf)
            ihi = np.full(nf, np.inf)
            dsup = sup & d[f]
            np.maximum.at(ilo, f, np.where(dsup, facts.low, -np.inf))
            np.minimum.at(ihi, f, np.where(dsup, facts.high, np.inf))
            ok = np.isfinite(ilo) & np.isfinite(ihi) & (ilo <= ihi)
            dlo, dhi = np.where(ok, ilo, vlo), np.where(ok, ihi, vhi)
        low = np.where(q, qlo, np.where(d, dlo, np.nan))
        high = np.where(q, qhi, np.where(d, dhi, np.nan))
        best = np.where(d, low, np.where(q, best, np.nan))
        # without dates the mask against the final estimate is this one (same value, same best)
        supports = None if d.any() else sup
    return MethodResult(
        value=value,
        low=low,
        best=best,
        high=high,
        score=score,
        reliability=reliability,
        iterations=iterations,
        converged=converged,
        supports=supports,
        basis=basis,
    )


__all__ = [
    "BASIS",
    "ConsensusMethod",
    "MethodResult",
    "apply_verified",
    "claim_supports",
    "finish",
    "normalise_per_fact",
    "per_source_mean",
    "value_weight",
    "voice_weight",
]
