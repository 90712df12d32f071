"""Result classes of a consensus run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from attrs import field, frozen


def _strs(raw: object) -> tuple[str, ...]:
    return tuple(map(str, raw)) if raw else ()  # type: ignore[call-overload]


@frozen
class Consensus:
    """What the sources together most likely say about one group.

    Quantities: ``low``/``best``/``high`` numbers. Dates: ISO strings of the consensus
    interval (``low`` = start, ``high`` = end, ``best`` = the most supported day or start).
    Sets: ``members`` with the share of independent voices naming each. Labels/assertions:
    ``value`` only. ``support``/``dissent`` are source ids; echoes count once.
    """

    subject: str
    property: str
    type: str
    value: str
    low: float | str | None = None
    best: float | str | bool | None = None
    high: float | str | None = None
    support: tuple[str, ...] = field(default=(), converter=_strs)
    dissent: tuple[str, ...] = field(default=(), converter=_strs)
    scope: tuple[tuple[str, str], ...] = ()
    unit: str | None = None
    members: tuple[tuple[str, float], ...] = ()
    confidence: float | None = None
    #: what the estimate rests on (``consensus.method.BASIS``): "single-origin", "tie", ...;
    #: None when the method doesn't say
    basis: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "subject": self.subject,
            "property": self.property,
            "scope": dict(self.scope),
            "type": self.type,
            "unit": self.unit,
            "value": self.value,
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "support": list(self.support),
            "dissent": list(self.dissent),
            "confidence": self.confidence,
            "basis": self.basis,
        }
        if self.members:
            out["members"] = [{"member": m, "share": s} for m, s in self.members]
        return out


class ConsensusList(Sequence[Consensus]):
    """The :class:`Consensus` of each fact of a bulk run, each built on first access (a
    million-claim table has a hundred thousand facts; most callers read a few)."""

    __slots__ = ("_build", "_cache", "_n")

    def __init__(self, n: int, build: Callable[[int], Consensus]) -> None:
        self._n = n
        self._build = build
        self._cache: dict[int, Consensus] = {}

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> Consensus: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Consensus, ...]: ...
    def __getitem__(self, index: int | slice) -> Consensus | tuple[Consensus, ...]:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(self._n)))
        k = index + self._n if index < 0 else index
        if not 0 <= k < self._n:
            msg = f"consensus index {index} out of range for {self._n} facts"
            raise IndexError(msg)
        got = self._cache.get(k)
        if got is None:
            got = self._cache[k] = self._build(k)
        return got

    def __iter__(self) -> Iterator[Consensus]:
        return (self[k] for k in range(self._n))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ConsensusList({self._n} facts, {len(self._cache)} built)"


def _groups(raw: Iterable[Consensus]) -> Sequence[Consensus]:
    return raw if isinstance(raw, ConsensusList) else tuple(raw)


@frozen
class ConsensusRun:
    """Which method ran, how many iterations, whether it converged, and source reliabilities."""

    method: str
    iterations: int = 0
    converged: bool = True
    reliability: tuple[tuple[str, float], ...] = ()
    #: a :class:`Consensus` per group (built lazily by the bulk paths)
    groups: Sequence[Consensus] = field(default=(), converter=_groups)

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "iterations": self.iterations,
            "converged": self.converged,
            "reliability": dict(self.reliability),
        }
