"""Grouping claim objects: the reference twin's :func:`build_groups` (the engine groups
rows with the same rules in :mod:`discrepancy.table.groups`).

Within one subject/property/scope, a claim whose type differs from the group's (the most
common type, ties going to the more specific type: see :mod:`discrepancy.group_types`) or
whose unit cannot be converted to the group's (the most common unit) is listed in ``skipped``
with the reason. A claim without a unit joins its subject/property/scope's group whatever
that group's unit. A claim alone in its group is not skipped; it is simply not compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.group_types import majority_kind
from discrepancy.grouping import scope_key
from discrepancy.groups import Group, Skipped
from discrepancy.model import Claim, ClaimSet
from discrepancy.units import NO_UNIT, UnitKey, incompatibility, unit_key


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


__all__ = ["build_groups"]
