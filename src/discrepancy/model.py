"""The user-facing model: sources, entities, claims and the set of them one check reads."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

from discrepancy.errors import Problem, ValueParseError
from discrepancy.location import Location
from discrepancy.values import DateInterval, Value, parse_value


def _scope(
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> tuple[tuple[str, str], ...]:
    if raw is None or raw == ():  # most claims: no scope (skips the Mapping check and sort)
        return ()
    items = raw.items() if isinstance(raw, Mapping) else raw
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _strs(raw: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(x) for x in raw) if raw else ()


def _ignores(
    raw: Mapping[str, object] | Iterable[tuple[str, object]] | None,
) -> tuple[tuple[str, str], ...]:
    if raw is None or raw == ():  # most claims: no ignore
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
    #: declared prior accuracy, 0..1 (the user's knowledge of the source; None: none)
    reliability: float | None = None
    #: Admiralty grade: source letter A-F and/or information digit 1-6, such as ``B2``
    grade: str | None = None


@frozen
class Entity:
    """A named thing with aliases, so that ``Хабаровск`` and ``Khabarovsk`` align."""

    id: str
    name: str | None = None
    aliases: tuple[str, ...] = field(default=(), converter=_strs)
    location: Location | None = field(default=None, eq=False)
    #: the entities this one lies within (Derna ``part_of: [libya]``): a count for it can't
    #: exceed theirs (P001)
    part_of: tuple[str, ...] = field(default=(), converter=_strs)
    #: the entities whose counts add up to this one's (P002; each is also ``part_of`` it)
    sum_of: tuple[str, ...] = field(default=(), converter=_strs)

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
    #: ``"draft"``: written by ``discrepancy draft`` and not yet reviewed (None: accepted).
    status: str | None = field(default=None, eq=False)
    #: corrections: the ref (``source/id``, or ``id`` in the same source) of an earlier claim
    #: of the same origin or outlet that this one replaces; whether the source retracted this
    #: claim; why (of a retraction, denial or correction); who denies having issued it
    supersedes: str | None = None
    retracted: bool = False
    reason: str | None = None
    denied_by: tuple[str, ...] = field(default=(), converter=_strs)
    #: refs of the claims that supersede this one (set when a check links corrections)
    superseded_by: tuple[str, ...] = field(default=(), converter=_strs, eq=False)
    #: where ``supersedes`` was written (for errors about it)
    supersedes_location: Location | None = field(default=None, eq=False)

    @builtins.property
    def withdrawn(self) -> str | None:
        """Why the claim is out of comparison, agreement and consensus ("superseded by
        a/c2", "retracted: recount", "denied by agency"), or None when it is not."""
        why = []
        if self.superseded_by:
            why.append("superseded by " + ", ".join(self.superseded_by))
        if self.retracted:
            why.append("retracted")
        if self.denied_by:
            why.append("denied by " + ", ".join(self.denied_by))
        if not why:
            return None
        text = "; ".join(why)
        return f"{text}: {self.reason}" if self.reason else text

    #: the value is known to be true (checked by the user, or from a gold file): it fixes
    #: its fact's consensus and scores the sources
    verified: bool = False
    #: Admiralty grade of this claim (speaker letter A-F, information digit 1-6: ``B2``)
    grade: str | None = None
    #: whether the value is a running total (a death toll): True/False on the claim, None to
    #: follow the property's ``cumulative`` in configuration (T001)
    cumulative: bool | None = None
    #: a date claim that must not be earlier than another (``after: deployment`` or
    #: ``after: source/claim``), the reference as written (D002)
    after: str | None = None

    @builtins.property
    def is_draft(self) -> bool:
        """Whether the claim is a draft that nobody has accepted yet."""
        return self.status == "draft"

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
        if type(self.raw) is str:  # most claims
            return self.raw
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


def _scope_pairs(raw: object) -> tuple[tuple[str, str], ...]:
    return _scope(raw)  # type: ignore[arg-type]


def _scope_list(raw: Iterable[object]) -> tuple[tuple[tuple[str, str], ...], ...]:
    return tuple(_scope(x) for x in raw)  # type: ignore[arg-type]


@frozen
class ScopeRelation:
    """A scope that lies within another (``{group: first}`` within the unscoped total,
    ``part_of: {}``), or that is the sum of others (``sum_of: [{group: first}, ...]``), for
    every subject and property; scopes as sorted pairs, ``()`` the unscoped fact."""

    scope: tuple[tuple[str, str], ...] = field(converter=_scope_pairs)
    part_of: tuple[tuple[str, str], ...] | None = field(
        default=None, converter=lambda x: None if x is None else _scope(x)
    )
    sum_of: tuple[tuple[tuple[str, str], ...], ...] = field(default=(), converter=_scope_list)
    location: Location | None = field(default=None, eq=False)


def _scope_relations(items: Iterable[ScopeRelation]) -> tuple[ScopeRelation, ...]:
    return tuple(items)


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
    #: scopes declared within others or as sums of others (claim files' ``scopes:``)
    scopes: tuple[ScopeRelation, ...] = field(default=(), converter=_scope_relations)

    def __len__(self) -> int:
        return len(self.claims)

    def source(self, source_id: str) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None

    def to_table(self, *, approx: float = 0.05) -> Any:
        """The claims as a claim table (a polars DataFrame, one row per claim; needs
        ``discrepancy[table]``) that :func:`discrepancy.check_table` reads to the same claims
        and the same report: values as written (numbers in ``best``/``low``/``high``; text
        that does not read back to the claim's value, with ``approx`` as the half-width of
        "about" values and the source's ``published`` day, as the value's canonical text),
        the source's ``published`` day on each row, ``location``/``value_location`` as
        ``path:line:column``, corrections in ``supersedes``/``retracted``/``reason``/
        ``denied_by``. :meth:`sources_table` holds the sources."""
        import polars as pl

        claims = self.claims
        published = {s.id: s.published for s in self.sources}
        reads_back: dict[tuple[str, str, dt.date | None], Value | None] = {}
        texts: list[str | None] = []
        written: list[tuple[int, dict[str, float]]] = []  # the rows whose value is numbers
        kinds = [c.value.kind for c in claims]
        for row, (c, kind) in enumerate(zip(claims, kinds, strict=True)):
            raw = c.raw
            # text as written (most claims): the last case of _value_cells, taken first
            text, given = (raw, None) if type(raw) is str else _value_cells(c)
            if text is not None:
                day = published.get(c.source)
                said = (text, kind, day)
                back = reads_back.get(said, _UNSEEN)
                if back is _UNSEEN:
                    back = reads_back[said] = _parsed(text, kind, day, approx)
                # the parse memo mostly gives the claim's own value back: no comparison then
                if back is not c.value and back != c.value:
                    text = c.value.render()
            texts.append(text)
            if given:
                written.append((row, given))
        numbers: dict[str, list[float | None]] = {
            key: [None] * len(claims) for key in ("best", "low", "high")
        }
        for row, given in written:
            for key, column in numbers.items():
                column[row] = given.get(key)
        cols: dict[str, Any] = {
            "source": [c.source for c in claims],
            "claim": [c.id or None for c in claims],
            "subject": [c.subject for c in claims],
            "property": [c.property for c in claims],
            "type": kinds,
            "value": texts,
            **numbers,
            "unit": [c.unit for c in claims],
            "as_of": [c.as_of.render() if c.as_of is not None else None for c in claims],
            "said_by": [c.said_by for c in claims],
            "via": [list(c.via) if c.via else None for c in claims],
            "quote": [c.quote for c in claims],
            "note": [c.note for c in claims],
            "verified": [c.verified for c in claims],
            "grade": [c.grade for c in claims],
            "published": [published.get(c.source) for c in claims],
            "location": _location_texts([c.location for c in claims]),
            "value_location": _location_texts([c.value_location for c in claims]),
            "cumulative": [c.cumulative for c in claims],
            "after": [c.after for c in claims],
            "supersedes": [c.supersedes for c in claims],
            "retracted": [c.retracted for c in claims],
            "reason": [c.reason for c in claims],
            "denied_by": [list(c.denied_by) if c.denied_by else None for c in claims],
        }
        schema: dict[str, Any] = {
            name: getattr(pl, kind) if kind != "List" else pl.List(pl.String)
            for name, kind in _TABLE_SCHEMA.items()
        }
        frame = pl.DataFrame(cols, schema=schema)
        # scope and ignore: a struct of the keys the claims use, one String column per key
        # (a claim without the key: null), not a dict per row
        return frame.with_columns(
            _pairs_struct(pl, name, [getattr(c, name) for c in claims])
            for name in ("scope", "ignore")
        )

    def sources_table(self) -> Any:
        """The sources as a sources table (a polars DataFrame: ``id``, ``name``,
        ``published``, ``url``, ``document``, ``note``, ``location``, ``reliability``,
        ``grade``)."""
        import polars as pl

        rows = {
            "id": [s.id for s in self.sources],
            "name": [s.name for s in self.sources],
            "published": [s.published for s in self.sources],
            "url": [s.url for s in self.sources],
            "document": [s.document for s in self.sources],
            "note": [s.note for s in self.sources],
            "location": [_location_text(s.location) for s in self.sources],
            "reliability": [s.reliability for s in self.sources],
            "grade": [s.grade for s in self.sources],
        }
        schema = dict.fromkeys(rows, pl.String) | {
            "published": pl.Date,
            "reliability": pl.Float64,
        }
        return pl.DataFrame(rows, schema=schema)


#: Columns of :meth:`ClaimSet.to_table` and their polars types (``scope`` and ``ignore``,
#: structs of the keys the claims use, come last).
_TABLE_SCHEMA: dict[str, str] = {
    "source": "String",
    "claim": "String",
    "subject": "String",
    "property": "String",
    "type": "String",
    "value": "String",
    "best": "Float64",
    "low": "Float64",
    "high": "Float64",
    "unit": "String",
    "as_of": "String",
    "said_by": "String",
    "via": "List",
    "quote": "String",
    "note": "String",
    "verified": "Boolean",
    "grade": "String",
    "published": "Date",
    "location": "String",
    "value_location": "String",
    "cumulative": "Boolean",
    "after": "String",
    "supersedes": "String",
    "retracted": "Boolean",
    "reason": "String",
    "denied_by": "List",
}

#: a text not yet parsed (``None`` is a text that does not parse)
_UNSEEN: Any = object()


def _pairs_struct(pl: Any, name: str, rows: list[tuple[tuple[str, str], ...]]) -> Any:
    """A struct column ``name`` of sorted key-value pairs per row (a String column of nulls
    when no row has any)."""
    keys = sorted({k for pairs in rows for k, _ in pairs})
    if not keys:
        return pl.Series(name, [None] * len(rows), dtype=pl.String)
    fields = {k: [dict(pairs).get(k) if pairs else None for pairs in rows] for k in keys}
    return pl.DataFrame(fields, schema=dict.fromkeys(keys, pl.String)).to_struct(name)


def _location_texts(locations: list[Location | None]) -> list[str | None]:
    """:func:`_location_text` of each (one comprehension, no call per location)."""
    return [None if loc is None else f"{loc.path}:{loc.line}:{loc.column}" for loc in locations]


def _location_text(location: Location | None) -> str | None:
    if location is None:
        return None
    return f"{location.path}:{location.line}:{location.column}"


def _value_cells(claim: Claim) -> tuple[str | None, dict[str, float]]:
    """A claim's value as a table row holds it: its text, or its numbers (``best`` alone
    for a plain number; ``low``/``best``/``high`` for a ``{low, best, high}`` mapping)."""
    raw = claim.raw
    if isinstance(raw, bool):
        return ("true" if raw else "false"), {}
    # the value's class says which written numbers are its table cells (a quantity's)
    written = getattr(claim.value, "written_numbers", None)
    numbers = written(raw) if written is not None else None
    if numbers is not None:
        return None, numbers
    if isinstance(raw, str):
        return raw, {}
    if isinstance(raw, list | tuple):  # a list as written ([a, b]); kept if it reads back
        return claim.raw_text, {}
    return claim.value.render(), {}


def _parsed(text: str, kind: str, published: dt.date | None, approx: float) -> Value | None:
    """What ``text`` reads as (None when it does not parse)."""
    try:
        return parse_value(text, kind, published=published, approx=approx)
    except ValueParseError:
        return None
