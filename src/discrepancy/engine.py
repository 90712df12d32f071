"""The check: group claims, compare each group, run the rules, collect findings.

:func:`check` is three pure steps that could each be mapped over key-partitioned data
(Dask): :func:`build_groups` (claims -> groups + skipped), :func:`compare_group` (one group ->
verdicts of its pairs) and :func:`run_rules` (one compared group -> findings, with
suppressions and level re-grading applied). Only :func:`read_documents` does I/O, before the
rules run, so rules stay pure.

Suppressions: a claim's ``ignore: {CODE: reason}`` (a code or a prefix) suppresses every finding
of that rule that lists the claim; ``per-file-ignores`` acts as if every claim from a matching
file carried the same ignore. A finding is dropped when any of its claims ignores its rule.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

import attrs
import numpy as np

from discrepancy.agreement import compute_agreement
from discrepancy.compare.batch import compare_groups
from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.consensus import run_consensus
from discrepancy.errors import Problem
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group, build_groups, compare_group
from discrepancy.io.files import FileRefused, read_text
from discrepancy.limits import check_group_sizes, check_sources
from discrepancy.location import Location
from discrepancy.lookalike_names import lookalike_warnings
from discrepancy.model import Claim, ClaimSet
from discrepancy.progress import Progress, progress_for, track
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.registry import ClaimType, RuleInfo, claim_types, rules
from discrepancy.units import unit_key

#: The largest document read for quote checks, in bytes.
DOCUMENT_LIMIT = 10_000_000


def read_documents(claims: ClaimSet) -> tuple[dict[str, str], list[Problem]]:
    """Texts of the ``document`` of every source that has a claim with a ``quote``.

    The loader resolves relative paths against the claim file's folder; a relative path that
    does not exist from the working directory is also tried against that folder. A document that cannot be read is a warning (E001), not an error.
    Only regular files are read (a FIFO or device is E006), at most :data:`DOCUMENT_LIMIT`
    bytes (E003).
    """
    quoting = {c.source for c in claims.claims if c.quote is not None}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for source in claims.sources:
        if source.id not in quoting or not source.document:
            continue
        path = Path(source.document)
        if not path.is_absolute() and not path.exists() and source.location is not None:
            path = Path(source.location.path).parent / path
        try:
            texts[source.id] = read_text(path, limit=DOCUMENT_LIMIT)
        except FileRefused as err:
            msg = (
                f"cannot read document '{source.document}' of source '{source.id}' "
                f"({err.message}); its quotes are not checked"
            )
            problems.append(Problem(err.code, msg, source.location or Location(str(path))))
    return texts, problems


def _file_ignores(claim: Claim, config: Config) -> tuple[str, ...]:
    if not config.per_file_ignores or claim.location is None:
        return ()
    path = claim.location.path.replace("\\", "/")
    name = PurePosixPath(path).name
    out: list[str] = []
    for glob, codes in config.per_file_ignores:
        if (
            fnmatch.fnmatchcase(path, glob)
            or fnmatch.fnmatchcase(name, glob)
            or PurePosixPath(path).match(glob)
        ):
            out.extend(codes)
    return tuple(out)


def suppressed(finding: Finding, config: Config) -> bool:
    """Whether a claim of ``finding`` (or its file) ignores the finding's rule."""
    if not config.per_file_ignores and not any(claim.ignore for claim in finding.claims):
        return False
    for claim in finding.claims:
        codes = [code.upper() for code, _ in claim.ignore] + list(_file_ignores(claim, config))
        if any(finding.rule.startswith(code) for code in codes if code):
            return True
    return False


def run_rules(group: ComparedGroup, config: Config, rules: Sequence[RuleInfo]) -> list[Finding]:
    """The findings of ``rules`` on one compared group, after suppressions and re-grading
    (pure). Rules of a claim type only run on groups of that type."""
    out: list[Finding] = []
    for info in rules:
        if info.type not in ("claim", "any", group.type):
            continue
        for finding in info.func(group, config):
            if suppressed(finding, config):
                continue
            level = config.level_for(finding.rule, finding.level)
            out.append(finding if level == finding.level else attrs.evolve(finding, level=level))
    return out


