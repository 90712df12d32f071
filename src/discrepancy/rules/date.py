"""Rules on date groups."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.compare.result import CONFLICT
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding
from discrepancy.verdict import Level, Verdict


def date_intervals_disjoint(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """D001 date conflict

    What: two comparable dates whose intervals of days do not overlap.
    Why: "2024-10-18" and "2024-10-23" cannot both be the day the same thing happened.
    Dates at a coarser precision contain finer ones ("June 2024" and "2024-06-19" are
    compatible), and a weekday ("Friday") resolves against the source's published date.
    Example: insider "Oct 8-13, 2024" vs newslooks "2024-10-18" -> conflict, 5 days apart.
    Configuration: date.major-days (7): a conflict is major at this many days apart.
    """
    if (group.verdict == CONFLICT).any():  # groups of its type only (its registry line)
        yield group_finding(
            group, rule="D001", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )
