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
    fact_consensus,
    fact_kind,
    first_equal,
    identity_codes,
)
from discrepancy.consensus.method import MethodResult, claim_supports
from discrepancy.consensus.registry import solve
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.consensus.windows import Windows, time_windows
from discrepancy.model import Claim
from discrepancy.table.pairs import segments_constant


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
    *,
    agree: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Per claim (the claims of a fact in claim order): its value code within its fact, as
    the claim-set path's :func:`~discrepancy.consensus.glue.value_identity` gives it (both
    end in :func:`~discrepancy.consensus.glue.identity_codes`).

    ``agree`` are the claim indices of the comparison's *agree* pairs; with them, claims
    with equal numbers or keys are joined and so are agreeing claims, exactly as in the
    claim-set path. Without them, what agree means stands in: quantities with equal best
    values (``12,000`` and ``about 12,000``), dates with equal intervals, equal keys.
    """
    n = fact.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    group_of = fact.astype(np.int64, copy=False)
    if agree is None and bool(np.all(kind == QUANTITY)) and _mostly_varied(group_of, best):
        # the noisy layout: ranking every claim costs less than finding the facts of one
        # value first, and a fact of one value ranks 0 either way (the same codes)
        return _best_ranks(group_of, best)
    if agree is None:
        varied = _varied_claims(group_of, kind, low, best, high, key)
        if varied is not None and not varied.all():
            # a fact whose claims all hold one value: that value is code 0, no sort needed
            at = np.flatnonzero(varied)
            quantities = bool(np.all(kind == QUANTITY))
            if quantities and 2 * at.shape[0] >= n:
                # most claims hold one of several values (the noisy layout): ranking them
                # all costs less than selecting them, and a fact of one value ranks 0 anyway
                return _best_ranks(group_of, best)
            code = np.zeros(n, dtype=np.int64)
            if not at.shape[0]:
                return code
            if quantities:  # best values alone say which value it is:
                code[at] = _best_ranks(group_of[at], best[at])  # no other column gathered
            else:
                code[at] = value_identity_codes(
                    fact[at], kind, low[at], best[at], high[at], key[at]
                )
            return code
    fk = kind[group_of]
    if agree is None and bool(np.all(fk == QUANTITY)):
        return _best_ranks(group_of, best)
    numeric = fk != CATEGORICAL
    base = np.empty(n, dtype=np.int64)
    at = np.flatnonzero(numeric)
    if at.shape[0]:
        g = group_of[at]
        if agree is None:  # a quantity's best value alone says which value it is
            q = fk[at] == QUANTITY
            lo = np.where(q, 0.0, low[at])
            hi = np.where(q, 0.0, high[at])
            base[at] = first_equal(at, (hi, best[at], lo, g))
        else:
            base[at] = first_equal(at, (high[at], best[at], low[at], g))
    at = np.flatnonzero(~numeric)
    if at.shape[0]:
        base[at] = first_equal(at, (key[at], group_of[at]))
    i, j = agree if agree is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    rank = np.where(numeric, 0, key).astype(np.int64)  # keys are content ranks
    return identity_codes(group_of, int(kind.shape[0]), numeric, low, best, high, base, i, j, rank)


#: how many claims :func:`_mostly_varied` looks at
_SAMPLE = 4096


def _mostly_varied(group_of: np.ndarray, best: np.ndarray) -> bool:
    """Whether most quantity claims (claims in fact order) are in facts of several values,
    judged by the first :data:`_SAMPLE` claims: it only picks which of two ways gives the
    same codes faster."""
    k = min(group_of.shape[0], _SAMPLE)
    if k < 2:
        return False
    head = group_of[:k]
    change = np.flatnonzero(head[1:] != head[:-1])
    if np.any(head[change + 1] < head[change]):
        return False
    sizes = np.diff(change, prepend=-1, append=k - 1)
    varied = ~segments_constant(best[:k], sizes)
    return 2 * int(sizes[varied].sum()) >= k


def _best_ranks(group_of: np.ndarray, best: np.ndarray) -> np.ndarray:
    """Value codes of quantities without *agree* pairs: a claim's value is its best number,
    so its code is the rank of that number among its fact's distinct ones (smallest 0), the
    order :func:`~discrepancy.consensus.glue.identity_codes` gives them. One lexsort, or,
    for claims in fact order, one sort of each fact's row in a (facts x widest) grid."""
    grid = _ranks_in_grid(group_of, best)
    if grid is not None:
        return grid
    order = np.lexsort((best, group_of))
    sb, sg = best[order], group_of[order]
    new_fact = np.ones(order.shape[0], dtype=bool)
    new_fact[1:] = sg[1:] != sg[:-1]
    new_value = new_fact.copy()
    new_value[1:] |= sb[1:] != sb[:-1]
    rank = np.cumsum(new_value) - 1
    fact_first = np.maximum.accumulate(np.where(new_fact, rank, 0))
    code = np.empty(order.shape[0], dtype=np.int64)
    code[order] = rank - fact_first
    return code


