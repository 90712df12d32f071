"""The names a check uses, one entry per distinct spelling: what the near-miss lint reads.

A :class:`Spelling` is one distinct subject, property, unit, scope key, scope value or speaker
(``said_by``) of a check, under the key grouping compares it by (so ``Kyiv`` and ``Київ`` are
one spelling of a subject: grouping already merges them), with how many claims and sources use
it, the first claim that does (``row``: an index into the check's claims, or a table row) and
its *contexts*: the facts it is used on (a subject's properties, a property's subjects, a
unit's subject/property, ...). Two spellings only split a fact when they share a context.

:func:`spellings_of_claims` builds them from claim objects, :func:`spellings_of_columns` from a
claim table's columns with one polars query per kind (no claim objects), so claim files and
tables are linted by the same code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from attrs import frozen

from discrepancy.compare.text import EntityIndex, fold
from discrepancy.units import singular, unit_key

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

    from discrepancy.model import Claim
    from discrepancy.table.columns import Columns

#: The kinds of names, in report order.
KINDS: Final = ("subject", "property", "unit", "scope key", "scope value", "speaker")
_WORD = re.compile(r"[a-z0-9]+")
#: separates the parts of a context key (never in folded text: control character)
SEP: Final = "\x1f"


@frozen
class Spelling:
    """One distinct name of one kind, as first written, with its use."""

    kind: str
    #: the comparison key grouping uses (folded, entity id, unit key, ...)
    key: str
    #: as first written (in row order)
    text: str
    #: first claim (index into the claims, or table row) that uses it
    row: int
    claims: int
    sources: int
    contexts: frozenset[str]
    #: the ids of the sources that use it (empty when only counted)
    source_codes: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1 << 16)
def loose(text: str) -> str:
    """``text`` with case, transliteration, punctuation, spacing and plurals taken out:
    ``Deaths`` / ``death``, ``vardar flood`` / ``vardar-flood`` read the same."""
    return "".join(singular(w) for w in _WORD.findall(fold(text)))


def unit_id(unit: str) -> str:
    """A unit's comparison key as one string (what grouping merges units by)."""
    k = unit_key(unit)
    return f"{k.kind}:{k.key}"


class _Acc:
    __slots__ = ("claims", "contexts", "row", "sources", "text")

    def __init__(self, text: str, row: int) -> None:
        self.text = text
        self.row = row
        self.claims = 0
        self.sources: set[str] = set()
        self.contexts: set[str] = set()


def spellings_of_claims(claims: Sequence[Claim], entities: EntityIndex) -> list[Spelling]:
    """The spellings of ``claims`` (rows are indexes into ``claims``)."""
    acc: dict[tuple[str, str], _Acc] = {}

    def add(kind: str, key: str, text: str, row: int, source: str, context: str) -> None:
        a = acc.get((kind, key))
        if a is None:
            a = acc[(kind, key)] = _Acc(text, row)
        a.claims += 1
        a.sources.add(source)
        a.contexts.add(context)

    for row, c in enumerate(claims):
        subj, prop = entities.canonical(c.subject), entities.canonical(c.property)
        fact = subj + SEP + prop
        add("subject", subj, c.subject, row, c.source, prop)
        add("property", prop, c.property, row, c.source, subj)
        if c.unit is not None and c.unit.strip():
            add("unit", unit_id(c.unit), c.unit, row, c.source, fact)
        for k, v in c.scope:
            add("scope key", fold(k), k, row, c.source, fact)
            add("scope value", fold(v), v, row, c.source, fact + SEP + fold(k))
        if c.said_by:
            add("speaker", c.said_by, c.said_by, row, c.source, "")
    return [
        Spelling(
            kind,
            key,
            a.text,
            a.row,
            a.claims,
            len(a.sources),
            frozenset(a.contexts),
            frozenset(a.sources),
        )
        for (kind, key), a in acc.items()
    ]


