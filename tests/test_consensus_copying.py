"""Copy detection: sources that share false values are one voice per value."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import CATEGORICAL, build_fact_table, get_method
from discrepancy.consensus.methods.auto import AutoParams, run_auto
from discrepancy.consensus.methods.copying import _pairs_within, copy_groups, wilson_lower


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3)), max_size=8))
def test_pairs_within_lists_every_pair_of_each_group_once(groups: list[tuple[int, int]]) -> None:
    """Groups of any size, with gaps between them (groups left out of a budget)."""
    sizes = [k for k, _ in groups]
    size = np.array(sizes, dtype=np.int64)
    gap = np.array([g for _, g in groups], dtype=np.int64)
    start = (np.cumsum(size + gap) - size).astype(np.int64)
    i, j = _pairs_within(start, size)
    want = [
        (s + a, s + b)
        for s, k in zip(start.tolist(), sizes, strict=True)
        for a, b in itertools.combinations(range(k), 2)
    ]
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == want


def test_wilson_lower_bound() -> None:
    lb = wilson_lower(np.array([1.0, 40.0, 0.0]), np.array([1.0, 40.0, 0.0]))
    assert abs(lb[0] - 0.2065) < 1e-3 and abs(lb[1] - 0.9124) < 1e-3 and lb[2] == 0.0


def _bloc(seed: int):
    """Six accurate independent sources (each on 70 % of the facts, right 85 %), and a bloc
    of three that repeat one feed's values, right 40 %: the bloc outvotes plain majority
    often, though not on most facts (a bloc that carries the first pass on most facts is
    taken as right and is not found; see docs/consensus.md)."""
    rng = np.random.default_rng(seed)
    fact, source, key, truth = [], [], [], []
    for f in range(200):
        t = int(rng.integers(0, 5))
        truth.append(t)
        feed = t if rng.random() < 0.4 else 10 + int(rng.integers(0, 20))
        for s in range(6):
            if rng.random() < 0.7:
                fact.append(f)
                source.append(s)
                key.append(t if rng.random() < 0.85 else 30 + int(rng.integers(0, 20)))
        for s in range(6, 9):
            fact.append(f)
            source.append(s)
            key.append(feed)
    facts = build_fact_table(
        np.array(fact),
        np.array(source),
        n_facts=200,
        n_sources=9,
        kind=np.full(200, CATEGORICAL),
        key=np.array(key, dtype=np.float64),
    )
    return facts, np.array(truth), np.array(key, dtype=np.float64)


def test_a_bloc_that_repeats_false_values_is_found_and_counts_once() -> None:
    facts, truth, key = _bloc(3)
    majority = get_method("majority")(facts, tol=1e-9, max_iter=10)
    first = run_auto(facts, tol=1e-9, max_iter=1000, params=AutoParams(copying=False))
    groups = copy_groups(facts, first.value)
    assert groups is not None
    assert set(groups[6:].tolist()) == {6}  # the bloc: one group
    assert groups[:6].tolist() == list(range(6))  # accurate sources stay alone
    content = np.zeros(facts.n_values)
    content[facts.value] = key
    auto = get_method("auto")(facts, tol=1e-9, max_iter=1000)
    right = np.mean(content[auto.value] == truth)
    assert right > np.mean(content[majority.value] == truth) + 0.05
    # the bloc merged, the rounds' trust is right: so is a vote weighted by it alone
    votes = run_auto(facts, tol=1e-9, max_iter=1000, params=AutoParams(accu_vote=False))
    alone = run_auto(
        facts, tol=1e-9, max_iter=1000, params=AutoParams(copying=False, accu_vote=False)
    )
    assert np.mean(content[votes.value] == truth) > np.mean(content[alone.value] == truth)
    assert right >= np.mean(content[first.value] == truth)


def test_a_crowded_fact_stays_within_the_pair_budget() -> None:
    """One fact with 3,000 wrong claims (4.5M pairs) next to small ones: the crowded fact is
    left out of the comparison instead of exhausting memory; the small ones still count."""
    from discrepancy.consensus.methods import copying

    rng = np.random.default_rng(0)
    n_big = 3000
    fact = np.concatenate([np.zeros(n_big + 5, dtype=np.int64), np.repeat(np.arange(1, 201), 3)])
    source = np.concatenate([np.arange(n_big + 5), np.tile([0, 1, 2], 200)])
    key = np.concatenate([rng.integers(1, 100, n_big + 5), np.tile([5.0, 7.0, 7.0], 200)])
    key[:5] = 0.0  # the winner of the crowded fact
    facts = build_fact_table(
        fact, source, n_facts=201, n_sources=n_big + 5, kind=np.zeros(201), key=key.astype(float)
    )
    win = np.full(201, -1, dtype=np.int64)
    win[0] = facts.value[0]
    for f in range(1, 201):  # source 0's 5 wins each small fact
        win[f] = facts.value[np.flatnonzero(fact == f)[0]]
    groups = copying.copy_groups(facts, win)
    assert groups is not None and groups[1] == groups[2]  # 1 and 2 repeat the same wrong 7


def test_pairs_of_sources_counted_by_cells_or_by_unique_agree() -> None:
    # nine sources: a count per cell of every pair; the same claims among 2,000 declared
    # sources: too many cells, pairs numbered by np.unique. The same groups either way.
    import attrs

    facts, _, _ = _bloc(3)
    first = run_auto(facts, tol=1e-9, max_iter=1000, params=AutoParams(copying=False))
    small = copy_groups(facts, first.value)
    wide = copy_groups(attrs.evolve(facts, n_sources=2000), first.value)
    assert small is not None and wide is not None
    assert wide[:9].tolist() == small.tolist()
    assert wide[9:].tolist() == list(range(9, 2000))


def _crowd_labels(seed: int, classes: int):
    """Yes/no (or 3-way) crowd labels: 40 independent workers of skewed activity, most
    right 75..97 % of the time, a third near chance; 7 labels per item."""
    rng = np.random.default_rng(seed)
    workers, items = 40, 300
    good = rng.random(workers) < 0.65
    acc = np.where(good, rng.uniform(0.75, 0.97, workers), rng.uniform(0.45, 0.6, workers))
    p = rng.pareto(1.0, workers) + 1.0
    truth = rng.integers(0, classes, items)
    fact, source, key = [], [], []
    for i in range(items):
        for w in rng.choice(workers, 7, replace=False, p=p / p.sum()).tolist():
            wrong = 1 + int(rng.integers(0, classes - 1))
            fact.append(i)
            source.append(w)
            key.append(truth[i] if rng.random() < acc[w] else (truth[i] + wrong) % classes)
    facts = build_fact_table(
        np.array(fact),
        np.array(source),
        n_facts=items,
        n_sources=workers,
        kind=np.full(items, CATEGORICAL),
        key=np.array(key, dtype=np.float64),
    )
    return facts, truth, np.array(key, dtype=np.float64)


def test_independent_sources_on_yes_no_facts_are_no_copiers() -> None:
    """Where a fact has one false value, two wrong sources give it by necessity: sharing it
    is no evidence of copying. Read as copying, it merged most of the crowd into one voice
    (auto 0.91 against 0.94 for the plain vote on such data); with chance taken into account
    no group is found, and auto is at least as right as the plain vote."""
    for seed in (0, 1):
        facts, truth, key = _crowd_labels(seed, 2)
        first = run_auto(facts, tol=1e-9, max_iter=1000, params=AutoParams(copying=False))
        assert copy_groups(facts, first.value) is None
        content = np.zeros(facts.n_values)
        content[facts.value] = key
        auto = get_method("auto")(facts, tol=1e-9, max_iter=1000)
        majority = get_method("majority")(facts, tol=1e-9, max_iter=10)
        assert np.mean(content[auto.value] == truth) >= np.mean(content[majority.value] == truth)


def test_a_bloc_among_three_way_labels_is_still_found() -> None:
    """With three labels a false value is one of two: chance is one half, and a bloc that
    repeats one feed's errors is found above it."""
    facts, truth, key = _crowd_labels(2, 3)
    n_items = facts.n_facts
    rng = np.random.default_rng(5)
    feed = np.where(rng.random(n_items) < 0.5, truth, (truth + 1) % 3)
    bloc = build_fact_table(
        np.concatenate([facts.fact, np.repeat(np.arange(n_items), 3)]),
        np.concatenate([facts.source, np.tile([40, 41, 42], n_items)]),
        n_facts=n_items,
        n_sources=43,
        kind=np.full(n_items, CATEGORICAL),
        key=np.concatenate([key, np.repeat(feed, 3).astype(np.float64)]),
    )
    first = run_auto(bloc, tol=1e-9, max_iter=1000, params=AutoParams(copying=False))
    groups = copy_groups(bloc, first.value)
    assert groups is not None and len(set(groups[40:].tolist())) == 1
    assert set(groups[:40].tolist()).isdisjoint(set(groups[40:].tolist()))


