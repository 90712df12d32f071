"""Entity aliases for the names grouping does not look up itself: units, scope keys and
values, and speakers (``said_by``).

Subjects, properties, labels and set members already go through the entity index when they
are compared. :func:`resolve_aliases` is a pass over the loaded claims before checking that
writes every unit, scope key, scope value and speaker that names an entity (its id, name or an
alias, after transliteration and case folding) as the entity's id, so that
``entities: {people: {aliases: [peple]}}`` merges the unit ``peple`` into ``people``, as it
merges a subject. Tables get the same pass (:func:`discrepancy.table.retype.prepare_columns`).
"""

from __future__ import annotations

import attrs

from discrepancy.compare.text import EntityIndex
from discrepancy.model import Claim, ClaimSet


def alias_of(index: EntityIndex, text: str | None) -> str | None:
    """``text`` as the id of the entity it names, else as it is."""
    if text is None or not index.names:
        return text
    return index.entity(text) or text


def resolve_claim(claim: Claim, index: EntityIndex) -> Claim:
    """``claim`` with its unit, scope and speaker written as entity ids where they name one."""
    unit = alias_of(index, claim.unit)
    said_by = alias_of(index, claim.said_by)
    scope = tuple((alias_of(index, k) or k, alias_of(index, v) or v) for k, v in claim.scope)
    if unit == claim.unit and said_by == claim.said_by and scope == claim.scope:
        return claim
    return attrs.evolve(claim, unit=unit, said_by=said_by, scope=scope)


def resolve_aliases(claims: ClaimSet) -> ClaimSet:
    """``claims`` with every unit, scope key/value and speaker that names an entity written
    as the entity's id (the same set when no entity is defined)."""
    if not claims.entities:
        return claims
    index = EntityIndex.build(claims.entities)
    out = tuple(resolve_claim(c, index) for c in claims.claims)
    if all(a is b for a, b in zip(out, claims.claims, strict=True)):
        return claims
    return attrs.evolve(claims, claims=out)


__all__ = ["alias_of", "resolve_aliases", "resolve_claim"]
