"""The default method: trust from independent confirmation, copies counted once, numbers as
numbers; order-free (ties broken by content) and bounded in rounds.

See docs/consensus.md for the design, the truth-set benchmark and the leave-one-set-out table.
"""

from __future__ import annotations

import numpy as np
from attrs import evolve, frozen

from discrepancy.beside import Beside
from discrepancy.consensus.facts import CATEGORICAL, QUANTITY, FactTable
from discrepancy.consensus.kernels import (
    TIE,
    SupportPlan,
    interval_median,
    interval_support,
    segment_argmax,
    support_plan,
    tie_floor,
)
from discrepancy.consensus.method import (
    BASIS,
    MethodResult,
    claim_supports,
    finish,
    normalise_per_fact,
    per_source_mean,
)
from discrepancy.consensus.methods.copying import copy_groups, false_value_chance, merge_copies
from discrepancy.consensus.methods.estimates import are_estimates, estimate_numbers


@frozen(kw_only=True)
class AutoParams:
    """The one configuration ``auto`` runs with, the same for every data set."""

    #: prior accuracy of a source before any evidence (ACCU's default) ...
    prior: float = 0.8
    #: ... worth this many pseudo-claims (one: the unit-information prior, as much as one
    #: claim tells), so a source with one claim isn't judged on it alone.
    strength: float = 1.0
    #: weight of the votes of close values (inside the other's interval or within
    #: ``facts.closeness``); 0 votes on exact values only.
    rho: float = 0.25
    #: exponent of the split of a win among its voices (1: PooledInvestment, 0: accuracy)
    split: float = 1.0
    #: sources that repeat each other's errors count once per value (see ``copying``).
    copying: bool = True
    #: numeric facts where no value holds a weighted majority take the weighted median.
    median: bool = True
    #: quantities whose exact agreement is no evidence (estimates, not reports: see
    #: ``estimates``) take the trimmed mean of their independent voices.
    estimates: bool = True
    #: categories are decided at the end by ACCU's Bayesian vote: each voice weighs the
    #: log-odds of its source's accuracy (see :func:`_accu_vote`).
    accu_vote: bool = True


DEFAULT = AutoParams()


