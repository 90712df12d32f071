"""The check of a claim set: :func:`check` reads the sources' documents (the only I/O) and
runs the one engine (:mod:`discrepancy.table`) over the claim table of the claims, the code
``check_table``, the command line and the Dask backend run. The plain per-object
implementation it replaced lives in the tests as the reference twin it is checked against
(``tests/reference/``).

The pure steps stay importable from here: :func:`compare_group` (one group -> verdicts of its
pairs) and :func:`run_rules` (one compared group -> findings, with suppressions and level
re-grading applied).

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

from discrepancy.aliases import resolve_aliases
from discrepancy.config import Config
from discrepancy.errors import Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import compare_group
from discrepancy.io.files import FileRefused, read_text
from discrepancy.limits import check_sources
from discrepancy.location import Location
from discrepancy.lookalike_names import lookalike_warnings
from discrepancy.model import Claim, ClaimSet
from discrepancy.progress import Progress, progress_for
from discrepancy.report.report import Report
from discrepancy.rules.apply import finish_findings, rule_alone, rule_group, run_rules, suppressed
from discrepancy.rules.registry import rules
from discrepancy.table.check import check_claim_set

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


def set_drafts_aside(claims: ClaimSet, config: Config) -> tuple[ClaimSet, tuple[Claim, ...]]:
    """The claims to compare and the drafts left out of groups (none with include_drafts).

    Drafts set aside still meet the claim rules (E3xx) one by one, so E303 lists each of them
    and E302 checks their quotes."""
    if config.include_drafts or not any(c.is_draft for c in claims.claims):
        return claims, ()
    drafts = tuple(c for c in claims.claims if c.is_draft)
    return attrs.evolve(claims, claims=tuple(c for c in claims.claims if not c.is_draft)), drafts


def draft_findings(
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
    claims = resolve_aliases(claims)
    warnings: list[Problem] = list(claims.warnings)
    warnings.extend(lookalike_warnings(claims))
    if documents is None:
        docs, problems = read_documents(claims)
        warnings.extend(problems)
    else:
        docs = dict(documents)
    check_sources(len(claims.sources))
    compared, drafts = set_drafts_aside(claims, config)
    with progress_for(progress) as bar:
        report = check_claim_set(compared, config, documents=docs, progress=bar)
    if drafts:
        found, hid = draft_findings(drafts, docs, config)
        report = attrs.evolve(
            report,
            claims=claims,
            findings=[*report.findings, *found],
            suppressed=(*report.suppressed, *hid),
        )
    return attrs.evolve(report, warnings=tuple(warnings)) if warnings else report


__all__ = [
    "check",
    "compare_group",
    "draft_findings",
    "finish_findings",
    "read_documents",
    "rule_group",
    "run_rules",
    "set_drafts_aside",
    "suppressed",
]
