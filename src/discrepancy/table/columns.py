"""Claim tables read into columns: validated, with every distinct value parsed once.

A claim table has one claim per row. Columns (any order; other columns are an error, E101):

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
=========== ======== ==================================================================

Every problem of every row is collected before :class:`~discrepancy.errors.ClaimFileError`
is raised (one problem per distinct bad value, naming its first row and how many more).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
from attrs import field, frozen

from discrepancy.errors import ClaimFileError, Problem, ValueParseError
from discrepancy.io.keys import ID_RE
from discrepancy.location import Location
from discrepancy.lookalikes import id_problem
from discrepancy.table.encode import encode, encode_each
from discrepancy.values import DateInterval, infer_type, parse_date, parse_value
from discrepancy.values.infer import TYPES

if TYPE_CHECKING:
    import polars as pl

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
)
REQUIRED: Final = ("source", "subject", "property")
NUMBERS: Final = ("best", "low", "high")
#: Columns read as plain text.
TEXT: Final = ("source", "subject", "property", "claim", "type", "unit", "said_by", "quote", "note")
#: Type codes: index into :data:`TYPES`.
QUANTITY: Final = TYPES.index("quantity")
#: How many rows a problem names before "and N more".
_SHOWN_ROWS: Final = 3


@frozen(eq=False)
class Columns:
    """A validated claim table as arrays (``n`` rows, in table order).

    ``frame`` holds the text columns (``source``, ``claim`` (null: default id ``c<rank>``),
    ``subject``, ``property``, ``unit``, ``said_by``, ``quote``, ``note``, ``via``) for
    building :class:`~discrepancy.model.Claim` objects on demand. ``value_id`` indexes
    ``values``/``raws`` (the distinct text values, parsed once); -1 marks rows given as numbers
    (``given_low``/``given_best``/``given_high``, NaN where null). ``low``/``best``/``high`` are
    every quantity's interval in its own unit (NaN for other types). ``as_of_id`` indexes
    ``as_ofs`` (-1: none), ``scope_id`` indexes ``scopes`` (sorted pairs).
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
) -> Columns:
    """Validate a claim table and parse each distinct value once.

    ``first_line`` is the line (or row number) of the first data row; problems point at
    ``path:first_line+row:column`` (or ``row_lines[row]``, the file line of each row, when
    rows span several lines). ``approx`` is the half-width of "about" quantities.

    Raises:
        ClaimFileError: every problem found, sorted by row and column.
    """
    import polars as pl

    positions = {name: k for k, name in enumerate(frame.columns)}
    problems = _Problems(path, first_line, positions, row_lines)
    for name in frame.columns:
        if name not in COLUMNS:
            problems.header(
                "E101",
                f"unknown column '{name}'{_did_you_mean(name, COLUMNS)}; columns are "
                + ", ".join(COLUMNS),
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

    # sources are NFKC-normalised (fullwidth 'ｎｉｓ' is 'nis'), so lookalikes are one source
    text["source"] = text["source"].str.normalize("NFKC")
    # sources and claim ids; subjects and properties coded in the same query (for grouping)
    keys = pl.DataFrame([text["source"], text["subject"], text["property"]])
    (source_codes, source_first), subject_code, property_code = encode_each(
        keys, ["source", "subject", "property"]
    )
    source_ids: list[str] = []
    bad_codes: list[int] = []
    lookalike: dict[int, str] = {}
    for code, row in enumerate(source_first.tolist()):
        sid = text["source"][row]
        source_ids.append(sid if sid is not None else "")
        if sid is not None and not _table_source_ok(sid):
            bad_codes.append(code)
        elif sid is not None and (why := id_problem(sid)) is not None:
            bad_codes.append(code)
            lookalike[code] = why
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
        gcodes, gfirst = encode(given)
        bad = [
            code
            for code, row in enumerate(gfirst.tolist())
            if given[row] is not None and not ID_RE.match(given[row])
        ]
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
    type_code = np.full(n, -1, dtype=np.int8)
    if "type" in text:
        tcodes, tfirst = encode(text["type"])
        table = np.full(len(tfirst), -1, dtype=np.int8)
        bad = []
        for code, row in enumerate(tfirst.tolist()):
            name = text["type"][row]
            if name is None:
                continue
            if name in TYPES:
                table[code] = TYPES.index(name)
            else:
                bad.append(code)
        for rows in _rows_of_codes(tcodes, bad).values():
            name = text["type"][int(rows[0])]
            problems.rows(
                "E111",
                "type",
                rows,
                f"unknown type '{name}'{_did_you_mean(name, TYPES)}; types are {', '.join(TYPES)}",
            )
        type_code = table[tcodes]

    # values: text ones parsed once per distinct (value, type)
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
                kind = TYPES[tc] if tc >= 0 else infer_type(raw)
                parsed.append(parse_value(raw, kind, published=None, approx=approx))
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
        kinds = np.array([TYPES.index(v.kind) for v in values], dtype=np.int8)
        ok = value_id >= 0
        type_code = np.where(ok, kinds[np.maximum(value_id, 0)] if len(kinds) else -1, type_code)
        qv = [(k, v) for k, v in enumerate(values) if v.kind == "quantity"]
        if qv:
            arr = np.full((len(values), 3), np.nan)
            for k, v in qv:
                arr[k] = (v.low, v.best, v.high)  # type: ignore[union-attr]
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
            problems.rows(
                "E103",
                "value",
                np.flatnonzero(both),
                "gives both 'value' and numbers in " + "/".join(numeric_cols) + "; keep one",
            )
        wrong_type = has_number & (type_code >= 0) & (type_code != QUANTITY) & ~has_value
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
        type_code = np.where(num, np.int8(QUANTITY), type_code)
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
    as_of_id, as_ofs = _as_of(frame, positions, problems)
    scope_id, scopes = _scope(frame, positions, problems)
    via = _via(frame, positions, problems)
    problems.raise_if_any()

    columns = {
        "source": text["source"],
        "claim": claim,
        "subject": text["subject"],
        "property": text["property"],
    }
    for name in ("unit", "said_by", "quote", "note"):
        columns[name] = text[name] if name in text else _nulls(name, n, pl.String)
    columns["via"] = via if via is not None else _nulls("via", n, pl.List(pl.String))
    meta = pl.DataFrame(columns)
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
    )


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
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> tuple[np.ndarray, tuple[DateInterval, ...]]:
    import polars as pl

    n = frame.height
    if "as_of" not in positions:
        return np.full(n, -1, dtype=np.int32), ()
    s = frame["as_of"]
    if isinstance(s.dtype, pl.Datetime):
        s = s.dt.date()
    elif s.dtype != pl.Date and s.dtype != pl.Null:
        if isinstance(s.dtype, pl.List | pl.Array | pl.Struct | pl.Object):
            problems.header("E103", f"column 'as_of' must hold dates or text, not {s.dtype}")
            return np.full(n, -1, dtype=np.int32), ()
        s = s.cast(pl.String)
    codes, first = encode(s)
    table = np.full(len(first), -1, dtype=np.int32)
    out: list[DateInterval] = []
    bad: list[tuple[int, str]] = []
    for code, row in enumerate(first.tolist()):
        raw = s[row]
        if raw is None:
            continue
        try:
            interval = parse_date(raw if isinstance(raw, dt.date | str) else str(raw))
        except ValueParseError as err:
            bad.append((code, str(err)))
            continue
        table[code] = len(out)
        out.append(interval)
    rows_by = _rows_of_codes(codes, [c for c, _ in bad])
    for code, message in bad:
        problems.rows("E112", "as_of", rows_by[code], message)
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


