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

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import numpy as np

from discrepancy.agreement import compute_agreement
from discrepancy.compare.batch import compare_groups
from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.consensus import run_consensus
from discrepancy.errors import Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup, Group, build_groups, compare_group
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet
from discrepancy.progress import Progress, progress_for, track
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.registry import ClaimType, RuleInfo, claim_types, rules
from discrepancy.suppress import run_scoped, suppressed
from discrepancy.units import unit_key


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


def run_rules(group: ComparedGroup, config: Config, rules: Sequence[RuleInfo]) -> list[Finding]:
    """The findings of ``rules`` on one compared group, after suppressions and re-grading
    (pure). Rules of a claim type only run on groups of that type."""
    return rule_group(group, config, rules)[0]


def rule_group(
    group: ComparedGroup, config: Config, rules: Sequence[RuleInfo]
) -> tuple[list[Finding], list[Suppression]]:
    """:func:`run_rules`, and the suppressions that hid part of a finding (pure)."""
    out: list[Finding] = []
    hid: list[Suppression] = []
    for info in rules:
        if info.type not in ("claim", "any", group.type):
            continue
        found, hidden = run_scoped(group, info.code, info.func, config)
        hid.extend(hidden)
        for finding in found:
            if finding.rule != info.code and suppressed(finding, config):
                continue  # a rule reporting under another code: that code's ignores apply
            level = config.level_for(finding.rule, finding.level)
            out.append(finding if level == finding.level else attrs.evolve(finding, level=level))
    return out, hid


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
    warnings: list[Problem] = list(claims.warnings)
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
            found, hid = rule_group(_single(claim, docs, config), config, claim_rules)
            findings.extend(found)
            hidden.extend(hid)

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
        suppressed=hidden,
    )


__all__ = [
    "build_groups",
    "check",
    "compare_all",
    "compare_group",
    "compare_groups",
    "read_documents",
    "rule_group",
    "run_rules",
    "suppressed",
]
