"""The check: group claims, compare each group, run the rules, collect findings.

:func:`check` is three pure steps that could each be mapped over key-partitioned data
(Dask): :func:`build_groups` (claims -> groups + skipped), :func:`compare_group` (one group ->
verdicts of its pairs) and :func:`run_rules` (one compared group -> findings, with
suppressions and level re-grading applied). Only :func:`read_documents` does I/O, before the
rules run, so rules stay pure.

Suppressions: a claim's ``ignore: {CODE: reason}`` (a code or a prefix) suppresses the pairs
that involve that claim: the rule runs on the group without it, so the rest of the group is
still checked; ``per-file-ignores`` acts as if every claim from a matching file carried the same
ignore. Every ignore that hid something is listed in ``report.suppressed``
(:mod:`discrepancy.suppress`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from discrepancy.agreement import compute_agreement
from discrepancy.compare.batch import compare_groups
from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.consensus import run_consensus
from discrepancy.errors import Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup, Group, build_groups, compare_group
from discrepancy.io.files import FileRefused, read_text
from discrepancy.lint.run import lint, lint_input_of_claims
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet
from discrepancy.progress import Progress, progress_for, track
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.apply import finish_findings, rule_alone, rule_group, run_rules, suppressed
from discrepancy.rules.registry import ClaimType, claim_types, rules
from discrepancy.table.check import check_claim_set
from discrepancy.values.infer import TYPES

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


def _set_drafts_aside(claims: ClaimSet, config: Config) -> tuple[ClaimSet, tuple[Claim, ...]]:
    """The claims to compare and the drafts left out of groups (none with include_drafts).

    Drafts set aside still meet the claim rules (E3xx) one by one, so E303 lists each of them
    and E302 checks their quotes."""
    if config.include_drafts or not any(c.is_draft for c in claims.claims):
        return claims, ()
    drafts = tuple(c for c in claims.claims if c.is_draft)
    return attrs.evolve(claims, claims=tuple(c for c in claims.claims if not c.is_draft)), drafts


def _draft_findings(
    drafts: Sequence[Claim], docs: Mapping[str, str], config: Config
) -> tuple[list[Finding], list[Suppression]]:
    """The claim rules (E3xx: E303 lists each draft) on the drafts set aside, one by one."""
    claim_rules = [r for r in rules() if r.type == "claim" and config.selects(r.code)]
    findings: list[Finding] = []
    hidden: list[Suppression] = []
    for claim in drafts if claim_rules else ():
        found, hid = rule_alone(claim, docs, config, claim_rules)
        findings.extend(found)
        hidden.extend(hid)
    return findings, hidden


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

    The claims go through the one engine as the claim table :meth:`ClaimSet.to_table` makes
    of them (:func:`discrepancy.table.check_table`), so claim files and tables are checked
    by the same code. ``documents`` maps source ids to the text of their documents (for
    quote checks, E302); when not given, each source's ``document`` file is read.
    ``progress`` (a :class:`~discrepancy.progress.Progress`, or ``True`` for a bar on a
    terminal's stderr) follows the parsing, grouping, rules and consensus stages.
    """
    config = config or Config()
    if any(c.type not in TYPES for c in claims.claims):
        # claim types from plugins have no column encoding yet: the per-object path
        return check_objects(claims, config, documents=documents, progress=progress)
    warnings: list[Problem] = list(claims.warnings)
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
    compared, drafts = _set_drafts_aside(claims, config)
    with progress_for(progress) as bar:
        report = check_claim_set(compared, config, documents=docs, progress=bar)
    if drafts:
        found, hid = _draft_findings(drafts, docs, config)
        report = attrs.evolve(
            report,
            claims=claims,
            findings=[*report.findings, *found],
            suppressed=(*report.suppressed, *hid),
        )
    return attrs.evolve(report, warnings=tuple(warnings)) if warnings else report


def check_objects(
    claims: ClaimSet,
    config: Config | None = None,
    *,
    documents: Mapping[str, str] | None = None,
    progress: Progress | bool | None = None,
) -> Report:
    """:func:`check` claim object by claim object: the plain reference implementation."""
    with progress_for(progress) as bar:
        return _check(claims, config or Config(), documents, bar)


def _check(
    claims: ClaimSet, config: Config, documents: Mapping[str, str] | None, bar: Progress
) -> Report:
    warnings: list[Problem] = list(claims.warnings)
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
    everything = claims
    claims, drafts = _set_drafts_aside(claims, config)
    bar.stage("grouping", len(claims.claims))
    groups, skipped = build_groups(claims, config, documents=docs)
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
    hidden: list[Suppression] = []
    for done in track(bar, compared, "rules"):
        found, hid = rule_group(done, config, by_type[done.type])
        findings.extend(found)
        hidden.extend(hid)
    skipped.extend(unknown)
    by_ref = {c.ref: c for c in claims.claims}
    claim_rules = [r for r in active if r.type == "claim"]
    for s in skipped:
        claim = by_ref.get(s.ref)
        if claim is not None and claim_rules:
            found, hid = rule_alone(claim, docs, config, claim_rules)
            findings.extend(found)
            hidden.extend(hid)
    found, hid = _draft_findings(drafts, docs, config)
    findings.extend(found)
    hidden.extend(hid)
    entities = EntityIndex.build(claims.entities)
    whole = lint_input_of_claims(claims.claims, entities, skipped, len(claims.sources))
    findings.extend(finish_findings(lint(whole, config), config))

    bar.stage("consensus", 1)
    run = run_consensus(compared, method=config.consensus_method, config=config)
    agreement = compute_agreement(compared, claims.sources, run)
    bar.advance()
    return Report(
        claims=everything,
        findings=findings,
        groups=len(groups),
        skipped=skipped,
        agreement=agreement,
        consensus=run.groups,
        consensus_run=run,
        warnings=warnings,
        suppressed=hidden,
    )


__all__ = [
    "build_groups",
    "check",
    "check_objects",
    "compare_all",
    "compare_group",
    "compare_groups",
    "finish_findings",
    "read_documents",
    "rule_group",
    "run_rules",
    "suppressed",
]