class _Rounds:
    """One round of ``auto`` as a map from source trust to the next trust, over arrays laid
    out once per table: voices in value order, so a value's vote is a ``reduceat`` and a
    voice's share a ``repeat``; only facts with two or more values pick a winner."""

    def __init__(self, facts: FactTable, p: AutoParams) -> None:
        self.facts, self.p = facts, p
        # the support plan reads the table alone: built beside the rest of the set-up, which
        # costs as much (the whole-check lint, which once held the second core here, is done
        # by now on the usual table); the first round waits for it
        self._plan: Beside[SupportPlan | None] = Beside(
            lambda: support_plan(facts) if p.rho or bool(open_values(facts).any()) else None
        )
        nv = facts.n_voices
        self.single = nv == facts.n  # no echoes: one claim per voice
        # what the user knows: declared priors, claim weights (grades), verified values
        self.prior = source_priors(facts, p.prior)
        cw = facts.claim_weight
        if self.single:
            self.voice_source = facts.source[facts.voice_order]
            self.claim_w = None if cw is None else cw[facts.voice_order]
        else:
            self.voice_len = np.bincount(facts.voice, minlength=nv)
            order = facts.voice_order
            self.claim_source = facts.source[order]
            self.claim_w = None if cw is None else cw[order]
            self.voice_first = np.flatnonzero(np.diff(facts.voice[order], prepend=-1) != 0)
        fixed = facts.fixed
        self.fixed_at = np.zeros(0, np.int64) if fixed is None else np.flatnonzero(fixed >= 0)
        if self.fixed_at.shape[0]:
            assert fixed is not None
            self.fixed_value = fixed[self.fixed_at]
            self.fixed_values = np.isin(facts.value_fact, self.fixed_at)
        self.value_voices = np.bincount(facts.voice_value, minlength=facts.n_values)
        #: a win's split among a value's voices, the same every round: per value, not per voice
        self.value_split = self.value_voices**p.split
        self.value_first = np.concatenate([[0], np.cumsum(self.value_voices)[:-1]])
        self.value_claims = (
            self.value_voices if self.single else np.bincount(facts.value, minlength=facts.n_values)
        )
        # origins: a voice's weight is split across the values its origin gives in a fact
        self.origin_split: np.ndarray | None = None
        self.fact_origins = np.bincount(facts.voice_fact, minlength=facts.n_facts)
        if facts.voice_origin is not None and nv:
            # (fact, origin) of each voice packed into one integer
            origin = facts.voice_origin - facts.voice_origin.min()
            key = facts.voice_fact.astype(np.int64) * (int(origin.max()) + 1) + origin
            if _repeats(key):  # some origin gives two or more values in one fact
                order = np.argsort(key, kind="stable")  # (the usual table: none, no sort)
                sk = key[order]
                new = np.ones(nv, dtype=bool)
                new[1:] = sk[1:] != sk[:-1]
                run = np.cumsum(new) - 1
                per = np.bincount(run)
                split = np.empty(nv, dtype=np.float64)
                split[order] = per[run]
                self.origin_split = split
                self.fact_origins = np.bincount(
                    facts.voice_fact[order[new]], minlength=facts.n_facts
                )
        # evidence: claims in facts with two or more independent voices
        fact_voices = self.fact_origins
        self.voice_evidence = (fact_voices[facts.voice_fact] >= 2).astype(np.float64)
        claim_evidence = self.voice_evidence[facts.voice]
        self.n_claims = np.bincount(facts.source, weights=claim_evidence, minlength=facts.n_sources)
        self.value_evidence = np.bincount(
            facts.value, weights=claim_evidence, minlength=facts.n_values
        )
        sizes = np.diff(facts.value_start)
        self.win = np.where(sizes > 0, facts.value_start[:-1], -1)
        self.lone_win = np.zeros(facts.n_values)  # a fact's only value wins it, every round
        self.lone_win[self.win[self.win >= 0]] = 1.0
        self.many = np.flatnonzero(sizes > 1)  # facts that choose between values
        chooses = np.zeros(facts.n_facts, dtype=bool)
        chooses[self.many] = True
        self.many_values = np.flatnonzero(chooses[facts.value_fact])
        mstart = np.searchsorted(facts.value_fact[self.many_values], self.many)
        self.many_start = np.append(mstart, self.many_values.shape[0])
        # open values ("more than 5,000": an infinite end) constrain: their weight goes to
        # every value of the fact inside their interval, and they are not judged as points
        self.open = open_values(facts)
        has_open = bool(self.open.any())
        if has_open:
            open_voice = self.open[facts.voice_value]
            self.voice_evidence = np.where(open_voice, 0.0, self.voice_evidence)
            claim_evidence = self.voice_evidence[facts.voice]
            self.n_claims = np.bincount(
                facts.source, weights=claim_evidence, minlength=facts.n_sources
            )
            self.value_evidence = np.bincount(
                facts.value, weights=claim_evidence, minlength=facts.n_values
            )

    @property
    def plan(self) -> SupportPlan | None:
        """What :func:`interval_support` needs of the table (None: no close values vote and
        no value is open)."""
        return self._plan.result()

    def voice_weight(self, trust: np.ndarray, per_claim: np.ndarray | None = None) -> np.ndarray:
        """Per voice: the mean trust of its sources (``per_claim``, a weight per claim in
        claim order, in place of the source's trust when given), split across the values its
        origin gives in the fact (one origin counts once per fact)."""
        order = self.facts.voice_order
        if self.single:
            w = trust[self.voice_source] if per_claim is None else per_claim[order]
            if self.claim_w is not None:
                w = w * self.claim_w
        else:
            t = trust[self.claim_source] if per_claim is None else per_claim[order]
            if self.claim_w is not None:
                t = t * self.claim_w
            w = np.add.reduceat(t, self.voice_first) / self.voice_len
        return w if self.origin_split is None else w / self.origin_split

    def wins(self, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(winning value per fact, share of the win per value)`` for per-value ``score``:
        every value tied with its fact's top shares the win (a tie is no evidence for either
        side, and which one a rule picks must not feed back into trust); a fact's only
        value wins it, and a verified value wins its fact outright."""
        win = self.win.copy()
        share_win = self.lone_win.copy()
        if self.many.shape[0]:
            sub_score = score[self.many_values]
            sub = segment_argmax(sub_score, np.zeros(0), self.many.shape[0], starts=self.many_start)
            win[self.many] = self.many_values[sub]
            size = np.diff(self.many_start)
            # per fact, then repeated per value (elementwise: the same numbers, fewer of them)
            tied = sub_score >= np.repeat(tie_floor(sub_score[sub]), size)
            k = np.add.reduceat(tied.astype(np.float64), self.many_start[:-1])
            share_win[self.many_values] = np.where(tied, np.repeat(1.0 / k, size), 0.0)
        if self.fixed_at.shape[0]:
            win[self.fixed_at] = self.fixed_value
            share_win[self.fixed_values] = 0.0
            share_win[self.fixed_value] = 1.0
        return win, share_win

    def __call__(self, trust: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(next trust, winning value per fact, score per value)``."""
        f, p = self.facts, self.p
        vw = self.voice_weight(trust)
        exact = np.add.reduceat(vw, self.value_first) if vw.shape[0] else np.zeros(0)
        score = backing = exact
        plan = self.plan
        if plan is not None:
            points = np.where(self.open, 0.0, exact)
            score = backing = points + p.rho * (interval_support(f, points, plan) - points)
            if self.open.any():
                # an open bound weighs in the choice but backs no point: "more than 5,000"
                # is no confirmation of 6,000, so it earns that value's voices no trust
                score = backing + interval_support(f, np.where(self.open, exact, 0.0), plan)
        win, share_win = self.wins(score)
        # a voice's credit: an equal share of its value's win among the value's voices
        # (PooledInvestment's split, by count, so a trusted source can't take the others'
        # share), only where another voice backs the value (exactly or as a close value) and
        # only in facts with two or more voices: nobody earns trust by agreeing with itself
        x = f.voice_value
        at_x = backing[x]
        # at_x - vw > TIE * |at_x|, in place (two million-element temporaries fewer a round)
        margin = np.abs(at_x)
        margin *= TIE
        backed = np.subtract(at_x, vw, out=at_x) > margin
        # the same quotient per voice as computed per value (elementwise, so the same bits)
        credit = np.where(backed, (share_win / self.value_split)[x], 0.0)
        credit *= self.voice_evidence
        if self.single:
            earned = np.bincount(self.voice_source, weights=credit, minlength=f.n_sources)
        else:
            per_claim = np.repeat(credit, self.voice_len)
            earned = np.bincount(self.claim_source, weights=per_claim, minlength=f.n_sources)
        n_hit = float(self.value_evidence @ (share_win > 0))
        typical = float(earned.sum()) / n_hit if n_hit else 1.0
        new = (earned + p.strength * self.prior * typical) / (self.n_claims + p.strength)
        if not earned.any():  # no evidence at all: trust is the prior (equal when undeclared)
            new = np.broadcast_to(np.asarray(self.prior, dtype=np.float64), new.shape).copy()
        top = float(new.max()) if new.size else 1.0
        return np.maximum(new / (top if top > 0 else 1.0), 1e-9), win, score


