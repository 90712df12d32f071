"""What the benchmarks share: the synthetic claim layout and the truthdiscovery import.

Facts of ``per_fact`` claims from distinct sources, all repeating one value except, in a
share ``outliers`` of facts, one claim at three times it: the facts whose values differ are
known, so a benchmark can assert its findings.
"""

from __future__ import annotations

import sys
import types

import numpy as np


def layout(
    rng: np.random.Generator, n_facts: int, *, sources: int, per_fact: int, outliers: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(source index, fact index, value)`` per claim in fact order, and which facts differ."""
    src = np.argsort(rng.random((n_facts, sources)), axis=1)[:, :per_fact]
    base = rng.integers(100, 100_000, n_facts).astype(np.float64)
    values = np.repeat(base, per_fact).reshape(n_facts, per_fact)
    differ = rng.random(n_facts) < outliers
    values[differ, rng.integers(0, per_fact, n_facts)[differ]] *= 3
    fact = np.repeat(np.arange(n_facts), per_fact)
    return src.ravel(), fact, values.ravel(), differ


def import_truthdiscovery() -> types.ModuleType | None:
    """``truthdiscovery``, or None. Its drawing subpackage needs imageio/matplotlib, which
    ``pip install --no-deps`` leaves out; it is stubbed, as nothing here draws."""
    try:
        import truthdiscovery

        return truthdiscovery
    except ImportError:
        pass
    for mod in [m for m in sys.modules if m.startswith("truthdiscovery")]:
        del sys.modules[mod]
    sys.modules["truthdiscovery.graphs"] = types.ModuleType("truthdiscovery.graphs")
    try:
        import truthdiscovery

        return truthdiscovery
    except ImportError:
        del sys.modules["truthdiscovery.graphs"]
        return None


def noisy_layout(
    rng: np.random.Generator, n_facts: int, *, sources: int, per_fact: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The hard layout: each source is right with its own probability in 0.5..0.95 and
    otherwise gives the true value times a random factor in 0.5..1.5, so most facts hold a
    conflict. Same return shape as :func:`layout`; ``differ`` marks facts whose values are not
    all equal."""
    src, fact, values, _ = noisy_reports(rng, n_facts, sources=sources, per_fact=per_fact)
    grid = values.reshape(n_facts, per_fact)
    differ = (grid != grid[:, :1]).any(axis=1)
    return src, fact, values, differ


def noisy_reports(
    rng: np.random.Generator, n_facts: int, *, sources: int, per_fact: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`noisy_layout` with the truth: ``(source, fact, value, truth)``, the same
    claims for the same generator state."""
    src = np.argsort(rng.random((n_facts, sources)), axis=1)[:, :per_fact]
    right = rng.uniform(0.5, 0.95, sources)
    truth = rng.integers(100, 100_000, n_facts).astype(np.float64)
    values = np.repeat(truth, per_fact).reshape(n_facts, per_fact)
    wrong = rng.random((n_facts, per_fact)) >= right[src]
    factor = rng.uniform(0.5, 1.5, (n_facts, per_fact))
    values = np.where(wrong, np.round(values * factor), values)
    fact = np.repeat(np.arange(n_facts), per_fact)
    return src.ravel(), fact, values.ravel(), truth


def label_votes(
    rng: np.random.Generator,
    n_facts: int,
    *,
    sources: int,
    alternatives: int,
    prolific: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Categorical claims: each source is right with its own probability in 0.3..0.95,
    else gives one of ``alternatives`` wrong labels (1: every wrong source says the same
    thing, so errors pile up). Coverage is skewed: with ``prolific`` two sources cover
    nearly every fact and the rest 2..12 % each (the birthplaces shape), else source k
    covers a share 0.6 / k^0.8. Labels are codes 0..alternatives, the true one random per
    fact. Returns ``(source, fact, label, truth)``, claims in fact order."""
    right = rng.uniform(0.3, 0.95, sources)
    if prolific:
        cover = np.r_[[0.97, 0.9], rng.uniform(0.02, 0.12, sources - 2)]
    else:
        cover = np.minimum(1.0, 0.6 / np.arange(1, sources + 1) ** 0.8)
    truth = rng.integers(0, alternatives + 1, n_facts)
    on = rng.random((n_facts, sources)) < cover
    lone = ~on.any(axis=1)
    on[lone, rng.integers(0, sources, int(lone.sum()))] = True
    fact, src = np.nonzero(on)
    ok = rng.random(fact.shape[0]) < right[src]
    off = 1 + rng.integers(0, alternatives, fact.shape[0])
    label = (truth[fact] + np.where(ok, 0, off)) % (alternatives + 1)
    return src, fact, label, truth.astype(np.float64)


def crowd_labels(
    rng: np.random.Generator,
    n_items: int,
    *,
    classes: int = 2,
    workers: int = 164,
    per_item: int = 10,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Crowd labels (the shape of Snow et al.'s RTE and Temp sets: yes/no or a few classes,
    many workers, 10 labels per item, activity skewed): 60 % of workers are right
    75..97 % of the time, 30 % near chance (45..65 %), 10 % worse than chance (20..40 %).
    A wrong label is one of the other classes at random. Returns ``(source, fact, label,
    truth)``, claims in item order."""
    kind = rng.random(workers)
    right = np.where(
        kind < 0.6,
        rng.uniform(0.75, 0.97, workers),
        np.where(kind < 0.9, rng.uniform(0.45, 0.65, workers), rng.uniform(0.2, 0.4, workers)),
    )
    activity = rng.pareto(1.0, workers) + 1.0
    p = activity / activity.sum()
    truth = rng.integers(0, classes, n_items)
    who = np.stack([rng.choice(workers, per_item, replace=False, p=p) for _ in range(n_items)])
    src = who.ravel()
    fact = np.repeat(np.arange(n_items), per_item)
    ok = rng.random(src.shape[0]) < right[src]
    off = 1 + rng.integers(0, max(classes - 1, 1), src.shape[0])
    label = np.where(ok, truth[fact], (truth[fact] + off) % classes)
    return src, fact, label, truth.astype(np.float64)


def crowd_estimates(
    rng: np.random.Generator,
    n_facts: int,
    *,
    workers: int = 40,
    per_fact: int = 10,
    vandals: float = 0.0,
    prolific: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Crowd ratings 0..100 (the emotion set's shape): each fact's truth is skewed towards 0,
    each worker rates it with its own noise (sd 5..35), rounded to a multiple of 5 and
    clipped to 0..100, so 0 is the commonest answer and equal values are coincidences. With
    ``prolific`` one extra worker rates every fact and answers 0 or 100 (a loud bad source);
    a share ``vandals`` of claims is replaced by 10^15. Returns ``(source, fact, value,
    truth)``, claims in fact order."""
    truth = np.clip(rng.exponential(20.0, n_facts) - 5.0, 0.0, 100.0).round(1)
    sd = rng.uniform(5.0, 35.0, workers)
    src = np.argsort(rng.random((n_facts, workers)), axis=1)[:, :per_fact]
    noisy = truth[:, None] + rng.normal(0.0, 1.0, src.shape) * sd[src]
    values = np.clip(np.round(noisy / 5.0) * 5.0, 0.0, 100.0)
    fact = np.repeat(np.arange(n_facts), per_fact)
    source, value = src.ravel(), values.ravel()
    if prolific:
        loud = np.where(truth > 30.0, 100.0, 0.0)
        flip = rng.random(n_facts) < 0.3
        loud = np.where(flip, 100.0 - loud, loud)
        source = np.concatenate([source, np.full(n_facts, workers)])
        fact = np.concatenate([fact, np.arange(n_facts)])
        value = np.concatenate([value, loud])
    if vandals:
        value = np.where(rng.random(value.shape[0]) < vandals, 1e15, value)
    order = np.argsort(fact, kind="stable")
    return source[order], fact[order], value[order], truth


def vandal_reports(
    rng: np.random.Generator,
    n_facts: int,
    *,
    editors: int = 400,
    per_fact: tuple[int, int] = (2, 8),
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Reported figures (the population set's shape): each fact has one true count
    (10^2..10^6); editors (most make a few edits, a few make many) copy it exactly with their
    own probability 0.5..0.95, else give an older figure (within 15 %), a typo (one digit
    changed or an extra digit) or, rarely, a vandal's 10^12..10^15. Returns ``(source, fact,
    value, truth)``."""
    truth = np.round(10 ** rng.uniform(2.0, 6.0, n_facts))
    right = rng.uniform(0.5, 0.95, editors)
    activity = rng.pareto(1.2, editors) + 1.0
    p = activity / activity.sum()
    src_l, fact_l, val_l = [], [], []
    for f in range(n_facts):
        k = int(rng.integers(per_fact[0], per_fact[1] + 1))
        who = rng.choice(editors, size=min(k, editors), replace=False, p=p)
        for s in who:
            t = truth[f]
            u = rng.random()
            if u < right[s]:
                v = t
            else:
                r = rng.random()
                if r < 0.6:
                    v = np.round(t * rng.uniform(0.85, 1.15))
                elif r < 0.95:
                    v = t * 10.0 if rng.random() < 0.5 else t + 10.0 ** rng.integers(0, 4)
                else:
                    v = 10.0 ** rng.uniform(12.0, 15.0)
            src_l.append(s)
            fact_l.append(f)
            val_l.append(float(v))
    return np.array(src_l), np.array(fact_l), np.array(val_l), truth


def author_lists(
    rng: np.random.Generator,
    n_books: int,
    *,
    stores: int = 60,
    first_only: float = 0.3,
    per_book: tuple[int, int] = (3, 15),
) -> tuple[list[tuple[str, str, list[str]]], list[list[str]]]:
    """Author lists of books from stores (the shape of the book-authors sets): each book has
    1-4 true authors; stores (most list few books, a few many) list every author, except a
    ``first_only`` share that list only the first; each store is wrong with its own
    probability 0.05..0.6, then adding a wrong name (half), giving a wrong name alone (three
    tenths) or dropping the last author. Returns ``(rows, truth)``: rows of (store, book,
    listed authors), truth per book."""
    names = [f"Author{k} Name{k}" for k in range(5 * n_books)]
    truth = [
        [names[int(a)] for a in rng.choice(len(names), size=int(n), replace=False)]
        for n in rng.choice([1, 2, 2, 3, 3, 4], size=n_books)
    ]
    wrong = rng.uniform(0.05, 0.6, stores)
    partial = rng.random(stores) < first_only
    activity = rng.pareto(1.2, stores) + 1.0
    p = activity / activity.sum()
    rows: list[tuple[str, str, list[str]]] = []
    for b, authors in enumerate(truth):
        k = int(rng.integers(per_book[0], per_book[1] + 1))
        for s in sorted(rng.choice(stores, size=min(k, stores), replace=False, p=p).tolist()):
            listed = authors[:1] if partial[s] else list(authors)
            if rng.random() < wrong[s]:
                r = rng.random()
                if r < 0.5:
                    listed = [*listed, names[int(rng.integers(len(names)))]]
                elif r < 0.8:
                    listed = [names[int(rng.integers(len(names)))]]
                elif len(listed) > 1:
                    listed = listed[:-1]
            rows.append((f"store{s:02d}", f"book{b}", listed))
    return rows, truth
