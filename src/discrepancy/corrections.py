"""Corrections and retractions: claims that a later claim supersedes, that their source
retracted, or that the speaker they are attributed to denies.

Such a claim is *withdrawn*: it leaves comparison (so it is no self-contradiction of its
source), agreement and consensus, but stays in the report, marked (rule E304). A claim's
``supersedes`` names an earlier claim of the same origin (``said_by``, else the source) or the
same outlet (source): ``id`` for a claim of the same source, ``source/id`` for any.
:func:`link_corrections` checks every ``supersedes`` and records on each superseded claim who
supersedes it; :func:`set_withdrawn_aside` splits a claim set in two.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import attrs

from discrepancy.errors import ClaimFileError, Problem
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet

#: The problem code of a ``supersedes`` (or ``reason``) that cannot hold.
CODE = "E125"


def _ref(claim: Claim, text: str) -> str:
    """``supersedes`` as a full ref: a bare id is a claim of the same source."""
    return text if "/" in text else f"{claim.source}/{text}"


def _where(claim: Claim) -> Location:
    return claim.supersedes_location or claim.location or Location("<claims>")


def link_corrections(claims: Sequence[Claim]) -> tuple[tuple[Claim, ...], list[Problem]]:
    """``claims`` with ``superseded_by`` set on every claim a later one supersedes, and the
    problems of the corrections: a ``supersedes`` that names no claim, itself, a claim of
    another origin and outlet, or closes a cycle; a ``reason`` with nothing to explain."""
    by_ref = {c.ref: k for k, c in enumerate(claims)}
    problems: list[Problem] = []
    replaced: dict[int, list[str]] = {}
    target: dict[int, int] = {}
    for k, claim in enumerate(claims):
        if claim.reason is not None and not (
            claim.retracted or claim.denied_by or claim.supersedes
        ):
            msg = (
                f"{claim.ref} gives a 'reason' but is not retracted, denied or a correction; "
                "add 'retracted: true', 'denied_by: <who>' or 'supersedes: <claim id>'"
            )
            problems.append(Problem(CODE, msg, claim.location or Location("<claims>")))
        if claim.supersedes is None:
            continue
        ref = _ref(claim, claim.supersedes)
        at = by_ref.get(ref)
        problem = _supersede_problem(claim, ref, None if at is None else claims[at], by_ref)
        if problem is not None:
            problems.append(Problem(CODE, problem, _where(claim)))
            continue
        assert at is not None
        target[k] = at
        replaced.setdefault(at, []).append(claim.ref)
    for k in sorted(target):  # a chain that comes back to where it started
        seen, at = {k}, target[k]
        while at in target and at not in seen:
            seen.add(at)
            at = target[at]
        if at == k:
            msg = f"{claims[k].ref} supersedes {claims[target[k]].ref}, which leads back to it"
            problems.append(
                Problem(CODE, msg + "; a correction must not supersede itself", _where(claims[k]))
            )
    out = tuple(
        attrs.evolve(c, superseded_by=tuple(sorted(replaced[k]))) if k in replaced else c
        for k, c in enumerate(claims)
    )
    return out, problems


def _supersede_problem(
    claim: Claim, ref: str, old: Claim | None, by_ref: dict[str, int]
) -> str | None:
    if old is None:
        near = difflib.get_close_matches(ref, [r for r in by_ref if r != claim.ref], n=1)
        maybe = f" (did you mean '{near[0]}'?)" if near else ""
        return (
            f"{claim.ref} supersedes '{claim.supersedes}', but no claim '{ref}' exists{maybe}; "
            "name an earlier claim as 'id' (same source) or 'source/id'"
        )
    if old.ref == claim.ref:
        return f"{claim.ref} supersedes itself; name the earlier claim it replaces"
    if old.source != claim.source and old.origin != claim.origin:
        return (
            f"{claim.ref} (source '{claim.source}', said by '{claim.origin}') supersedes "
            f"{old.ref} (source '{old.source}', said by '{old.origin}'): a correction replaces "
            "a claim of the same source or the same speaker; another source's different "
            "figure is a conflict, not a correction"
        )
    return None


def set_withdrawn_aside(claims: ClaimSet) -> tuple[ClaimSet, tuple[Claim, ...]]:
    """The claims to compare, and the withdrawn ones (superseded, retracted or denied), each
    with ``superseded_by`` set. Without any correction, ``claims`` as it is.

    Raises:
        ClaimFileError: the problems :func:`link_corrections` finds.
    """
    if not any(c.supersedes or c.retracted or c.denied_by or c.reason for c in claims.claims):
        return claims, ()
    linked, problems = link_corrections(claims.claims)
    if problems:
        raise ClaimFileError(problems)
    kept = tuple(c for c in linked if c.withdrawn is None)
    withdrawn = tuple(c for c in linked if c.withdrawn is not None)
    return attrs.evolve(claims, claims=kept), withdrawn


__all__ = ["CODE", "link_corrections", "set_withdrawn_aside"]