def _repeats(key: np.ndarray) -> bool:
    """Whether some non-negative ``key`` occurs twice: marked in a table of every key when
    that is not much larger than the keys (a pass, no sort), else sorted."""
    top = int(key.max()) + 1
    if top > 64 * key.shape[0] + (1 << 20):
        # sorted, not np.unique: numpy's hashed unique takes ~0.7 s on a million keys that
        # are mostly distinct (many sources x many facts), a sort ~0.01 s
        ordered = np.sort(key)
        return bool(np.any(ordered[1:] == ordered[:-1]))
    seen = np.zeros(top, dtype=bool)
    seen[key] = True
    return int(np.count_nonzero(seen)) < key.shape[0]


def open_values(facts: FactTable) -> np.ndarray:
    """Per value: whether it is open ("more than 5,000": a numeric value with an infinite
    end)."""
    numeric = facts.kind[facts.value_fact] != CATEGORICAL
    return numeric & (np.isinf(facts.value_low) | np.isinf(facts.value_high))


def source_priors(facts: FactTable, default: float) -> np.ndarray | float:
    """Per source its prior accuracy: the declared one (``facts.source_prior``), else
    ``default``; ``default`` itself when no source declares one."""
    declared = facts.source_prior
    if declared is None:
        return default
    return np.where(np.isnan(declared), default, declared)


