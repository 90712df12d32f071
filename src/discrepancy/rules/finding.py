"""Turning a compared group into a finding: pairs, value clusters and a one-line message.

Shared by the built-in rules (and usable by third-party ones) so every finding of a group has
the same shape: every claim, every comparable pair, the clusters of agreeing claims.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from discrepancy.compare.result import PARTIAL
from discrepancy.findings import Cluster, Finding, Pair
from discrepancy.grouping import ComparedGroup
from discrepancy.model import Claim
from discrepancy.units import unit_key
from discrepancy.values import DateInterval, Quantity
from discrepancy.verdict import Level, Severity, Verdict

_VERDICTS = sorted(Verdict, key=lambda v: v.rank)
_SEVERITY = (Severity.MINOR, Severity.MAJOR)


def _finite(x: float) -> float | None:
    return None if math.isnan(x) or math.isinf(x) else float(x)


def pairs(group: ComparedGroup) -> list[Pair]:
    """A :class:`Pair` for every comparable pair; severity only on partial and conflict."""
    refs = [c.ref for c in group.claims]
    verdicts, minor, major = _VERDICTS, _SEVERITY[0], _SEVERITY[1]
    sets = bool(group.only_a)
    only_a = group.only_a if sets else ((),) * len(group.i)
    only_b = group.only_b if sets else only_a
    return [
        Pair(
            refs[a],
            refs[b],
            verdicts[code],
            None if code < PARTIAL else (major if big else minor),
            None if mag != mag or mag in (math.inf, -math.inf) else mag,
            oa,
            ob,
        )
        for a, b, code, big, mag, oa, ob in zip(
            group.i.tolist(),
            group.j.tolist(),
            group.verdict.tolist(),
            group.major.tolist(),
            group.magnitude.astype(np.float64, copy=False).tolist(),
            only_a,
            only_b,
            strict=True,
        )
    ]


def components(n: int, i: np.ndarray | list[int], j: np.ndarray | list[int]) -> list[list[int]]:
    """Connected components of ``n`` nodes joined by the edges ``(i[k], j[k])``, each sorted,
    ordered by their first member."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ii = i.tolist() if isinstance(i, np.ndarray) else i
    jj = j.tolist() if isinstance(j, np.ndarray) else j
    for a, b in zip(ii, jj, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    comps: dict[int, list[int]] = {}
    for x in range(n):
        comps.setdefault(find(x), []).append(x)
    return list(comps.values())


def _order_key(group: ComparedGroup, comp: list[int]) -> tuple[float, int]:
    claim = group.claims[comp[0]]
    value = claim.value
    if isinstance(value, Quantity):
        if claim.unit is None or group.unit is None or claim.unit == group.unit:
            return (value.best, comp[0])  # what quantity_arrays gives without a conversion
        from discrepancy.compare.quantity import quantity_arrays

        _, best, _ = quantity_arrays([value], [claim.unit], group.unit)
        return (float(best[0]), comp[0])
    if isinstance(value, DateInterval):
        return (float(value.start.toordinal()), comp[0])
    return (float(comp[0]), comp[0])


def clusters(group: ComparedGroup) -> list[list[int]]:
    """Claim indices of each cluster of agreeing claims (transitively), quantities in ascending
    best value, dates by start, other types in order of first appearance."""
    edges = [
        (a, b)
        for a, b, code in zip(
            group.i.tolist(), group.j.tolist(), group.verdict.tolist(), strict=True
        )
        if code == 0
    ]
    comps = components(len(group.claims), [a for a, _ in edges], [b for _, b in edges])
    if len(comps) == 1:
        return comps
    return sorted(comps, key=lambda c: _order_key(group, c))


def cluster_objects(group: ComparedGroup, comps: Sequence[list[int]]) -> list[Cluster]:
    out = []
    claims = group.claims
    for comp in comps:
        first = claims[comp[0]]
        out.append(
            Cluster(
                value=display_value(first),
                normalized=dict(first.value.to_dict()),
                sources=sorted({claims[k].source for k in comp}),
                claims=[claims[k].ref for k in comp],
            )
        )
    return out


#: Longest value, subject or property quoted in a message (then an ellipsis): a 1 MB label
#: must not make a 1 MB message.
QUOTED_CHARS = 200


def capped(text: str) -> str:
    """``text`` cut to :data:`QUOTED_CHARS` characters with an ellipsis when longer."""
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"


def where(group: ComparedGroup) -> str:
    """``subject property`` plus the scope, as messages name a group."""
    text = f"{capped(group.subject)} {capped(group.property)}"
    if group.scope:
        text += " [" + ", ".join(f"{capped(k)}={capped(v)}" for k, v in group.scope) + "]"
    return text


def _origins(claims: Sequence[Claim]) -> str:
    return ", ".join(dict.fromkeys(c.origin for c in claims))


def who_disagrees(group: ComparedGroup, verb: str = "disagree") -> str:
    sources = list(dict.fromkeys(c.source for c in group.claims))
    if len(sources) == 1:
        return f"{sources[0]} contradicts itself on"
    return f"{len(sources)} sources {verb} on"


def display_value(claim: Claim) -> str:
    """A claim's value as findings name it: quantities and dates in canonical form ("a total of
    10,000" and "10,000" read the same), other types as written ("confirmed", a list)."""
    if claim.type in ("quantity", "date"):
        return claim.value.render()
    return capped(claim.raw_text)


def _value_text(group: ComparedGroup, claim: Claim, mixed_units: bool) -> str:
    text = display_value(claim)
    return f"{text} {claim.unit}" if mixed_units and claim.unit else text


def _bad_magnitudes(group: ComparedGroup) -> list[float]:
    """Magnitudes of the partial and conflict pairs."""
    return [
        m
        for code, m in zip(
            group.verdict.tolist(),
            group.magnitude.astype(np.float64, copy=False).tolist(),
            strict=True,
        )
        if code >= PARTIAL
    ]


def worst_magnitude(group: ComparedGroup) -> float | None:
    """Largest magnitude among partial/conflict pairs (``None``: none finite)."""
    mags = [m for m in _bad_magnitudes(group) if m == m]
    if not mags:
        return None
    return _finite(max(mags))


def _unit_id(unit: str) -> str:
    key = unit_key(unit)
    return key.key if key.kind == "text" else key.label


def values_message(group: ComparedGroup, comps: Sequence[list[int]]) -> str:
    """``4 sources disagree on S P: 1,500 (nis) vs 10,000 (zelenskyy); largest ratio 6.7``."""
    mixed = len({_unit_id(c.unit) for c in group.claims if c.unit}) > 1
    parts = [
        f"{_value_text(group, group.claims[comp[0]], mixed)} "
        f"({_origins([group.claims[k] for k in comp])})"
        for comp in comps
    ]
    text = f"{who_disagrees(group)} {where(group)}: " + " vs ".join(parts)
    if group.type not in ("quantity", "date"):
        return text
    bad = _bad_magnitudes(group)
    if not bad:
        return text
    worst = math.nan if any(m != m for m in bad) else max(bad)  # NaN wins, as in numpy
    if group.type == "quantity":
        text += "; largest ratio " + (
            "infinite (one value is 0)" if math.isinf(worst) else f"{worst:.1f}"
        )
    else:
        gap = int(worst)
        text += f"; largest gap {gap} day{'s' if gap != 1 else ''}"
    return text


def group_finding(
    group: ComparedGroup,
    *,
    rule: str,
    level: Level,
    verdict: Verdict,
    message: str | None = None,
) -> Finding:
    """The finding of ``rule`` on ``group``: every claim, pair and cluster of the group."""
    comps = clusters(group)
    return Finding(
        rule=rule,
        level=level,
        verdict=verdict,
        magnitude=worst_magnitude(group),
        subject=group.subject,
        property=group.property,
        message=message if message is not None else values_message(group, comps),
        claims=group.claims,
        pairs=pairs(group),
        clusters=cluster_objects(group, comps),
        scope=group.scope,
        unit=group.unit,
        type=group.type,
    )


def claim_finding(
    group: ComparedGroup, claim: Claim, *, rule: str, level: Level, message: str
) -> Finding:
    """A finding about one claim (claim-file warnings such as E301/E302)."""
    return Finding(
        rule=rule,
        level=level,
        verdict=Verdict.PARTIAL,
        magnitude=None,
        subject=group.subject,
        property=group.property,
        message=message,
        claims=(claim,),
        scope=group.scope,
        unit=group.unit,
        type=group.type,
    )


__all__ = [
    "claim_finding",
    "cluster_objects",
    "clusters",
    "components",
    "group_finding",
    "pairs",
    "values_message",
    "where",
    "who_disagrees",
    "worst_magnitude",
]
