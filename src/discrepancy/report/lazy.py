"""Findings and consensus entries that are built when read.

A check of a million rows may have tens of thousands of findings; each is a
:class:`~discrepancy.findings.Finding` with its claims, pairs and clusters. The table check
knows which groups have findings (and their rule and level) from arrays, and
:class:`LazyFindings` builds each finding, through the engine's own code for one group, only
when it is read: counting, sorting and the summary never build one. A :class:`Report` keeps
these sequences as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar, overload

from discrepancy.findings import Finding
from discrepancy.report.order import finding_order
from discrepancy.verdict import Level

T = TypeVar("T")

#: (rule, subject, property, scope, group, emitted): what the report's order reads (with the
#: level and magnitude, see :mod:`discrepancy.report.order`), then the engine's order
SortKey = tuple[str, str, str, tuple[tuple[str, str], ...], int, int]


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


class LazyFindings(Sequence[Finding]):
    """Findings in report order (:func:`~discrepancy.report.order.finding_order`); each access builds the findings it returns (not cached,
    so iterating streams them)."""

    __slots__ = ("_build", "_entries")

    def __init__(self, entries: Sequence[Entry], build: Callable[[int, str], Finding]) -> None:
        self._entries = sorted(entries, key=_order)
        self._build = build

    def __len__(self) -> int:
        return len(self._entries)

    def _make(self, entry: Entry) -> Finding:
        if entry.finding is not None:
            return entry.finding
        return self._build(entry.group, entry.rule)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...
    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if isinstance(index, slice):
            return [self._make(e) for e in self._entries[index]]
        return self._make(self._entries[index])

    def __iter__(self) -> Iterator[Finding]:
        return (self._make(e) for e in self._entries)

    def counts(self) -> tuple[Counter[str], Counter[str]]:
        """Findings per level and per rule, without building any."""
        return Counter(str(e.level) for e in self._entries), Counter(e.rule for e in self._entries)

    def __repr__(self) -> str:
        return f"LazyFindings({len(self._entries)} findings)"

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same findings (``report.findings == ()``)."""
        if isinstance(other, LazyFindings | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _order(e: Entry) -> tuple[object, ...]:
    rule, subject, prop, scope, g, emitted = e.key
    magnitude = e.finding.magnitude if e.finding is not None else e.magnitude
    return (*finding_order(e.level, magnitude, subject, prop, scope, rule), g, emitted)


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


__all__ = ["Entry", "LazyFindings", "LazySequence"]
