"""Claim tables read into columns: validated, with every distinct value parsed once.

A claim table has one claim per row. Columns (any order; another column is a warning, E101,
in ``Columns.warnings``, and is not read):

=========== ======== ==================================================================
column      required meaning
=========== ======== ==================================================================
source      yes      who says it: any non-blank text without line breaks ("CO", "contributor #0")
subject     yes      what the claim is about
property    yes      which attribute of it
value       one of   the value as text, exactly as in claim files ("about 10,000",
                     "2024-06", "Ussuriysk, Khabarovsk" needs ``type: set``...)
best        value,   numbers: ``best`` alone is exact; with ``low``/``high`` the row reads
low, high   best     like ``{low, best, high}`` in a claim file (a null end is open)
type                 quantity | date | set | label | assertion (default: inferred)
unit                 unit of a quantity
as_of                when the value holds: text (``2024-10``) or a date column
scope                qualifiers: text ``k=v;k2=v2`` or a struct column (one field each)
said_by              who originally said it
via                  intermediaries: text ``a;b`` or a list column
claim                claim id (default ``c1``, ``c2``, ... per source in row order)
quote, note          text
published            the day the source published the claim (a date column or text
                     ``2024-10-18``): anchors relative dates such as "Friday" in ``value``
                     and ``as_of``, as a claim file's ``source: published`` does (default:
                     the source's ``published`` in the sources table, if one is given)
ignore               suppressions: text ``Q001=why;E301=why`` (a code alone: no reason) or a
                     struct column (one field per code), as a claim's ``ignore:``
verified             ``true``: the value is known to be true; it fixes its fact's consensus
                     (a boolean column or text true/false)
grade                Admiralty grade of the claim (``B2``: a letter A-F, a digit 1-6)
cumulative           the value is a running total: a boolean column or text true/false
                     (default: the property's ``cumulative`` in configuration)
after                a date that can't be earlier than another claim's: its ``claim`` id
                     (same source) or ``source/claim``
location             where the claim was written, ``path:line:column`` (default: the row)
value_location       where its value was written, ``path:line:column`` (default: the row)
supersedes           corrections, as a claim's keys: the claim this one replaces (``id`` in
retracted            the same source, else ``source/id``); ``true``/``false`` (or a boolean
reason               column); why; who denies having issued it (text ``a;b`` or a list
denied_by            column). See :mod:`discrepancy.corrections`
=========== ======== ==================================================================

Every problem of every row is collected before :class:`~discrepancy.errors.ClaimFileError`
is raised (one problem per distinct bad value, naming its first row and how many more).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
from attrs import field, frozen

from discrepancy.claim_units import given_unit
from discrepancy.errors import ClaimFileError, Problem, ValueParseError
from discrepancy.io.keys import CODE_RE, ID_PATTERN
from discrepancy.knowledge import grade_problem
from discrepancy.location import Location
from discrepancy.lookalikes import id_problem, invisible, skeleton
from discrepancy.table.encode import encode, encode_each
from discrepancy.types.registry import NUMERIC, NUMERIC_CODE, find_type, parse_as, type_names
from discrepancy.values import DateInterval, infer_type, parse_date

if TYPE_CHECKING:
    import polars as pl

    from discrepancy.model import Claim
    from discrepancy.values import Value

#: Every column a claim table may have, in documentation order.
COLUMNS: Final = (
    "source",
    "subject",
    "property",
    "value",
    "best",
    "low",
    "high",
    "type",
    "unit",
    "as_of",
    "scope",
    "said_by",
    "via",
    "claim",
    "quote",
    "note",
    "published",
    "ignore",
    "verified",
    "grade",
    "location",
    "value_location",
    "cumulative",
    "after",
    "supersedes",
    "retracted",
    "reason",
    "denied_by",
)
REQUIRED: Final = ("source", "subject", "property")
NUMBERS: Final = ("best", "low", "high")
#: Columns read as plain text.
TEXT: Final = (
    *("source", "subject", "property", "claim", "type", "unit", "said_by", "quote", "note"),
    *("location", "value_location", "after", "supersedes", "reason", "grade"),
)
#: Columns of corrections, in the order :class:`Columns` ``frame`` ends with.
CORRECTIONS: Final = ("supersedes", "retracted", "reason", "denied_by")
#: Texts of ``retracted`` (else a boolean column; an empty cell is false).
_TRUTH: Final = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
#: Type codes: index into :func:`~discrepancy.types.registry.type_names` (the built-ins
#: first: every partition of one check uses the same list); the numbers columns give values
#: of the type :data:`~discrepancy.types.registry.NUMERIC`, code ``NUMERIC_CODE``.


def _parse(raw: object, kind: str, *, published: dt.date | None, approx: float) -> Value:
    """``raw`` read as claim type ``kind`` (built-in or plugin: the registry's parse)."""
    return parse_as(raw, kind, published=published, approx=approx)  # type: ignore[no-any-return]


#: How many rows a problem names before "and N more".
_SHOWN_ROWS: Final = 3


@frozen(eq=False)
class Columns:
    """A validated claim table as arrays (``n`` rows, in table order).

    ``frame`` holds the text columns (``source``, ``claim`` (null: default id ``c<rank>``),
    ``subject``, ``property``, ``unit``, ``said_by``, ``quote``, ``note``, ``via``,
    ``location``, ``value_location``) for
    building :class:`~discrepancy.model.Claim` objects on demand. ``value_id`` indexes
    ``values``/``raws`` (the distinct text values, parsed once); -1 marks rows given as numbers
    (``given_low``/``given_best``/``given_high``, NaN where null). ``low``/``best``/``high`` are
    every quantity's interval in its own unit (NaN for other types). ``as_of_id`` indexes
    ``as_ofs`` (-1: none), ``scope_id`` indexes ``scopes`` (sorted pairs). ``published`` is
    each row's publication day as an ordinal (0: none).
    """

    path: str
    first_line: int
    frame: pl.DataFrame
    positions: Mapping[str, int]
    source_ids: tuple[str, ...]
    source: np.ndarray
    type_code: np.ndarray
    value_id: np.ndarray
    values: tuple[Value, ...]
    raws: tuple[object, ...]
    low: np.ndarray
    best: np.ndarray
    high: np.ndarray
    given_low: np.ndarray
    given_best: np.ndarray
    given_high: np.ndarray
    as_of_id: np.ndarray
    as_ofs: tuple[DateInterval, ...]
    scope_id: np.ndarray
    scopes: tuple[tuple[tuple[str, str], ...], ...]
    #: ``subject`` and ``property``: each text's code and the first row of each code, as
    #: :func:`~discrepancy.table.encode.encode` gives them
    text_codes: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(factory=dict)
    #: the file line of each row when rows are not one line each (CSV cells holding line
    #: breaks); ``None``: row ``r`` is at ``first_line + r``
    row_lines: np.ndarray | None = None
    published: np.ndarray | None = None
    #: per row an index into ``ignores`` (the distinct suppressions; 0 is none), or None
    #: when no row suppresses anything
    ignore_id: np.ndarray | None = None
    ignores: tuple[tuple[tuple[str, str], ...], ...] = ((),)
    #: the claim objects the rows were made from (:meth:`ClaimSet.to_table`), returned as
    #: they are instead of building new ones
    objects: Sequence[Claim] | None = None
    #: non-fatal problems: columns that are not claim columns (E101), left unread
    warnings: tuple[Problem, ...] = ()
    #: per row: whether its type was inferred from a text ``value`` (no ``type`` given), so
    #: the group may settle it (:mod:`discrepancy.table.retype`); None: none was
    inferred: np.ndarray | None = None
    #: per row: whether its value is verified (``verified`` column); None: no row is
    verified: np.ndarray | None = None
    #: whether any row carries a correction (``supersedes``, ``retracted``, ``reason``,
    #: ``denied_by``): then the check sets withdrawn claims aside first
    corrections: bool = False
    _cache: dict[str, np.ndarray] = field(factory=dict, init=False, repr=False)

    @property
    def rank(self) -> np.ndarray:
        """Per row: its position among its source's rows (1-based), for default ids
        ``c<rank>`` (worked out when claims first need their ids)."""
        if "rank" not in self._cache:
            self._cache["rank"] = _rank_within(self.source)
        return self._cache["rank"]

    def rank_of(self, rows: Sequence[int]) -> list[int]:
        """:attr:`rank` of a few ``rows``, without ranking the whole table for one or two."""
        if "rank" in self._cache or len(rows) > 2:
            return self.rank[np.asarray(rows, dtype=np.int64)].tolist()
        src = self.source
        return [int(np.count_nonzero(src[: r + 1] == src[r])) for r in rows]

    @property
    def n(self) -> int:
        return int(self.source.shape[0])

    def line(self, row: int) -> int:
        return _line(self.first_line, self.row_lines, row)

    def location(self, row: int, column: str | None = None) -> Location:
        col = self.positions.get(column, -1) + 1 if column else 0
        return Location(self.path, self.line(row), col)


def _line(first_line: int, row_lines: np.ndarray | None, row: int) -> int:
    """The file line of ``row``: from ``row_lines`` when given, else ``first_line + row``."""
    if row_lines is not None and 0 <= row < len(row_lines):
        return int(row_lines[row])
    return first_line + row


class _Problems:
    """Problems collected while reading one table."""

    def __init__(
        self,
        path: str,
        first_line: int,
        positions: Mapping[str, int],
        row_lines: np.ndarray | None = None,
    ) -> None:
        self.path = path
        self.first_line = first_line
        self.positions = positions
        self.row_lines = row_lines
        self.items: list[Problem] = []

    def header(self, code: str, message: str, column: str | None = None) -> None:
        line = self.first_line - 1 if self.first_line > 1 else 0
        col = self.positions[column] + 1 if column is not None and column in self.positions else 0
        self.items.append(Problem(code, message, Location(self.path, line, col)))

    def rows(self, code: str, column: str, rows: Sequence[int] | np.ndarray, message: str) -> None:
        """One problem at the first of ``rows`` (0-based), naming a few more."""
        rows = [int(r) for r in rows]
        if not rows:
            return
        shown = ", ".join(str(r + 1) for r in rows[:_SHOWN_ROWS])
        more = len(rows) - _SHOWN_ROWS
        where = f"row{'s' if len(rows) > 1 else ''} {shown}" + (
            f" and {more} more" if more > 0 else ""
        )
        col = self.positions.get(column, -1) + 1
        location = Location(self.path, _line(self.first_line, self.row_lines, rows[0]), col)
        self.items.append(Problem(code, f"column '{column}', {where}: {message}", location))

    def raise_if_any(self) -> None:
        if self.items:
            raise ClaimFileError(
                sorted(
                    self.items,
                    key=lambda p: (
                        p.location.line if p.location else 0,
                        p.location.column if p.location else 0,
                        p.code,
                        p.message,
                    ),
                )
            )


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _text_column(frame: pl.DataFrame, name: str, problems: _Problems) -> pl.Series | None:
    import polars as pl

    s = frame[name]
    dtype = s.dtype
    if dtype == pl.String:
        return s
    if dtype == pl.Null:
        return s.cast(pl.String)
    if isinstance(dtype, pl.List | pl.Array | pl.Struct | pl.Object):
        problems.header("E103", f"column '{name}' must hold text, not {dtype}", name)
        return None
    return s.cast(pl.String)


def _rows_where(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask)


def _rows_of_codes(codes: np.ndarray, bad: Sequence[int]) -> dict[int, np.ndarray]:
    """Rows (ascending) of each code in ``bad``."""
    if not len(bad):
        return {}
    want = np.isin(codes, np.asarray(bad, dtype=codes.dtype))
    rows = np.flatnonzero(want)
    sel = codes[rows]
    return {int(c): rows[sel == c] for c in bad}


def _table_source_ok(sid: str) -> bool:
    """Tables name sources as the data has them ("CO", "contributor #0 (142.30.91.136)",
    mojibake included): unlike claim-file ids, any text that is not blank and has no line
    break. Every renderer escapes what it shows."""
    return bool(sid.strip()) and "\n" not in sid and "\r" not in sid


def read_columns(
    frame: pl.DataFrame,
    *,
    path: str = "<table>",
    first_line: int = 1,
    approx: float = 0.05,
    row_lines: np.ndarray | None = None,
    published: Mapping[str, dt.date] | None = None,
    objects: Sequence[Claim] | None = None,
) -> Columns:
    """Validate a claim table and parse each distinct value once.

    ``first_line`` is the line (or row number) of the first data row; problems point at
    ``path:first_line+row:column`` (or ``row_lines[row]``, the file line of each row, when
    rows span several lines). ``approx`` is the half-width of "about" quantities.
    ``published`` gives the publication day of sources (by id) for rows whose ``published``
    is empty (or that have no such column). ``objects`` are the claims the rows were made
    from, one per row, which the engine then hands out instead of building claims.

    Raises:
        ClaimFileError: every problem found, sorted by row and column.
    """
    import polars as pl

    positions = {name: k for k, name in enumerate(frame.columns)}
    problems = _Problems(path, first_line, positions, row_lines)
    unknown = _Problems(path, first_line, positions, row_lines)
    for name in frame.columns:
        if name not in COLUMNS:
            unknown.header(
                "E101",
                f"unknown column '{name}'{_did_you_mean(name, COLUMNS)} is not read; columns "
                "are " + ", ".join(COLUMNS),
                name,
            )
    for name in REQUIRED:
        if name not in positions:
            problems.header("E102", f"table has no '{name}' column; add one", None)
    numeric_cols = [c for c in NUMBERS if c in positions]
    if "value" not in positions and not numeric_cols:
        problems.header(
            "E102",
            "table has no 'value' column (text as in claim files) and no 'best' column "
            "(numbers); add one",
        )
    if problems.items:  # a missing column is often a misspelt one: name the unknown ones too
        problems.items.extend(unknown.items)
    problems.raise_if_any()

    n = frame.height
    text: dict[str, pl.Series] = {}
    for name in TEXT:
        if name in positions:
            s = _text_column(frame, name, problems)
            if s is not None:
                text[name] = s
    problems.raise_if_any()

    for name in REQUIRED:
        if not text[name].null_count():
            continue
        missing = text[name].is_null().to_numpy()
        if missing.any():
            problems.rows("E102", name, _rows_where(missing), f"no '{name}'; every claim needs one")

    # sources and claim ids; subjects and properties coded in the same query (for grouping)
    keys = pl.DataFrame([text["source"], text["subject"], text["property"]])
    (source_codes, source_first), subject_code, property_code = encode_each(
        keys, ["source", "subject", "property"]
    )
    # sources are NFKC-normalised (fullwidth 'ｎｉｓ' is 'nis'), so lookalikes are one source;
    # ASCII is its own NFKC form, so only a distinct source that is not ASCII (one row of
    # each is read) has them normalised and coded again
    distinct = text["source"].gather(source_first).to_list()
    if any(s is not None and not s.isascii() for s in distinct):
        text["source"] = text["source"].str.normalize("NFKC")
        keys = keys.with_columns(text["source"])
        (source_codes, source_first), subject_code, property_code = encode_each(
            keys, ["source", "subject", "property"]
        )
    source_ids: list[str] = []
    bad_codes: list[int] = []
    mixed: list[int] = []  # warned about, not refused (see below)
    lookalike: dict[int, str] = {}
    for code, row in enumerate(source_first.tolist()):
        sid = text["source"][row]
        source_ids.append(sid if sid is not None else "")
        if sid is not None and not _table_source_ok(sid):
            bad_codes.append(code)
        elif sid is not None and (why := id_problem(sid)) is not None:
            if invisible(sid):  # hidden characters: never a real name, always an error
                bad_codes.append(code)
                lookalike[code] = why
            else:  # mixed scripts: real names in real tables do that (mojibake, transliteration)
                mixed.append(code)
    if mixed:  # a mixed-script name that prints like another source of the table: refused
        shapes: dict[str, set[str]] = {}
        for sid in source_ids:
            shapes.setdefault(skeleton(sid), set()).add(sid)
        twins = [c for c in mixed if len(shapes[skeleton(source_ids[c])]) > 1]
        for c in twins:
            bad_codes.append(c)
            lookalike[c] = str(id_problem(source_ids[c]))
        mixed = [c for c in mixed if c not in twins]
    for code, rows in _rows_of_codes(source_codes, mixed).items():
        unknown.rows(
            "E104",
            "source",
            rows,
            f"source {source_ids[code]!r} "
            f"{str(id_problem(source_ids[code])).split(';', 1)[0]}; it may print like another "
            "source's name (read as written)",
        )
    for code, rows in _rows_of_codes(source_codes, bad_codes).items():
        problems.rows(
            "E104",
            "source",
            rows,
            f"invalid source {source_ids[code]!r}: {lookalike[code]}"
            if code in lookalike
            else f"invalid source {source_ids[code]!r}; a table's source is any text that is "
            "not blank and has no line breaks",
        )
    given = text.get("claim")
    claim = _nulls("claim", n, pl.String)
    if given is not None:
        claim = given
        if given.null_count():
            default_ids = pl.lit("c") + pl.Series(_rank_within(source_codes)).cast(pl.String)
            claim = pl.select(pl.coalesce(given, default_ids)).to_series().alias("claim")
        gcodes, _ = encode(given)
        # one regex pass in polars, not a Python call per distinct id
        invalid = (given.is_not_null() & ~given.str.contains(ID_PATTERN)).to_numpy()
        bad = np.unique(gcodes[invalid]).tolist()
        for rows in _rows_of_codes(gcodes, bad).values():
            problems.rows(
                "E104",
                "claim",
                rows,
                f"invalid claim id '{given[int(rows[0])]}'; ids are lower-case letters, "
                "digits and '_.-', starting with a letter or digit",
            )
        pair = pl.DataFrame({"source": text["source"], "claim": claim})
        pair_codes, pair_first = encode(pair)
        dup = pair_first[pair_codes] != np.arange(n)
        for row in np.flatnonzero(dup)[:20].tolist():
            earlier = int(pair_first[pair_codes[row]])
            problems.rows(
                "E120",
                "claim",
                [row],
                f"duplicate claim id '{claim[row]}' in source '{text['source'][row]}', first "
                f"used in row {earlier + 1}; give each claim its own id",
            )

    # types
    names = type_names()
    type_code = np.full(n, -1, dtype=np.int8)
    if "type" in text:
        tcodes, tfirst = encode(text["type"])
        table = np.full(len(tfirst), -1, dtype=np.int8)
        bad = []
        for code, row in enumerate(tfirst.tolist()):
            name = text["type"][row]
            if name is None:
                continue
            if name in names:
                table[code] = names.index(name)
            else:
                bad.append(code)
        for rows in _rows_of_codes(tcodes, bad).values():
            name = text["type"][int(rows[0])]
            problems.rows(
                "E111",
                "type",
                rows,
                f"unknown type '{name}'{_did_you_mean(name, names)}; types are {', '.join(names)}",
            )
        type_code = table[tcodes]
    given_type = type_code.copy()

    # publication days (ordinals, 0: none): anchor relative dates of values and as_of
    pub = _published(frame, positions, problems, source_codes, source_ids, published or {})

    # values: text ones parsed once per distinct (value, type, published)
    has_value = np.zeros(n, dtype=bool)
    value_id = np.full(n, -1, dtype=np.int32)
    values: list[Value] = []
    raws: list[object] = []
    low = np.full(n, np.nan)
    best = np.full(n, np.nan)
    high = np.full(n, np.nan)
    if "value" in positions:
        vs = frame["value"]
        if isinstance(vs.dtype, pl.List | pl.Array | pl.Struct | pl.Object):
            problems.header(
                "E103",
                f"column 'value' must hold text (as in claim files), not {vs.dtype}; "
                "give numbers in 'best'/'low'/'high'",
                "value",
            )
            problems.raise_if_any()
        vs = vs.cast(pl.String)
        has_value = vs.is_not_null().to_numpy()
        vt = pl.DataFrame({"v": vs, "t": pl.Series(type_code)})
        if pub is not None:
            vt = vt.with_columns(pl.Series("p", pub))
        codes, first = encode(vt)
        parsed: list[Value | None] = []
        failed: list[tuple[int, str]] = []
        for code, row in enumerate(first.tolist()):
            raw = vs[row]
            if raw is None:
                parsed.append(None)
                continue
            tc = int(type_code[row])
            try:
                kind = names[tc] if tc >= 0 else infer_type(raw)
                day = _day(pub, row)
                parsed.append(_parse(raw, kind, published=day, approx=approx))
            except ValueParseError as err:
                parsed.append(None)
                failed.append((code, f"{err.message}; {err.hint}" if err.hint else err.message))
        rows_by = _rows_of_codes(codes, [c for c, _ in failed])
        for code, message in failed:
            problems.rows("E110", "value", rows_by[code], message)
        # value ids over successfully parsed distinct values
        vid = np.full(len(parsed), -1, dtype=np.int32)
        for code, value in enumerate(parsed):
            if value is not None:
                vid[code] = len(values)
                values.append(value)
                raws.append(vs[int(first[code])])
        value_id = vid[codes]
        kinds = np.array([names.index(v.kind) for v in values], dtype=np.int8)
        ok = value_id >= 0
        type_code = np.where(ok, kinds[np.maximum(value_id, 0)] if len(kinds) else -1, type_code)
        qv = [k for k, v in enumerate(values) if v.kind == NUMERIC.name]
        if qv:
            arr = np.full((len(values), 3), np.nan)
            arr[qv] = NUMERIC.intervals([values[k] for k in qv])
            take = arr[np.maximum(value_id, 0)]
            take[~ok] = np.nan
            low, best, high = take[:, 0].copy(), take[:, 1].copy(), take[:, 2].copy()

    # a numbers column the table lacks reads as all null: one read-only view, no memory
    absent = np.broadcast_to(np.float64(np.nan), (n,))
    given_low = given_best = given_high = absent
    has_number = np.zeros(n, dtype=bool)
    numbers: dict[str, np.ndarray] = {}
    for name in numeric_cols:
        s = frame[name]
        if s.dtype == pl.String or s.dtype == pl.Null or s.dtype.is_numeric():
            nums = s.cast(pl.Float64, strict=False)
            # numbers always cast; text that is not a number becomes null
            notnum = (
                np.zeros(n, dtype=bool)
                if s.dtype.is_numeric() or nums.null_count() == s.null_count()
                else (s.is_not_null() & nums.is_null()).to_numpy()
            )
            if notnum.any():
                scodes, _ = encode(s.filter(pl.Series(notnum)))
                rows = np.flatnonzero(notnum)
                for code in range(int(scodes.max()) + 1):
                    these = rows[scodes == code]
                    problems.rows(
                        "E110",
                        name,
                        these,
                        f"'{s[int(these[0])]}' is not a number; write numbers like 1500 or "
                        "1.5e3 (text such as 'about 1,500' goes in 'value')",
                    )
            arr = nums.to_numpy().astype(np.float64)
            arr[notnum] = np.nan
            null = nums.is_null().to_numpy() if nums.null_count() else None
            # NaN and infinities (1e309, "inf") are refused: an infinite bound would agree with
            # every number; an open bound is an empty cell
            cells = ~notnum if null is None else ~notnum & ~null
            if s.dtype.is_float() or s.dtype == pl.String:
                bad = cells & ~np.isfinite(arr)
                if bad.any():
                    problems.rows(
                        "E110",
                        name,
                        np.flatnonzero(bad),
                        "NaN and infinities are not numbers; leave the cell empty for an "
                        "open bound",
                    )
            numbers[name] = arr if null is None else np.where(null, np.nan, arr)
        else:
            problems.header("E103", f"column '{name}' must hold numbers, not {s.dtype}", name)
    problems.raise_if_any()
    if numbers:
        given_low = numbers.get("low", given_low)
        given_best = numbers.get("best", given_best)
        given_high = numbers.get("high", given_high)
        has_number = ~(np.isnan(given_low) & np.isnan(given_best) & np.isnan(given_high))
        both = has_value & has_number
        if both.any():
            # the same exact number twice ('25' in value, 25 in best) says one thing: the
            # value is read and the numbers set aside; anything else is two claims in one row
            same = (
                both
                & np.isnan(given_low)
                & np.isnan(given_high)
                & (best == given_best)
                & (low == best)
                & (high == best)
            )
            has_number &= ~same
            both &= ~same
        if both.any():
            problems.rows(
                "E103",
                "value",
                np.flatnonzero(both),
                "gives both 'value' and numbers in "
                + "/".join(numeric_cols)
                + " that say different things; keep one (the same exact number in both is "
                "read once)",
            )
        wrong_type = has_number & (type_code >= 0) & (type_code != NUMERIC_CODE) & ~has_value
        if wrong_type.any():
            problems.rows(
                "E103",
                "type",
                np.flatnonzero(wrong_type),
                "numbers in " + "/".join(numeric_cols) + " are quantities; give other types "
                "in 'value'",
            )
        num = has_number & ~has_value
        _numeric_intervals(num, given_low, given_best, given_high, low, best, high, problems)
        type_code = np.where(num, np.int8(NUMERIC_CODE), type_code)
    if "value" in positions or numbers:
        none = ~has_value & ~has_number
        missing_name = "value" if "value" in positions else numeric_cols[0]
        if none.any():
            problems.rows(
                "E102",
                missing_name,
                np.flatnonzero(none),
                "no value; give 'value' text"
                + (" or numbers in " + "/".join(numeric_cols) if numeric_cols else ""),
            )

    # as_of, scope, via
    as_of_id, as_ofs = _as_of(frame, positions, problems, pub)
    scope_id, scopes = _scope(frame, positions, problems)
    # a claim object may ignore a prefix ("Q"); a table's ignore names codes, as claim files'
    strict = objects is None
    ignore_id, ignores = _pairs_column(
        frame,
        positions,
        problems,
        "ignore",
        lambda text: parse_ignore_text(text, codes=strict),
        rule_codes=strict,
    )
    via = _via(frame, positions, problems)
    verified = _verified(frame, positions, problems)
    if "grade" in text:
        text["grade"] = _grades(text["grade"], problems)
    denied_by = _via(frame, positions, problems, "denied_by")
    retracted = _retracted(frame, positions, problems)
    units = text["unit"] if "unit" in text else _nulls("unit", n, pl.String)
    units = _money_units(units, value_id, raws, values, problems)
    problems.raise_if_any()

    inferred = has_value & (given_type < 0) & (value_id >= 0)
    columns = {
        "source": text["source"],
        "claim": claim,
        "subject": text["subject"],
        "property": text["property"],
    }
    columns["unit"] = units
    for name in ("said_by", "quote", "note"):
        columns[name] = text[name] if name in text else _nulls(name, n, pl.String)
    columns["via"] = via if via is not None else _nulls("via", n, pl.List(pl.String))
    for name in ("location", "value_location"):
        if name in text:
            _check_locations(text[name], problems)
        columns[name] = text[name] if name in text else _nulls(name, n, pl.String)
    columns["cumulative"] = _flags(frame, "cumulative", problems)
    columns["after"] = text["after"] if "after" in text else _nulls("after", n, pl.String)
    columns["supersedes"] = text.get("supersedes", _nulls("supersedes", n, pl.String))
    columns["retracted"] = (
        retracted if retracted is not None else _nulls("retracted", n, pl.Boolean)
    )
    columns["reason"] = text.get("reason", _nulls("reason", n, pl.String))
    columns["denied_by"] = (
        denied_by if denied_by is not None else _nulls("denied_by", n, pl.List(pl.String))
    )
    columns["grade"] = text["grade"] if "grade" in text else _nulls("grade", n, pl.String)
    problems.raise_if_any()
    meta = pl.DataFrame(columns)
    corrections = any(c in positions for c in CORRECTIONS) and bool(
        meta["supersedes"].null_count() < n
        or meta["reason"].null_count() < n
        or meta["retracted"].any()
        or meta["denied_by"].list.len().fill_null(0).sum() > 0
    )
    return Columns(
        path=path,
        first_line=first_line,
        row_lines=row_lines,
        frame=meta,
        positions=positions,
        source_ids=tuple(source_ids),
        source=source_codes,
        type_code=type_code,
        value_id=value_id,
        values=tuple(values),
        raws=tuple(raws),
        low=low,
        best=best,
        high=high,
        given_low=given_low,
        given_best=given_best,
        given_high=given_high,
        as_of_id=as_of_id,
        as_ofs=as_ofs,
        scope_id=scope_id,
        scopes=scopes,
        text_codes={"subject": subject_code, "property": property_code},
        published=pub,
        ignore_id=ignore_id if len(ignores) > 1 else None,
        ignores=ignores,
        objects=objects,
        warnings=tuple(unknown.items),
        inferred=inferred if inferred.any() else None,
        verified=verified if verified is not None and verified.any() else None,
        corrections=corrections,
    )


_TRUE: Final = ("true", "yes", "1")
_FALSE: Final = ("false", "no", "0")


def _flags(frame: pl.DataFrame, name: str, problems: _Problems) -> pl.Series:
    """A yes/no column (``cumulative``): booleans, or text true/false/yes/no/1/0; null where
    not given."""
    import polars as pl

    if name not in frame.columns:
        return _nulls(name, frame.height, pl.Boolean)
    s = frame[name]
    if s.dtype == pl.Boolean:
        return s
    texts = s.cast(pl.String).str.strip_chars().str.to_lowercase()
    bad = (texts.is_not_null() & ~texts.is_in([*_TRUE, *_FALSE])).to_numpy()
    if bad.any():
        problems.rows(
            "E103", name, np.flatnonzero(bad), f"'{name}' must be true or false (or empty)"
        )
    return texts.is_in(list(_TRUE)).alias(name).set(texts.is_null(), None)  # type: ignore[arg-type]


def _day(pub: np.ndarray | None, row: int) -> dt.date | None:
    """Row ``row``'s publication day, if it has one."""
    if pub is None or pub[row] <= 0:
        return None
    return dt.date.fromordinal(int(pub[row]))


def _published(
    frame: pl.DataFrame,
    positions: Mapping[str, int],
    problems: _Problems,
    source_codes: np.ndarray,
    source_ids: Sequence[str],
    by_source: Mapping[str, dt.date],
) -> np.ndarray | None:
    """Per row the ordinal of its publication day (0: none), from the ``published`` column,
    else the source's day in ``by_source``; None when no row has one."""
    out = np.zeros(frame.height, dtype=np.int64)
    read = _dates(frame, "published", positions, problems)
    if read is not None:
        codes, first, intervals = read
        days = np.zeros(len(intervals), dtype=np.int64)
        wide: list[int] = []
        for code, interval in enumerate(intervals):
            if interval is None:
                continue
            if interval.start != interval.end:
                wide.append(code)
                continue
            days[code] = interval.start.toordinal()
        for code, rows in _rows_of_codes(codes, wide).items():
            raw = frame["published"][int(first[code])]
            message = f"'published' must be one day like 2024-10-18, not '{raw}'"
            problems.rows("E112", "published", rows, message)
        out = days[codes]
    if by_source:
        ids = np.array(
            [by_source[s].toordinal() if s in by_source else 0 for s in source_ids],
            dtype=np.int64,
        )
        out = np.where(out > 0, out, ids[source_codes] if len(ids) else 0)
    return out if out.any() else None


def _dates(
    frame: pl.DataFrame,
    name: str,
    positions: Mapping[str, int],
    problems: _Problems,
    pub: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, list[DateInterval | None]] | None:
    """A column of dates (a date column or text), each distinct value (with its row's
    publication day ``pub``, which anchors relative dates) parsed once: per row a code, the
    first row of each code and each code's interval (None: empty or not a date, reported as
    E112). None when the table has no such column or it holds something else (E103)."""
    import polars as pl

    if name not in positions:
        return None
    s = frame[name]
    if isinstance(s.dtype, pl.Datetime):
        s = s.dt.date()
    elif s.dtype != pl.Date and s.dtype != pl.Null:
        if isinstance(s.dtype, pl.List | pl.Array | pl.Struct | pl.Object):
            problems.header("E103", f"column '{name}' must hold dates or text, not {s.dtype}")
            return None
        s = s.cast(pl.String)
    codes, first = encode(s if pub is None else pl.DataFrame({"a": s, "p": pub}))
    out: list[DateInterval | None] = []
    bad: list[tuple[int, str]] = []
    for code, row in enumerate(first.tolist()):
        raw = s[row]
        interval = None
        if raw is not None:
            text = raw if isinstance(raw, dt.date | str) else str(raw)
            try:
                interval = parse_date(text, published=_day(pub, row))
            except ValueParseError as err:
                bad.append((code, str(err)))
        out.append(interval)
    rows_by = _rows_of_codes(codes, [c for c, _ in bad])
    for code, message in bad:
        problems.rows("E112", name, rows_by[code], message)
    return codes, first, out


def parse_location(text: str) -> Location:
    """``path:line:column`` (or ``path:line``) as a :class:`Location`; raises ValueError."""
    head, sep, last = text.rpartition(":")
    if not sep or not last.strip().isdigit():
        msg = f"location '{text}' is not written as path:line:column"
        raise ValueError(msg)
    path, sep2, middle = head.rpartition(":")
    if sep2 and middle.strip().isdigit() and path:
        return Location(path, int(middle), int(last))
    if not head:
        msg = f"location '{text}' is not written as path:line:column"
        raise ValueError(msg)
    return Location(head, int(last), 0)


#: ``path:line`` or ``path:line:column`` with a path and ASCII digits: what
#: :func:`parse_location` always reads (one regex pass over the column)
_PLAIN_LOCATION: Final = r"(?s)^.+:[0-9]+$"


def _check_locations(s: pl.Series, problems: _Problems) -> None:
    if s.is_null().all() or s.str.contains(_PLAIN_LOCATION).fill_null(True).all():
        return  # every location reads: no Python call per distinct location
    codes, first = encode(s)
    bad: list[tuple[int, str]] = []
    for code, row in enumerate(first.tolist()):
        raw = s[row]
        if raw is None:
            continue
        try:
            parse_location(raw)
        except ValueError as err:
            bad.append((code, str(err)))
    rows_by = _rows_of_codes(codes, [c for c, _ in bad])
    for code, message in bad:
        problems.rows("E103", str(s.name), rows_by[code], message)


def _money_units(
    units: pl.Series,
    value_id: np.ndarray,
    raws: Sequence[object],
    values: Sequence[Value],
    problems: _Problems,
) -> pl.Series:
    """The unit column with the currency of money values ("$71.4 million": USD) where no unit
    is given; a different unit given beside a currency is E110 (as in claim files)."""
    import polars as pl

    types = {v.kind: find_type(v.kind) for v in values}
    currency = [
        kind.implied_unit(raw) if (kind := types[v.kind]) is not None else None
        for raw, v in zip(raws, values, strict=True)
    ]
    if not any(currency):
        return units
    per_value = np.array(currency, dtype=object)
    rows = np.flatnonzero(value_id >= 0)
    rows = rows[per_value[value_id[rows]] != None]  # noqa: E711 - elementwise over objects
    given = units.gather(rows)
    pairs = pl.DataFrame({"v": value_id[rows], "u": given})
    codes, first = encode(pairs)
    filled = units.to_list()
    for code, at in enumerate(first.tolist()):
        row = int(rows[at])
        unit, clash = given_unit(per_value[int(value_id[row])], units[row])
        these = rows[codes == code]
        if clash is not None:
            problems.rows("E110", "value", these, clash)
        for r in these.tolist():
            filled[r] = unit
    return pl.Series("unit", filled, dtype=pl.String)


def _nulls(name: str, n: int, dtype: object) -> pl.Series:
    import polars as pl

    if n == 0:
        return pl.Series(name, [], dtype=dtype)  # type: ignore[arg-type]
    return pl.Series(name, [None], dtype=dtype).new_from_index(0, n)  # type: ignore[arg-type]


def _rank_within(codes: np.ndarray) -> np.ndarray:
    """1-based position of each row among the rows of its code, in row order."""
    import polars as pl

    if codes.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    return (
        pl.DataFrame({"code": codes})
        .select(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("code"))
        .to_series()
        .to_numpy()
    )


def _numeric_intervals(
    rows: np.ndarray,
    gl: np.ndarray,
    gb: np.ndarray,
    gh: np.ndarray,
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    problems: _Problems,
) -> None:
    """``{low, best, high}`` as claim files read it, for every numeric row at once: ``best``
    alone is exact; otherwise a null end is open and a null ``best`` is the midpoint."""
    only_best = rows & ~np.isnan(gb) & np.isnan(gl) & np.isnan(gh)
    mapping = rows & ~only_best
    if not mapping.any():  # numbers in 'best' alone: every one exact
        for out in (low, best, high):
            np.copyto(out, gb, where=only_best)
        return
    lo = np.where(np.isnan(gl), -np.inf, gl)
    hi = np.where(np.isnan(gh), np.inf, gh)
    with np.errstate(invalid="ignore", over="ignore"):
        signs = (lo < 0) != (hi < 0)
        middle = np.where(signs, (lo + hi) / 2, lo + (hi - lo) / 2)
        middle = np.minimum(np.maximum(middle, lo), hi)
        middle = np.where(np.isinf(lo) & ~np.isinf(hi), hi, middle)
        middle = np.where(np.isinf(hi) & ~np.isinf(lo), lo, middle)
        both_inf = np.isinf(lo) & np.isinf(hi)
        middle = np.where(both_inf, np.where(lo == hi, lo, np.nan), middle)
    bb = np.where(np.isnan(gb), middle, gb)
    open_both = mapping & np.isnan(bb)
    if open_both.any():
        problems.rows(
            "E110",
            "best",
            np.flatnonzero(open_both),
            "an interval open at both ends needs a best value",
        )
    with np.errstate(invalid="ignore"):
        disorder = mapping & ~np.isnan(bb) & ~((lo <= bb) & (bb <= hi))
    for row in np.flatnonzero(disorder)[:20].tolist():
        problems.rows(
            "E110",
            "best",
            [row],
            f"needs low <= best <= high (got {_show(lo[row])}, {_show(bb[row])}, {_show(hi[row])})",
        )
    low[only_best] = best[only_best] = high[only_best] = gb[only_best]
    low[mapping] = lo[mapping]
    best[mapping] = bb[mapping]
    high[mapping] = hi[mapping]


def _show(x: float) -> str:
    return repr(number(float(x)))


def number(x: float) -> float | int:
    """A float as the number a claim file would have held (integers as ``int``)."""
    return int(x) if math.isfinite(x) and x.is_integer() and abs(x) < 2**53 else x


def _as_of(
    frame: pl.DataFrame,
    positions: Mapping[str, int],
    problems: _Problems,
    pub: np.ndarray | None = None,
) -> tuple[np.ndarray, tuple[DateInterval, ...]]:
    read = _dates(frame, "as_of", positions, problems, pub)
    if read is None:
        return np.full(frame.height, -1, dtype=np.int32), ()
    codes, _, intervals = read
    table = np.full(len(intervals), -1, dtype=np.int32)
    out: list[DateInterval] = []
    for code, interval in enumerate(intervals):
        if interval is not None:
            table[code] = len(out)
            out.append(interval)
    return table[codes], tuple(out)


def parse_scope_text(text: str) -> tuple[tuple[str, str], ...]:
    """``"stage=planned; group=first"`` -> sorted pairs; raises ValueError when a part has
    no ``=``, an empty key or an empty value."""
    pairs: list[tuple[str, str]] = []
    for part in text.split(";"):
        if not part.strip():
            continue
        key, eq, value = part.partition("=")
        if not eq or not key.strip() or not value.strip():
            msg = f"scope '{text}' is not written as k=v;k2=v2 (part '{part.strip()}')"
            raise ValueError(msg)
        pairs.append((key.strip(), value.strip()))
    return tuple(sorted(pairs))


def parse_ignore_text(text: str, *, codes: bool = True) -> tuple[tuple[str, str], ...]:
    """``"Q001=known; E301"`` -> sorted (code, reason) pairs (a code alone has no reason);
    with ``codes``, raises ValueError on a key that is not a rule code."""
    pairs: list[tuple[str, str]] = []
    for part in text.split(";"):
        if not part.strip():
            continue
        code, _, reason = part.partition("=")
        pairs.append((code.strip(), reason.strip()))
    return _rule_codes(tuple(sorted(pairs))) if codes else tuple(sorted(pairs))


def _rule_codes(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``pairs`` when every key is a rule code (or a prefix), as a claim file's ``ignore``
    requires; else ValueError naming the first that is not."""
    for code, _ in pairs:
        if not CODE_RE.match(code):
            hint = code.upper() if CODE_RE.match(code.upper()) else "Q001"
            msg = f"'ignore' names '{code}', which is not a rule code; codes look like '{hint}'"
            raise ValueError(msg)
    return pairs


def _scope(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> tuple[np.ndarray, tuple[tuple[tuple[str, str], ...], ...]]:
    return _pairs_column(frame, positions, problems, "scope", parse_scope_text)


def _pairs_column(
    frame: pl.DataFrame,
    positions: Mapping[str, int],
    problems: _Problems,
    name: str,
    parse_text: Callable[[str], tuple[tuple[str, str], ...]],
    *,
    rule_codes: bool = False,
) -> tuple[np.ndarray, tuple[tuple[tuple[str, str], ...], ...]]:
    """A column of key-value pairs (``scope``, ``ignore``): per row an index into the
    distinct sorted pair tuples (0: none), text read by ``parse_text``, structs field by
    field (a null field is absent)."""
    import polars as pl

    n = frame.height
    if name not in positions:
        return np.zeros(n, dtype=np.int32), ((),)
    s = frame[name]
    if not (s.dtype == pl.String or isinstance(s.dtype, pl.Struct) or s.dtype == pl.Null):
        example = "stage=planned;group=first" if name == "scope" else "Q001=why;E301=why"
        problems.header(
            "E103",
            f"column '{name}' must be text like '{example}' or a struct, not {s.dtype}",
            name,
        )
        return np.zeros(n, dtype=np.int32), ((),)
    codes, first = encode(s)
    scopes: list[tuple[tuple[str, str], ...]] = [()]
    index: dict[tuple[tuple[str, str], ...], int] = {(): 0}
    table = np.zeros(len(first), dtype=np.int32)
    bad: list[tuple[int, str]] = []
    for code, row in enumerate(first.tolist()):
        raw = s[row]
        if raw is None:
            continue
        try:
            if isinstance(raw, Mapping):
                pairs = tuple(sorted((str(k), str(v)) for k, v in raw.items() if v is not None))
                if rule_codes:
                    pairs = _rule_codes(pairs)
            else:
                pairs = parse_text(str(raw))
        except ValueError as err:
            bad.append((code, str(err)))
            continue
        table[code] = index.setdefault(pairs, len(scopes))
        if table[code] == len(scopes):
            scopes.append(pairs)
    rows_by = _rows_of_codes(codes, [c for c, _ in bad])
    for code, message in bad:
        problems.rows("E103", name, rows_by[code], message)
    return table[codes], tuple(scopes)


def _verified(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> np.ndarray | None:
    """Per row whether it is verified: a boolean column, or text true/false (blank:
    false); E113 for anything else."""
    import polars as pl

    if "verified" not in positions:
        return None
    s = frame["verified"]
    if s.dtype == pl.Boolean:
        return s.fill_null(False).to_numpy().astype(bool)
    if s.dtype == pl.Null:
        return None
    if s.dtype != pl.String:
        problems.header(
            "E113", f"column 'verified' must hold true or false, not {s.dtype}", "verified"
        )
        return None
    word = s.str.strip_chars().str.to_lowercase().fill_null("")
    known = word.is_in(["true", "false", ""]).to_numpy()
    if not known.all():
        problems.rows("E113", "verified", _rows_where(~known), "'verified' must be true or false")
    return (word == "true").to_numpy().astype(bool)


def _grades(grades: pl.Series, problems: _Problems) -> pl.Series:
    """The ``grade`` column upper-cased, each distinct grade checked (E113 otherwise)."""
    out = grades.str.strip_chars().str.to_uppercase()
    for g in out.drop_nulls().unique().to_list():
        problem = grade_problem(str(g))
        if problem is not None:
            bad = (out == g).fill_null(False).to_numpy()
            problems.rows("E113", "grade", _rows_where(bad), problem)
    return out.alias("grade")


def _via(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems, name: str = "via"
) -> pl.Series | None:
    """A list-of-names column (``via``, ``denied_by``): text ``a;b`` or a list column."""
    import polars as pl

    if name not in positions:
        return None
    s = frame[name]
    if s.dtype == pl.String or s.dtype == pl.Null:
        parts = s.cast(pl.String).str.split(";").list.eval(pl.element().str.strip_chars())
        return parts.list.eval(pl.element().filter(pl.element() != "")).alias(name)
    if isinstance(s.dtype, pl.List) and s.dtype.inner in (pl.String, pl.Null):
        return s.cast(pl.List(pl.String)).alias(name)
    problems.header(
        "E103",
        f"column '{name}' must be text like 'yonhap;afp' or a list of text, not {s.dtype}",
        name,
    )
    return None


def _retracted(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> pl.Series | None:
    """``retracted``: a boolean column, or text true/false/yes/no (an empty cell: false)."""
    import polars as pl

    if "retracted" not in positions:
        return None
    s = frame["retracted"]
    if s.dtype == pl.Boolean or s.dtype == pl.Null:
        return s.cast(pl.Boolean).fill_null(False).alias("retracted")
    if s.dtype != pl.String:
        problems.header(
            "E103", f"column 'retracted' must be true/false, not {s.dtype}", "retracted"
        )
        return None
    folded = s.str.strip_chars().str.to_lowercase()
    known = folded.is_null() | (folded == "") | folded.is_in(list(_TRUTH))
    if not known.all():
        problems.rows(
            "E103",
            "retracted",
            _rows_where(~known.to_numpy()),
            "'retracted' is true or false (give the reason in 'reason')",
        )
        return None
    truth = folded.replace_strict(_TRUTH, default=False, return_dtype=pl.Boolean)
    return truth.fill_null(False).alias("retracted")


__all__ = [
    "COLUMNS",
    "Columns",
    "number",
    "parse_location",
    "parse_scope_text",
    "read_columns",
]
