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
    #: ``"draft"``: written by ``discrepancy draft`` and not yet reviewed (None: accepted).
    status: str | None = field(default=None, eq=False)

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

    def to_table(self, *, approx: float = 0.05) -> Any:
        """The claims as a claim table (a polars DataFrame, one row per claim; needs
        ``discrepancy[table]``) that :func:`discrepancy.check_table` reads to the same claims
        and the same report: values as written (numbers in ``best``/``low``/``high``; text
        that does not read back to the claim's value, with ``approx`` as the half-width of
        "about" values and the source's ``published`` day, as the value's canonical text),
        the source's ``published`` day on each row, ``location``/``value_location`` as
        ``path:line:column``. :meth:`sources_table` holds the sources."""
        import polars as pl

        claims = self.claims
        published = {s.id: s.published for s in self.sources}
        reads_back: dict[tuple[str, str, dt.date | None], Value | None] = {}
        texts: list[str | None] = []
        numbers: dict[str, list[float | None]] = {"best": [], "low": [], "high": []}
        kinds = [c.value.kind for c in claims]
        no_numbers = (numbers["best"].append, numbers["low"].append, numbers["high"].append)
        for c, kind in zip(claims, kinds, strict=True):
            raw = c.raw
            # text as written (most claims): the last case of _value_cells, taken first
            text, given = (raw, None) if type(raw) is str else _value_cells(c)
            if text is not None:
                day = published.get(c.source)
                said = (text, kind, day)
                back = reads_back.get(said, _UNSEEN)
                if back is _UNSEEN:
                    back = reads_back[said] = _parsed(text, kind, day, approx)
                if back != c.value:
                    text = c.value.render()
            texts.append(text)
            if given:
                for key, column in numbers.items():
                    column.append(given.get(key))
            else:
                for append in no_numbers:
                    append(None)
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
            "published": [published.get(c.source) for c in claims],
            "location": [_location_text(c.location) for c in claims],
            "value_location": [_location_text(c.value_location) for c in claims],
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
        ``published``, ``url``, ``document``, ``note``, ``location``)."""
        import polars as pl

        rows = {
            "id": [s.id for s in self.sources],
            "name": [s.name for s in self.sources],
            "published": [s.published for s in self.sources],
            "url": [s.url for s in self.sources],
            "document": [s.document for s in self.sources],
            "note": [s.note for s in self.sources],
            "location": [_location_text(s.location) for s in self.sources],
        }
        schema = dict.fromkeys(rows, pl.String) | {"published": pl.Date}
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
    "published": "Date",
    "location": "String",
    "value_location": "String",
}

_NUMBER_KEYS = ("low", "best", "high")
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
    if isinstance(raw, int | float) and claim.type == "quantity":
        return None, {"best": float(raw)}
    if (
        isinstance(raw, Mapping)
        and claim.type == "quantity"
        and raw
        and set(raw) <= set(_NUMBER_KEYS)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values())
    ):
        return None, {str(k): float(v) for k, v in raw.items()}  # type: ignore[arg-type]
    if isinstance(raw, str):
        return raw, {}
    if isinstance(raw, list | tuple) and claim.type == "set":
        return claim.raw_text, {}
    return claim.value.render(), {}


def _parsed(text: str, kind: str, published: dt.date | None, approx: float) -> Value | None:
    """What ``text`` reads as (None when it does not parse)."""
    try:
        return parse_value(text, kind, published=published, approx=approx)
    except ValueParseError:
        return None