def _extrapolate(x0: np.ndarray, x1: np.ndarray, x2: np.ndarray) -> np.ndarray | None:
    """SQUAREM's step (Varadhan and Roland 2008, scheme 3) from three successive trusts, or
    None when it would not move past ``x2``."""
    r = x1 - x0
    v = x2 - x1 - r
    nv = float(np.linalg.norm(v))
    if nv == 0.0:
        return None
    alpha = -float(np.linalg.norm(r)) / nv
    if alpha > -1.0:
        return None
    x = x0 - 2.0 * alpha * r + alpha * alpha * v
    if not np.all(np.isfinite(x)):
        return None
    x = np.clip(x, 1e-9, None)
    return x / float(x.max())


def _solve(
    facts: FactTable, p: AutoParams, tol: float, max_iter: int, accelerate: bool
) -> tuple[_Rounds | None, np.ndarray, np.ndarray, np.ndarray, int, bool]:
    """Rounds until no trust moves more than ``tol``: ``(rounds, trust, winners, scores,
    rounds run, converged)``."""
    win = np.full(facts.n_facts, -1, dtype=np.int64)
    score = np.zeros(facts.n_values)
    if facts.n == 0:
        return None, np.ones(facts.n_sources), win, score, 0, True
    step = _Rounds(facts, p)
    # trust starts at the priors (all 1 when none is declared: only ratios count)
    start = np.broadcast_to(step.prior / p.prior, (facts.n_sources,))
    trust = np.array(start / max(float(start.max()), 1e-9), dtype=np.float64)
    converged, it = False, 0
    prev: tuple[np.ndarray, np.ndarray] | None = None  # (trust, winners) one round back
    while it < max_iter:
        it += 1
        new, win, score = step(trust)
        change = float(np.max(np.abs(new - trust))) if new.size else 0.0
        if change < tol:
            converged = True
            break
        if not accelerate:
            trust = new
            continue
        if prev is None or not np.array_equal(prev[1], win):
            prev, trust = (trust, win), new  # winners still moving: a plain round
            continue
        # two rounds with the same winners: the map is smooth there, so extrapolate,
        # and keep the jump only if the winners stay the same at the jump's end
        jump = _extrapolate(prev[0], trust, new)
        prev, trust = None, new
        if jump is None or it >= max_iter:
            continue
        it += 1
        landed, jwin, jscore = step(jump)
        if np.array_equal(jwin, win):
            trust, win, score = landed, jwin, jscore
            prev = (jump, jwin)
            if float(np.max(np.abs(landed - jump))) < tol:
                converged = True
                break
    return step, trust, win, score, it, converged


def run_auto(
    facts: FactTable,
    *,
    tol: float = 1e-6,
    max_iter: int = 100,
    params: AutoParams = DEFAULT,
    accelerate: bool = True,
) -> MethodResult:
    """``auto`` with explicit parameters (for studies and tests).

    The rounds are a fixed-point iteration on source trust; with ``accelerate`` a round whose
    winners equal the round before extrapolates from the last three trusts (SQUAREM).
    ``iterations`` counts rounds (evaluations of the map) of both passes.
    """
    p = params
    # whether the numbers are estimates depends on the table alone (unless copies are
    # merged below): decided beside the rounds
    table = facts
    estimates = Beside(lambda: are_estimates(table, open_values(table))) if p.estimates else None
    step, trust, win, score, it, converged = _solve(facts, p, tol, max_iter, accelerate)
    # errors are judged against the first pass's winners: a bloc that carried the first
    # pass on most facts is taken as right there and is not found. Copying is rare: what
    # follows a pass without it is worked out beside the search, and redone after a second
    first_win = win
    copies = (
        Beside(lambda: copy_groups(table, first_win)) if p.copying and step is not None else None
    )
    acc, held, win, best, no_majority = _median_pass(facts, p, step, win, score)
    groups = copies.result() if copies is not None else None
    if groups is not None:  # a second pass with copying sources merged into voices
        facts = merge_copies(facts, groups)
        step, trust, win, score, more, converged = _solve(facts, p, tol, max_iter, accelerate)
        it += more
        acc, held, win, best, no_majority = _median_pass(facts, p, step, win, score)
    voice_w = step.voice_weight(trust) if step is not None else np.zeros(0)
    if p.accu_vote and step is not None:
        voted = _accu_vote(facts, p, step, win, score)
        if voted is not None:
            many, cat_w, cat_score, win = voted
            voice_w = np.where(many[facts.voice_fact], cat_w, voice_w)
            score = np.where(many[facts.value_fact], cat_score, score)
            share = normalise_per_fact(facts, score)
            held = np.where(many, share[np.maximum(win, 0)], held)
            acc = _accuracy(facts, p, win)
    mean = np.zeros(facts.n_facts, dtype=bool)
    kept = span = None
    if (
        estimates is not None
        and step is not None
        and (estimates.result() if facts is table else are_estimates(facts, step.open))
    ):
        # estimates, not reports: each origin's figure counts once, trimmed at both ends
        mean = (facts.kind == QUANTITY) & (np.diff(facts.value_start) > 1)
        est, kept, span = estimate_numbers(
            facts, step.voice_weight(np.ones(facts.n_sources)), step.open, mean
        )
        mean &= np.isfinite(est)
        near = _nearest_kept_value(facts, est, kept)
        use = np.flatnonzero(mean)
        win[use] = np.where(near[use] >= 0, near[use], win[use])
        best[use] = est[use]
        no_majority &= ~mean
    origins = step.fact_origins if step is not None else None
    confidence, basis = evidence(facts, voice_w, score, win, held, no_majority, origins, mean)
    if kept is not None and mean.any() and origins is not None:
        # an estimate is backed by the voices it averages: (k + 1) / (n + 2) as for votes
        k = np.bincount(facts.voice_fact, weights=kept, minlength=facts.n_facts)
        at = np.flatnonzero(mean & (win >= 0))
        confidence = confidence.copy()
        confidence[win[at]] = (k[at] + 1.0) / (origins[at] + 2.0)
    result = finish(
        facts,
        win,
        best,
        confidence,
        acc,
        iterations=it,
        converged=converged,
        basis=basis,
    )
    if kept is None or span is None or not mean.any() or step is None:
        return result
    # an estimate's support is the voices it averaged (and open bounds it lies in); its
    # low/high the range of those voices
    sup = claim_supports(facts, result).copy()
    f = facts.fact
    in_mean = mean[f]
    inside = (facts.low <= result.best[f]) & (result.best[f] <= facts.high)
    kept_claim = (kept[facts.voice] > 0) | (step.open[facts.value] & inside)
    sup[in_mean] = kept_claim[in_mean]
    low = np.where(mean, np.fmin(span[0], result.best), result.low)
    high = np.where(mean, np.fmax(span[1], result.best), result.high)
    return evolve(result, low=low, high=high, supports=sup)


def _accuracy(facts: FactTable, p: AutoParams, win: np.ndarray) -> np.ndarray:
    """Reliability: per source the (shrunk) share of its claims that match ``win``."""
    hit = (facts.value == win[facts.fact]).astype(np.float64)
    return per_source_mean(facts, hit, prior=source_priors(facts, p.prior), strength=p.strength)


