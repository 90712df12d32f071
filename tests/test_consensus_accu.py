"""The Bayesian vote on categories (issue 14, items 2 and 9): each voice weighs the
log-odds of its source's accuracy, so sources near chance on yes/no facts add nothing,
ties stay ties, and a verified value stays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import CATEGORICAL, build_fact_table, get_method
from discrepancy.consensus.method import BASIS
from discrepancy.consensus.methods.auto import AutoParams, run_auto


def _yes_no(seed: int, *, good: int = 3, chance: int = 4, n_facts: int = 200):
    """``good`` sources right 95 % of the time and ``chance`` sources right half of the
    time answer yes/no on every fact; then one more fact where two good sources say yes
    (1) and every source near chance says no (0)."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, n_facts)
    right = np.r_[np.full(good, 0.95), np.full(chance, 0.5)]
    n_src = good + chance
    fact = np.repeat(np.arange(n_facts), n_src)
    source = np.tile(np.arange(n_src), n_facts)
    ok = rng.random(fact.shape[0]) < right[source]
    key = np.where(ok, truth[fact], 1 - truth[fact])
    last = n_facts
    fact = np.r_[fact, [last, last], np.full(chance, last)]
    source = np.r_[source, [0, 1], np.arange(good, n_src)]
    key = np.r_[key, [1, 1], np.zeros(chance, dtype=np.int64)]
    facts = build_fact_table(
        fact,
        source,
        n_facts=n_facts + 1,
        n_sources=n_src,
        kind=np.full(n_facts + 1, CATEGORICAL),
        key=key.astype(np.float64),
    )
    return facts, np.r_[truth, 1], key


def _labels(facts, result, key) -> np.ndarray:  # type: ignore[no-untyped-def]
    content = np.zeros(facts.n_values)
    content[facts.value] = key
    return content[result.value]


def test_sources_near_chance_add_nothing_on_yes_no_facts() -> None:
    """Two reliable sources against four coin-flippers: the trust-weighted vote counts each
    coin-flipper at more than half a reliable source and follows them; the Bayesian vote
    weighs them at zero."""
    for seed in (0, 1, 2):
        facts, truth, key = _yes_no(seed)
        auto = get_method("auto")(facts, tol=1e-9, max_iter=1000)
        plain = run_auto(facts, tol=1e-9, max_iter=1000, params=AutoParams(accu_vote=False))
        assert _labels(facts, auto, key)[-1] == 1
        assert _labels(facts, plain, key)[-1] == 0
        assert np.mean(_labels(facts, auto, key) == truth) >= np.mean(
            _labels(facts, plain, key) == truth
        )


def test_a_one_against_one_split_of_strangers_stays_a_tie() -> None:
    """Two sources that appear nowhere else disagree: neither has any evidence, whichever
    value a rule picks, so the fact is a tie with confidence 1/2."""
    facts = build_fact_table(
        np.array([0, 0]),
        np.array([0, 1]),
        n_facts=1,
        n_sources=2,
        kind=np.full(1, CATEGORICAL),
        key=np.array([3.0, 7.0]),
    )
    r = get_method("auto")(facts, tol=1e-9, max_iter=100)
    assert BASIS[int(r.basis[0])] == "tie"
    assert abs(float(r.score[r.value[0]]) - 0.5) < 1e-9


def test_a_verified_value_stays() -> None:
    """The last fact, which the Bayesian vote gives to the two reliable sources' yes, stays
    with the no a user verified, whatever the weights say."""
    facts, _, key = _yes_no(0)
    verified = np.zeros(facts.n, dtype=bool)
    verified[np.flatnonzero(facts.fact == facts.n_facts - 1)[-1]] = True  # a "no" claim
    facts2 = build_fact_table(
        facts.fact,
        facts.source,
        n_facts=facts.n_facts,
        n_sources=facts.n_sources,
        kind=facts.kind,
        key=key.astype(np.float64),
        verified=verified,
    )
    r = get_method("auto")(facts2, tol=1e-9, max_iter=1000)
    assert _labels(facts2, r, key)[-1] == 0


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.permutations(list(range(7))))
def test_the_vote_is_order_and_name_free(seed: int, names: list[int]) -> None:
    facts, _, key = _yes_no(seed, n_facts=40)
    r = get_method("auto")(facts, tol=1e-9, max_iter=1000)
    perm = np.random.default_rng(seed).permutation(facts.n)
    rename = np.array(names)
    shuffled = build_fact_table(
        facts.fact[perm],
        rename[facts.source[perm]],
        n_facts=facts.n_facts,
        n_sources=facts.n_sources,
        kind=facts.kind,
        key=key[perm].astype(np.float64),
    )
    s = get_method("auto")(shuffled, tol=1e-9, max_iter=1000)
    assert np.array_equal(_labels(facts, r, key), _labels(shuffled, s, key[perm]))
    assert np.allclose(r.reliability, s.reliability[rename])
    assert np.allclose(np.sort(r.score), np.sort(s.score))


def test_one_prolific_bad_source_captures_nothing() -> None:
    """A source labelling every fact, wrong 70 % of the time with its own label each time,
    among 30 independent sources on a few facts each, right 80 % of the time: its accuracy
    comes out low, its vote weighs little, and the consensus follows the crowd. (The crowd
    is alike, so the plain vote is as good as any weighting here; learnt weights may cost a
    little, by chance differences between the crowd's sources, never the capture's 70 %.)"""
    rng = np.random.default_rng(7)
    n_facts, crowd = 600, 30
    truth = rng.integers(0, 5, n_facts)
    fact, source, key = [], [], []
    for f in range(n_facts):
        fact.append(f)
        source.append(crowd)
        key.append(truth[f] if rng.random() < 0.3 else 5 + f % 7)
        for s in rng.choice(crowd, 3, replace=False).tolist():
            fact.append(f)
            source.append(s)
            key.append(truth[f] if rng.random() < 0.8 else int(rng.integers(0, 5)))
    facts = build_fact_table(
        np.array(fact),
        np.array(source),
        n_facts=n_facts,
        n_sources=crowd + 1,
        kind=np.full(n_facts, CATEGORICAL),
        key=np.array(key, dtype=np.float64),
    )
    r = get_method("auto")(facts, tol=1e-9, max_iter=1000)
    k = np.array(key, dtype=np.float64)
    assert r.reliability[crowd] < 0.5 < float(np.median(r.reliability[:crowd]))
    right = np.mean(_labels(facts, r, k) == truth)
    majority = get_method("majority")(facts, tol=1e-9, max_iter=10)
    assert right >= np.mean(_labels(facts, majority, k) == truth) - 0.02
    assert right > 0.9
