"""CRH (Li, Li, Gao, Su, Zhao, Fan and Han, SIGMOD 2014) for continuous and categorical data."""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, FactTable
from discrepancy.consensus.kernels import segment_argmax, weighted_median
from discrepancy.consensus.method import (
    MethodResult,
    finish,
    normalise_per_fact,
    value_weight,
    voice_weight,
)


def _losses(facts: FactTable, win: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Per claim loss against the current truths.

    Numbers: distance from the truth to the claim's interval (0 when inside: "about
    12,000" supports 11,800), divided by the fact's spread (median absolute deviation of the
    claimed bests around the truth, so one vandal value doesn't hide every other error), and
    capped at 1. Categories: 0 when equal, else 1.
    """
    f = facts.fact
    t = best[f]
    gap = np.maximum(facts.low - t, 0.0) + np.maximum(t - facts.high, 0.0)
    gap = np.where(np.isnan(gap), 0.0, gap)
    dev = np.abs(np.where(np.isnan(facts.best), 0.0, facts.best) - np.where(np.isnan(t), 0, t))
    scale, _ = weighted_median(dev, np.ones(facts.n), f, facts.n_facts)
    scale = np.where((scale > 0) & np.isfinite(scale), scale, np.maximum(np.abs(best), 1.0))
    with np.errstate(over="ignore"):  # a gap of ~1e308 over a tiny scale is simply "far": 1
        num = np.minimum(gap / scale[f], 1.0)
    cat = (facts.value != win[f]).astype(np.float64)
    return np.where(facts.kind[f] == CATEGORICAL, cat, num)


def crh(facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100) -> MethodResult:
    """Conflict Resolution on Heterogeneous data, block coordinate descent.

    Truths: the weighted median of the voices' best values (numbers) or the weighted vote
    (categories). Weights: w_s = -log(loss_s / max_s loss_s) on the sources' summed losses
    (normalised so the worst source gets a small positive weight), reported as reliability
    w_s / max w. Assumes: a source's error level is the same across facts; losses are
    comparable across facts after dividing by each fact's spread.
    """
    n_s = facts.n_sources
    w = np.ones(n_s)
    win = np.full(facts.n_facts, -1, dtype=np.int64)
    best = np.full(facts.n_facts, np.nan)
    converged, it = False, 0
    for it in range(1, max_iter + 1):  # noqa: B007 - iterations reported
        vw = voice_weight(facts, w)
        score = value_weight(facts, vw)
        win = segment_argmax(score, facts.value_fact, facts.n_facts)
        vnum = np.flatnonzero(facts.kind[facts.voice_fact] != CATEGORICAL)
        med, at = weighted_median(
            facts.value_best[facts.voice_value[vnum]],
            vw[vnum],
            facts.voice_fact[vnum],
            facts.n_facts,
        )
        ok = at >= 0
        best = np.where(ok, med, np.nan)
        if vnum.shape[0]:
            win = np.where(ok, facts.voice_value[vnum][np.maximum(at, 0)], win)
        loss = _losses(facts, win, best)
        total = np.bincount(facts.source, weights=loss, minlength=n_s)
        ratio = total / max(float(total.sum()), 1e-12)
        new = -np.log(np.clip(ratio, 1e-9, 1.0)) + 1e-3
        change = float(np.max(np.abs(new / new.max() - w / w.max())))
        w = new
        if change < tol:
            converged = True
            break
    return finish(
        facts,
        win,
        best,
        normalise_per_fact(facts, value_weight(facts, voice_weight(facts, w))),
        w / w.max() if n_s else w,
        iterations=it,
        converged=converged,
    )


__all__ = ["crh"]
