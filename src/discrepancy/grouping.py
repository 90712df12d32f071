"""Comparison keys: which claims are about the same fact, and the compared form of a group.

Two claims are about the same fact when their subject and property match (through entity ids
and aliases, after transliteration and case folding), their scopes are equal, their units are
the same or convertible, and their types match (the engine groups rows so in
:mod:`discrepancy.table.groups`; the reference twin's ``build_groups`` groups claim objects).
:func:`compare_group` is a pure function of one group, so the same code can be mapped over
partitions of a bulk table.

``as_of`` does not split groups: a pair whose ``as_of`` intervals are both given and disjoint is
not comparable and gets no verdict (it is absent from ``i``/``j``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.result import Comparison
from discrepancy.compare.text import fold
from discrepancy.groups import ComparedGroup, Group
from discrepancy.model import Claim
from discrepancy.types.protocol import ClaimType
from discrepancy.types.registry import get_type

if TYPE_CHECKING:
    from discrepancy.config import Config


def scope_key(scope: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Scope in comparison form: keys and values folded."""
    return tuple(sorted((fold(k), fold(v)) for k, v in scope))


def as_of_mask(claims: tuple[Claim, ...], ti: np.ndarray, tj: np.ndarray) -> np.ndarray:
    """True for pairs whose ``as_of`` intervals overlap or where either is absent."""
    n = len(claims)
    has = np.fromiter((c.as_of is not None for c in claims), dtype=bool, count=n)
    if not has.any():
        return np.ones(len(ti), dtype=bool)
    start = np.fromiter(
        (c.as_of.start.toordinal() if c.as_of else 0 for c in claims), dtype=np.int64, count=n
    )
    end = np.fromiter(
        (c.as_of.end.toordinal() if c.as_of else 0 for c in claims), dtype=np.int64, count=n
    )
    overlap = (start[ti] <= end[tj]) & (start[tj] <= end[ti])
    return ~(has[ti] & has[tj]) | overlap


@lru_cache(maxsize=256)
def triangle(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.triu_indices(n, 1)`` as read-only int64 arrays, memoised (a pure function of n;
    building them dominates the cost of comparing a small group)."""
    ti, tj = np.triu_indices(n, k=1)
    ti, tj = ti.astype(np.int64), tj.astype(np.int64)
    ti.flags.writeable = False
    tj.flags.writeable = False
    return ti, tj


def compare_group(
    group: Group, config: Config, *, claim_type: ClaimType | None = None
) -> ComparedGroup:
    """Verdicts for every comparable pair of ``group`` (pure: no I/O, no global state).

    ``claim_type`` is the registered type of ``group.type``; looked up when not given.
    """
    kind: ClaimType = claim_type if claim_type is not None else get_type(group.type)
    n = len(group.claims)
    ti, tj = triangle(n)
    comparable = as_of_mask(group.claims, ti, tj)
    if comparable.all():
        i, j = ti, tj
    else:
        i, j = ti[comparable], tj[comparable]
    if n >= 2 or getattr(kind, "compare_single", False):
        result = kind.compare(group, i, j, config)
    else:
        result = Comparison(np.zeros(0), np.zeros(0), np.zeros(0))
    return compared_from(group, i, j, comparable, result)


def compared_from(
    group: Group, i: np.ndarray, j: np.ndarray, comparable: np.ndarray, result: Comparison
) -> ComparedGroup:
    """The :class:`ComparedGroup` of ``group`` with the pairs ``i``/``j`` and their verdicts."""
    return ComparedGroup(
        subject=group.subject,
        property=group.property,
        scope=group.scope,
        unit=group.unit,
        type=group.type,
        claims=group.claims,
        i=i,
        j=j,
        comparable=comparable,
        verdict=result.verdict,
        magnitude=result.magnitude,
        major=result.major,
        only_a=result.only_a,
        only_b=result.only_b,
        members=result.members,
        entities=group.entities,
        documents=group.documents,
    )


__all__ = [
    "ComparedGroup",
    "Group",
    "as_of_mask",
    "compare_group",
    "compared_from",
    "scope_key",
    "triangle",
]
