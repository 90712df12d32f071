"""The rules across facts (T001, P001, P002, D002) claim by claim, in plain loops: the
reference twin of :mod:`discrepancy.rules.cross_facts`, which compares whole facts as
arrays. Both build their findings with the same constructors and order claims alike (by
:func:`~discrepancy.rules.cross_facts.tiebreak`), so a difference in what they find is a
difference in what they detect.
"""

from __future__ import annotations

from collections.abc import Sequence

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.grouping import scope_key
from discrepancy.rules.cross_facts import (
    order_finding,
    part_finding,
    rounding_half,
    sum_finding,
    taken_back,
    tiebreak,
    total_finding,
    unit_id,
)
from discrepancy.rules.declared import Declared
from discrepancy.rules.points import Point

Fact = tuple[str, str, tuple[tuple[str, str], ...]]


def _fact(p: Point, index: EntityIndex) -> Fact:
    return (index.canonical(p.subject), index.canonical(p.property), scope_key(p.scope))


def _by_fact(points: Sequence[Point], index: EntityIndex) -> dict[Fact, list[Point]]:
    out: dict[Fact, list[Point]] = {}
    for p in points:
        out.setdefault(_fact(p, index), []).append(p)
    return out


def _running(fact: Fact, points: Sequence[Point], declared: Declared) -> bool:
    return fact[1] in declared.cumulative or any(p.claim.cumulative for p in points)


def _same_unit(a: Point, b: Point) -> bool:
    ua, ub = unit_id(a.unit), unit_id(b.unit)
    return ua == ub or not ua or not ub


def _fits(part: Point, whole: Point, cumulative: bool) -> bool:
    a, b = part.as_of, whole.as_of
    if a is None or b is None or (a[0] <= b[1] and b[0] <= a[1]):
        return True
    ta, tb = part.time, whole.time
    return cumulative and ta is not None and tb is not None and tb[0] > ta[1]


def _totals(points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config):
    quantities = [p for p in points if p.type == "quantity" and p.claim.cumulative is not False]
    facts = _by_fact(quantities, index)
    out: list[Finding] = []
    for fact in sorted(facts):
        pts = facts[fact]
        if not _running(fact, pts, declared):
            continue
        for unit in sorted({unit_id(p.unit) for p in pts if p.time is not None}):
            same = sorted(
                (p for p in pts if p.time is not None and unit_id(p.unit) == unit), key=tiebreak
            )
            for later in same:
                chosen = None
                for earlier in same:
                    assert earlier.time is not None and later.time is not None
                    falls = later.time[0] > earlier.time[1] and later.high < earlier.low
                    if falls and (chosen is None or earlier.low > chosen.low):
                        chosen = earlier
                if chosen is not None:
                    out.append(total_finding(chosen, later, config))
    return out


def _wholes(fact: Fact, declared: Declared) -> list[Fact]:
    subject, prop, scope = fact
    out = [(w, prop, scope) for w in sorted(declared.subject_within.get(subject, ()))]
    out += [(subject, prop, w) for w in sorted(declared.scope_within.get(scope, ()))]
    out += [(subject, whole, scope) for whole, parts in declared.property_sums if prop in parts]
    return out


def _parts(points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config):
    if not (declared.has_parts or declared.has_sums):
        return []
    facts = _by_fact([p for p in points if p.type == "quantity"], index)
    out: list[Finding] = []
    for fact in sorted(facts):
        for whole_fact in _wholes(fact, declared):
            if whole_fact not in facts:
                continue
            cumulative = _running(fact, facts[fact], declared) or _running(
                whole_fact, facts[whole_fact], declared
            )
            wholes = sorted(
                facts[whole_fact], key=lambda w: (w.high + rounding_half(w), *tiebreak(w))
            )
            found = []
            for p in facts[fact]:
                for w in wholes:
                    if (
                        p.low - rounding_half(p) > w.high + rounding_half(w)
                        and _same_unit(p, w)
                        and _fits(p, w, cumulative)
                    ):
                        found.append((p, w))
                        break
            found.sort(key=lambda pw: tiebreak(pw[0]))
            out.extend(part_finding(p, w, config) for p, w in found)
    return out


def _declared_sums(declared: Declared, facts: dict[Fact, list[Point]]):
    out = []
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


def _sums(points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config):
    if not declared.has_sums:
        return []
    facts = _by_fact([p for p in points if p.type == "quantity"], index)
    out: list[Finding] = []
    for whole_fact, part_facts in _declared_sums(declared, facts):
        if not all(f in facts for f in part_facts):
            continue
        for w in sorted(facts[whole_fact], key=tiebreak):
            chosen = []
            for f in part_facts:
                fits = [
                    p
                    for p in sorted(facts[f], key=tiebreak)
                    if _same_unit(p, w) and _fits(p, w, cumulative=False)
                ]
                if not fits:
                    break
                chosen.append(fits)
            else:
                low = high = 0.0
                for ps in chosen:
                    low += min(p.low - rounding_half(p) for p in ps)
                    high += max(p.high + rounding_half(p) for p in ps)
                w_low, w_high = w.low - rounding_half(w), w.high + rounding_half(w)
                if w_high < low or high < w_low:
                    out.append(sum_finding(w, chosen, config))
    return out


def _order(points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config):
    dates = {p.claim.ref: p for p in points if p.type == "date"}
    out: list[Finding] = []
    for ref in sorted(dates):
        then = dates[ref]
        after = then.claim.after
        if after is None:
            continue
        target = after if "/" in after else f"{then.claim.source}/{after}"
        first = dates.get(target)
        if first is not None and then.high < first.low:
            out.append(order_finding(first, then, config))
    return out


def cross_objects(
    points: Sequence[Point], declared: Declared, index: EntityIndex, config: Config
) -> list[Finding]:
    """:func:`~discrepancy.rules.cross_facts.cross_fact_findings`, claim by claim."""
    gone = taken_back(p.claim for p in points)
    kept = [p for p in points if p.claim.ref not in gone]
    out: list[Finding] = []
    for code, rule in (("T001", _totals), ("P001", _parts), ("P002", _sums), ("D002", _order)):
        if config.selects(code):
            out.extend(rule(kept, declared, index, config))
    return out


__all__ = ["cross_objects"]