def spellings_of_columns(
    cols: Columns,
    entities: EntityIndex,
    *,
    table_rows: np.ndarray | None = None,
    source_codes: np.ndarray | None = None,
) -> Spellings:
    """The spellings of a claim table, from its columns, as :class:`Spellings` frames (no
    Python object per name). Rows are ``table_rows`` of the columns' rows (default: the
    same), sources ``source_codes`` of each row (default: the columns' own codes)."""
    import numpy as np
    import polars as pl

    frame = cols.frame
    n = cols.n
    if n == 0:
        return Spellings.empty()
    rows = np.arange(n, dtype=np.int64) if table_rows is None else table_rows
    codes = (cols.source if source_codes is None else source_codes).astype(np.int64)
    # subjects and properties (every row has both): integer codes of the canonical keys,
    # worked out on the distinct texts, and counted with numpy
    subj_code, subj_first, subj_key = _canonical_codes(cols, "subject", entities)
    prop_code, prop_first, prop_key = _canonical_codes(cols, "property", entities)
    name_parts = [
        _coded_names("subject", subj_code, subj_first, subj_key, frame["subject"], rows, codes),
        _coded_names("property", prop_code, prop_first, prop_key, frame["property"], rows, codes),
    ]
    pairs = _distinct_pairs(subj_code, prop_code, prop_key.len())
    use_parts = [
        pl.DataFrame(
            {
                "kind": "subject",
                "key": subj_key.gather(pairs[0]),
                "context": prop_key.gather(pairs[1]),
            }
        ),
        pl.DataFrame(
            {
                "kind": "property",
                "key": prop_key.gather(pairs[1]),
                "context": subj_key.gather(pairs[0]),
            }
        ),
    ]
    # the other kinds (units, scopes, speakers: often none), from their rows' texts
    parts: list[pl.DataFrame] = []
    fact: pl.Series | None = None
    row = pl.Series("row", rows)
    source = pl.Series("source", codes)
    units = frame["unit"]
    scoped = np.flatnonzero(np.array([len(s) > 0 for s in cols.scopes])[cols.scope_id])
    if units.null_count() < n or scoped.size:
        fact = subj_key.gather(subj_code) + SEP + prop_key.gather(prop_code)
    if units.null_count() < n and fact is not None:
        keep = (units.is_not_null() & (units.str.strip_chars() != "")).fill_null(False)
        distinct = units.filter(keep).unique().to_list()
        ids = {u: unit_id(u) for u in distinct}
        sel = pl.DataFrame({"text": units, "context": fact}).with_columns(row, source).filter(keep)
        sel = sel.with_columns(
            kind=pl.lit("unit"), key=pl.col("text").replace_strict(ids, return_dtype=pl.String)
        )
        parts.append(sel)
    if scoped.size and fact is not None:
        parts.extend(_scope_parts(cols, fact, scoped, rows, codes))
    said = frame["said_by"]
    if said.null_count() < n:
        sel = pl.DataFrame({"text": said}).with_columns(row, source).filter(said.is_not_null())
        parts.append(sel.with_columns(kind=pl.lit("speaker"), key="text", context=pl.lit("")))
    if parts:
        cols_order = ["kind", "key", "text", "context", "row", "source"]
        allrows = pl.concat([p.select(cols_order) for p in parts], how="vertical_relaxed")
        # each (kind, key) comes from one part, whose rows ascend: its first row is its first
        name_parts.append(
            allrows.group_by("kind", "key", maintain_order=True).agg(
                pl.col("text").first(),
                pl.col("row").first(),
                pl.len().cast(pl.Int64).alias("claims"),
                pl.col("source").unique().alias("sources"),
            )
        )
        use_parts.append(allrows.select("kind", "key", "context").unique())
    names = pl.concat(name_parts, how="vertical_relaxed")
    return Spellings(names, pl.concat(use_parts, how="vertical_relaxed"))


def _canonical_codes(
    cols: Columns, name: str, entities: EntityIndex
) -> tuple[np.ndarray, np.ndarray, pl.Series]:
    """Per row, the code of its canonical ``name`` (subject or property) numbered by first
    appearance; the first row of each code; and each code's key (entity id, else folded)."""
    import polars as pl

    from discrepancy.table.encode import encode

    texts = cols.frame[name].cast(pl.String)
    code, first = cols.text_codes.get(name) or encode(texts)
    keys = _canonical(texts.gather(first), entities)
    if keys.n_unique() == keys.len():  # no two distinct texts share a key
        return code, first, keys
    canon, canon_first = encode(keys)
    return canon[code], first[canon_first], keys.gather(canon_first)


def _coded_names(
    kind: str,
    code: np.ndarray,
    first: np.ndarray,
    keys: pl.Series,
    texts: pl.Series,
    rows: np.ndarray,
    sources: np.ndarray,
) -> pl.DataFrame:
    """The ``names`` rows of one kind from per-row key codes (numbered by first appearance,
    ``first`` row of each): first text and row, claims, and the distinct sources."""
    import numpy as np
    import polars as pl

    m = int(first.shape[0])
    width = int(sources.max()) + 1 if sources.size else 1
    cell = _distinct(code.astype(np.int64) * width + sources, m * width)
    owner = cell // width
    bounds = np.searchsorted(owner, np.arange(m + 1))
    lists = (
        pl.Series("sources", (cell % width).astype(np.int64))
        .to_frame()
        .with_columns(g=pl.Series(np.repeat(np.arange(m), np.diff(bounds))))
    )
    grouped = lists.group_by("g", maintain_order=True).agg(pl.col("sources"))
    return pl.DataFrame(
        {
            "kind": pl.Series([kind]).gather(np.zeros(m, dtype=np.int64)),
            "key": keys,
            "text": texts.cast(pl.String).gather(first),
            "row": pl.Series(rows[first], dtype=pl.Int64),
            "claims": pl.Series(np.bincount(code, minlength=m).astype(np.int64)),
            "sources": grouped["sources"],
        }
    )


