"""What a check declares across facts: parts and wholes, sums, running totals, date order.

Entities declare ``part_of`` / ``sum_of`` (subjects), claim files ``scopes:`` (a scope within
another, or the sum of others, for every subject and property), configuration
``[tool.discrepancy.properties]`` (``cumulative``, ``sum-of``), and claims ``cumulative`` and
``after``. :class:`Declared` holds them in comparison form (entity ids; folded scopes and
properties); :func:`declaration_problems` says what is wrong with them (E130 unknown part,
E131 a cycle of ``part_of``, E132 ``after`` naming no date claim), at ``file:line:col``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from attrs import frozen

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.errors import Problem
from discrepancy.grouping import scope_key
from discrepancy.location import Location
from discrepancy.model import Claim, Entity, ScopeRelation

ScopeKey = tuple[tuple[str, str], ...]


def _closure(edges: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    """Every node's ancestors (transitively), cycles cut."""
    out: dict[str, frozenset[str]] = {}
    for node in edges:
        seen: set[str] = set()
        stack = list(edges[node])
        while stack:
            up = stack.pop()
            if up in seen or up == node:
                continue
            seen.add(up)
            stack.extend(edges.get(up, ()))
        out[node] = frozenset(seen)
    return out


@frozen
class Declared:
    """The declarations of one check, in comparison form.

    ``subject_within``: entity id -> every entity it lies within (transitively; ``sum_of``
    parts lie within their whole). ``subject_sums``: whole id -> its parts. ``scope_within``
    and ``scope_sums`` the same for folded scopes (``()`` is the unscoped fact).
    ``property_sums``: canonical property -> its parts; ``cumulative``: canonical properties
    that are running totals.
    """

    subject_within: Mapping[str, frozenset[str]]
    subject_sums: tuple[tuple[str, tuple[str, ...]], ...]
    scope_within: Mapping[ScopeKey, frozenset[ScopeKey]]
    scope_sums: tuple[tuple[ScopeKey, tuple[ScopeKey, ...]], ...]
    property_sums: tuple[tuple[str, tuple[str, ...]], ...]
    cumulative: frozenset[str]

    @classmethod
    def build(
        cls,
        entities: Iterable[Entity],
        scopes: Iterable[ScopeRelation],
        config: Config,
    ) -> Declared:
        entity_list = tuple(entities)
        index = EntityIndex.build(entity_list)
        up: dict[str, set[str]] = {}
        sums: list[tuple[str, tuple[str, ...]]] = []
        for e in entity_list:
            wholes = {index.canonical(w) for w in e.part_of}
            if wholes:
                up.setdefault(e.id, set()).update(wholes)
            if e.sum_of:
                parts = tuple(sorted({index.canonical(p) for p in e.sum_of}))
                sums.append((e.id, parts))
                for p in parts:
                    up.setdefault(p, set()).add(e.id)
        scope_up: dict[ScopeKey, set[ScopeKey]] = {}
        scope_sums: list[tuple[ScopeKey, tuple[ScopeKey, ...]]] = []
        for rel in scopes:
            own = scope_key(rel.scope)
            if rel.part_of is not None:
                scope_up.setdefault(own, set()).add(scope_key(rel.part_of))
            if rel.sum_of:
                parts_s = tuple(sorted({scope_key(s) for s in rel.sum_of}))
                scope_sums.append((own, parts_s))
                for sp in parts_s:
                    scope_up.setdefault(sp, set()).add(own)
        prop_sums = tuple(
            (index.canonical(name), tuple(sorted({index.canonical(p) for p in rule.sum_of})))
            for name, rule in config.properties
            if rule.sum_of
        )
        cumulative = frozenset(
            index.canonical(name) for name, rule in config.properties if rule.cumulative
        )
        return cls(
            subject_within=_closure(up),
            subject_sums=tuple(sorted(sums)),
            scope_within=_closure(scope_up),  # type: ignore[arg-type,type-var]
            scope_sums=tuple(sorted(scope_sums)),
            property_sums=tuple(sorted(prop_sums)),
            cumulative=cumulative,
        )

    @property
    def has_parts(self) -> bool:
        return bool(self.subject_within or self.scope_within)

    @property
    def has_sums(self) -> bool:
        return bool(self.subject_sums or self.scope_sums or self.property_sums)

    def scope_involved(self, scope: ScopeKey) -> bool:
        """Whether a fact of this (folded) scope is a part or a whole of a declaration."""
        if scope in self.scope_within:
            return True
        return any(scope in ws for ws in self.scope_within.values())

    def subject_involved(self, subject: str) -> bool:
        """Whether an entity id is a part or a whole of a declaration."""
        if subject in self.subject_within:
            return True
        return any(subject in ws for ws in self.subject_within.values())


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _cycle(edges: Mapping[str, Sequence[str]]) -> list[str] | None:
    """One cycle of ``edges`` (its nodes in order, the first repeated at the end), or None;
    nodes are visited in sorted order so the same cycle is named whatever the input order."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def resolve_after(claim: Claim, refs: Mapping[str, Claim]) -> Claim | None:
    """The claim ``claim.after`` names: ``source/claim``, else a claim of the same source."""
    if claim.after is None:
        return None
    ref = claim.after if "/" in claim.after else f"{claim.source}/{claim.after}"
    return refs.get(ref)


def declaration_problems(
    entities: Sequence[Entity],
    scopes: Sequence[ScopeRelation],
    after_claims: Sequence[Claim],
    types_by_ref: Mapping[str, str],
    *,
    where: Mapping[tuple[str, str, str], Location] | None = None,
) -> list[Problem]:
    """What is wrong with the declarations: E130 a ``part_of``/``sum_of`` naming no entity,
    E131 a cycle of ``part_of`` (entities or scopes), E132 an ``after`` (of ``after_claims``)
    naming no claim of ``types_by_ref`` (ref -> claim type), or one that is not a date, or
    itself. ``where`` locates each name of an entity's ``part_of``/``sum_of`` by (entity
    id, key, name); else problems point at the entity."""
    problems: list[Problem] = []
    index = EntityIndex.build(entities)
    ids = sorted(e.id for e in entities)
    up: dict[str, list[str]] = {}
    entity_at: dict[str, Location | None] = {}
    for e in entities:
        entity_at[e.id] = e.location
        for field_name, names in (("part_of", e.part_of), ("sum_of", e.sum_of)):
            for written in names:
                target = index.entity(written)
                if target is None:
                    problems.append(
                        Problem(
                            "E130",
                            f"entity '{e.id}' has {field_name} '{written}', which is not a "
                            f"declared entity{_did_you_mean(written, ids)}; declare it under "
                            "'entities:'",
                            (where or {}).get((e.id, field_name, written))
                            or e.location
                            or Location("<entities>"),
                        )
                    )
                elif field_name == "part_of":
                    up.setdefault(e.id, []).append(target)
                else:
                    up.setdefault(target, []).append(e.id)
    cycle = _cycle(up)
    if cycle is not None:
        problems.append(
            Problem(
                "E131",
                "entities lie within each other in a circle: "
                + " -> ".join(cycle)
                + " (part_of/sum_of); a part can't contain its whole",
                entity_at.get(cycle[0]) or Location("<entities>"),
            )
        )
    scope_up: dict[str, list[str]] = {}
    scope_where: dict[str, Location | None] = {}

    def shown(s: ScopeKey) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in s) + "}"

    for rel in scopes:
        whole = shown(scope_key(rel.scope))
        scope_where.setdefault(whole, rel.location)
        if rel.part_of is not None:
            scope_up.setdefault(whole, []).append(shown(scope_key(rel.part_of)))
        for part in rel.sum_of:
            p = shown(scope_key(part))
            scope_up.setdefault(p, []).append(whole)
            scope_where.setdefault(p, rel.location)
    scope_cycle = _cycle(scope_up)
    if scope_cycle is not None:
        problems.append(
            Problem(
                "E131",
                "scopes lie within each other in a circle: "
                + " -> ".join(scope_cycle)
                + " (part_of/sum_of); a part can't contain its whole",
                scope_where.get(scope_cycle[0]) or Location("<scopes>"),
            )
        )
    for c in after_claims:
        if c.after is None:
            continue
        ref = c.after if "/" in c.after else f"{c.source}/{c.after}"
        loc = c.location or Location("<claims>")
        if ref not in types_by_ref:
            same = sorted(r.split("/", 1)[1] for r in types_by_ref if r.startswith(f"{c.source}/"))
            hint = _did_you_mean(c.after, same) if "/" not in c.after else ""
            problems.append(
                Problem(
                    "E132",
                    f"claim {c.ref} is 'after: {c.after}', which names no claim{hint}; write "
                    "the id of a date claim of the same source, or 'source/claim'",
                    loc,
                )
            )
        elif ref == c.ref:
            problems.append(
                Problem("E132", f"claim {c.ref} is 'after' itself; name another claim", loc)
            )
        elif c.type != "date" or types_by_ref[ref] != "date":
            which, kind = (c.ref, c.type) if c.type != "date" else (ref, types_by_ref[ref])
            problems.append(
                Problem(
                    "E132",
                    f"'after' orders dates, but {which} is a {kind}; put 'after' on a date "
                    "claim and name a date claim",
                    loc,
                )
            )
    return problems


__all__ = [
    "Declared",
    "ScopeKey",
    "declaration_problems",
    "resolve_after",
]