def _scope(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> tuple[np.ndarray, tuple[tuple[tuple[str, str], ...], ...]]:
    import polars as pl

    n = frame.height
    if "scope" not in positions:
        return np.zeros(n, dtype=np.int32), ((),)
    s = frame["scope"]
    if not (s.dtype == pl.String or isinstance(s.dtype, pl.Struct) or s.dtype == pl.Null):
        problems.header(
            "E103",
            f"column 'scope' must be text like 'stage=planned;group=first' or a struct, "
            f"not {s.dtype}",
            "scope",
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
            else:
                pairs = parse_scope_text(str(raw))
        except ValueError as err:
            bad.append((code, str(err)))
            continue
        table[code] = index.setdefault(pairs, len(scopes))
        if table[code] == len(scopes):
            scopes.append(pairs)
    rows_by = _rows_of_codes(codes, [c for c, _ in bad])
    for code, message in bad:
        problems.rows("E103", "scope", rows_by[code], message)
    return table[codes], tuple(scopes)


def _via(
    frame: pl.DataFrame, positions: Mapping[str, int], problems: _Problems
) -> pl.Series | None:
    import polars as pl

    if "via" not in positions:
        return None
    s = frame["via"]
    if s.dtype == pl.String or s.dtype == pl.Null:
        parts = s.cast(pl.String).str.split(";").list.eval(pl.element().str.strip_chars())
        return parts.list.eval(pl.element().filter(pl.element() != "")).alias("via")
    if isinstance(s.dtype, pl.List) and s.dtype.inner in (pl.String, pl.Null):
        return s.cast(pl.List(pl.String)).alias("via")
    problems.header(
        "E103",
        f"column 'via' must be text like 'yonhap;afp' or a list of text, not {s.dtype}",
        "via",
    )
    return None


__all__ = ["COLUMNS", "Columns", "number", "parse_scope_text", "read_columns"]
