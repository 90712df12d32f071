"""The built-in ``place`` type: a place name, resolved through the check's entities
(``part_of``, aliases) and the optional GeoNames gazetteer (the ``places`` extra).

Parsing: :func:`discrepancy.values.place.parse_place`; where a place lies:
:mod:`discrepancy.places.resolve`; pair verdicts: :mod:`discrepancy.compare.place` (a place
inside another is compatible); consensus: one value per resolved place, and the most
specific place a majority of the deciding voices supports (:mod:`discrepancy.consensus.hierarchy`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.place import nesting, place_verdicts
from discrepancy.places.resolve import Resolved, resolve
from discrepancy.types.protocol import BaseType
from discrepancy.values.place import Place, parse_place

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.compare.text import EntityIndex
    from discrepancy.config import Config
    from discrepancy.groups import Group


def resolved(value: Any, entities: EntityIndex | None) -> Resolved:
    """Where a place value lies (any other value is read as a place name)."""
    place = value if isinstance(value, Place) else parse_place(str(value.render()))
    return resolve(place.parts, entities)


class PlaceType(BaseType):
    """The built-in ``place`` claim type."""

    name = "place"
    plural = "places"
    tie_rank = 5  # claims name it with `type: place`; inference never picks it
    nested = True

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Place:
        return parse_place(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        places = [resolved(c.value, group.entities) for c in group.claims]
        return place_verdicts(places, i, j)

    def consensus_key(
        self, value: Any, members: Sequence[str] | None, entities: EntityIndex | None
    ) -> Hashable:
        """The resolved place: its node when one place, its folded text when ambiguous."""
        return ("place", resolved(value, entities).key)

    def nesting(self, values: Sequence[Any], entities: EntityIndex | None) -> np.ndarray:
        """How the places relate, pair by pair (:func:`discrepancy.compare.place.nesting`)."""
        return nesting([resolved(v, entities) for v in values])

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        return text(norm.get("place")) if "place" in norm else None


__all__ = ["PlaceType", "resolved"]
