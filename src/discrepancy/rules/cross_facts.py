"""The rules across facts (T001, P001, P002, D002; documented in :mod:`.across`), as pure
functions of the placed claims (:class:`~discrepancy.rules.points.Point`) and the check's
declarations (:class:`~discrepancy.rules.declared.Declared`).

Claims that a correction took back (a claim another one ``supersedes``, or one marked
``retracted``) take part in none of them. Findings come out in an order that depends only on
the claims' contents and references, never on the order they were read in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from discrepancy.compare.quantity import best_ratio, written_halfwidth
from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.findings import Finding, Pair
from discrepancy.grouping import scope_key
from discrepancy.model import Claim
from discrepancy.rules.declared import Declared, ScopeKey, resolve_after
from discrepancy.rules.points import Point
from discrepancy.units import unit_key
from discrepancy.values import Quantity
from discrepancy.verdict import Level, Severity, Verdict

#: The codes of the rules across facts.
CROSS_CODES = ("D002", "P001", "P002", "T001")

Fact = tuple[str, str, ScopeKey]


def _ref_of(text: str, source: str) -> str:
    return text if "/" in text else f"{source}/{text}"


def taken_back(claims: Iterable[Claim]) -> frozenset[str]:
    """Refs of the claims a correction took back: superseded by another claim, or retracted
    (the ``supersedes`` / ``retracted`` fields, where claims have them)."""
    out: set[str] = set()
    for c in claims:
        later = getattr(c, "supersedes", None)
        if later:
            for ref in (later,) if isinstance(later, str) else later:
                out.add(_ref_of(str(ref), c.source))
        if getattr(c, "retracted", None):
            out.add(c.ref)
    return frozenset(out)


def unit_id(unit: str | None) -> str:
    """A unit in comparison form (``""``: none, which compares with any)."""
    k = unit_key(unit)
    return "" if k.kind == "none" else f"{k.kind}:{k.key}:{unit if k.kind == 'physical' else ''}"


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _when(p: Point) -> str:
    a = p.claim.as_of
    if a is not None:
        start, end = a.start.isoformat(), a.end.isoformat()
        return f"as of {start}" if start == end else f"as of {start}..{end}"
    return f"published {_day(p.published)}" if p.published > 0 else "undated"


def _magnitude(a: float, b: float) -> float | None:
    m = float(best_ratio(np.array([a]), np.array([b]))[0])
    return m if math.isfinite(m) else None


def _severity(m: float | None, config: Config) -> Severity:
    return Severity.MAJOR if m is None or m >= config.quantity_major_ratio else Severity.MINOR


def _conflict(
    rule: str,
    at: Point,
    message: str,
    claims: Sequence[Claim],
    pairs: Sequence[tuple[Claim, Claim]],
    magnitude: float | None,
    severity: Severity,
    *,
    unit: str | None,
    type_name: str = "quantity",
) -> Finding:
    """A finding across facts at ``at``'s fact: an error whose pairs all conflict."""
    return Finding(
        rule=rule,
        level=Level.ERROR,
        verdict=Verdict.CONFLICT,
        magnitude=magnitude,
        subject=at.subject,
        property=at.property,
        message=message,
        claims=tuple(claims),
        pairs=tuple(Pair(a.ref, b.ref, Verdict.CONFLICT, severity, magnitude) for a, b in pairs),
        scope=at.scope,
        unit=unit,
        type=type_name,
    )


def tiebreak(p: Point) -> tuple[object, ...]:
    """An order of points that depends on their contents first, their refs last (of
    claims alike in value, time and wording, a finding names the one of the first ref)."""
    t = p.time or (0, 0)
    return (p.low, p.high, p.best, t, p.claim.raw_text, p.claim.ref)


def _facts(points: Iterable[Point], index: EntityIndex) -> dict[Fact, list[Point]]:
    out: dict[Fact, list[Point]] = {}
    for p in points:
        key = (index.canonical(p.subject), index.canonical(p.property), scope_key(p.scope))
        out.setdefault(key, []).append(p)
    return out


def _cumulative(fact: Fact, points: Sequence[Point], declared: Declared) -> bool:
    return fact[1] in declared.cumulative or any(p.claim.cumulative for p in points)


# ------------------------------------------------------------------------------- T001


