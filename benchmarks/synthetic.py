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
    src = np.argsort(rng.random((n_facts, sources)), axis=1)[:, :per_fact]
    right = rng.uniform(0.5, 0.95, sources)
    truth = rng.integers(100, 100_000, n_facts).astype(np.float64)
    values = np.repeat(truth, per_fact).reshape(n_facts, per_fact)
    wrong = rng.random((n_facts, per_fact)) >= right[src]
    factor = rng.uniform(0.5, 1.5, (n_facts, per_fact))
    values = np.where(wrong, np.round(values * factor), values)
    differ = (values != values[:, :1]).any(axis=1)
    fact = np.repeat(np.arange(n_facts), per_fact)
    return src.ravel(), fact, values.ravel(), differ
