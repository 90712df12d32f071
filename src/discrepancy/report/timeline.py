"""A fact's timeline: its claims placed in time, by speaker and outlet, with the consensus
drawn as a band over the windows it holds for.

Built from report-shaped data (the claim dicts of :func:`discrepancy.report.report.claim_to_dict`
and a consensus entry of the JSON report), so the reports and ``discrepancy timeline`` share
one builder. A claim is placed at its ``as_of`` when it has one, else at its source's
``published`` day (the day it was at the latest said); a claim with neither is listed as
undated. Points come in time order, then by value, then by reference: the order of files and
the names of sources never move a point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import as_list, as_map, number, text
from discrepancy.types.registry import find_type

#: a timeline's claims: at most this many points are placed (a report of a bulk table can
#: hold findings of thousands of claims; the count of the rest is kept)
MAX_POINTS = 500


def claim_time(claim: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """``(start, end, dated_by)`` of a report claim: its ``as_of`` days, else its
    ``published`` day; ``None`` when it has neither."""
    as_of = claim.get("as_of")
    if isinstance(as_of, Mapping) and as_of.get("start") and as_of.get("end"):
        return text(as_of.get("start")), text(as_of.get("end")), "as_of"
    if claim.get("published"):
        day = text(claim.get("published"))
        return day, day, "published"
    return None


def _bounds(claim: Mapping[str, Any]) -> tuple[float | None, float | None, float | None]:
    """``low``, ``best``, ``high`` of a quantity claim (``None`` for an open bound)."""
    norm = as_map(claim.get("normalized"))
    low, best, high = number(norm.get("low")), number(norm.get("best")), number(norm.get("high"))

    def finite(x: float | None) -> float | None:
        return x if x is not None and math.isfinite(x) else None

    return finite(low), finite(best), finite(high)


def point(claim: Mapping[str, Any], start: str, end: str, dated_by: str) -> dict[str, object]:
    """One claim of a timeline: when, what, who said it and who carried it; a withdrawn claim
    (superseded, retracted, denied) keeps its place and says why in ``withdrawn``."""
    out: dict[str, object] = {
        "ref": text(claim.get("ref")),
        "start": start,
        "end": end,
        "dated_by": dated_by,
        "value": text(claim.get("value")),
        "speaker": text(claim.get("said_by") or claim.get("source")),
        "source": text(claim.get("source")),
        "via": [text(v) for v in as_list(claim.get("via"))],
    }
    if _numeric(claim.get("type")):
        out["low"], out["best"], out["high"] = _bounds(claim)
    if claim.get("published"):
        out["published"] = text(claim.get("published"))
    if claim.get("withdrawn"):  # superseded, retracted or denied: on the timeline, marked
        out["withdrawn"] = text(claim.get("withdrawn"))
    return out


def _numeric(type_name: object) -> bool:
    """Whether values of the claim type named ``type_name`` are number intervals."""
    kind = find_type(text(type_name))
    return kind is not None and kind.numeric_columns


def _order(p: Mapping[str, Any]) -> tuple[object, ...]:
    best = p.get("best")
    return (
        p["start"],
        p["end"],
        best is None,
        best if isinstance(best, float | int) else 0.0,
        text(p.get("value")),
        text(p.get("ref")),
    )


def consensus_band(
    consensus: Mapping[str, Any] | None, points: Sequence[Mapping[str, Any]]
) -> list[dict[str, object]]:
    """The consensus of a fact as windows of time, each ``{start, end, value, low, best,
    high}`` (numbers for quantities, ``None`` otherwise), oldest first.

    The one place per-window consensus plugs in: an entry that carries ``windows`` (a list
    of ``{start, end, value, low, best, high}``, as ``Consensus.to_dict`` gives a fact with
    ``as_of``) gives them as they are; an entry with one ``low``/``best``/``high`` holds over
    the whole span of the dated points (a quantity's; a label without windows has its value
    shown beside the timeline, not a band)."""
    if not consensus:
        return []
    numeric = not text(consensus.get("type")) or _numeric(consensus.get("type"))
    windows = [as_map(w) for w in as_list(consensus.get("windows"))]
    if windows:
        return [
            _window(w.get("start"), w.get("end"), w, numeric)
            for w in windows
            if w.get("start") and w.get("end")
        ]
    if not points or not numeric:
        return []
    if all(number(consensus.get(k)) is None for k in ("low", "best", "high")):
        return []
    start = min(text(p["start"]) for p in points)
    end = max(text(p["end"]) for p in points)
    return [_window(start, end, consensus, numeric)]


def _window(
    start: object, end: object, entry: Mapping[str, Any], numeric: bool
) -> dict[str, object]:
    numbers = {k: number(entry.get(k)) if numeric else None for k in ("low", "best", "high")}
    return {"start": text(start), "end": text(end), "value": text(entry.get("value")), **numbers}


def build_timeline(
    fact: Mapping[str, Any],
    claims: Sequence[Mapping[str, Any]],
    consensus: Mapping[str, Any] | None = None,
) -> dict[str, object]:
    """The timeline of one fact (``fact``: its ``subject``, ``property``, ``scope``, ``type``
    and ``unit``, as a finding or a consensus entry names them) from its report claims."""
    placed: list[dict[str, object]] = []
    undated: list[str] = []
    for c in claims:
        when = claim_time(c)
        if when is None:
            undated.append(text(c.get("ref")))
        else:
            placed.append(point(c, *when))
    placed.sort(key=_order)
    shown = placed[:MAX_POINTS]
    out: dict[str, object] = {
        "subject": text(fact.get("subject")),
        "property": text(fact.get("property")),
        "scope": {text(k): text(v) for k, v in as_map(fact.get("scope")).items()},
        "type": text(fact.get("type")),
        "unit": fact.get("unit"),
        "points": shown,
        "points_omitted": len(placed) - len(shown),
        "undated": sorted(undated),
        "consensus": _consensus_summary(consensus),
        "band": consensus_band(consensus, shown),
    }
    return out


def _consensus_summary(consensus: Mapping[str, Any] | None) -> dict[str, object] | None:
    if not consensus:
        return None
    keys = ("value", "low", "best", "high", "basis")
    return {k: consensus.get(k) for k in keys}


def distinct_times(claims: Sequence[Mapping[str, Any]]) -> int:
    """How many different times the claims are placed at (a timeline of one time says
    nothing the claims table doesn't)."""
    return len({w[:2] for w in map(claim_time, claims) if w is not None})


def finding_timeline(
    finding: Mapping[str, Any],
    consensus: Mapping[tuple[object, ...], Mapping[str, Any]],
    withdrawn: Mapping[tuple[object, ...], Sequence[Mapping[str, Any]]] | None = None,
) -> dict[str, object] | None:
    """The timeline of a finding's fact, when its claims sit at two times or more (and
    there are at most :data:`MAX_POINTS` of them: past that the reports point to the
    ``timeline`` command); ``consensus`` from :func:`consensus_index`, ``withdrawn`` from
    :func:`withdrawn_index`: the fact's withdrawn claims join the finding's, marked, since
    how a figure was corrected is part of how it moved."""
    key = fact_key(finding.get("subject"), finding.get("property"), finding.get("scope"))
    claims = [as_map(c) for c in as_list(finding.get("claims"))]
    refs = {text(c.get("ref")) for c in claims}
    claims += [c for c in (withdrawn or {}).get(key, ()) if text(c.get("ref")) not in refs]
    if len(claims) > MAX_POINTS or distinct_times(claims) < 2:
        return None
    return build_timeline(finding, claims, consensus.get(key))


def withdrawn_index(
    findings: Sequence[Mapping[str, Any]],
) -> dict[tuple[object, ...], list[Mapping[str, Any]]]:
    """The withdrawn claims (superseded, retracted, denied) of the report's findings by fact
    (:func:`fact_key`), each once: the claims of its E304 notes."""
    out: dict[tuple[object, ...], list[Mapping[str, Any]]] = {}
    seen: set[str] = set()
    for f in (as_map(f) for f in findings):
        key = fact_key(f.get("subject"), f.get("property"), f.get("scope"))
        for c in (as_map(c) for c in as_list(f.get("claims"))):
            ref = text(c.get("ref"))
            if c.get("withdrawn") and ref not in seen:
                seen.add(ref)
                out.setdefault(key, []).append(c)
    return out


def consensus_index(report: Mapping[str, Any]) -> dict[tuple[object, ...], Mapping[str, Any]]:
    """The report's consensus entries by fact: ``(subject, property, scope)`` as
    :func:`fact_key` makes it."""
    out: dict[tuple[object, ...], Mapping[str, Any]] = {}
    for c in (as_map(c) for c in as_list(report.get("consensus"))):
        out.setdefault(fact_key(c.get("subject"), c.get("property"), c.get("scope")), c)
    return out


def fact_key(subject: object, prop: object, scope: object) -> tuple[object, ...]:
    """A fact's key in :func:`consensus_index`."""
    return (text(subject), text(prop), _scope_key(scope))


def _scope_key(scope: object) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((text(k), text(v)) for k, v in as_map(scope).items()))


__all__ = [
    "MAX_POINTS",
    "build_timeline",
    "claim_time",
    "consensus_band",
    "consensus_index",
    "distinct_times",
    "fact_key",
    "finding_timeline",
    "point",
    "withdrawn_index",
]
