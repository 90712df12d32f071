"""Comparison keys: which claims are about the same fact, and the compared form of a group.

Two claims are about the same fact when their subject and property match (through entity ids
and aliases, after transliteration and case folding), their scopes are equal, their units are
the same or convertible, and their types match. :func:`build_groups` sorts claims into
:class:`Group` objects once; :func:`compare_group` is a pure function of one group, so the same
code can be mapped over partitions of a bulk table.

Within one subject/property/scope, a claim whose type differs from the group's (the most
common type, ties going to the more specific type: see :mod:`discrepancy.group_types`) or whose unit cannot be converted to the
group's (the most common unit) is listed in ``skipped`` with the reason. A claim without a unit
joins its subject/property/scope's group whatever that group's unit. A claim alone in its group
is not skipped; it is simply not compared.

``as_of`` does not split groups: a pair whose ``as_of`` intervals are both given and disjoint is
not comparable and gets no verdict (it is absent from ``i``/``j``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.result import Comparison
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.group_types import majority_kind
from discrepancy.groups import ComparedGroup, Group, Skipped
from discrepancy.model import Claim, ClaimSet
from discrepancy.types.protocol import ClaimType
from discrepancy.types.registry import get_type
from discrepancy.units import NO_UNIT, UnitKey, incompatibility, unit_key

if TYPE_CHECKING:
    from discrepancy.config import Config


def scope_key(scope: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Scope in comparison form: keys and values folded."""
    return tuple(sorted((fold(k), fold(v)) for k, v in scope))


def _most_common(items: list[str]) -> str:
    counts = Counter(items)
    top = max(counts.values())
    return next(x for x in items if counts[x] == top)


def build_groups(
    claims: ClaimSet,
    config: Config | None = None,
    *,
    documents: Mapping[str, str] | None = None,
) -> tuple[list[Group], list[Skipped]]:
    """Sort ``claims`` into groups of comparable claims, and list the ones that fit none.

    ``documents`` maps source ids to the text of their document (for quote checks); each group
    gets the entries of its own sources. Groups keep the order of their first claim; claims keep
    file order within a group.
    """
    del config  # grouping has no options yet; kept for a uniform signature
    entities = EntityIndex.build(claims.entities)
    buckets: dict[tuple[object, ...], list[Claim]] = {}
    keys_of: dict[tuple[object, ...], tuple[object, ...]] = {}  # as written -> folded
    for claim in claims.claims:
        written = (claim.subject, claim.property, claim.scope)
        key = keys_of.get(written)
        if key is None:
            key = keys_of[written] = (
                entities.canonical(claim.subject),
                entities.canonical(claim.property),
                scope_key(claim.scope),
            )
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [claim]
        else:
            bucket.append(claim)

    docs = dict(documents or {})
    groups: list[Group] = []
    skipped: list[Skipped] = []
    for members in buckets.values():
        first = members[0]
        subject = entities.entity(first.subject) or first.subject
        prop = entities.entity(first.property) or first.property
        types = [c.type for c in members]
        same = types.count(types[0]) == len(types)
        kind = types[0] if same else majority_kind(types)
        typed = members if same else []
        if not same:
            where = f"{subject} {prop}"
            for c in members:
                if c.type == kind:
                    typed.append(c)
                else:
                    reason = (
                        f"type '{c.type}' cannot be compared with '{kind}' "
                        f"(the other claims on {where} are {kind}s)"
                    )
                    skipped.append(Skipped(c.ref, reason, c.location))
        kept, group_unit, group_key = _same_unit(typed, skipped)
        if not kept:
            continue
        group_docs = {c.source: docs[c.source] for c in kept if c.source in docs} if docs else {}
        groups.append(
            Group(
                subject=subject,
                property=prop,
                scope=first.scope,
                unit=group_unit,
                type=kind,
                claims=tuple(kept),
                unit_key=group_key,
                entities=entities,
                documents=group_docs,
            )
        )
    return groups, skipped


def _same_unit(
    typed: list[Claim], skipped: list[Skipped]
) -> tuple[list[Claim], str | None, UnitKey]:
    """The claims of ``typed`` whose unit converts to the group's (the most common one),
    that unit and its key; the others go to ``skipped``."""
    if all(c.unit is None for c in typed):
        return typed, None, NO_UNIT
    keys = [unit_key(c.unit) for c in typed]
    stated = [k for k in keys if k.kind != "none"]
    group_key = _most_common_key(stated) if stated else NO_UNIT
    group_unit = (
        next((c.unit for c, k in zip(typed, keys, strict=True) if k == group_key), None)
        if stated
        else None
    )
    kept: list[Claim] = []
    for c, k in zip(typed, keys, strict=True):
        if k.kind == "none" or (k.kind == group_key.kind and k.key == group_key.key):
            kept.append(c)
        else:
            skipped.append(Skipped(c.ref, incompatibility(c.unit, group_unit), c.location))
    return kept, group_unit, group_key


def _most_common_key(keys: list[UnitKey]) -> UnitKey:
    ids = [f"{k.kind}:{k.key}" for k in keys]
    top = _most_common(ids)
    return keys[ids.index(top)]


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
    if claim_type is None:
        claim_type = get_type(group.type)
    n = len(group.claims)
    ti, tj = triangle(n)
    comparable = as_of_mask(group.claims, ti, tj)
    if comparable.all():
        i, j = ti, tj
    else:
        i, j = ti[comparable], tj[comparable]
    if n >= 2 or getattr(claim_type, "compare_single", False):
        result = claim_type.compare(group, i, j, config)
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
    "build_groups",
    "compare_group",
    "compared_from",
    "scope_key",
    "triangle",
]
