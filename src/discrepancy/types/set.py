"""The built-in ``set`` type: lists of members, open ("include") or complete.

Parsing: :func:`discrepancy.values.parse_set`; alignment of spellings and pair verdicts:
:mod:`discrepancy.compare.members`; consensus: each member's share of the voices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.members import compare_member_sets
from discrepancy.types.protocol import BaseType, values_of
from discrepancy.values import MemberSet, parse_set

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.compare.text import EntityIndex
    from discrepancy.config import Config
    from discrepancy.groups import Group


class SetType(BaseType):
    """The built-in ``set`` claim type."""

    name = "set"
    plural = "sets"
    consensus = "set"
    tie_rank = 2
    compare_single = True  # a lone list still gets its aligned members
    mapping_keys = ("members", "complete")
    config_keys = MappingProxyType(
        {"fuzzy-threshold": "set_fuzzy_threshold", "major-distance": "set_major_distance"}
    )

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> MemberSet:
        return parse_set(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = values_of(group, MemberSet, "set")
        return compare_member_sets(
            values,
            i,
            j,
            entities=group.entities,
            threshold=config.set_fuzzy_threshold,
            major_distance=config.set_major_distance,
        )

    def consensus_key(
        self, value: Any, members: Sequence[str] | None, entities: EntityIndex | None
    ) -> Hashable:
        """The sorted canonical members (aligned ones when given)."""
        return ("set", tuple(sorted(set(members if members is not None else value.members))))

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        """``{a, b}``, with `` exactly`` for a complete list."""
        if "members" not in norm:
            return None
        members = norm.get("members")
        items = ", ".join(text(m) for m in members) if isinstance(members, list) else ""
        return f"{{{items}}}" + (" exactly" if norm.get("complete") else "")

    def show_magnitude(self, shown: str) -> str:
        """1 - Jaccard of the members: ``distance 0.5``."""
        return f"distance {shown}"


__all__ = ["SetType"]
