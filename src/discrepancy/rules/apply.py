"""Running rules on one compared group: suppressions and level re-grading applied (pure).

Suppressions: a claim's ``ignore: {CODE: reason}`` (a code or a prefix) suppresses every finding
of that rule that lists the claim; ``per-file-ignores`` acts as if every claim from a matching
file carried the same ignore. A finding is dropped when any of its claims ignores its rule.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath

import attrs
import numpy as np

from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group, compare_group
from discrepancy.model import Claim
from discrepancy.rules.registry import RuleInfo
from discrepancy.units import unit_key


def file_ignores(claim: Claim, config: Config) -> tuple[str, ...]:
    """The codes ``per-file-ignores`` ignores for the file ``claim`` was written in."""
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
        codes = [code.upper() for code, _ in claim.ignore] + list(file_ignores(claim, config))
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


def run_rules_alone(
    claim: Claim, documents: Mapping[str, str], config: Config, rules: Sequence[RuleInfo]
) -> list[Finding]:
    """:func:`run_rules` on a claim that fits no group, alone, so that claim rules (E3xx)
    still see it (``documents``: source id -> text, for quote checks)."""
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
    return run_rules(compare_group(group, config, claim_type=_NoPairs()), config, rules)


class _NoPairs:
    """The claim type of a lone claim: there is nothing to compare."""

    name = "none"

    def parse(self, raw: object, *, published: dt.date | None, approx: float) -> object:
        raise NotImplementedError

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        return Comparison((), (), ())


__all__ = ["file_ignores", "run_rules", "run_rules_alone", "suppressed"]
