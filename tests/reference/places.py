"""The twin's hierarchy-aware vote for places, written plainly (loops over claims and
voices), against which the engine's :mod:`discrepancy.consensus.hierarchy` is checked.

A voice supports a claimed place when its place is that place or lies inside it, opposes
it when the two don't nest; a place holds when support > opposition; the consensus is the
deepest place that holds (an ambiguous name that may lie inside another counts as deeper) (then the larger support, then the smaller key ``repr``), shown in
its smallest spelling; when none holds the method's pick stands.
"""

from __future__ import annotations

from typing import Any

from discrepancy.places.resolve import DISJOINT, INSIDE, MAY_INSIDE, SAME, relation
from discrepancy.types.place import resolved
from discrepancy.types.registry import get_type


def place_choice(
    g: Any, voices: list[int], origins: list[int] | None, weights: list[float]
) -> tuple[int, list[bool], float, bool] | None:
    """``(winner, supports, confidence, opposed)`` of a place group, or ``None``."""
    entities = getattr(g, "entities", None)
    places = [resolved(c.value, entities) for c in g.claims]
    n = len(places)
    rel = [[relation(places[a], places[b]) for b in range(n)] for a in range(n)]
    members: dict[int, list[int]] = {}
    for k, v in enumerate(voices):
        members.setdefault(v, []).append(k)
    per_origin: dict[int, int] = {}
    if origins is not None:
        for ks in members.values():
            per_origin[origins[ks[0]]] = per_origin.get(origins[ks[0]], 0) + 1
    vote: dict[int, float] = {}
    for v, ks in members.items():
        w = sum(weights[k] for k in ks) / len(ks)
        if origins is not None:
            w /= per_origin[origins[ks[0]]]
        vote[v] = w
    if sum(vote.values()) <= 0:
        vote = dict.fromkeys(vote, 1.0)
    total = sum(vote.values())
    pro, con = [0.0] * n, [0.0] * n
    for c in range(n):
        for v, ks in members.items():
            r = rel[ks[0]][c]
            if r in (SAME, INSIDE):
                pro[c] += vote[v]
            elif r == DISJOINT:
                con[c] += vote[v]
    holds = [pro[c] > con[c] + 1e-12 * total for c in range(n)]
    if not any(holds):
        return None
    keys = [get_type("place").consensus_key(c.value, None, entities) for c in g.claims]

    def rank(c: int) -> tuple[int, float, str]:
        depth = sum(1 for d in range(n) if holds[d] and rel[c][d] in (INSIDE, MAY_INSIDE))
        return (-depth, -pro[c], repr(keys[c]))

    best = min((c for c in range(n) if holds[c]), key=rank)
    winner = min(
        (k for k in range(n) if keys[k] == keys[best]),
        key=lambda k: (str(g.claims[k].value.render()), k),
    )
    supports = [rel[k][winner] != DISJOINT for k in range(n)]
    return winner, supports, pro[winner] / (pro[winner] + con[winner]), con[winner] > 0
