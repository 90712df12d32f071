"""The plain per-object check: the reference twin of the engine.

``check_objects`` groups claim objects (:func:`~reference.grouping.build_groups`), compares
each group (:func:`compare_groups`, one verdict call per type over all groups), runs the
rules per group, then agreement (:func:`~reference.agreement.compute_agreement`) and
consensus (:func:`~reference.consensus.run_consensus`) over the compared groups. It was
``discrepancy.check`` before the columnar engine became the one engine; it stays here, as
RapidFuzz keeps a Python twin of its C++ core, and ``test_engine_twin.py`` asserts that the
engine gives the same reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from discrepancy.aliases import resolve_aliases
from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.corrections import set_withdrawn_aside
from discrepancy.engine import draft_findings, read_documents, set_drafts_aside
from discrepancy.errors import Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup, Group, compare_group
from discrepancy.lint.run import lint, lint_input_of_claims
from discrepancy.lookalike_names import lookalike_warnings
from discrepancy.model import ClaimSet
from discrepancy.progress import Progress, progress_for, track
from discrepancy.report.report import Report, Skipped
from discrepancy.rules.apply import finish_findings, rule_alone, rule_group
from discrepancy.rules.declared import Declared
from discrepancy.rules.points import Point, points_of_group
from discrepancy.rules.registry import ClaimType, claim_types, rules
from reference.across_objects import cross_objects
from reference.agreement import compute_agreement
from reference.compare_batch import compare_groups
from reference.consensus import run_consensus
from reference.grouping import build_groups


def compare_all(
    groups: Sequence[Group], config: Config, *, types: Mapping[str, ClaimType] | None = None
) -> list[ComparedGroup]:
    """:func:`compare_group` over ``groups`` with the claim types resolved once."""
    known = dict(types) if types is not None else claim_types()
    return [compare_group(g, config, claim_type=known[g.type]) for g in groups]


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
    claims = resolve_aliases(claims)
    warnings: list[Problem] = list(claims.warnings)
    warnings.extend(lookalike_warnings(claims))
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
    everything = claims
    claims, drafts = set_drafts_aside(claims, config)
    claims, withdrawn = set_withdrawn_aside(claims)  # superseded, retracted, denied: marked only
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
    found, hid = draft_findings(drafts, docs, config)
    findings.extend(found)
    hidden.extend(hid)
    found, hid = draft_findings(withdrawn, docs, config)  # the claim rules, each alone (E304)
    findings.extend(found)
    hidden.extend(hid)
    entities = EntityIndex.build(claims.entities)
    stating = len({c.source for c in claims.claims})  # sources with claims left to compare
    whole = lint_input_of_claims(claims.claims, entities, skipped, stating)
    findings.extend(finish_findings(lint(whole, config), config, hidden))
    declared = Declared.build(claims.entities, claims.scopes, config)
    cross = cross_objects(every_point(claims, compared), declared, entities, config)
    findings.extend(finish_findings(cross, config, hidden))

    bar.stage("consensus", 1)
    run = run_consensus(
        compared, method=config.consensus_method, config=config, declared=claims.sources
    )
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


def every_point(claims: ClaimSet, compared: Sequence[ComparedGroup]) -> list[Point]:
    """Every grouped quantity and date claim, placed (the engine places only the rows the
    rules across facts can concern: the twin checks that it leaves none out)."""
    day = {s.id: s.published.toordinal() if s.published else 0 for s in claims.sources}
    return [
        point
        for g in compared
        for point in points_of_group(
            g.claims,
            subject=g.subject,
            property=g.property,
            scope=g.scope,
            unit=g.unit,
            type=g.type,
            published=[day.get(c.source, 0) for c in g.claims],
        )
    ]


__all__ = ["check_objects", "compare_all", "compare_groups", "every_point"]
