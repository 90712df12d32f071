"""Near-miss warnings: two source names, or two speakers, that print alike but differ.

A source named ``NIS`` and another ``NІS`` (Cyrillic І) are two sources to the check but one to a
reader; two ``said_by`` values that print alike split one origin into two voices. Such pairs are
warnings (:data:`LOOKALIKE`), never silently merged. (A general near-miss rule over subjects and
properties is a separate lint; this module only covers who is speaking.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from discrepancy.errors import Problem
from discrepancy.location import Location
from discrepancy.lookalikes import describe, near_misses, nfkc
from discrepancy.model import ClaimSet

#: The problem code of two names that print alike (a warning).
LOOKALIKE: Final = "E124"


def _difference(a: str, b: str) -> str:
    """The first characters where ``a`` and ``b`` differ, described."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return f"{describe(x)} vs {describe(y)}"
    longer = a if len(a) > len(b) else b
    return f"{describe(longer[min(len(a), len(b))])} in one of them"


def _pairs(what: str, names: Iterable[str], where: dict[str, Location | None]) -> list[Problem]:
    out: list[Problem] = []
    for first, second in near_misses(names):
        if nfkc(first) == nfkc(second) and what == "source id":
            continue  # ids are compared in NFKC form: already one source
        msg = (
            f"{what} '{second}' prints like '{first}' but differs "
            f"({_difference(first, second)}); use one spelling"
        )
        out.append(Problem(LOOKALIKE, msg, where.get(second) or where.get(first)))
    return out


def lookalike_warnings(claims: ClaimSet) -> list[Problem]:
    """Warnings for source names and ``said_by`` speakers that print alike but differ."""
    names: dict[str, Location | None] = {}
    for source in claims.sources:
        if source.name:
            names.setdefault(source.name, source.location)
    speakers: dict[str, Location | None] = {}
    for claim in claims.claims:
        if claim.said_by:
            speakers.setdefault(claim.said_by, claim.location)
    return _pairs("source name", names, names) + _pairs("said_by", speakers, speakers)


__all__ = ["LOOKALIKE", "lookalike_warnings"]
