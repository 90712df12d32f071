"""Gold files: claim files or tables whose every claim is a verified fact.

``discrepancy check claims/ --gold verified.yaml`` (or ``load(paths, gold=...)``) reads the
gold files with the others, as claim files or tables like any (same format, same errors at
file:line:col), and marks each of their claims ``verified``: its value fixes its fact's
consensus and the sources are scored against it.
"""

from __future__ import annotations

import attrs

from discrepancy.io.discover import Discovery
from discrepancy.model import ClaimSet


def with_gold(found: Discovery, gold: Discovery) -> tuple[Discovery, frozenset[str]]:
    """The files of ``found`` and ``gold`` together (a file in both is read once), and the
    resolved paths of the gold files."""
    paths = frozenset(str(f.path.resolve()) for f in gold.files)
    have = {str(f.path.resolve()) for f in found.files}
    extra = tuple(f for f in gold.files if str(f.path.resolve()) not in have)
    both = Discovery(
        files=(*found.files, *extra),
        ignored=found.ignored,
        problems=(*found.problems, *gold.problems),
    )
    return both, paths


def mark_verified(
    claims: ClaimSet, gold_paths: frozenset[str], displays: dict[str, str]
) -> ClaimSet:
    """``claims`` with every claim read from a gold file (``displays`` maps each file's
    display name to its resolved path) marked ``verified``."""
    if not gold_paths:
        return claims
    gold_names = {d for d, p in displays.items() if p in gold_paths}
    out = tuple(
        attrs.evolve(c, verified=True)
        if c.location is not None and c.location.path in gold_names and not c.verified
        else c
        for c in claims.claims
    )
    return attrs.evolve(claims, claims=out)


__all__ = ["mark_verified", "with_gold"]
