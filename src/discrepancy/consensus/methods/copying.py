"""Sources that repeat each other's errors: found from shared *false* values, merged as echoes.

Two independent sources agree often when both are right; they rarely give the same *wrong*
value. Sources that do, fact after fact, copy each other or a common feed (Dong, Berti-Equille
and Srivastava, "Integrating conflicting data: the role of source dependence", PVLDB 2009).
Their claims of one value in one fact are then one voice, as the claims of one origin are.
"""

from __future__ import annotations

import attrs
import numpy as np

from discrepancy.consensus.facts import CATEGORICAL, FactTable, build_fact_table

#: two-sided 95 % normal quantile, for the Wilson lower bound
Z = 1.96
#: at most this many pairs of wrong claims per claim of the table are compared
PAIR_BUDGET = 20


def _pairs_within(group_start: np.ndarray, group_size: np.ndarray) -> tuple[np.ndarray, ...]:
    """All pairs ``(i, j)``, ``i < j``, of positions inside each contiguous group (groups
    given by start and size), without a Python loop."""
    m = int(group_size.sum())
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    start = np.repeat(group_start, group_size)
    rank = np.arange(m, dtype=np.int64) - np.repeat(np.cumsum(group_size) - group_size, group_size)
    pos = start + rank  # the positions each group covers
    after = np.repeat(group_size, group_size) - rank - 1  # elements after pos in its group
    total = int(after.sum())
    i = np.repeat(pos, after)
    first = np.cumsum(after) - after
    j = i + 1 + (np.arange(total, dtype=np.int64) - np.repeat(first, after))
    return i, j