def test_chance_is_counted_per_domain() -> None:
    """Yes/no facts beside a property with six labels: counted over the whole table, the
    six-label fact would make chance 1/5 for the yes/no facts too and their forced shared
    errors read as copying; counted per domain (property and type) they stay at 1."""
    import attrs

    facts, _, key = _crowd_labels(0, 2)
    n = facts.n_facts
    six = build_fact_table(
        np.concatenate([facts.fact, np.full(6, n)]),
        np.concatenate([facts.source, np.arange(6)]),
        n_facts=n + 1,
        n_sources=facts.n_sources,
        kind=np.full(n + 1, CATEGORICAL),
        key=np.concatenate([key, np.arange(10.0, 16.0)]),
    )
    first = run_auto(six, tol=1e-9, max_iter=1000, params=AutoParams(copying=False))
    assert copy_groups(six, first.value) is not None  # one domain: the crowd looks copied
    by_property = attrs.evolve(six, domain=np.r_[np.zeros(n, np.int64), 1])
    assert copy_groups(by_property, first.value) is None
    from discrepancy.consensus.methods.copying import false_value_chance

    chance = false_value_chance(by_property)
    assert chance[:n].tolist() == [1.0] * n and chance[n] == 0.2


def test_a_table_counts_chance_per_property() -> None:
    """Through check_table: a crowd's yes/no answers beside one city named six ways. The
    city's six labels don't make the crowd's shared errors look copied: the consensus on the
    yes/no facts is at least as right as the plain vote."""
    pl = __import__("pytest").importorskip("polars")
    from discrepancy.config import Config
    from discrepancy.table import check_table

    facts, truth, key = _crowd_labels(0, 2)  # counted over the table: 0.88 against 0.91
    rows = {
        "source": [f"w{s}" for s in facts.source.tolist()] + [f"w{s}" for s in range(6)],
        "subject": [f"item{f}" for f in facts.fact.tolist()] + ["march"] * 6,
        "property": ["entails"] * facts.n + ["city"] * 6,
        "value": ["yes" if k else "no" for k in key.tolist()]
        + ["Paris", "Lyon", "Nice", "Lille", "Metz", "Brest"],
        "type": ["label"] * (facts.n + 6),
    }
    got = {}
    for method in ("auto", "majority"):
        report = check_table(pl.DataFrame(rows), Config(consensus_method=method))
        got[method] = {c.subject: str(c.value) for c in report.consensus}
    right = {
        m: np.mean([got[m][f"item{i}"] == ("yes" if t else "no") for i, t in enumerate(truth)])
        for m in got
    }
    assert right["auto"] >= right["majority"], right