def _median_pass(
    facts: FactTable,
    p: AutoParams,
    step: _Rounds | None,
    win: np.ndarray,
    score: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """After the rounds: per source its accuracy, per fact the share its winner holds,
    the winners and estimates once numbers without a weighted majority (and no top value
    two independent voices give) take their median (a new array: ``win`` is left as it
    is), and which facts those are."""
    acc = _accuracy(facts, p, win)
    share = normalise_per_fact(facts, score)
    held = share[np.maximum(win, 0)]
    best = np.full(facts.n_facts, np.nan)
    no_majority = np.zeros(facts.n_facts, dtype=bool)
    win = win.copy()
    if p.median and step is not None:
        # numbers without a weighted majority on one value: the point nearest to the
        # voices' intervals (weighted by accuracy; a weighted median for plain numbers): an
        # estimate, robust to vandal values near 10^15, with open bounds constraining it.
        # Not where two or more independent voices give the top value exactly: among
        # reports, an exact match of independent figures is evidence (see ``estimates``:
        # where it is not, the mean of estimates replaces this anyway), and the median of
        # the others' scattered errors would overrule it
        confirmed = step.value_voices[np.maximum(win, 0)] >= 2
        no_majority = (facts.kind != CATEGORICAL) & (win >= 0) & (held < 0.5) & ~confirmed
        if no_majority.any():
            sel = np.flatnonzero(no_majority[facts.voice_fact])
            vv = facts.voice_value[sel]
            med, at = interval_median(
                facts.value_low[vv],
                np.where(step.open[vv], np.nan, facts.value_best[vv]),
                facts.value_high[vv],
                step.voice_weight(acc)[sel],
                facts.voice_fact[sel],
                facts.n_facts,
            )
            use = np.flatnonzero(no_majority & np.isfinite(med))
            win[use] = np.where(at[use] >= 0, vv[np.maximum(at[use], 0)], win[use])
            best[use] = med[use]
    return acc, held, win, best, no_majority


def _accu_vote(
    facts: FactTable, p: AutoParams, step: _Rounds, win: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """ACCU's vote (Dong, Berti-Equille and Srivastava 2009) on the categorical facts that
    choose between values: ``(those facts, per voice its weight, per value its score, the
    winners)``, or None when there are none.

    A source of accuracy A among n false values is right against a given wrong value with
    odds n A / (1 - A), so a value's evidence is the sum of ln(n A / (1 - A)) over its voices
    (none below 0: a source no better than chance adds nothing). A is the source's accuracy
    against the rounds' winners on the categorical claims others could judge (facts with
    two or more independent voices), a hit counting only where another voice gives the same value (as
    the rounds credit it: no source's accuracy grows from winning alone), shrunk to the
    prior as trust is; n is the false values to choose from in the fact's domain, as copy
    detection counts them (``copying.false_value_chance``). The trust of the rounds ranks sources by independent
    confirmation; this turns the accuracy it implies into the weight a vote should have,
    which on two-way facts silences sources near chance.
    """
    cat = facts.kind == CATEGORICAL
    many = cat & (np.diff(facts.value_start) > 1)
    if facts.fixed is not None:
        many &= facts.fixed < 0  # a verified value stays
    if not many.any():
        return None
    # a claim's hit: its value's share of the rounds' win (tied values share it, a verified
    # value takes it whole), and only where another voice backs the value, as credit in the
    # rounds: a source that wins alone (a split its own trust decided) has shown nothing
    share = step.wins(score)[1] * (step.value_voices >= 2)
    judged = step.voice_evidence[facts.voice] * cat[facts.fact]
    hit = share[facts.value] * judged
    n = np.bincount(facts.source, weights=judged, minlength=facts.n_sources)
    right = np.bincount(facts.source, weights=hit, minlength=facts.n_sources)
    prior = source_priors(facts, p.prior)
    acc = np.clip((right + p.strength * prior) / (n + p.strength), 1e-6, 1.0 - 1e-6)
    n_false = 1.0 / np.maximum(false_value_chance(facts), 1e-12)  # per fact, its domain's
    odds = np.log(acc / (1.0 - acc))[facts.source] + np.log(n_false)[facts.fact]
    voice_w = step.voice_weight(acc, per_claim=np.maximum(odds, 0.0))
    # a fact none of whose voices has shown anything (strangers one against one) keeps the
    # rounds' decision: the vote has no evidence to weigh there
    many &= np.bincount(facts.voice_fact, weights=voice_w, minlength=facts.n_facts) > 0
    if not many.any():
        return None
    score = np.bincount(facts.voice_value, weights=voice_w, minlength=facts.n_values)
    top = segment_argmax(score, facts.value_fact, facts.n_facts, starts=facts.value_start)
    win = np.where(many & (top >= 0), top, win)
    return many, voice_w, score, win


def _nearest_kept_value(facts: FactTable, est: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Per fact, the value nearest ``est`` among those with a kept voice (ties: the
    smaller; -1 when none)."""
    on = np.bincount(facts.voice_value, weights=kept, minlength=facts.n_values) > 0
    with np.errstate(invalid="ignore"):
        dist = np.abs(facts.value_best - est[facts.value_fact])
    score = np.where(on & np.isfinite(dist), -dist, -np.inf)
    out = segment_argmax(score, facts.value_fact, facts.n_facts, starts=facts.value_start)
    ok = out >= 0
    ok[ok] = on[out[ok]]
    return np.where(ok, out, -1)


def evidence(
    facts: FactTable,
    voice_w: np.ndarray,
    score: np.ndarray,
    win: np.ndarray,
    held: np.ndarray,
    median: np.ndarray,
    origins: np.ndarray | None = None,
    mean: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per value, how much independent evidence backs it; per fact, what the estimate rests
    on (an index into ``BASIS``).

    A value backed by k of a fact's n independent voices (k weighted: n times its share of the
    fact's vote, close values included) has confidence (k + 1) / (n + 2), Laplace's rule of
    succession: one voice alone gives 2/3, a one-against-one tie 1/2, ten voices in
    agreement 11/12. So a fact reported by one origin is never certain, and a confidence
    grows with independent confirmation, not with how loud one source is.
    """
    nf = facts.n_facts
    n = (np.bincount(facts.voice_fact, minlength=nf) if origins is None else origins).astype(
        np.float64
    )
    total = np.bincount(facts.voice_fact, weights=voice_w, minlength=nf) if voice_w.size else n
    fv = facts.value_fact
    k = n[fv] * score / np.where(total[fv] > 0, total[fv], 1.0)
    confidence = np.minimum((k + 1.0) / (n[fv] + 2.0), 1.0)
    has = win >= 0
    w = np.maximum(win, 0)
    other = score.copy()
    other[win[has]] = -np.inf
    second = np.full(nf, -np.inf)
    if other.size:
        np.maximum.at(second, fv, other)
    top = score[w] if score.size else np.zeros(nf)
    tie = has & (second >= tie_floor(top))
    values = np.diff(facts.value_start)
    basis = np.where(held > 0.5, BASIS.index("majority"), BASIS.index("plurality"))
    basis = np.where(tie, BASIS.index("tie"), basis)
    basis = np.where(median, BASIS.index("median"), basis)
    if mean is not None:
        basis = np.where(mean, BASIS.index("mean"), basis)
    basis = np.where(values == 1, BASIS.index("unanimous"), basis)
    basis = np.where(n == 1, BASIS.index("single-origin"), basis)
    basis = np.where(n == 0, BASIS.index("none"), basis)
    return confidence, basis.astype(np.int8)


def auto(facts: FactTable, *, tol: float = 1e-6, max_iter: int = 100) -> MethodResult:
    """Default: trust from independent confirmation, copies counted once, numbers as numbers.

    Each round a value's vote is the summed trust of its independent voices (echoes count
    once; open bounds such as "more than 5,000" back every value inside them and vote for no
    point of their own), and the top value of each fact wins (tied values share the win). A
    win is split equally among the value's voices (PooledInvestment's split by count), and a
    voice earns its share only where another voice backs the value, in facts with two or
    more voices: nobody gains trust by agreeing with itself. Trust is mean credit over a
    source's contested claims, shrunk towards ACCU's prior accuracy 0.8 by one pseudo-claim.
    Sources that share false values more often than chance explains (95 % Wilson bound;
    see ``copying``) are merged into one voice per value and the rounds run again (Dong et
    al. 2009). Numbers without a weighted majority, whose top value no two independent
    voices give exactly, take the point nearest to all the voices' intervals, weighted by
    accuracy (a weighted median for plain numbers; robust to vandal values near 10^15). Categories are decided last by
    ACCU's Bayesian vote: each voice weighs ln(n A / (1 - A)) for its source's accuracy A
    on the claims others could judge and n false values (see :func:`_accu_vote`).

    Reliability is each source's accuracy (the shrunk share of its claims equal to the
    consensus); ``score`` is each value's confidence from independent evidence, and
    ``basis`` says per fact what the estimate rests on (see :func:`evidence`).
    """
    return run_auto(facts, tol=tol, max_iter=max_iter)


__all__ = ["DEFAULT", "AutoParams", "auto", "evidence", "run_auto"]
