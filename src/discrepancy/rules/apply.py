"""Running rules on one compared group: scoped suppressions and level re-grading applied (pure).

Suppressions (:mod:`discrepancy.suppress`): a claim's ``ignore: {CODE: reason}`` (a code or a
prefix) hides the pairs of that rule's findings that involve the claim, nothing else;
``per-file-ignores`` acts as if every claim from a matching file carried the same ignore.
Every ignore that hid something comes back as a :class:`~discrepancy.findings.Suppression`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np

from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup, Group, compare_group
from discrepancy.model import Claim
from discrepancy.rules.registry import RuleInfo
from discrepancy.suppress import file_ignores, hiders, run_scoped, suppressed
from discrepancy.units import unit_key


def _graded(finding: Finding, config: Config) -> Finding:
    level = config.level_for(finding.rule, finding.level)
    return finding if level == finding.level else attrs.evolve(finding, level=level)


def finish_findings(
    findings: Iterable[Finding], config: Config, hid: list[Suppression] | None = None
) -> list[Finding]:
    """``findings`` of whole-check rules without the suppressed ones, re-graded; with ``hid``,
    the ignores that hid a finding are appended to it (each once per fact), so the report's
    suppression note names them like the ignores of pair rules."""
    out: list[Finding] = []
    seen: set[tuple[object, ...]] = set()
    for f in findings:
        if not suppressed(f, config):
            out.append(_graded(f, config))
        elif hid is not None:
            for claim in f.claims:
                for s in hiders(claim, f.rule, config):
                    key = (s.rule, s.by, s.code, s.claim, s.glob, f.subject, f.property, f.scope)
                    if key not in seen:
                        seen.add(key)
                        hid.append(
                            attrs.evolve(
                                s, subject=f.subject, property=f.property, scope=f.scope, whole=True
                            )
                        )
    return out


def rule_group(
    group: ComparedGroup, config: Config, rules: Sequence[RuleInfo]
) -> tuple[list[Finding], list[Suppression]]:
    """The findings of ``rules`` on one compared group, after scoped suppressions and
    re-grading, and the suppressions that hid part of a finding (pure). Rules of a claim
    type only run on groups of that type."""
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
            out.append(_graded(finding, config))
    return out, hid


def run_rules(group: ComparedGroup, config: Config, rules: Sequence[RuleInfo]) -> list[Finding]:
    """The findings of :func:`rule_group` alone."""
    return rule_group(group, config, rules)[0]


def _alone(claim: Claim, documents: Mapping[str, str], config: Config) -> ComparedGroup:
    """A claim that fits no group, as a group of its own, so that claim rules (E3xx) still
    see it (``documents``: source id -> text, for quote checks)."""
    group = Group(
        subject=claim.subject,
        property=claim.property,
        scope=claim.scope,
        unit=claim.unit,
        type=claim.type,
        claims=(claim,),
        unit_key=unit_key(claim.unit),
        documents={k: v for k, v in documents.items() if k == claim.source},
    )
    return compare_group(group, config, claim_type=_NoPairs())


def rule_alone(
    claim: Claim, documents: Mapping[str, str], config: Config, rules: Sequence[RuleInfo]
) -> tuple[list[Finding], list[Suppression]]:
    """:func:`rule_group` on a claim that fits no group, alone."""
    return rule_group(_alone(claim, documents, config), config, rules)


class _NoPairs:
    """The claim type of a lone claim: there is nothing to compare."""

    name = "none"

    def parse(self, raw: object, *, published: dt.date | None, approx: float) -> object:
        raise NotImplementedError

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        return Comparison((), (), ())


__all__ = [
    "file_ignores",
    "finish_findings",
    "rule_alone",
    "rule_group",
    "run_rules",
    "suppressed",
]
