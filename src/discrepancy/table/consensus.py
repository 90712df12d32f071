"""Consensus of all groups of a table: one :class:`FactTable` built from the columns, one
method run, and a :class:`Consensus` per group built when it is read."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
from attrs import frozen

from discrepancy.compare.text import EntityIndex
from discrepancy.consensus.facts import CATEGORICAL, DATE, QUANTITY, FactTable, build_fact_table
from discrepancy.consensus.glue import (
    CLOSENESS,
    MAX_ITER,
    TOL,
    categorical_value_key,
    consensus_of,
)
from discrepancy.consensus.kernels import support_mask
from discrepancy.consensus.method import MethodResult
from discrepancy.consensus.registry import get_method
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.model import Claim

_KINDS = {"quantity": QUANTITY, "date": DATE}


def fact_kind(type_name: str) -> int:
    return _KINDS.get(type_name, CATEGORICAL)


def categorical_key(
    type_name: str,
    claim: Claim,
    members: tuple[str, ...] | None,
    *,
    entities: EntityIndex | None = None,
) -> Hashable:
    """What "the same value" is for consensus on sets, labels and assertions: the claim-set
    path's own definition (:func:`~discrepancy.consensus.glue.categorical_value_key`), with
    labels folded and resolved through ``entities`` (the table's entity index; without one,
    an empty index, as a compared group has) so aliases are one value."""
    index = entities if entities is not None else EntityIndex()
    return categorical_value_key(type_name, claim.value, members, index)


def value_identity_codes(
    fact: np.ndarray,
    kind: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    key: np.ndarray,
) -> np.ndarray:
    """Per claim (claims of a fact in claim order): a code that is equal exactly where the
    claim-set path's :func:`~discrepancy.consensus.glue.value_identity` puts claims in one
    value, ordered as it orders a fact's values.

    Quantities agree when their best values are equal, so a quantity's identity is its best
    value (``12,000`` and ``about 12,000`` are one value); dates agree when their intervals
    are equal, ordered by (midpoint, start, later end first); categorical values are their
    key, ordered by first appearance within the fact. Whole-array sorts, no loop per fact.
    """
    n = fact.shape[0]
    ident = np.zeros(n, dtype=np.int64)
    if n == 0:
        return ident
    fk = kind[fact]
    numeric = np.flatnonzero(fk != CATEGORICAL)
    if numeric.shape[0]:
        is_date = fk[numeric] == DATE
        b = best[numeric]
        lo = np.where(is_date, low[numeric], 0.0)
        hi = np.where(is_date, -high[numeric], 0.0)
        order = np.lexsort((hi, lo, b))
        new = np.ones(order.shape[0], dtype=bool)
        new[1:] = (
            (b[order][1:] != b[order][:-1])
            | (lo[order][1:] != lo[order][:-1])
            | (hi[order][1:] != hi[order][:-1])
        )
        ident[numeric[order]] = np.cumsum(new) - 1
    cat = np.flatnonzero(fk == CATEGORICAL)
    if cat.shape[0]:
        f, k = fact[cat].astype(np.int64), key[cat]
        order = np.lexsort((cat, k, f))  # by (fact, key), first appearance first
        new = np.ones(order.shape[0], dtype=bool)
        new[1:] = (f[order][1:] != f[order][:-1]) | (k[order][1:] != k[order][:-1])
        head = cat[order][new]  # each (fact, key)'s first claim
        ident[cat[order]] = np.repeat(head, np.diff(np.append(np.flatnonzero(new), cat.shape[0])))
    return ident


@frozen(eq=False)
class ConsensusArrays:
    """A finished run: the fact table, the method's result, per-claim support, and the
    claim rows of each fact (``order[bounds[f]:bounds[f + 1]]``)."""

    facts: FactTable
    result: MethodResult
    sources: tuple[str, ...]
    supports: np.ndarray
    order: np.ndarray
    bounds: np.ndarray


def run_columns(
    fact: np.ndarray,
    source: np.ndarray,
    origin: np.ndarray,
    kind: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    key: np.ndarray,
    sources: Sequence[str],
    *,
    method: str,
) -> ConsensusArrays:
    """Run ``method`` over claims given as arrays (fact, source and origin codes)."""
    facts = build_fact_table(
        fact,
        source,
        n_facts=int(kind.shape[0]),
        n_sources=len(sources),
        kind=kind,
        origin=origin,
        low=low,
        best=best,
        high=high,
        identity=value_identity_codes(fact, kind, low, best, high, key),
        closeness=CLOSENESS,
    )
    result = get_method(method)(facts, tol=TOL, max_iter=MAX_ITER)
    supports = support_mask(facts, result.value, result.best, result.low, result.high)
    order = np.argsort(facts.fact, kind="stable")
    bounds = np.searchsorted(facts.fact[order], np.arange(int(kind.shape[0]) + 1))
    return ConsensusArrays(facts, result, tuple(sources), supports, order, bounds)


def consensus_run(
    arrays: ConsensusArrays, method: str, group: Callable[[int], Any]
) -> tuple[ConsensusRun, Callable[[int], Consensus]]:
    """The run's summary and a builder of fact ``f``'s :class:`Consensus` (``group(f)``
    gives a group-like object with the fact's claims)."""
    result = arrays.result
    run = ConsensusRun(
        method=method,
        iterations=int(result.iterations),
        converged=bool(result.converged),
        reliability=tuple(
            (s, round(float(result.reliability[k]), 6)) for k, s in enumerate(arrays.sources)
        ),
    )

    def build(f: int) -> Consensus:
        rows = arrays.order[arrays.bounds[f] : arrays.bounds[f + 1]]
        return consensus_of(
            f, group(f), arrays.facts, result, arrays.sources, arrays.supports, rows
        )

    return run, build


__all__ = [
    "ConsensusArrays",
    "categorical_key",
    "consensus_run",
    "fact_kind",
    "run_columns",
    "value_identity_codes",
]
