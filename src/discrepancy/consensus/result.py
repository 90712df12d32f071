"""Result classes of a consensus run."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen


def _strs(raw: object) -> tuple[str, ...]:
    return tuple(str(x) for x in raw) if raw else ()  # type: ignore[attr-defined]


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
        }
        if self.members:
            out["members"] = [{"member": m, "share": s} for m, s in self.members]
        return out


def _groups(raw: Iterable[Consensus]) -> tuple[Consensus, ...]:
    return tuple(raw)


@frozen
class ConsensusRun:
    """Which method ran, how many iterations, whether it converged, and source reliabilities."""

    method: str
    iterations: int = 0
    converged: bool = True
    reliability: tuple[tuple[str, float], ...] = ()
    groups: tuple[Consensus, ...] = field(default=(), converter=_groups)

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "iterations": self.iterations,
            "converged": self.converged,
            "reliability": dict(self.reliability),
        }
