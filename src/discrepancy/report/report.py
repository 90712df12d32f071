"""The report: one object the CLI and the library share, and its JSON form (schema 1).

Every output format renders :meth:`Report.to_dict`; see :mod:`discrepancy.report.formats`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from attrs import field, frozen

from discrepancy._version import __version__
from discrepancy.agreement import Agreement, empty_agreement
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.errors import Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.groups import Skipped
from discrepancy.model import Claim, ClaimSet
from discrepancy.report.lazy import LazyFindings, LazySequence
from discrepancy.report.options import RenderOptions
from discrepancy.report.order import finding_order
from discrepancy.values import Value

SCHEMA_VERSION = 1


def normalized(value: Value) -> dict[str, object]:
    out: Mapping[str, object] = value.to_dict()
    return out if type(out) is dict else dict(out)  # a new dict already: no second copy


#: one report's normalized values by the id of the value object, each kept with its object
#: (so that no other value takes its id while the report is made, even where claims are built
#: and dropped finding by finding): the parse memo gives every claim written "1,500" the same
#: object, so each is made once; a flat one (no list or mapping in it, as a quantity's) is
#: copied for each claim
Normalized = dict[int, tuple[Value, dict[str, object], bool]]


def _normalized_once(value: Value, memo: Normalized) -> dict[str, object]:
    known = memo.get(id(value))
    if known is None:
        made = normalized(value)
        flat = not any(isinstance(v, list | dict | tuple) for v in made.values())
        memo[id(value)] = (value, made, flat)
        return dict(made) if flat else made
    return dict(known[1]) if known[2] else normalized(value)


@lru_cache(maxsize=4096)
def _day_text(day: dt.date) -> str:
    return day.isoformat()  # a report's claims share their sources' few publication days


def claim_to_dict(
    claim: Claim, published: dt.date | None = None, *, memo: Normalized | None = None
) -> dict[str, object]:
    """A claim as the JSON report gives it; ``published`` is its source's publication day
    (``memo``: the report's :data:`Normalized` values, made once each).

    ``as_of`` (the interval the value holds for) and ``published`` appear only when known, so
    a reader sees why two figures were not compared and a timeline can place each claim."""
    value = claim.value
    if memo is None:
        norm = normalized(value)
    else:  # a flat form seen before is copied here, without a call (most claims)
        known = memo.get(id(value))
        norm = dict(known[1]) if known is not None and known[2] else _normalized_once(value, memo)
    out: dict[str, object] = {
        "ref": f"{claim.source}/{claim.id}",
        "source": claim.source,
        "claim": claim.id,
        "type": value.kind,
        "value": claim.raw_text,
        "normalized": norm,
        "unit": claim.unit,
        "said_by": claim.said_by,
        "via": list(claim.via),
        "location": claim.location.to_dict() if claim.location else None,
    }
    if claim.as_of is not None:
        out["as_of"] = claim.as_of.to_dict()
    if published is not None:
        out["published"] = _day_text(published)
    if claim.quote is not None:
        out["quote"] = claim.quote
    if claim.supersedes is not None:
        out["supersedes"] = _full_ref(claim, claim.supersedes)
    # (most claims are not withdrawn: the three marks are read before the reason is made)
    withdrawn = (
        claim.withdrawn if claim.superseded_by or claim.retracted or claim.denied_by else None
    )
    if withdrawn is None and claim.reason is not None:  # why a correction was made
        out["reason"] = claim.reason
    if withdrawn is not None:  # the mark of a superseded, retracted or denied claim
        out["withdrawn"] = withdrawn
        out["superseded_by"] = list(claim.superseded_by)
        out["retracted"] = claim.retracted
        out["reason"] = claim.reason
        out["denied_by"] = list(claim.denied_by)
    return out


def _full_ref(claim: Claim, ref: str) -> str:
    return ref if "/" in ref else f"{claim.source}/{ref}"


def finding_to_dict(
    f: Finding,
    published: Mapping[str, dt.date | None] | None = None,
    *,
    memo: Normalized | None = None,
) -> dict[str, object]:
    """A finding as the JSON report gives it; ``published``: each source's publication day
    (``memo``: as for :func:`claim_to_dict`)."""
    days = published or {}
    loc = f.location
    return {
        "rule": f.rule,
        "severity": str(f.level),
        "verdict": str(f.verdict),
        "magnitude": f.magnitude,
        "subject": f.subject,
        "property": f.property,
        "scope": dict(f.scope),
        "type": f.type,
        "unit": f.unit,
        "message": f.message,
        "fingerprint": f.fingerprint,
        "location": loc.to_dict() if loc else None,
        "claims": [claim_to_dict(c, days.get(c.source), memo=memo) for c in f.claims],
        "clusters": [c.to_dict() for c in f.clusters],
        "pairs": [p.to_dict() for p in f.pairs],
        "pairs_omitted": f.pairs_omitted,
    }


def _sort_key(f: Finding) -> tuple[object, ...]:
    return finding_order(f.level, f.magnitude, f.subject, f.property, f.scope, f.rule)


def _findings(raw: Iterable[Finding]) -> Sequence[Finding]:
    """Sorted findings; a :class:`LazyFindings` (already in order) is kept as it is."""
    if isinstance(raw, LazyFindings):
        return raw
    return tuple(sorted(raw, key=_sort_key))


def _consensus(raw: Iterable[Consensus]) -> Sequence[Consensus]:
    if isinstance(raw, LazySequence):
        return raw
    return tuple(raw)


def _skipped(items: Iterable[Skipped]) -> tuple[Skipped, ...]:
    return tuple(items)


def _problems(items: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(items)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _suppressions(items: Iterable[Suppression]) -> tuple[Suppression, ...]:
    return tuple(
        sorted(
            items,
            key=lambda s: (s.rule, s.subject, s.property, s.scope, s.claim or "", s.glob or ""),
        )
    )


@frozen
class Report:
    """Findings, agreement and consensus of one check.

    Findings sort most severe first, then by magnitude (largest first), then by subject,
    property and scope in natural order (:mod:`discrepancy.report.order`); sources
    alphabetically.
    """

    claims: ClaimSet
    findings: Sequence[Finding] = field(default=(), converter=_findings)
    groups: int = 0
    skipped: tuple[Skipped, ...] = field(default=(), converter=_skipped)
    agreement: Agreement = field(factory=empty_agreement)
    consensus: Sequence[Consensus] = field(default=(), converter=_consensus)
    consensus_run: ConsensusRun | None = None
    #: non-fatal problems of the input (e.g. a suppression without a reason)
    warnings: tuple[Problem, ...] = field(default=(), converter=_problems)
    #: fingerprints of baseline entries no longer found (set by baseline filtering)
    stale_baseline: tuple[str, ...] = field(default=(), converter=_strings)
    #: ignores (a claim's ``ignore:``, ``per-file-ignores``) that hid part of a finding
    suppressed: tuple[Suppression, ...] = field(default=(), converter=_suppressions)
    #: findings a ``--baseline`` file recorded and this run left out (``None``: no baseline)
    baseline_matched: int | None = None

    @property
    def summary(self) -> dict[str, object]:
        if isinstance(self.findings, LazyFindings):
            by_level, by_rule = self.findings.counts()
        else:
            by_level = Counter(str(f.level) for f in self.findings)
            by_rule = Counter(f.rule for f in self.findings)
        return {
            "sources": len(self.claims.sources),
            "claims": len(self.claims.claims),
            "groups": self.groups,
            "findings": len(self.findings),
            "by_severity": {
                "error": by_level.get("error", 0),
                "warning": by_level.get("warning", 0),
                "info": by_level.get("info", 0),
            },
            "by_rule": dict(sorted(by_rule.items())),
            "skipped": len(self.skipped),
            "suppressed": len(self.suppressed),
        } | ({} if self.baseline_matched is None else {"baseline_matched": self.baseline_matched})

    def to_dict(self) -> dict[str, object]:
        """The JSON report, schema_version 1 (see docs/report-format.md)."""
        published = {s.id: s.published for s in self.claims.sources}
        memo: Normalized = {}
        out: dict[str, object] = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "discrepancy", "version": __version__},
            "summary": self.summary,
            "findings": [finding_to_dict(f, published, memo=memo) for f in self.findings],
            "skipped": [s.to_dict() for s in self.skipped],
            "warnings": [p.to_dict() for p in self.warnings],
            "suppressed": [s.to_dict() for s in self.suppressed],
            "agreement": self.agreement.to_dict(),
            "consensus": [c.to_dict() for c in self.consensus],
            "consensus_method": self.consensus_run.to_dict() if self.consensus_run else None,
        }
        if self.stale_baseline:
            out["stale_baseline"] = list(self.stale_baseline)
        return out

    def render(
        self, format: str = "text", *, color: bool = False, options: RenderOptions | None = None
    ) -> str:
        """The report in one of the output formats as text; ``options`` shape the formats for
        people (see :class:`~discrepancy.report.options.RenderOptions`)."""
        from discrepancy.report.formats import render

        return render(self.to_dict(), format, color=color, options=options)
