"""Findings and consensus entries that are built when read.

A check of a million rows may have tens of thousands of findings; each is a
:class:`~discrepancy.findings.Finding` with its claims, pairs and clusters. The table check
knows which groups have findings (and their rule and level) from arrays, and
:class:`LazyFindings` builds each finding, through the engine's own code for one group, only
when it is read: counting, sorting and the summary never build one. A :class:`Report` keeps
these sequences as they are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar, overload

import numpy as np

from discrepancy.findings import Finding
from discrepancy.report.order import natural, natural_ranks
from discrepancy.verdict import Level

T = TypeVar("T")

#: (rule, subject, property, scope, group, emitted): what the report's order reads (with the
#: level and magnitude, see :mod:`discrepancy.report.order`), then the engine's order
SortKey = tuple[str, str, str, tuple[tuple[str, str], ...], int, int]
Scope = tuple[tuple[str, str], ...]


class Entry(NamedTuple):
    """One finding to be: its sort key, level, and either the finding or how to build it
    (``group`` index and ``rule`` code, given to the builder), with the magnitude it will
    have (findings sort by it). A named tuple: a table with tens of thousands of findings
    makes one per finding."""

    key: SortKey
    level: Level
    finding: Finding | None = None
    magnitude: float | None = None

    @property
    def rule(self) -> str:
        return self.key[0]

    @property
    def group(self) -> int:
        return self.key[4]


class EntryBatch(NamedTuple):
    """Findings of one rule and level, all built on access, held as arrays (the table
    check's Q001 findings: one per conflicted group, tens of thousands of them). Per entry:
    its ``group`` (given to the builder, and the sort key's group), ``magnitude`` (NaN: none)
    and ``at``, its index into the per-group names ``subjects``, ``properties`` and
    ``scopes``. Each is the first finding of its rule in its group (``emitted`` 0)."""

    rule: str
    level: Level
    groups: np.ndarray
    magnitude: np.ndarray
    at: np.ndarray
    subjects: Sequence[str]
    properties: Sequence[str]
    scopes: Sequence[Scope]


class LazyFindings(Sequence[Finding]):
    """Findings in report order (:func:`~discrepancy.report.order.finding_order`, worked
    out over arrays); each access builds the findings it returns (not cached, so iterating
    streams them). ``entries`` one by one, ``batches`` as arrays."""

    __slots__ = ("_batches", "_build", "_entries", "_order", "_starts")

    def __init__(
        self,
        entries: Sequence[Entry],
        build: Callable[[int, str], Finding],
        batches: Sequence[EntryBatch] = (),
    ) -> None:
        self._entries = list(entries)
        self._batches = tuple(b for b in batches if b.groups.shape[0])
        self._build = build
        # positions: the entries, then each batch's entries end to end
        sizes = [b.groups.shape[0] for b in self._batches]
        self._starts = np.cumsum([len(self._entries), *sizes])[:-1]
        self._order = _report_order(self._entries, self._batches)

    def __len__(self) -> int:
        return int(self._order.shape[0])

    def _make(self, position: int) -> Finding:
        if position < len(self._entries):
            entry = self._entries[position]
            if entry.finding is not None:
                return entry.finding
            return self._build(entry.group, entry.rule)
        k = int(np.searchsorted(self._starts, position, side="right")) - 1
        batch = self._batches[k]
        return self._build(int(batch.groups[position - int(self._starts[k])]), batch.rule)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return [self._make(p) for p in self._order[index].tolist()]
        return self._make(int(self._order[index]))

    def __iter__(self) -> Iterator[Finding]:
        return (self._make(p) for p in self._order.tolist())

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """Findings per level and per rule, without building any."""
        levels = Counter(str(e.level) for e in self._entries)
        rules = Counter(e.rule for e in self._entries)
        for b in self._batches:
            levels[str(b.level)] += int(b.groups.shape[0])
            rules[b.rule] += int(b.groups.shape[0])
        return levels, rules

    def __repr__(self) -> str:
        return f"LazyFindings({len(self)} findings)"

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same findings (``report.findings == ()``)."""
        if isinstance(other, LazyFindings | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _report_order(entries: Sequence[Entry], batches: Sequence[EntryBatch]) -> np.ndarray:
    """The positions of ``entries`` then ``batches`` (see :class:`LazyFindings`) in report
    order: level, magnitude, subject, property and scope in natural order, rule, then the
    engine's group and emitted order (ties keep the positions' order)."""
    import polars as pl

    def magnitude(e: Entry) -> float:
        m = e.finding.magnitude if e.finding is not None else e.magnitude
        return float(m) if m is not None and math.isfinite(m) else math.nan

    cat = np.concatenate
    level = cat(
        [
            np.array([Level(e.level).rank for e in entries], dtype=np.int64),
            *[np.full(b.groups.shape[0], Level(b.level).rank, dtype=np.int64) for b in batches],
        ]
    )
    size = cat(
        [np.array([magnitude(e) for e in entries], dtype=np.float64)]
        + [b.magnitude.astype(np.float64) for b in batches]
    )
    sized = np.isfinite(size)

    def names(field: int, of_batch: Callable[[EntryBatch], Sequence[str]]) -> np.ndarray:
        texts = [pl.Series([e.key[field] for e in entries], dtype=pl.String)]
        texts += [pl.Series(of_batch(b), dtype=pl.String).gather(b.at) for b in batches]
        return natural_ranks(pl.concat(texts))

    scopes = {e.key[3] for e in entries}.union(*(set(b.scopes) for b in batches))
    scope_rank = {
        s: k
        for k, s in enumerate(
            sorted(scopes, key=lambda s: tuple((natural(a), natural(b)) for a, b in s))
        )
    }
    rules = {e.rule for e in entries} | {b.rule for b in batches}
    rule_rank = {r: k for k, r in enumerate(sorted(rules))}
    per_batch_scope = [
        np.array([scope_rank[s] for s in b.scopes], dtype=np.int64)[b.at]
        if len(set(b.scopes)) > 1
        else np.full(b.groups.shape[0], scope_rank[b.scopes[0]] if b.scopes else 0, dtype=np.int64)
        for b in batches
    ]
    keys = [
        -level,
        (~sized).astype(np.int64),
        np.where(sized, -np.nan_to_num(size), 0.0),
        names(1, lambda b: b.subjects),
        names(2, lambda b: b.properties),
        cat([np.array([scope_rank[e.key[3]] for e in entries], dtype=np.int64), *per_batch_scope]),
        cat(
            [
                np.array([rule_rank[e.rule] for e in entries], dtype=np.int64),
                *[np.full(b.groups.shape[0], rule_rank[b.rule], dtype=np.int64) for b in batches],
            ]
        ),
        cat(
            [np.array([e.key[4] for e in entries], dtype=np.int64)]
            + [b.groups.astype(np.int64) for b in batches]
        ),
        cat(
            [np.array([e.key[5] for e in entries], dtype=np.int64)]
            + [np.zeros(b.groups.shape[0], dtype=np.int64) for b in batches]
        ),
    ]
    if level.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return np.lexsort(keys[::-1]).astype(np.int64)


class LazySequence(Sequence[T], Generic[T]):
    """``n`` items built by ``build(k)`` on access."""

    __slots__ = ("_build", "_n")

    def __init__(self, n: int, build: Callable[[int], T]) -> None:
        self._n = n
        self._build = build

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._build(k) for k in range(*index.indices(self._n))]
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            msg = f"index {index} out of range ({self._n} items)"
            raise IndexError(msg)
        return self._build(index)

    def __iter__(self) -> Iterator[T]:
        return (self._build(k) for k in range(self._n))


__all__ = ["Entry", "EntryBatch", "LazyFindings", "LazySequence"]
