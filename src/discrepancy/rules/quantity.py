"""Rules on quantity groups."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.compare.result import CONFLICT
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding
from discrepancy.verdict import Level, Verdict


def quantity_intervals_disjoint(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """Q001 quantity conflict

    What: two comparable quantities whose intervals do not overlap.
    Why: "about 10,000" and "1,500" cannot both hold; a source is wrong, or the scope or
    as_of of the claims differ and should be written down.
    Example: newslooks "around 10,000" vs insider "1,500" -> conflict, major (ratio 6.7);
    "11,000" vs "about 12,000" (11,400-12,600) -> conflict, minor (ratio 1.1).
    Configuration: quantity.major-ratio (1.5), quantity.approx (0.05).
    """
    if (group.verdict == CONFLICT).any():  # groups of its type only (its registry line)
        yield group_finding(
            group, rule="Q001", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )
