"""What the engine produces: pairwise verdicts, value clusters and findings."""

from __future__ import annotations

import builtins
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from attrs import field, frozen

from discrepancy.location import Location
from discrepancy.model import Claim
from discrepancy.verdict import Level, Severity, Verdict


def _strs(raw: object) -> tuple[str, ...]:
    return tuple(map(str, raw)) if raw else ()  # type: ignore[call-overload]


# Converters with a fast path for values that already have the right type (a finding of a
# large check builds tens of thousands of pairs; ``Verdict(Verdict.AGREE)`` alone costs 1.6 us).
def _verdict(raw: Verdict | str) -> Verdict:
    return raw if type(raw) is Verdict else Verdict(raw)


def _level(raw: Level | str) -> Level:
    return raw if type(raw) is Level else Level(raw)


def _tuple(raw: Iterable[Any]) -> tuple[Any, ...]:
    return raw if type(raw) is tuple else tuple(raw)


@frozen
class Pair:
    """The verdict on two claims of one group (``a`` and ``b`` are claim refs)."""

    a: str
    b: str
    verdict: Verdict = field(converter=_verdict)
    severity: Severity | None = None
    magnitude: float | None = None
    only_a: tuple[str, ...] = field(default=(), converter=_strs)
    only_b: tuple[str, ...] = field(default=(), converter=_strs)
    #: claim pairs this one stands for: a finding lists one representative pair per pair
    #: of value clusters, with the number of partial/conflict claim pairs between them
    count: int = 1
    #: indices into the finding's clusters of ``a``'s and ``b``'s clusters (summaries only)
    clusters: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "a": self.a,
            "b": self.b,
            "verdict": str(self.verdict),
            "severity": None if self.severity is None else str(self.severity),
            "magnitude": self.magnitude,
            "count": self.count,
        }
        if self.clusters is not None:
            out["clusters"] = list(self.clusters)
        if self.only_a or self.only_b:
            out["only_a"] = list(self.only_a)
            out["only_b"] = list(self.only_b)
        return out


@frozen
class Cluster:
    """Claims of a group whose values agree (transitively), the value as its first claim
    wrote it, the sources (outlets) that carry them and the speakers behind them (``said_by``,
    else the source itself)."""

    value: str
    normalized: dict[str, object] = field(eq=False, hash=False)
    sources: tuple[str, ...] = field(converter=_strs)
    claims: tuple[str, ...] = field(converter=_strs)
    speakers: tuple[str, ...] = field(default=(), converter=_strs)

    def to_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "normalized": self.normalized,
            "sources": list(self.sources),
            "speakers": list(self.speakers),
            "claims": list(self.claims),
        }


@frozen
class Finding:
    """One group of comparable claims that holds a conflict (error) or a partial (warning)."""

    rule: str
    level: Level = field(converter=_level)
    verdict: Verdict = field(converter=_verdict)
    magnitude: float | None
    subject: str
    property: str
    message: str
    claims: tuple[Claim, ...] = field(converter=_tuple)
    #: the partial/conflict pairs between clusters, one per pair of clusters (``count``: the
    #: claim pairs each stands for), or every comparable pair when asked (``pairs="all"``)
    pairs: tuple[Pair, ...] = field(default=(), converter=_tuple)
    clusters: tuple[Cluster, ...] = field(default=(), converter=_tuple)
    scope: tuple[tuple[str, str], ...] = ()
    unit: str | None = None
    type: str = ""
    #: pairs of clusters with a partial/conflict pair that ``pairs`` leaves out (a finding
    #: with more than 5 clusters lists at most as many pairs as clusters)
    pairs_omitted: int = 0

    @builtins.property
    def severity(self) -> Level:
        """The report level (``error`` / ``warning``), named as in the JSON report."""
        return self.level

    @builtins.property
    def location(self) -> Location | None:
        """Where to point a reader: the first claim of the group that has a location."""
        for c in self.claims:
            if c.location is not None:
                return c.location
        return None

    @builtins.property
    def fingerprint(self) -> str:
        """Stable across moves and reformatting: rule, group key, claim refs and raw values."""
        key = {
            "rule": self.rule,
            "subject": self.subject,
            "property": self.property,
            "scope": list(map(list, self.scope)),
            "claims": sorted([c.ref, c.raw_text] for c in self.claims),
        }
        blob = json.dumps(key, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@frozen
class Suppression:
    """A claim's ``ignore:`` entry, or a ``per-file-ignores`` glob, that hid part of a finding.

    ``by`` is ``"claim"`` (``claim`` is its ref, ``reason`` the reason written) or
    ``"per-file-ignores"`` (``glob`` the pattern). ``code`` is the code or prefix as configured,
    ``rule`` the rule whose finding it narrowed. ``pairs`` counts the partial/conflict pairs
    hidden (0 for a finding about one claim, such as E302); ``whole`` is true when nothing of
    the rule's finding on that group was left.
    """

    rule: str
    code: str
    by: str
    subject: str
    property: str
    scope: tuple[tuple[str, str], ...] = ()
    claim: str | None = None
    glob: str | None = None
    reason: str = ""
    location: Location | None = None
    pairs: int = 0
    whole: bool = False

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "code": self.code,
            "by": self.by,
            "subject": self.subject,
            "property": self.property,
            "scope": dict(self.scope),
        }
        if self.claim is not None:
            out["claim"] = self.claim
            out["reason"] = self.reason
        if self.glob is not None:
            out["glob"] = self.glob
        out["location"] = self.location.to_dict() if self.location else None
        out["pairs"] = self.pairs
        out["whole"] = self.whole
        return out