def _ranks_in_grid(group_of: np.ndarray, best: np.ndarray) -> np.ndarray | None:
    """:func:`_best_ranks` of claims in fact order with no NaN, each fact a row of a grid
    padded with NaN (sorted last, so the padding never shifts a rank); None when that does
    not apply or the grid would be much larger than the claims. When every fact has as many
    claims (the usual benchmark and survey layout), the grid is ``best`` itself, reshaped:
    no padding, no scatter into it and no gather out of it."""
    n = best.shape[0]
    if n < 2 or np.isnan(best).any() or np.any(group_of[1:] < group_of[:-1]):
        return None
    starts = np.r_[0, np.flatnonzero(group_of[1:] != group_of[:-1]) + 1]
    sizes = np.diff(np.r_[starts, n])
    rows, width = starts.shape[0], int(sizes.max())
    if rows * width > 4 * n + 1024:
        return None
    even = rows * width == n  # every fact has ``width`` claims
    if even:
        grid = best.reshape(rows, width)
    else:
        seg = np.repeat(np.arange(rows), sizes)
        col = np.arange(n) - np.repeat(starts, sizes)
        grid = np.full((rows, width), np.nan)
        grid[seg, col] = best
    order = np.argsort(grid, axis=1)
    ordered = np.take_along_axis(grid, order, axis=1)
    # ranks are below ``width``: counted in the smallest integer type that holds them
    small = np.dtype(np.int16 if width < 1 << 15 else np.int64)
    fresh = np.zeros((rows, width), dtype=small)
    np.not_equal(ordered[:, 1:], ordered[:, :-1], out=fresh[:, 1:], casting="unsafe")
    rank: np.ndarray = np.cumsum(fresh, axis=1, dtype=small)  # the first value is rank 0
    codes = np.empty((rows, width), dtype=np.int64)
    np.put_along_axis(codes, order, rank, axis=1)
    return codes.reshape(n) if even else codes[seg, col]


def _varied_claims(
    group_of: np.ndarray,
    kind: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    key: np.ndarray,
) -> np.ndarray | None:
    """Per claim: whether its fact holds more than one value (by the keys
    :func:`value_identity_codes` compares without *agree* pairs: a quantity's best, a date's
    interval, a categorical key; NaN differs from everything). None when the claims are not
    in fact order (the facts' runs are not contiguous)."""
    change = np.flatnonzero(group_of[1:] != group_of[:-1])
    if np.any(group_of[change + 1] < group_of[change]):
        return None
    sizes = np.diff(change, prepend=-1, append=group_of.shape[0] - 1)
    if np.all(kind == QUANTITY):  # the usual numeric table: a quantity's best decides
        cols = [best]
    else:
        fk = kind[group_of]
        date = fk == DATE
        first = np.where(fk == CATEGORICAL, key, best)
        cols = [first]
        if date.any():
            cols += [np.where(date, low, 0.0), np.where(date, high, 0.0)]
    one = np.ones(sizes.shape[0], dtype=bool)
    for c in cols:
        one &= segments_constant(c, sizes)
    return np.repeat(~one, sizes)