def wilson_lower(hits: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The lower end of the 95 % Wilson interval of ``hits / n`` (0 where n = 0)."""
    n_ = np.maximum(n, 1.0)
    p = hits / n_
    z2 = Z * Z
    centre = p + z2 / (2 * n_)
    spread = Z * np.sqrt(np.maximum(p * (1 - p) / n_ + z2 / (4 * n_ * n_), 0.0))
    return np.where(n > 0, (centre - spread) / (1 + z2 / n_), 0.0)


def copy_groups(facts: FactTable, win: np.ndarray) -> np.ndarray | None:
    """Per source, the smallest source of its copying group (itself when alone), or None when
    no two sources copy each other.

    For every two sources: over the facts where both are wrong (neither claim holds the
    winner ``win``), how often they give the same value. They copy each other when the 95 %
    Wilson lower bound of that share is above ``(1 + chance) / 2`` (chance from
    :func:`false_value_chance`): copying, not chance, explains more than half of it, on
    enough facts to tell. Groups are the connected components.
    """
    wrong = np.flatnonzero(facts.value != win[facts.fact])
    if wrong.shape[0] < 2:
        return None
    fw = facts.fact[wrong]
    if np.any(fw[1:] < fw[:-1]):  # claims in fact order (a table check's): already sorted
        wrong = wrong[np.argsort(fw, kind="stable")]
        fw = facts.fact[wrong]
    starts = np.flatnonzero(np.diff(fw, prepend=-1) != 0)
    sizes = np.diff(np.append(starts, fw.shape[0]))
    # pairs grow with the square of a fact's wrong claims: within a budget of PAIR_BUDGET
    # pairs per claim, the facts with the most wrong claims are left out (evidence of
    # copying accumulates over many facts; a few crowded ones add little)
    pairs = sizes * (sizes - 1) // 2
    budget = PAIR_BUDGET * max(facts.n, 1)
    if int(pairs.sum()) > budget:
        by_size = np.argsort(pairs, kind="stable")
        keep = np.zeros(sizes.shape[0], dtype=bool)
        keep[by_size[np.cumsum(pairs[by_size]) <= budget]] = True
        sizes = np.where(keep, sizes, 0)
    i, j = _pairs_within(starts, sizes)
    if i.shape[0] == 0:
        return None
    a, b = facts.source[wrong[i]], facts.source[wrong[j]]
    other = a != b
    a, b = a[other], b[other]
    same = (facts.value[wrong[i]] == facts.value[wrong[j]])[other]
    n_src = facts.n_sources
    key = np.minimum(a, b).astype(np.int64) * n_src + np.maximum(a, b)
    # chance: independent sources wrong on one fact give the same false value with
    # probability 1 / (false values to choose from) (Dong et al.'s uniform false values);
    # a pair copies when it repeats the other's errors more often than not beyond chance:
    # share > (1 + chance) / 2. Numbers have no end of false values (chance 0, a share
    # over one half); labels as many as the most values any fact of their domain holds,
    # less one: a lower bound, so chance is never understated (yes/no: 1, never copying)
    chance_f = false_value_chance(facts)
    c = chance_f[facts.fact[wrong[i]]][other] if chance_f.any() else None
    if n_src * n_src <= 4 * key.shape[0] + (1 << 20):
        # a count per cell of every pair of sources, the cells with pairs read in order:
        # what np.unique numbers them by, and each cell's hits summed in the same order
        count = np.bincount(key, minlength=n_src * n_src)
        pair = np.flatnonzero(count)
        n = count[pair].astype(np.float64)
        hits = np.bincount(key, weights=same.astype(np.float64), minlength=n_src * n_src)[pair]
        chance = 0.0 if c is None else np.bincount(key, c, minlength=n_src * n_src)[pair] / n
    else:
        pair, at = np.unique(key, return_inverse=True)
        n = np.bincount(at).astype(np.float64)
        hits = np.bincount(at, weights=same.astype(np.float64))
        chance = 0.0 if c is None else np.bincount(at, c) / n
    edge = wilson_lower(hits, n) > (1.0 + chance) / 2.0
    if not edge.any():
        return None
    ea, eb = pair[edge] // n_src, pair[edge] % n_src
    label = np.arange(n_src, dtype=np.int64)
    while True:  # label propagation: each source takes the smallest label of its component
        low = np.minimum(label[ea], label[eb])
        new = label.copy()
        np.minimum.at(new, ea, low)
        np.minimum.at(new, eb, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def false_value_chance(facts: FactTable) -> np.ndarray:
    """Per fact, the chance that two independent wrong claims give the same value: 0 for
    numbers, else 1 / (false values), counted per domain (``FactTable.domain``: one
    property of one type) as the most values any of its facts holds, less one."""
    cat = facts.kind == CATEGORICAL
    if not cat.any():
        return np.zeros(facts.n_facts)
    size = np.diff(facts.value_start)
    domain = facts.domain if facts.domain is not None else np.zeros(facts.n_facts, np.int64)
    most = np.zeros(int(domain.max()) + 1, dtype=np.int64)
    np.maximum.at(most, domain[cat], size[cat])
    return np.where(cat, 1.0 / np.maximum(most[domain] - 1, 1), 0.0)


def merge_copies(facts: FactTable, group: np.ndarray) -> FactTable:
    """``facts`` with the claims of each copying group (``group`` from :func:`copy_groups`)
    of one value in one fact collapsed into one voice; values and their ids unchanged."""
    size = np.bincount(group, minlength=facts.n_sources)
    copied = size[group[facts.source]] >= 2
    own = facts.voice if facts.voice_origin is None else facts.voice_origin[facts.voice]
    top = int(own.max()) + 1 if own.shape[0] else 0
    origin = np.where(copied, top + group[facts.source], own)
    merged = build_fact_table(
        facts.fact,
        facts.source,
        n_facts=facts.n_facts,
        n_sources=facts.n_sources,
        kind=facts.kind,
        origin=origin,
        low=facts.low,
        best=facts.best,
        high=facts.high,
        identity=facts.value_id,
        closeness=facts.closeness,
    )
    # what the user knows stays: sources, claims and value ids are the same
    return attrs.evolve(
        merged,
        source_prior=facts.source_prior,
        claim_weight=facts.claim_weight,
        fixed=facts.fixed,
        domain=facts.domain,
    )


__all__ = ["copy_groups", "false_value_chance", "merge_copies", "wilson_lower"]
