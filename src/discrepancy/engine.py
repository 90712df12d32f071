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

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from discrepancy.agreement import compute_agreement
from discrepancy.compare.batch import compare_groups
from discrepancy.config import Config
from discrepancy.consensus import run_consensus
from discrepancy.errors import Problem
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group, build_groups, compare_group
from discrepancy.location import Location
from discrepancy.model import ClaimSet
from discrepancy.progress import Progress, progress_for, track
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.apply import run_rules, run_rules_alone, suppressed
from discrepancy.rules.registry import ClaimType, claim_types, rules
from discrepancy.table.check import check_claim_set


def read_documents(claims: ClaimSet) -> tuple[dict[str, str], list[Problem]]:
    """Texts of the ``document`` of every source that has a claim with a ``quote``.

    The loader resolves relative paths against the claim file's folder; a relative path that
    does not exist from the working directory is also tried against that folder. A document that cannot be read is a warning (E001), not an error.
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
            texts[source.id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            msg = (
                f"cannot read document '{source.document}' of source '{source.id}' "
                f"({reason}); its quotes are not checked"
            )
            problems.append(Problem("E001", msg, source.location or Location(str(path))))
    return texts, problems


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
    warnings: list[Problem] = []
    if documents is None:
        docs, warnings = read_documents(claims)
    else:
        docs = dict(documents)
    with progress_for(progress) as bar:
        report = check_claim_set(claims, config, documents=docs, progress=bar)
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
    warnings: list[Problem] = []
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
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
    for done in track(bar, compared, "rules"):
        findings.extend(run_rules(done, config, by_type[done.type]))
    skipped.extend(unknown)
    by_ref = {c.ref: c for c in claims.claims}
    claim_rules = [r for r in active if r.type == "claim"]
    for s in skipped:
        claim = by_ref.get(s.ref)
        if claim is not None and claim_rules:
            findings.extend(run_rules_alone(claim, docs, config, claim_rules))

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
    "check_objects",
    "compare_all",
    "compare_group",
    "compare_groups",
    "read_documents",
    "run_rules",
    "suppressed",
]
