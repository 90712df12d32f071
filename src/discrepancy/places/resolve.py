"""Where a place lies: its candidate paths in the hierarchy, and how two places relate.

A place ``"Richmond, Virginia"`` is its head name (``Richmond``) and its context
(``Virginia``). The head resolves, first, through the check's entities: a declared entity
is one place, its path the chain of its ``part_of`` ancestors (above the outermost entity,
the gazetteer's path of that entity when its name names one place there). Else through the
gazetteer (:mod:`discrepancy.places.gazetteer`), where a name may name several places.
Context keeps the candidates inside every context place; when none is inside, the head is an
unknown place inside the context. A name nothing knows is a place of its own.

Relations (:func:`relation`): the same place, inside, containing, overlapping (ambiguous: at
least one reading nests, not all the same way) or disjoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from attrs import frozen

from discrepancy.compare.text import EntityIndex, fold
from discrepancy.places.gazetteer import Gazetteer, Path, gazetteer

#: relation codes of :func:`relation` (a's relation to b)
SAME, INSIDE, CONTAINS, OVERLAP, DISJOINT, MAY_INSIDE, MAY_CONTAIN = range(7)


@frozen
class Resolved:
    """A place's candidate paths (root first; one when unambiguous) and its ``key``: the
    place's node when unambiguous, else its folded text (two claims of an ambiguous name
    are the same value)."""

    key: str
    paths: tuple[Path, ...]

    @property
    def ambiguous(self) -> bool:
        return len(self.paths) > 1

    @property
    def certain(self) -> frozenset[str]:
        """The nodes every reading passes through (itself included when unambiguous)."""
        first, *rest = self.paths
        common = set(first)
        for p in rest:
            common &= set(p)
        return frozenset(common)


def _entity_path(entity_id: str, entities: EntityIndex, gaz: Gazetteer | None) -> Path:
    chain = (entity_id, *entities.ancestors(entity_id))
    nodes = [f"entity:{e}" for e in reversed(chain)]
    if gaz is not None:
        top = gaz.lookup(chain[-1]) or _named(chain[-1], entities, gaz)
        if len(top) == 1:  # the outermost entity is a place the gazetteer knows
            return (*top[0], *nodes[1:]) if len(chain) > 1 else top[0]
    return tuple(nodes)


def _named(entity_id: str, entities: EntityIndex, gaz: Gazetteer) -> tuple[Path, ...]:
    """The gazetteer's places named by any name of the entity, when they are one."""
    found = {
        p for name, eid in entities.names.items() if eid == entity_id for p in gaz.lookup(name)
    }
    return tuple(sorted(found))


def _candidates(name: str, entities: EntityIndex | None, gaz: Gazetteer | None) -> tuple[Path, ...]:
    if entities is not None:
        entity_id = entities.entity(name)
        if entity_id is not None:
            return (_entity_path(entity_id, entities, gaz),)
    return gaz.lookup(name) if gaz is not None else ()


def _inside(path: Path, outer: Sequence[Path]) -> bool:
    return any(len(o) <= len(path) and path[: len(o)] == o for o in outer)


def _own_nodes(parts: Sequence[str]) -> list[str]:
    """Per part: the node of the name ``parts[k:]`` spell when nothing knows the head: its
    folded name, with a digest of the context after it (built from the outside in, so a value
    of many commas costs its length, not its square)."""
    out = [""] * len(parts)
    digest = b""
    for k in range(len(parts) - 1, -1, -1):
        name = fold(parts[k])
        out[k] = f"name:{name}" if not digest else f"name:{name}#{digest.hex()}"
        digest = hashlib.blake2b(name.encode() + b"\x00" + digest, digest_size=8).digest()
    return out


def resolve_parts(
    parts: Sequence[str], entities: EntityIndex | None, gaz: Gazetteer | None
) -> Resolved:
    """The place named by ``parts`` (most specific first), through ``entities`` and ``gaz``:
    resolved from the outermost part in, each part inside the one after it."""
    own = _own_nodes(parts)
    place = _within(_candidates(parts[-1], entities, gaz), None, own[-1])
    for k in range(len(parts) - 2, -1, -1):
        place = _within(_candidates(parts[k], entities, gaz), place, own[k])
    return place


def _within(paths: tuple[Path, ...], outer: Resolved | None, own: str) -> Resolved:
    """The candidates ``paths`` of a name kept inside the context ``outer`` (``own``: the
    node of the name when nothing knows it)."""
    if outer is not None:
        kept = tuple(p for p in paths if _inside(p, outer.paths))
        if kept:
            paths = kept
        elif not outer.key.startswith("name:") or len(outer.paths) > 1:
            # an unknown head inside a known context: a place of its own in there
            paths = tuple(sorted({(*o, own) for o in outer.paths}))
        else:
            paths = ()
    if not paths:
        return Resolved(own, ((own,),))
    if len(paths) == 1:
        return Resolved(paths[0][-1], paths)
    return Resolved(own, tuple(sorted(set(paths))))


def resolve(parts: Sequence[str], entities: EntityIndex | None, *, geo: bool = True) -> Resolved:
    """The place named by ``parts`` in a check with ``entities``; the gazetteer is used when
    installed and ``geo`` is true. Without entities the answer depends on the name alone
    (the gazetteer never changes within a process), so it is remembered."""
    if entities is None or not entities.names:
        return _resolve_plain(tuple(parts), geo)
    return resolve_parts(parts, entities, gazetteer() if geo else None)


@lru_cache(maxsize=1 << 16)
def _resolve_plain(parts: tuple[str, ...], geo: bool) -> Resolved:
    return resolve_parts(parts, None, gazetteer() if geo else None)


def _path_relation(p: Path, q: Path) -> int:
    if p == q:
        return SAME
    if len(p) > len(q) and p[: len(q)] == q:
        return INSIDE
    if len(q) > len(p) and q[: len(p)] == p:
        return CONTAINS
    return DISJOINT


def relation(a: Resolved, b: Resolved) -> int:
    """How place ``a`` relates to place ``b``: :data:`SAME`, :data:`INSIDE` (every reading
    of ``a`` lies in every reading of ``b``), :data:`CONTAINS`, :data:`MAY_INSIDE` (an
    ambiguous name: some readings of ``a`` lie inside ``b``, none contains it: "Los Angeles"
    and "California"; or ``a``'s readings are some of ``b``'s: "Richmond, Virginia" and
    "Richmond"), :data:`MAY_CONTAIN` (the converse), :data:`OVERLAP` (other readings that
    nest and don't) or :data:`DISJOINT`."""
    if a.key == b.key:
        return SAME
    found = {_path_relation(p, q) for p in a.paths for q in b.paths}
    if len(found) == 1:
        return found.pop()
    if INSIDE in found and CONTAINS not in found:
        return MAY_INSIDE
    if CONTAINS in found and INSIDE not in found:
        return MAY_CONTAIN
    if found <= {SAME, DISJOINT}:  # one is a reading of the other ("Richmond, Virginia")
        mine, theirs = set(a.paths), set(b.paths)
        if mine < theirs:
            return MAY_INSIDE
        if theirs < mine:
            return MAY_CONTAIN
    return OVERLAP


__all__ = [
    "CONTAINS",
    "DISJOINT",
    "INSIDE",
    "MAY_CONTAIN",
    "MAY_INSIDE",
    "OVERLAP",
    "SAME",
    "Resolved",
    "relation",
    "resolve",
    "resolve_parts",
]
