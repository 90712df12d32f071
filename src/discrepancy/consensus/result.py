"""Result classes of a consensus run."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

from attrs import field, frozen


def _strs(raw: object) -> tuple[str, ...]:
    return tuple(map(str, raw)) if raw else ()  # type: ignore[call-overload]


@frozen
class WindowConsensus:
    """The consensus of one time window of a fact: the claims whose ``as_of`` overlap
    (directly or through other claims of the window), as comparison pairs them.

    ``start``/``end`` are ISO days (the earliest ``as_of`` start and the latest end of the
    window's claims); claims without ``as_of`` join the fact's latest window. The other
    fields mean what they mean on :class:`Consensus`, for this window's claims alone.
    """

    start: str
    end: str
    value: str
    low: float | str | None = None
    best: float | str | bool | None = None
    high: float | str | None = None
    support: tuple[str, ...] = field(default=(), converter=_strs)
    dissent: tuple[str, ...] = field(default=(), converter=_strs)
    support_speakers: tuple[str, ...] = field(default=(), converter=_strs)
    dissent_speakers: tuple[str, ...] = field(default=(), converter=_strs)
    members: tuple[tuple[str, float], ...] = ()
    confidence: float | None = None
    basis: str | None = None

    @classmethod
    def of(cls, start: str, end: str, c: Consensus) -> WindowConsensus:
        """The window ``start``..``end`` holding the consensus ``c`` of its claims."""
        return cls(
            start=start,
            end=end,
            value=c.value,
            low=c.low,
            best=c.best,
            high=c.high,
            support=c.support,
            dissent=c.dissent,
            support_speakers=c.support_speakers,
            dissent_speakers=c.dissent_speakers,
            members=c.members,
            confidence=c.confidence,
            basis=c.basis,
        )

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "low": self.low,
            "best": self.best,
            "high": self.high,
            "support": list(self.support),
            "dissent": list(self.dissent),
            "support_speakers": list(self.support_speakers),
            "dissent_speakers": list(self.dissent_speakers),
            "confidence": self.confidence,
            "basis": self.basis,
        }
        if self.members:
            out["members"] = [{"member": m, "share": s} for m, s in self.members]
        return out


@frozen
class Consensus:
    """What the sources together most likely say about one group.

    Quantities: ``low``/``best``/``high`` numbers. Dates: ISO strings of the consensus
    interval (``low`` = start, ``high`` = end, ``best`` = the most supported day or start).
    Sets: ``members`` with the share of independent voices naming each. Labels/assertions:
    ``value`` only. ``support``/``dissent`` are source ids; echoes count once;
    ``support_speakers``/``dissent_speakers`` are the origins (``said_by``, one per entity
    and spelling) of the claims behind each side.

    A fact whose claims carry ``as_of`` has a consensus per time window (``windows``, oldest
    first); the fact's own fields are then its latest window's (the latest estimate), so
    sources that reported an earlier figure are not counted as dissent.
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
    support_speakers: tuple[str, ...] = field(default=(), converter=_strs)
    dissent_speakers: tuple[str, ...] = field(default=(), converter=_strs)
    #: a consensus per time window, oldest first (empty: no claim of the fact has ``as_of``)
    windows: tuple[WindowConsensus, ...] = ()

    @builtins.property
    def as_of(self) -> tuple[str, str] | None:
        """Start and end day of the window the fact's estimate holds for (None: undated)."""
        return (self.windows[-1].start, self.windows[-1].end) if self.windows else None

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
        if self.support_speakers or self.dissent_speakers:
            out["support_speakers"] = list(self.support_speakers)
            out["dissent_speakers"] = list(self.dissent_speakers)
        if self.windows:
            out["as_of"] = {"start": self.windows[-1].start, "end": self.windows[-1].end}
            out["windows"] = [w.to_dict() for w in self.windows]
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
