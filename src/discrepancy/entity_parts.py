"""Entities inside entities: ``part_of`` (Sudzha part_of Kursk oblast part_of Russia).

Wholes are named by id, name or alias; places follow the first that names an entity. :func:`part_of_problems` checks the
declarations (E126: a parent no entity declares, or a chain that comes back to itself); the
parents themselves are :attr:`discrepancy.compare.text.EntityIndex.parents`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from discrepancy.compare.text import EntityIndex, fold
from discrepancy.errors import Problem
from discrepancy.model import Entity, Location

#: the code of a ``part_of`` that names no entity or closes a cycle
PART_OF_ERROR = "E126"


def part_of_problems(entities: Iterable[Entity], where: Mapping[str, Location]) -> list[Problem]:
    """E126 for each ``part_of`` that names no entity, and once per cycle (at the entity of
    the cycle that sorts first); ``where`` gives each entity's ``part_of`` location."""
    problems: list[Problem] = []
    listed = list(entities)
    index = EntityIndex.build(listed)
    ids = index.names
    for e in listed:
        for whole in e.part_of:
            if fold(whole) not in ids:
                problems.append(
                    Problem(
                        PART_OF_ERROR,
                        f"entity '{e.id}' is part_of '{whole}', which no entity declares; "
                        "declare it under 'entities' or fix the name",
                        where.get(e.id, e.location or Location("")),
                    )
                )
    parents = dict(index.parents)
    self_parts = [e.id for e in listed if any(ids.get(fold(w)) == e.id for w in e.part_of)]
    reported: set[str] = set()
    for start in sorted(parents.keys() | set(self_parts)):
        chain = [start]
        node = parents.get(start)
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        if node is None and start not in self_parts:
            continue
        cycle = chain[chain.index(node or start) :]
        if reported & set(cycle):
            continue
        reported |= set(cycle)
        first = min(cycle)
        shown = " -> ".join([*cycle[cycle.index(first) :], *cycle[: cycle.index(first)], first])
        problems.append(
            Problem(
                PART_OF_ERROR,
                f"entities are part_of each other in a cycle: {shown}; a place or a whole "
                "cannot lie inside itself",
                where.get(first, Location("")),
            )
        )
    return problems


__all__ = ["PART_OF_ERROR", "part_of_problems"]