def _single(claim: Claim, group_docs: Mapping[str, str], config: Config) -> ComparedGroup:
    """A claim that fits no group, alone, so that claim rules (E3xx) still see it."""
    group = Group(
        subject=claim.subject,
        property=claim.property,
        scope=claim.scope,
        unit=claim.unit,
        type=claim.type,
        claims=(claim,),
        unit_key=unit_key(claim.unit),
        documents={k: v for k, v in group_docs.items() if k == claim.source},
    )
    return compare_group(group, config, claim_type=_NoPairs())


class _NoPairs:
    """The claim type of a lone claim: there is nothing to compare."""

    name = "none"

    def parse(self, raw: object, *, published: dt.date | None, approx: float) -> object:
        raise NotImplementedError

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        return Comparison((), (), ())


def compare_all(
    groups: Sequence[Group], config: Config, *, types: Mapping[str, ClaimType] | None = None
) -> list[ComparedGroup]:
    """:func:`compare_group` over ``groups`` with the claim types resolved once."""
    known = dict(types) if types is not None else claim_types()
    return [compare_group(g, config, claim_type=known[g.type]) for g in groups]


def check(
    claims: ClaimSet,
    config: Config | None = None,
    *,
    documents: Mapping[str, str] | None = None,
    progress: Progress | bool | None = None,
) -> Report:
    """Compare every group of comparable claims and report findings, agreement and consensus.

    ``documents`` maps source ids to the text of their documents (for quote checks, E302);
    when not given, each source's ``document`` file is read. ``progress`` (a
    :class:`~discrepancy.progress.Progress`, or ``True`` for a bar on a terminal's stderr)
    follows the grouping, rules and consensus stages.
    """
    with progress_for(progress) as bar:
        return _check(claims, config or Config(), documents, bar)


def _check(
    claims: ClaimSet, config: Config, documents: Mapping[str, str] | None, bar: Progress
) -> Report:
    warnings: list[Problem] = lookalike_warnings(claims)
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
    check_sources(len(claims.sources))
    bar.stage("grouping", len(claims.claims))
    groups, skipped = build_groups(claims, config, documents=docs)
    check_group_sizes(
        (f"{g.subject} · {g.property}", len(g.claims), g.claims[0].location) for g in groups
    )
    bar.advance(len(claims.claims))
    active = [r for r in rules() if config.selects(r.code)]
    types = claim_types()
    known: list[Group] = []
    unknown: list[Skipped] = []
    for group in groups:
        if group.type in types:
            known.append(group)
        else:
            unknown.extend(
                Skipped(c.ref, f"no claim type '{group.type}' is registered", c.location)
                for c in group.claims
            )
    compared = compare_groups(known, config, types=types)
    by_type = {
        kind: [r for r in active if r.type in ("claim", "any", kind)]
        for kind in {g.type for g in compared}
    }
    findings: list[Finding] = []
    for done in track(bar, compared, "rules"):
        findings.extend(run_rules(done, config, by_type[done.type]))
    skipped.extend(unknown)
    by_ref = {c.ref: c for c in claims.claims}
    claim_rules = [r for r in active if r.type == "claim"]
    for s in skipped:
        claim = by_ref.get(s.ref)
        if claim is not None and claim_rules:
            findings.extend(run_rules(_single(claim, docs, config), config, claim_rules))

    bar.stage("consensus", 1)
    run = run_consensus(compared, method=config.consensus_method, config=config)
    agreement = compute_agreement(compared, claims.sources, run)
    bar.advance()
    return Report(
        claims=claims,
        findings=findings,
        groups=len(groups),
        skipped=skipped,
        agreement=agreement,
        consensus=run.groups,
        consensus_run=run,
        warnings=warnings,
    )


__all__ = [
    "build_groups",
    "check",
    "compare_all",
    "compare_group",
    "compare_groups",
    "read_documents",
    "run_rules",
    "suppressed",
]
