"""The documented bounds on one check, and the clear errors for crossing them (:data:`LIMIT`).

Some work grows with the square of its input: the claim pairs of a group compared one by one
(claim files), and the sources x sources agreement matrices. Untrusted input must not turn that
into minutes and gigabytes, so a check refuses, before the allocation, a group with more than
:data:`MAX_GROUP_CLAIMS` claims (claim files and tables alike) and more than
:data:`MAX_AGREEMENT_SOURCES` sources. File sizes, nesting and value lengths have their own
limits where they are read (:class:`~discrepancy.io.yaml_reader.Limits`,
:data:`~discrepancy.values._text.MAX_VALUE_CHARS`); docs/security.md lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from discrepancy.errors import InputError, Problem
from discrepancy.location import Location

#: The problem code of a check beyond a documented limit.
LIMIT: Final = "E008"
#: Most claims in one group of comparable claims (pairs grow as n²/2: 1,000 claims are 499,500
#: pairs).
MAX_GROUP_CLAIMS: Final = 1_000
#: Most sources in one check: agreement is a sources x sources matrix (4,000 sources are 16
#: million cells per matrix).
MAX_AGREEMENT_SOURCES: Final = 4_000


def check_sources(count: int, where: str = "<check>") -> None:
    """Raise :class:`InputError` (:data:`LIMIT`) when ``count`` sources are too many."""
    if count > MAX_AGREEMENT_SOURCES:
        msg = (
            f"{count:,} sources is more than the limit of {MAX_AGREEMENT_SOURCES:,} for one check "
            "(agreement compares every pair of sources); check subsets of the sources, or merge "
            "sources that are one outlet"
        )
        raise InputError([Problem(LIMIT, msg, Location(where))])


def check_group_sizes(groups: Iterable[tuple[str, int, Location | None]]) -> None:
    """Raise :class:`InputError` (:data:`LIMIT`) for every group (its key, claim count and first
    claim's location) with more than :data:`MAX_GROUP_CLAIMS` claims."""
    problems = [
        Problem(
            LIMIT,
            f"group '{key}' holds {count:,} claims, more than the limit of {MAX_GROUP_CLAIMS:,} "
            "compared pairwise; a group is one fact: split it with 'scope' or 'as_of' "
            "(thousands of claims of one fact are usually several facts)",
            where,
        )
        for key, count, where in groups
        if count > MAX_GROUP_CLAIMS
    ]
    if problems:
        raise InputError(problems)


__all__ = [
    "LIMIT",
    "MAX_AGREEMENT_SOURCES",
    "MAX_GROUP_CLAIMS",
    "check_group_sizes",
    "check_sources",
]
