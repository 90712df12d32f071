"""Rules on place groups."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.compare.result import CONFLICT
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding
from discrepancy.verdict import Level, Verdict


def places_differ(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """L002 places differ

    What: two comparable places of which neither lies inside the other ("Paris" and "Lyon").
    A place inside another ("Sudzha" and "Kursk oblast", "Vladivostok" and "Russia") is
    compatible, not a conflict; so is an ambiguous name ("Richmond") one of whose readings
    lies inside the other place.
    Why: a thing happened, or a person was born, in one place; one source is wrong, or the
    claims are about different events and need a scope.
    Example: tass "Sudzha" vs kyiv-independent "Belgorod" -> conflict (major).
    Configuration: none; declare entities with `part_of` (and aliases) for places the
    gazetteer doesn't know, and install the `places` extra for the GeoNames gazetteer.
    """
    if group.type == "place" and (group.verdict == CONFLICT).any():
        yield group_finding(
            group, rule="L002", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )
