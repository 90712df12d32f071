"""The user-facing model: sources, entities, claims and the set of them one check reads."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from discrepancy.errors import Problem
from discrepancy.location import Location
from discrepancy.values import DateInterval, Value


def _scope(
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _strs(raw: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(x) for x in raw) if raw else ()


def _ignores(
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in items))


@frozen
class Source:
    """Who published claims: an outlet, an agency, a dataset."""

    id: str
    name: str | None = None
    published: dt.date | None = None
    url: str | None = None
    document: str | None = None
    note: str | None = None
    location: Location | None = field(default=None, eq=False)


@frozen
class Entity:
    """A named thing with aliases, so that ``Хабаровск`` and ``Khabarovsk`` align."""

    id: str
    name: str | None = None
    aliases: tuple[str, ...] = field(default=(), converter=_strs)
    location: Location | None = field(default=None, eq=False)

    @builtins.property
    def names(self) -> tuple[str, ...]:
        """Every spelling that refers to this entity, its id first."""
        out = [self.id]
        if self.name:
            out.append(self.name)
        out.extend(self.aliases)
        return tuple(out)


@frozen
class Claim:
    """One statement of one source about one property of one subject.

    ``scope`` and ``ignore`` are stored as sorted tuples of pairs so claims stay hashable;
    :attr:`scope_dict` gives the mapping.
    """

    source: str
    subject: str
    property: str
    value: Value
    id: str = ""
    raw: object = field(default=None, eq=False)
    unit: str | None = None
    as_of: DateInterval | None = None
    scope: tuple[tuple[str, str], ...] = field(default=(), converter=_scope)
    said_by: str | None = None
    via: tuple[str, ...] = field(default=(), converter=_strs)
    quote: str | None = None
    note: str | None = None
    ignore: tuple[tuple[str, str], ...] = field(default=(), converter=_ignores, eq=False)
    location: Location | None = field(default=None, eq=False)
    value_location: Location | None = field(default=None, eq=False)

    @builtins.property
    def type(self) -> str:
        """The value's type name: quantity, date, set, label or assertion."""
        return self.value.kind

    @builtins.property
    def ref(self) -> str:
        """``source_id/claim_id``, the claim's reference in every report."""
        return f"{self.source}/{self.id}"

    @builtins.property
    def origin(self) -> str:
        """Who first said it: ``said_by``, else the source itself."""
        return self.said_by or self.source

    @builtins.property
    def scope_dict(self) -> dict[str, str]:
        return dict(self.scope)

    @builtins.property
    def raw_text(self) -> str:
        """The value as the user wrote it, as text."""
        if self.raw is None:
            return self.value.render()
        if isinstance(self.raw, str):
            return self.raw
        if isinstance(self.raw, bool):
            return "true" if self.raw else "false"
        if isinstance(self.raw, (list, tuple)):
            return ", ".join(str(x) for x in self.raw)
        if isinstance(self.raw, (int, float)):
            return str(self.raw)
        return self.value.render()


def _sources(items: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(items)


def _entities(items: Iterable[Entity]) -> tuple[Entity, ...]:
    return tuple(items)


def claim_tuple(items: Iterable[Claim]) -> tuple[Claim, ...]:
    """A typed ``tuple`` converter (attrs' mypy plugin cannot type a bare ``tuple``)."""
    return items if isinstance(items, tuple) else tuple(items)


def _problems(items: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(items)


@frozen
class ClaimSet:
    """Everything one check reads: sources, entities (merged) and claims, in file order."""

    sources: tuple[Source, ...] = field(default=(), converter=_sources)
    entities: tuple[Entity, ...] = field(default=(), converter=_entities)
    claims: tuple[Claim, ...] = field(default=(), converter=claim_tuple)
    #: non-fatal problems of the input (a table column that is not read), for the report
    warnings: tuple[Problem, ...] = field(default=(), converter=_problems, eq=False)

    def __len__(self) -> int:
        return len(self.claims)

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None
