"""The default method: trust-weighted voting on exact values, robust for numbers.

See docs/consensus.md for how the one default configuration was chosen.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from discrepancy.consensus.facts import CATEGORICAL, FactTable
from discrepancy.consensus.kernels import (
    interval_support,
    segment_argmax,
    support_plan,
    weighted_median,
)
from discrepancy.consensus.method import (
    MethodResult,
    finish,
    normalise_per_fact,
    per_source_mean,
    value_weight,
    voice_weight,
)


@frozen(kw_only=True)
class AutoParams:
    """The one configuration ``auto`` runs with, the same for every data set."""

    #: prior accuracy of a source before any evidence (ACCU's default) ...
    prior: float = 0.8
    #: ... worth this many pseudo-claims, so a source with one claim isn't judged on it alone.
    strength: float = 2.0
    #: how much a source's credit for a winning claim is its share of that value's vote
    #: (1: Investment's share, rewarding independent confirmation; 0: plain accuracy).
    share: float = 1.0
    #: weight of the votes of close values (inside the other's interval or within
    #: ``facts.closeness``); 0 votes on exact values only.
    rho: float = 0.25
    #: numeric facts where no value has two independent voices: weighted median instead.
    median_fallback: bool = True


DEFAULT = AutoParams()


def run_auto(
    facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100, params: AutoParams = DEFAULT
) -> MethodResult:
    """``auto`` with explicit parameters (for tuning studies and tests)."""
    p = params
    n_claims = np.bincount(facts.source, minlength=facts.n_sources).astype(np.float64)
    trust = np.ones(facts.n_sources)
    win = np.full(facts.n_facts, -1, dtype=np.int64)
    score = np.zeros(facts.n_values)
    plan = support_plan(facts) if p.rho else None
    converged, it = facts.n == 0, 0
    for it in range(1, max_iter + 1):  # noqa: B007 - iterations reported
        vw = voice_weight(facts, trust)
        exact = value_weight(facts, vw)
        score = exact + p.rho * (interval_support(facts, exact, plan) - exact) if p.rho else exact
        win = segment_argmax(score, facts.value_fact, facts.n_facts)
        hit = facts.value == win[facts.fact]
        # a claim's credit: its voice's share of the winning value's vote
        share = vw[facts.voice] / np.maximum(exact[facts.value], 1e-300)
        credit = np.where(hit, share**p.share, 0.0)
        typical = float(credit[hit].mean()) if hit.any() else 1.0
        new = (
            np.bincount(facts.source, weights=credit, minlength=facts.n_sources)
            + p.strength * p.prior * typical
        ) / (n_claims + p.strength)
        top = float(new.max()) if new.size else 1.0
        new = np.maximum(new / (top if top > 0 else 1.0), 1e-9)
        change = float(np.max(np.abs(new - trust))) if new.size else 0.0
        trust = new
        if change < tol:
            converged = True
            break
    # reliability: the (shrunk) share of a source's claims that match the consensus
    hit = (facts.value == win[facts.fact]).astype(np.float64)
    acc = per_source_mean(facts, hit, prior=p.prior, strength=p.strength)
    best = np.full(facts.n_facts, np.nan)
    if p.median_fallback and facts.n:
        voices = np.bincount(facts.voice_value, minlength=facts.n_values)
        most = np.zeros(facts.n_facts, dtype=np.int64)
        np.maximum.at(most, facts.value_fact, voices)
        fallback = (facts.kind != CATEGORICAL) & (most <= 1)
        sel = np.flatnonzero(fallback[facts.voice_fact])
        med, at = weighted_median(
            facts.value_best[facts.voice_value[sel]],
            voice_weight(facts, acc)[sel],
            facts.voice_fact[sel],
            facts.n_facts,
        )
        use = np.flatnonzero(fallback & (at >= 0))
        win[use] = facts.voice_value[sel][at[use]]
        best[use] = med[use]
    return finish(
        facts,
        win,
        best,
        normalise_per_fact(facts, score),
        acc,
        iterations=it,
        converged=converged,
    )


def auto(facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100) -> MethodResult:
    """Default: trust-weighted voting on exact values; weighted median where nobody agrees.

    Each round, every value's vote is the summed trust of its independent voices (echoes
    count once) and the top value of each fact wins. A source earns credit on each claim that
    matches the winner, equal to its share of that value's vote (as in Pasternack and Roth's
    Investment: confirming a value few others hold is worth more than joining a crowd, which
    discounts blocs of sources that copy each other); its trust is its mean credit, shrunk
    towards a prior accuracy of 0.8 by two pseudo-claims (Dong et al.'s ACCU prior), so a
    source with one claim is not judged on that claim alone. Rounds stop when no trust moves
    more than ``tol``, or after ``max_iter``.

    Numeric facts where no value has two independent voices (every source says something
    different) take the weighted median of the voices instead, weighted by each source's
    accuracy: robust to vandal values near 10^15 that wreck a mean. The reliability reported
    is that accuracy: the shrunk share of a source's claims that equal the consensus.
    """
    return run_auto(facts, tol=tol, max_iter=max_iter)


__all__ = ["DEFAULT", "AutoParams", "auto", "run_auto"]
