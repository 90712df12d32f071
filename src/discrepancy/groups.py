"""Groups of comparable claims and what a comparison makes of them: :class:`Group`,
:class:`ComparedGroup` and :class:`Skipped` (a claim that fits no group). Data only; the
layers above build and read them (grouping, claim types, rules, the engine, reports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
from attrs import field, frozen

from discrepancy.compare.text import EntityIndex
from discrepancy.location import Location
from discrepancy.model import Claim, claim_tuple
from discrepancy.units import NO_UNIT, UnitKey

#: the documents of a group without any (shared: a read-only view of an empty dict)
_NO_DOCUMENTS: Mapping[str, str] = MappingProxyType({})


def _freeze(raw: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(raw)) if raw else _NO_DOCUMENTS


@frozen
class Group:
    """Claims about one fact: ``subject``/``property`` canonical (entity id when one matches,
    else as first written), ``scope`` as sorted pairs, ``unit`` the one values convert to."""

    subject: str
    property: str
    scope: tuple[tuple[str, str], ...]
    unit: str | None
    type: str
    claims: tuple[Claim, ...] = field(converter=claim_tuple)
    unit_key: UnitKey = NO_UNIT
    entities: EntityIndex = field(factory=EntityIndex, eq=False)
    #: source id -> text of its ``document`` (for quote checks), only sources of this group
    documents: Mapping[str, str] = field(factory=dict, converter=_freeze, eq=False)

    def __len__(self) -> int:
        return len(self.claims)


def _tuples(raw: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(x) for x in raw) if raw else ()


@frozen
class ComparedGroup:
    """A group with the verdict of every comparable pair of its claims.

    ``comparable`` is the mask over the full upper triangle ``np.triu_indices(n, 1)``;
    ``i``/``j`` (int64) are the comparable pairs only, and ``verdict`` (int8 codes of
    :attr:`Verdict.rank`), ``magnitude`` (float64, NaN where the type has none; ``inf`` for a
    quantity ratio against 0) and ``major`` are aligned with them. Sets also carry ``only_a``/
    ``only_b`` per pair and ``members``: each claim's aligned canonical members.
    """

    subject: str
    property: str
    scope: tuple[tuple[str, str], ...]
    unit: str | None
    type: str
    claims: tuple[Claim, ...] = field(converter=claim_tuple)
    i: np.ndarray = field(eq=False)
    j: np.ndarray = field(eq=False)
    comparable: np.ndarray = field(eq=False)
    verdict: np.ndarray = field(eq=False)
    magnitude: np.ndarray = field(eq=False)
    major: np.ndarray = field(eq=False)
    only_a: tuple[tuple[str, ...], ...] = field(default=(), converter=_tuples)
    only_b: tuple[tuple[str, ...], ...] = field(default=(), converter=_tuples)
    members: tuple[tuple[str, ...], ...] | None = None
    entities: EntityIndex = field(factory=EntityIndex, eq=False)
    documents: Mapping[str, str] = field(factory=dict, converter=_freeze, eq=False)

    def __len__(self) -> int:
        return len(self.claims)


@frozen
class Skipped:
    """A claim that could not be compared with anything, and why (never silently dropped)."""

    ref: str
    reason: str
    location: Location | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "reason": self.reason,
            "location": self.location.to_dict() if self.location else None,
        }


__all__ = ["ComparedGroup", "Group", "Skipped"]
