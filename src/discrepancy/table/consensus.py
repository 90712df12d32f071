"""Consensus of all groups of a table: one :class:`FactTable` built from the columns, one
method run, and a :class:`Consensus` per group built when it is read."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
from attrs import frozen

from discrepancy.consensus.facts import CATEGORICAL, DATE, QUANTITY, FactTable, build_fact_table
from discrepancy.consensus.glue import CLOSENESS, MAX_ITER, TOL, consensus_of
from discrepancy.consensus.kernels import support_mask
from discrepancy.consensus.method import MethodResult
from discrepancy.consensus.registry import get_method
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.model import Claim

_KINDS = {"quantity": QUANTITY, "date": DATE}


def fact_kind(type_name: str) -> int:
    return _KINDS.get(type_name, CATEGORICAL)


def categorical_key(type_name: str, claim: Claim, members: tuple[str, ...] | None) -> Hashable:
    """What "the same value" is for consensus on sets, labels and assertions."""
    v: Any = claim.value
    if type_name == "set":
        return ("set", tuple(sorted(set(members if members is not None else v.members))))
    if type_name == "label":
        return ("label", " ".join(str(v.text).casefold().split()))
    if type_name == "assertion":
        return ("assertion", bool(v.value))
    return ("other", repr(v))


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
        key=key,
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


__all__ = ["ConsensusArrays", "categorical_key", "consensus_run", "fact_kind", "run_columns"]