@frozen(eq=False)
class ConsensusArrays:
    """A finished run: the fact table, the method's result, per-claim support, and the
    claim rows of each window (``order[bounds[w]:bounds[w + 1]]``)."""

    facts: FactTable
    result: MethodResult
    sources: tuple[str, ...]
    supports: np.ndarray
    order: np.ndarray
    bounds: np.ndarray
    #: the time windows: fact ``w`` of ``facts`` is window ``w`` (``bounds`` are per window)
    windows: Windows
    #: group ``g``'s claims are rows ``group_first[g]:group_first[g + 1]`` (claims come by group)
    group_first: np.ndarray
    #: per claim, the speaker reports name besides its outlet (None: the outlet itself)
    speakers: Sequence[str | None] = ()


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
    as_of: tuple[np.ndarray, np.ndarray] | None = None,
    speakers: Sequence[str | None] = (),
    knowledge: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    domain: np.ndarray | None = None,
) -> ConsensusArrays:
    """Run ``method`` over claims given as arrays (fact codes in fact order, source and
    origin codes); values are as :func:`value_identity_codes` defines them without *agree*
    pairs. ``as_of`` (start and end day ordinals per claim, NaN: none) splits each fact
    into time windows (:func:`~discrepancy.consensus.windows.time_windows`), each judged on
    its own; ``speakers`` names each claim's speaker besides its outlet. ``knowledge`` is
    what the user knows: per source a declared prior (NaN: none), per claim a weight and
    whether it is verified (:func:`~discrepancy.consensus.glue.knowledge_arrays`).
    ``domain`` gives each fact's domain code (one property of one type; None: one domain)."""
    n_groups = int(kind.shape[0])
    n = fact.shape[0]
    start, end = as_of if as_of is not None else (np.full(n, np.nan), np.full(n, np.nan))
    windows = time_windows(fact, start, end, n_groups)
    wfact = windows.claim_window if windows.split else fact
    wkind = kind[windows.window_fact]
    facts = build_fact_table(
        wfact,
        source,
        n_facts=windows.n,
        n_sources=len(sources),
        kind=wkind,
        origin=origin,
        low=low,
        best=best,
        high=high,
        identity=value_identity_codes(wfact, wkind, low, best, high, key),
        closeness=CLOSENESS,
        source_prior=None if knowledge is None else knowledge[0],
        claim_weight=None if knowledge is None else knowledge[1],
        verified=None if knowledge is None else knowledge[2],
        domain=None if domain is None else np.asarray(domain)[windows.window_fact],
    )
    result = solve(method, facts, tol=TOL, max_iter=MAX_ITER)
    supports = claim_supports(facts, result)
    fact_sorted = _in_fact_order(facts.fact)
    order = np.arange(facts.n) if fact_sorted else np.argsort(facts.fact, kind="stable")
    by_fact = facts.fact if fact_sorted else facts.fact[order]
    bounds = np.searchsorted(by_fact, np.arange(windows.n + 1))
    group_first = np.searchsorted(fact, np.arange(n_groups + 1))
    return ConsensusArrays(
        facts, result, tuple(sources), supports, order, bounds, windows, group_first, speakers
    )


def _in_fact_order(fact: np.ndarray) -> bool:
    """Whether claims come in fact order (as every table check lays them out)."""
    return fact.shape[0] < 2 or bool(np.all(fact[1:] >= fact[:-1]))


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

    speakers = arrays.speakers if any(s is not None for s in arrays.speakers) else None

    def rows_of(w: int) -> np.ndarray:
        return arrays.order[arrays.bounds[w] : arrays.bounds[w + 1]]  # type: ignore[no-any-return]

    def one(w: int, g: Any, rows: np.ndarray) -> Consensus:
        return consensus_of(
            w, g, arrays.facts, result, arrays.sources, arrays.supports, rows, speakers
        )

    def build(f: int) -> Consensus:
        first = int(arrays.group_first[f])
        return fact_consensus(f, group(f), arrays.windows, first, rows_of, one)

    return run, build


__all__ = [
    "ConsensusArrays",
    "categorical_key",
    "consensus_run",
    "fact_kind",
    "run_columns",
    "value_identity_codes",
]
