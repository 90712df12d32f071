"""TruthFinder (Yin, Han and Yu, KDD 2007 / TKDE 2008) over the values of each fact."""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import FactTable
from discrepancy.consensus.kernels import (
    interval_support,
    segment_argmax,
    support_plan,
)
from discrepancy.consensus.method import (
    MethodResult,
    finish,
    normalise_per_fact,
    per_source_mean,
    value_weight,
    voice_weight,
)

#: Yin et al.'s defaults: initial trust t0, dampening gamma, implication weight rho.
INITIAL_TRUST = 0.9
DAMPENING = 0.3
INFLUENCE = 0.5


def truthfinder(facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100) -> MethodResult:
    """Source trust and value confidence reinforce each other.

    tau(s) = -ln(1 - t(s)); a value's score is the sum of tau over its voices, plus
    ``INFLUENCE`` x the score of the other values that imply it: for numbers, values whose
    interval (widened by ``facts.closeness``) contains it count fully (implication +1),
    others not at all (no negative implication, so far-off vandal values don't push the
    truth down). Confidence is 1 / (1 + exp(-gamma score)); a source's trust is the mean
    confidence of its claims. Stops when trust moves less than ``tol`` (1 - cosine).
    Assumes: sources are independent (echoes collapsed to one voice), trust is the same for
    all facts a source speaks to.
    """
    trust = np.full(facts.n_sources, INITIAL_TRUST)
    conf = np.zeros(facts.n_values)
    plan = support_plan(facts)
    converged, it = False, 0
    for it in range(1, max_iter + 1):  # noqa: B007 - iterations reported
        tau = -np.log(np.maximum(1.0 - trust, 1e-12))
        sigma = value_weight(facts, voice_weight(facts, tau))
        implied = interval_support(facts, sigma, plan) - sigma
        conf = 1.0 / (1.0 + np.exp(-DAMPENING * (sigma + INFLUENCE * implied)))
        new = per_source_mean(facts, conf[facts.value])
        denom = np.linalg.norm(new) * np.linalg.norm(trust)
        change = 1.0 - float(new @ trust) / denom if denom > 0 else 0.0
        trust = new
        if change < tol:
            converged = True
            break
    win = segment_argmax(conf, facts.value_fact, facts.n_facts)
    return finish(
        facts,
        win,
        np.full(facts.n_facts, np.nan),
        normalise_per_fact(facts, conf),
        trust,
        iterations=it,
        converged=converged,
    )


__all__ = ["truthfinder"]