def falling_totals(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """T001: per running-total claim that is below an earlier total of its fact, one
    finding with the earlier claim it falls furthest below."""
    out: list[Finding] = []
    quantities = [p for p in points if p.type == "quantity" and p.claim.cumulative is not False]
    for fact, pts in sorted(_facts(quantities, index).items()):
        if not _cumulative(fact, pts, declared):
            continue
        by_unit: dict[str, list[Point]] = {}
        for p in pts:
            if p.time is not None:
                by_unit.setdefault(unit_id(p.unit), []).append(p)
        for _, group in sorted(by_unit.items()):
            out.extend(_falls(sorted(group, key=tiebreak), config))
    return out


def _falls(pts: Sequence[Point], config: Config) -> list[Finding]:
    if len(pts) < 2:
        return []
    start = np.array([p.time[0] for p in pts if p.time])  # type: ignore[index]
    end = np.array([p.time[1] for p in pts if p.time])  # type: ignore[index]
    low = np.array([p.low for p in pts])
    high = np.array([p.high for p in pts])
    # [i, j]: claim j is later than claim i and entirely below it
    falls = (start[None, :] > end[:, None]) & (high[None, :] < low[:, None])
    out: list[Finding] = []
    for j in np.flatnonzero(falls.any(axis=0)).tolist():
        rows = np.flatnonzero(falls[:, j])
        i = int(rows[np.argmax(low[rows])])  # points are in tiebreak order: first max
        out.append(total_finding(pts[i], pts[j], config))
    return out


def total_finding(earlier: Point, later: Point, config: Config) -> Finding:
    m = _magnitude(earlier.best, later.best)
    e, c = earlier.claim, later.claim
    message = (
        f"running total {later.subject} {later.property} falls from '{e.raw_text}' "
        f"({e.ref}, {_when(earlier)}) to '{c.raw_text}' ({c.ref}, {_when(later)})"
        + (f", {m:.3g}x lower" if m is not None else "")
        + _remedy(e, c)
    )
    return _conflict(
        "T001", later, message, (e, c), [(e, c)], m, _severity(m, config), unit=later.unit
    )


def _remedy(earlier: Claim, later: Claim) -> str:
    """What would explain the fall: a correction can only replace a claim of the same source
    or speaker (corrections.py), so another's lower figure is not offered one."""
    if earlier.source == later.source or earlier.origin == later.origin:
        return (
            f"; if the later figure corrects the earlier, write 'supersedes: {earlier.ref}' on it"
        )
    return (
        "; they come from different sources and speakers: one is wrong, or they count "
        "different things (a figure its source took back is marked 'retracted: true')"
    )


# ------------------------------------------------------------------------------- P001


def _wholes_of(fact: Fact, declared: Declared) -> list[Fact]:
    """The facts ``fact`` lies within: its subject's wholes, its scope's wholes, its
    property's wholes (a property summed from others)."""
    subject, prop, scope = fact
    out = [(w, prop, scope) for w in sorted(declared.subject_within.get(subject, ()))]
    out += [(subject, prop, w) for w in sorted(declared.scope_within.get(scope, ()))]
    out += [(subject, whole, scope) for whole, parts in declared.property_sums if prop in parts]
    return out


class _Placed:
    """Points of one fact as arrays: values widened by their rounding, ``as_of`` and time
    (``as_of``, else published) as day ordinals with a flag, and unit codes (-1: none)."""

    def __init__(self, points: Sequence[Point], units: dict[str, int]) -> None:
        self.points = list(points)
        self.low = np.array([p.low for p in points], dtype=np.float64)
        self.high = np.array([p.high for p in points], dtype=np.float64)
        half = np.array([rounding_half(p) for p in points], dtype=np.float64)
        self.low_wide, self.high_wide = self.low - half, self.high + half
        as_of = [p.as_of for p in points]
        self.has_as_of = np.array([a is not None for a in as_of], dtype=bool)
        self.as_of = np.array([a or (0, 0) for a in as_of], dtype=np.int64).reshape(-1, 2)
        times = [p.time for p in points]
        self.has_time = np.array([t is not None for t in times], dtype=bool)
        self.time = np.array([t or (0, 0) for t in times], dtype=np.int64).reshape(-1, 2)
        ids = [unit_id(p.unit) for p in points]
        self.unit = np.array([units.setdefault(u, len(units)) if u else -1 for u in ids])


def _fits(part: _Placed, whole: _Placed, cumulative: bool) -> np.ndarray:
    """``[i, j]``: whether whole claim ``j`` holds at a time that bounds part claim ``i``, in
    a unit that compares: overlapping ``as_of`` (or one absent); for a running total, also a
    whole at a later time."""
    pu, wu = part.unit[:, None], whole.unit[None, :]
    units = (pu == wu) | (pu < 0) | (wu < 0)
    pa, wa = part.as_of, whole.as_of
    overlap = (pa[:, None, 0] <= wa[None, :, 1]) & (wa[None, :, 0] <= pa[:, None, 1])
    times = ~part.has_as_of[:, None] | ~whole.has_as_of[None, :] | overlap
    if cumulative:
        later = whole.time[None, :, 0] > part.time[:, None, 1]
        times |= part.has_time[:, None] & whole.has_time[None, :] & later
    return units & times


def parts_exceeding(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """P001: per part claim and whole fact, one finding with the whole claim the part
    exceeds most (the lowest high)."""
    if not (declared.has_parts or declared.has_sums):
        return []
    facts = _facts((p for p in points if p.type == "quantity"), index)
    units: dict[str, int] = {}
    placed = {
        fact: _Placed(sorted(pts, key=lambda w: (w.high + rounding_half(w), *tiebreak(w))), units)
        for fact, pts in facts.items()
    }
    out: list[Finding] = []
    for fact in sorted(facts):
        part = placed[fact]
        for whole_fact in _wholes_of(fact, declared):
            whole = placed.get(whole_fact)
            if whole is None:
                continue
            cumulative = _cumulative(fact, facts[fact], declared) or _cumulative(
                whole_fact, facts[whole_fact], declared
            )
            exceeds = (part.low_wide[:, None] > whole.high_wide[None, :]) & _fits(
                part, whole, cumulative
            )
            hit = np.flatnonzero(exceeds.any(axis=1))
            first = exceeds[hit].argmax(axis=1)  # wholes are sorted: the lowest high first
            found = [(part.points[i], whole.points[j]) for i, j in zip(hit, first, strict=True)]
            out.extend(
                part_finding(p, w, config) for p, w in sorted(found, key=lambda t: tiebreak(t[0]))
            )
    return out


def part_finding(part: Point, whole: Point, config: Config) -> Finding:
    m = _magnitude(part.best, whole.best)
    a, b = part.claim, whole.claim
    scope = dict(part.scope)
    what = f"{part.subject} {part.property}" + (f" {scope}" if scope else "")
    within = f"{whole.subject} {whole.property}" + (f" {dict(whole.scope)}" if whole.scope else "")
    message = (
        f"part exceeds its whole: {what} '{a.raw_text}' ({a.ref}, {_when(part)}) is more than "
        f"{within} '{b.raw_text}' ({b.ref}, {_when(whole)})"
        + (f", {m:.3g}x" if m is not None else "")
    )
    return _conflict(
        "P001", part, message, (a, b), [(a, b)], m, _severity(m, config), unit=part.unit
    )


# ------------------------------------------------------------------------------- P002


def _sums(declared: Declared, facts: Mapping[Fact, list[Point]]) -> list[tuple[Fact, list[Fact]]]:
    """Every (whole fact, part facts) that a ``sum_of`` declares among the facts present."""
    out: list[tuple[Fact, list[Fact]]] = []
    for subject, prop, scope in sorted(facts):
        for whole, parts in declared.subject_sums:
            if subject == whole:
                out.append(((subject, prop, scope), [(p, prop, scope) for p in parts]))
        for whole_s, parts_s in declared.scope_sums:
            if scope == whole_s:
                out.append(((subject, prop, scope), [(subject, prop, p) for p in parts_s]))
        for whole_p, parts_p in declared.property_sums:
            if prop == whole_p:
                out.append(((subject, prop, scope), [(subject, p, scope) for p in parts_p]))
    return out


def _rounding(value: Quantity, raw: object) -> float:
    """Half the place an exact whole number is rounded to (its trailing zeros: 500 for
    12,000, 50 for 1,500, 0.5 for 3,958); else half a unit of its last written digit."""
    x = value.best
    if value.low == x == value.high and math.isfinite(x) and x == int(x) and x != 0:
        n, place = abs(int(x)), 1
        while n % (place * 10) == 0:
            place *= 10
        return place / 2
    return written_halfwidth(raw, value)


def rounding_half(p: Point) -> float:
    """Half the place ``p`` is rounded to (:func:`_rounding`), in its group's unit."""
    value = p.claim.value
    if not isinstance(value, Quantity):
        return 0.0
    half = _rounding(value, p.claim.raw)
    if half and value.best and p.best != value.best:
        half *= abs(p.best / value.best)
    return half


def sums_not_adding_up(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """P002: per whole claim whose declared parts are all stated at a fitting time, one
    finding when their sum can't be it (within the written precision)."""
    if not declared.has_sums:
        return []
    facts = _facts((p for p in points if p.type == "quantity"), index)
    units: dict[str, int] = {}
    placed = {fact: _Placed(sorted(pts, key=tiebreak), units) for fact, pts in facts.items()}
    out: list[Finding] = []
    for whole_fact, part_facts in _sums(declared, facts):
        if not all(f in facts for f in part_facts):
            continue
        whole = placed[whole_fact]
        n = len(whole.points)
        low, high = np.zeros(n), np.zeros(n)
        stated = np.ones(n, dtype=bool)
        fits: list[np.ndarray] = []
        for f in part_facts:
            part = placed[f]
            fit = _fits(part, whole, cumulative=False).T  # [whole, part]
            fits.append(fit)
            stated &= fit.any(axis=1)
            with np.errstate(invalid="ignore"):
                low += np.where(fit, part.low_wide[None, :], np.inf).min(axis=1)
                high += np.where(fit, part.high_wide[None, :], -np.inf).max(axis=1)
        apart = stated & ((whole.high_wide < low) | (high < whole.low_wide))
        for k in np.flatnonzero(apart).tolist():
            chosen = [
                [placed[f].points[j] for j in np.flatnonzero(fit[k]).tolist()]
                for f, fit in zip(part_facts, fits, strict=True)
            ]
            out.append(sum_finding(whole.points[k], chosen, config))
    return out


def sum_finding(whole: Point, parts: Sequence[Sequence[Point]], config: Config) -> Finding:
    total = float(sum(float(np.median([p.best for p in ps])) for ps in parts))
    m = _magnitude(whole.best, total)
    claims = [whole.claim] + [p.claim for ps in parts for p in ps]
    listed = " + ".join(
        "/".join(f"'{p.claim.raw_text}' ({p.claim.ref})" for p in ps) for ps in parts
    )
    scope = f" {dict(whole.scope)}" if whole.scope else ""
    message = (
        f"parts do not add up: {listed} can't make {whole.subject} {whole.property}{scope} "
        f"'{whole.claim.raw_text}' ({whole.claim.ref}, {_when(whole)})"
        + (f", {m:.3g}x" if m is not None else "")
    )
    pairs = [(whole.claim, p.claim) for ps in parts for p in ps]
    return _conflict(
        "P002", whole, message, claims, pairs, m, _severity(m, config), unit=whole.unit
    )


# ------------------------------------------------------------------------------- D002


def dates_out_of_order(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """D002: per date claim with ``after``, a finding when all its days are before the
    other claim's first day."""
    dates = {p.claim.ref: p for p in points if p.type == "date"}
    claims = {ref: p.claim for ref, p in dates.items()}
    out: list[Finding] = []
    for ref in sorted(dates):
        p = dates[ref]
        target = resolve_after(p.claim, claims)
        if target is None:
            continue
        first = dates[target.ref]
        if p.high < first.low:
            out.append(order_finding(first, p, config))
    return out


def order_finding(first: Point, then: Point, config: Config) -> Finding:
    days = float(first.low - then.high)
    a, b = first.claim, then.claim
    message = (
        f"{b.ref} {then.subject} {then.property} '{b.raw_text}' is declared after {a.ref} "
        f"{first.subject} {first.property} '{a.raw_text}' but lies {days:g} day"
        f"{'s' if days != 1 else ''} before it"
    )
    severity = Severity.MAJOR if days >= config.date_major_days else Severity.MINOR
    return _conflict(
        "D002", then, message, (a, b), [(a, b)], days, severity, unit=None, type_name="date"
    )


# ------------------------------------------------------------------------------- all

_RULES: tuple[tuple[str, Callable[..., list[Finding]]], ...] = (
    ("T001", falling_totals),
    ("P001", parts_exceeding),
    ("P002", sums_not_adding_up),
    ("D002", dates_out_of_order),
)


def cross_fact_findings(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """The findings of the selected rules across facts over ``points`` (claims a correction
    took back left out), before suppressions and re-grading, in a content-determined order."""
    gone = taken_back(p.claim for p in points)
    kept = [p for p in points if p.claim.ref not in gone] if gone else list(points)
    out: list[Finding] = []
    for code, rule in _RULES:
        if config.selects(code):
            out.extend(rule(kept, declared, index, config))
    return out


__all__ = [
    "CROSS_CODES",
    "cross_fact_findings",
    "dates_out_of_order",
    "falling_totals",
    "order_finding",
    "part_finding",
    "parts_exceeding",
    "rounding_half",
    "sum_finding",
    "sums_not_adding_up",
    "taken_back",
    "tiebreak",
    "total_finding",
    "unit_id",
]
