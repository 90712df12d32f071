"""Majority vote over independent voices."""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import FactTable
from discrepancy.consensus.kernels import segment_argmax
from discrepancy.consensus.method import (
    MethodResult,
    finish,
    normalise_per_fact,
    per_source_mean,
    value_weight,
)


def majority(facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100) -> MethodResult:
    """The value with the most independent voices wins.

    Assumes: sources are equally reliable and independent once echoes are collapsed (claims
    with one origin and one value are one voice). Ties go to the smallest value. One pass;
    a source's reliability is the share of its claims that equal the winner.
    """
    votes = value_weight(facts, np.ones(facts.n_voices))
    win = segment_argmax(votes, facts.value_fact, facts.n_facts)
    hit = (facts.value == win[facts.fact]).astype(np.float64)
    rel = per_source_mean(facts, hit)
    return finish(
        facts,
        win,
        np.full(facts.n_facts, np.nan),
        normalise_per_fact(facts, votes),
        rel,
        iterations=1,
        converged=True,
    )


__all__ = ["majority"]
