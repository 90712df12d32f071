"""Numbers that are estimates rather than reports, and the estimate then.

Sources *report* a figure (a census count, a departure time) or *estimate* one (a crowd's
rating of a headline, a guess at a crowd's size). Where they report, two independent voices
giving exactly the same figure is strong evidence that it is the figure, and ``auto`` votes
on values. Where they estimate, equal values are coincidences of rounding (0, 50, 100), as
common between different facts as within one, and the mode of exact values is no
estimate. :func:`agreement_lift` tells the two apart from the claims alone; for estimates,
:func:`estimate_numbers` takes Stigler's 10 % trimmed mean of the independent voices.
"""

from __future__ import annotations

import numpy as np

from discrepancy.consensus.facts import QUANTITY, FactTable
from discrepancy.consensus.kernels import trimmed_mean, weighted_median
from discrepancy.stats import wilson_interval

#: Exact agreement is evidence when it is at least this many times as likely between two
#: voices of one fact as between voices of two different facts: a likelihood ratio under 3
#: is "not worth more than a bare mention" (Kass and Raftery 1995, after Jeffreys).
BARE_MENTION = 3.0

#: The share of the weight cut from each end: Stigler's (1977) 10 % trimmed mean, the best
#: of the estimators he compared on real measurement data; at least one voice is cut from
#: each end of three or more, so one wild value (a vandal's 10^15) never moves it.
TRIM = 0.1


def agreement_lift(facts: FactTable, open_value: np.ndarray) -> tuple[float, float]:
    """How much likelier two voices of one quantity fact give exactly the same number than
    two voices of different facts (open bounds left out): ``(point, upper)``, the ratio of
    the two rates and the largest ratio their 95 % Wilson intervals allow (the within-fact
    rate's upper end over the between-facts rate's lower end). ``inf`` when there are no
    pairs of either kind, or no two facts share a number."""
    inf = (float("inf"), float("inf"))
    fv = facts.voice_fact
    q = (facts.kind[fv] == QUANTITY) & ~open_value[facts.voice_value]
    if not q.any():
        return inf
    vf, vv = fv[q], facts.voice_value[q]
    n_f = np.bincount(vf)
    within_pairs = int((n_f * (n_f - 1)).sum() // 2)
    c = np.bincount(vv)
    within_agree = int((c * (c - 1)).sum() // 2)
    _, counts = np.unique(facts.value_best[vv], return_counts=True)
    n = int(vf.shape[0])
    between_pairs = n * (n - 1) // 2 - within_pairs
    between_agree = int((counts * (counts - 1)).sum() // 2) - within_agree
    w = wilson_interval(within_agree, within_pairs)
    b = wilson_interval(between_agree, between_pairs)
    if w is None or b is None or between_agree == 0:
        return inf
    point = (within_agree / within_pairs) / (between_agree / between_pairs)
    return point, (w[1] / b[0] if b[0] > 0 else float("inf"))


def are_estimates(facts: FactTable, open_value: np.ndarray) -> bool:
    """Whether the table's quantities are estimates: even at the top of its 95 % range,
    exact agreement within a fact is not worth more than a bare mention over agreement
    between facts. Reports are the default: a small table can't show that agreement means
    nothing, so it keeps voting on values."""
    return agreement_lift(facts, open_value)[1] < BARE_MENTION


def plausible_range(
    x: np.ndarray, w: np.ndarray, seg: np.ndarray, n_segments: int, total: np.ndarray
) -> tuple[float, float]:
    """The range of the medians of the facts with three or more origins (a median that one
    wild value can't move): no fact of the table is centred outside it, so a value beyond
    it is clamped to it before averaging (a vandal's 10^15 counts as the highest centre,
    not as 10^15). Unbounded when no fact has three origins."""
    med, _ = weighted_median(x, w, seg, n_segments)
    ok = (total >= 3.0) & np.isfinite(med)
    if not ok.any():
        return -np.inf, np.inf
    return float(med[ok].min()), float(med[ok].max())


def estimate_numbers(
    facts: FactTable, voice_w: np.ndarray, open_value: np.ndarray, which: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the facts in ``which`` (a per-fact mask): ``(estimate per fact, kept weight per
    voice, lowest and highest kept value per fact as a (2, n_facts) array)``.

    The estimate is the trimmed mean of the voices' best values, each origin weighing one
    (``voice_w``), cut by ``TRIM`` of the fact's weight from each end and by at least one
    origin when three or more remain, after values beyond the table's
    :func:`plausible_range` are clamped into it (so two vandals in one fact move it by a
    bounded amount). Open bounds ("more than 5,000") vote for no point:
    where they agree with one another and outweigh the closed figures they clamp the
    estimate into them. NaN where a fact
    has no closed voice.
    """
    nf = facts.n_facts
    fv = facts.voice_fact
    sel = np.flatnonzero(which[fv] & ~open_value[facts.voice_value])
    seg = fv[sel]
    x = facts.value_best[facts.voice_value[sel]]
    w = voice_w[sel]
    total = np.bincount(seg, weights=w, minlength=nf)
    x = np.clip(x, *plausible_range(x, w, seg, nf, total))
    trim = np.where(total >= 3.0, np.maximum(TRIM * total, 1.0), TRIM * total)
    est, kept_sel = trimmed_mean(x, w, trim, seg, nf)
    kept = np.zeros(facts.n_voices)
    kept[sel] = kept_sel
    span = np.full((2, nf), np.nan)
    on = kept_sel > 0
    lo = np.full(nf, np.inf)
    hi = np.full(nf, -np.inf)
    np.minimum.at(lo, seg[on], x[on])
    np.maximum.at(hi, seg[on], x[on])
    got = np.isfinite(lo)
    span[0, got], span[1, got] = lo[got], hi[got]
    # open bounds: the highest "more than" and the lowest "less than" of the fact
    op = np.flatnonzero(which[fv] & open_value[facts.voice_value])
    if op.shape[0]:
        ov = facts.voice_value[op]
        floor = np.full(nf, -np.inf)
        ceil = np.full(nf, np.inf)
        np.maximum.at(
            floor, fv[op], np.where(np.isfinite(facts.value_low[ov]), facts.value_low[ov], -np.inf)
        )
        np.minimum.at(
            ceil, fv[op], np.where(np.isfinite(facts.value_high[ov]), facts.value_high[ov], np.inf)
        )
        # they clamp the estimate where they agree and outweigh the figures averaged
        heavier = np.bincount(fv[op], weights=voice_w[op], minlength=nf) > total
        agree = (floor <= ceil) & heavier
        est = np.where(agree & ~np.isnan(est), np.clip(est, floor, ceil), est)
    return est, kept, span


__all__ = [
    "BARE_MENTION",
    "TRIM",
    "agreement_lift",
    "are_estimates",
    "estimate_numbers",
    "plausible_range",
]