def _distinct_pairs(a: np.ndarray, b: np.ndarray, n_b: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``(a, b)`` code pairs of the rows, as two arrays."""
    import numpy as np

    width = max(n_b, 1)
    cell = _distinct(a.astype(np.int64) * width + b, (int(a.max()) + 1) * width if a.size else 0)
    return cell // width, cell % width


def _distinct(cells: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of ``cells`` (non-negative, below ``size``), ascending: marked in
    a table when it is small, else sorted."""
    import numpy as np

    if size <= 8 * cells.shape[0] + (1 << 20):
        hit = np.zeros(size, dtype=bool)
        hit[cells] = True
        return np.flatnonzero(hit)
    ordered = np.sort(cells)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if ordered.size else ordered


@frozen(eq=False)
class Spellings:
    """The spellings of a check as two frames: ``names``, one row per (kind, key) with its
    first ``text`` and ``row``, ``claims`` (count) and ``sources`` (a list of source ids or
    codes); ``uses``, the distinct (kind, key, context) it is used in. Contexts stay a long
    table: a property used on 200,000 subjects is 200,000 rows, not a list per name."""

    names: pl.DataFrame
    uses: pl.DataFrame

    @classmethod
    def empty(cls) -> Spellings:
        import polars as pl

        return cls(
            pl.DataFrame(
                schema={
                    "kind": pl.String,
                    "key": pl.String,
                    "text": pl.String,
                    "row": pl.Int64,
                    "claims": pl.Int64,
                    "sources": pl.List(pl.String),
                }
            ),
            pl.DataFrame(schema={"kind": pl.String, "key": pl.String, "context": pl.String}),
        )

    @classmethod
    def of(cls, spellings: Iterable[Spelling]) -> Spellings:
        """``spellings`` as frames (sources are their ``source_codes``, else one id per
        source counted)."""
        import polars as pl

        items = list(spellings)
        if not items:
            return cls.empty()
        names = pl.DataFrame(
            {
                "kind": [s.kind for s in items],
                "key": [s.key for s in items],
                "text": [s.text for s in items],
                "row": pl.Series([s.row for s in items], dtype=pl.Int64),
                "claims": pl.Series([s.claims for s in items], dtype=pl.Int64),
                "sources": pl.Series(
                    [
                        sorted(map(str, s.source_codes)) or [f"#{k}" for k in range(s.sources)]
                        for s in items
                    ],
                    dtype=pl.List(pl.String),
                ),
            }
        )
        uses = pl.DataFrame(
            {
                "kind": [s.kind for s in items for _ in s.contexts],
                "key": [s.key for s in items for _ in s.contexts],
                "context": [c for s in items for c in sorted(s.contexts)],
            },
            schema={"kind": pl.String, "key": pl.String, "context": pl.String},
        )
        return cls(names, uses)


def merge_spellings(parts: Iterable[Spellings]) -> Spellings:
    """The spellings of several parts of one table (rows are table rows) as one: counts
    summed, first text and row kept, sources and contexts united."""
    import polars as pl

    items = [p for p in parts if p is not None and p.names.height]
    if not items:
        return Spellings.empty()
    if len(items) == 1:
        return items[0]
    names = (
        pl.concat([p.names for p in items])
        .sort("row")
        .group_by("kind", "key", maintain_order=True)
        .agg(
            pl.col("text").first(),
            pl.col("row").first(),
            pl.col("claims").sum(),
            pl.col("sources").list.explode(keep_nulls=False, empty_as_null=False).unique(),
        )
    )
    return Spellings(names, pl.concat([p.uses for p in items]).unique())


def _canonical(series: pl.Series, entities: EntityIndex) -> pl.Series:
    """Each text of ``series`` as grouping keys it (entity id, else folded): folded as the
    table engine folds (vectorised for ASCII), then entity ids."""
    import polars as pl

    from discrepancy.table.groups import fold_texts

    folded = fold_texts(series)
    if not entities.names:
        return folded
    distinct = [t for t in folded.unique().to_list() if t is not None]
    table = {t: entities.names.get(t, t) for t in distinct}
    return folded.replace_strict(table, return_dtype=pl.String)


def _scope_parts(
    cols: Columns,
    fact: pl.Series,
    rows: Iterable[int],
    table_rows: np.ndarray,
    source_codes: np.ndarray,
) -> list[pl.DataFrame]:
    import polars as pl

    kinds: list[str] = []
    keys: list[str] = []
    texts: list[str] = []
    contexts: list[str] = []
    rws: list[int] = []
    srcs: list[int] = []
    facts = fact.to_list()
    for r in rows:
        for k, v in cols.scopes[int(cols.scope_id[r])]:
            f = facts[r]
            kinds += ["scope key", "scope value"]
            keys += [fold(k), fold(v)]
            texts += [k, v]
            contexts += [f, f + SEP + fold(k)]
            rws += [int(table_rows[r])] * 2
            srcs += [int(source_codes[r])] * 2
    return [
        pl.DataFrame(
            {
                "kind": kinds,
                "key": keys,
                "text": texts,
                "context": contexts,
                "row": pl.Series(rws, dtype=pl.Int64),
                "source": pl.Series(srcs, dtype=pl.Int64),
            }
        )
    ]


__all__ = [
    "KINDS",
    "SEP",
    "Spelling",
    "Spellings",
    "loose",
    "merge_spellings",
    "spellings_of_claims",
    "spellings_of_columns",
]
