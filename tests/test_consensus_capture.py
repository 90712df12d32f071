"""No source captures trust (issue 14, item 2).

A source earns trust only where other voices back its value: being alone on values, alone on
facts, or the loudest voice of a value gives nothing. One prolific bad source among many
independent ones ends below them and doesn't drag the consensus to its answers.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import CATEGORICAL, QUANTITY, build_fact_table, get_method


def _prolific(seed: int, kind: int, n_facts: int = 300, n_good: int = 20):
    """``n_good`` independent sources, each on ~30 % of the facts and right with its own
    probability in 0.6..0.9; one source on every fact, right 30 % of the time, otherwise
    a value of its own (nobody else gives it)."""
    rng = np.random.default_rng(seed)
    fact, source, value = [], [], []
    truth = rng.integers(0, 50, n_facts) * 10 + 200
    acc = rng.uniform(0.6, 0.9, n_good)
    for f in range(n_facts):
        for s in range(n_good):
            if rng.random() < 0.3:
                ok = rng.random() < acc[s]
                fact.append(f)
                source.append(s)
                wrong = truth[f] + 10 * rng.choice([-3, -2, -1, 1, 2, 3])
                value.append(truth[f] if ok else wrong)
        fact.append(f)
        source.append(n_good)
        value.append(truth[f] if rng.random() < 0.3 else 10_000 + f)  # alone on its value
    fact_a, source_a = np.array(fact), np.array(source)
    value_a = np.array(value, dtype=np.float64)
    numeric = kind == QUANTITY
    facts = build_fact_table(
        fact_a,
        source_a,
        n_facts=n_facts,
        n_sources=n_good + 1,
        kind=np.full(n_facts, kind),
        best=value_a if numeric else None,
        key=None if numeric else value_a,
    )
    return facts, truth, value_a, n_good


@pytest.mark.parametrize("kind", [CATEGORICAL, QUANTITY])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_one_prolific_bad_source_does_not_capture_trust(kind: int, seed: int) -> None:
    facts, truth, value, bad = _prolific(seed, kind)
    result = get_method("auto")(facts, tol=1e-9, max_iter=1000)
    assert result.converged and result.iterations <= 100
    rel = result.reliability
    assert rel[bad] < np.min(rel[:bad])
    content = np.zeros(facts.n_values)
    content[facts.value] = value
    estimate = content[result.value]
    others = np.bincount(facts.fact[facts.source != bad], minlength=facts.n_facts) > 0
    # where anyone else speaks, the consensus never takes one of its lone values
    assert not np.any((estimate >= 10_000) & others)
    majority = get_method("majority")(facts, tol=1e-9, max_iter=10)
    right = np.mean(estimate == truth)
    assert right >= np.mean(content[majority.value] == truth) - 0.02


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(0, 2**31 - 1))
def test_a_source_alone_on_every_value_keeps_the_prior_trust_and_no_more(
    n_facts: int, seed: int
) -> None:
    """Source 0 is alone on its value in every fact it speaks to (sources 1 and 2 agree on
    another); source 3 is alone on facts nobody else covers. Neither ends above a source
    whose values others back."""
    rng = np.random.default_rng(seed)
    fact, source, key = [], [], []
    for f in range(n_facts):
        fact += [f, f, f]
        source += [0, 1, 2]
        key += [100 + f, f % 3, f % 3]
        if rng.random() < 0.5:
            fact.append(n_facts + f)
            source.append(3)
            key.append(7)
    n = 2 * n_facts
    facts = build_fact_table(
        np.array(fact),
        np.array(source),
        n_facts=n,
        n_sources=4,
        kind=np.full(n, CATEGORICAL),
        key=np.array(key, dtype=np.float64),
    )
    result = get_method("auto")(facts, tol=1e-9, max_iter=1000)
    rel = result.reliability
    assert rel[0] < rel[1] and rel[0] < rel[2]
    assert rel[3] <= rel[1] + 1e-9
