"""Scoped suppressions: a claim's ``ignore:`` hides the pairs that involve that claim, nothing else.

``ignore: {Q001: "reason"}`` on the 1,500 claim of a group holding 1,500, 11,000 and 12,000
hides 1,500 vs 11,000 and 1,500 vs 12,000; 11,000 vs 12,000 is still a finding. A
``per-file-ignores`` glob acts the same way on the claims of the files it matches. A rule runs
on the group without the claims that ignore it (:func:`without_claims`), so the finding left is
the one the rest of the group gives, with its own message, clusters and fingerprint. Each
ignore that hid something is a :class:`~discrepancy.findings.Suppression` in the report.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePosixPath

import attrs
import numpy as np

from discrepancy.config import Config
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup
from discrepancy.model import Claim
from discrepancy.verdict import Verdict


def file_ignores(claim: Claim, config: Config) -> list[tuple[str, str]]:
    """``(glob, code)`` of every ``per-file-ignores`` entry matching ``claim``'s file."""
    if not config.per_file_ignores or claim.location is None:
        return []
    path = claim.location.path.replace("\\", "/")
    pure = PurePosixPath(path)
    out: list[tuple[str, str]] = []
    for glob, codes in config.per_file_ignores:
        if (
            fnmatch.fnmatchcase(path, glob)
            or fnmatch.fnmatchcase(pure.name, glob)
            or pure.match(glob)
        ):
            out.extend((glob, code) for code in codes)
    return out


def _matches(rule: str, code: str) -> bool:
    return bool(code) and rule.startswith(code.upper())


def hiders(claim: Claim, rule: str, config: Config) -> list[Suppression]:
    """The ignores of ``claim`` (its own, then its file's) that apply to ``rule``, as
    :class:`Suppression` records not yet counted (group fields empty)."""
    out = [
        Suppression(
            rule,
            code.upper(),
            "claim",
            "",
            "",
            claim=claim.ref,
            reason=reason,
            location=claim.location,
        )
        for code, reason in claim.ignore
        if _matches(rule, code)
    ]
    out.extend(
        Suppression(rule, code, "per-file-ignores", "", "", glob=glob)
        for glob, code in file_ignores(claim, config)
        if _matches(rule, code)
    )
    return out


def suppressed(finding: Finding, config: Config) -> bool:
    """Whether a claim of ``finding`` (or its file) ignores the finding's rule."""
    if not config.per_file_ignores and not any(claim.ignore for claim in finding.claims):
        return False
    return any(hiders(claim, finding.rule, config) for claim in finding.claims)


def without_claims(group: ComparedGroup, drop: Iterable[int]) -> ComparedGroup:
    """``group`` without the claims at the indices ``drop``, and without every pair that
    involves one of them (indices, the comparable mask and per-claim members remapped)."""
    gone = set(drop)
    n = len(group.claims)
    keep = [k for k in range(n) if k not in gone]
    new_index = np.full(n, -1, dtype=np.int64)
    new_index[keep] = np.arange(len(keep), dtype=np.int64)
    i, j = new_index[group.i], new_index[group.j]
    stay = (i >= 0) & (j >= 0)
    m = len(keep)
    comparable = np.zeros(m * (m - 1) // 2, dtype=bool)
    ii, jj = i[stay], j[stay]
    # position of (a, b), a < b, in the upper triangle np.triu_indices(m, 1)
    comparable[ii * (2 * m - ii - 1) // 2 + (jj - ii - 1)] = True
    where = np.flatnonzero(stay).tolist()
    return attrs.evolve(
        group,
        claims=tuple(group.claims[k] for k in keep),
        i=ii,
        j=jj,
        comparable=comparable,
        verdict=group.verdict[stay],
        magnitude=group.magnitude[stay],
        major=group.major[stay],
        only_a=[group.only_a[k] for k in where] if group.only_a else (),
        only_b=[group.only_b[k] for k in where] if group.only_b else (),
        members=None if group.members is None else tuple(group.members[k] for k in keep),
    )


def _bad_pairs(findings: Sequence[Finding]) -> set[tuple[str, str]]:
    return {
        (p.a, p.b)
        for f in findings
        for p in f.pairs
        if p.verdict in (Verdict.PARTIAL, Verdict.CONFLICT)
    }


def run_scoped(
    group: ComparedGroup,
    rule: str,
    func: Callable[[ComparedGroup, Config], Iterable[Finding]],
    config: Config,
) -> tuple[list[Finding], list[Suppression]]:
    """``func`` (the rule ``rule``) on ``group`` with the ignores of its claims applied: the
    findings on the group without the claims that ignore ``rule``, and what that hid."""

    def run(g: ComparedGroup, cfg: Config = config) -> list[Finding]:
        return list(func(g, cfg))

    if not config.per_file_ignores and not any(c.ignore for c in group.claims):
        return run(group), []  # nothing can hide anything (what hiders() would find)
    per_claim = {k: h for k, c in enumerate(group.claims) if (h := hiders(c, rule, config))}
    if not per_claim:
        return run(group), []
    # hidden pairs are counted on findings that list every pair: with the default
    # ``pairs="clusters"`` a finding lists one pair per pair of value clusters
    every = config if config.pairs == "all" else attrs.evolve(config, pairs="all")
    full = run(group, every)
    if not full:
        return [], []
    rest = without_claims(group, per_claim) if len(per_claim) < len(group.claims) else None
    kept = run(rest) if rest is not None else []
    kept_every = (kept if every is config else run(rest, every)) if rest is not None else []
    hidden = _bad_pairs(full) - _bad_pairs(kept_every)
    about = {c.ref for f in full if not f.pairs for c in f.claims}  # findings on one claim
    out: dict[tuple[str, str, str | None, str | None], Suppression] = {}
    counts: dict[tuple[str, str, str | None, str | None], set[tuple[str, str]]] = {}
    for k, records in per_claim.items():
        ref = group.claims[k].ref
        mine = {p for p in hidden if ref in p}
        if not mine and ref not in about:
            continue
        for s in records:
            key = (s.by, s.code, s.claim, s.glob)
            out.setdefault(key, s)
            counts.setdefault(key, set()).update(mine)
    whole = not any(f.rule == rule for f in kept)
    suppressions = [
        attrs.evolve(
            s,
            subject=group.subject,
            property=group.property,
            scope=group.scope,
            pairs=len(counts[key]),
            whole=whole,
        )
        for key, s in out.items()
    ]
    return kept, suppressions


__all__ = ["file_ignores", "hiders", "run_scoped", "suppressed", "without_claims"]
