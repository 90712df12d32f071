"""Tables in: polars, pyarrow or pandas objects, and CSV / Parquet / Arrow files.

polars is an optional dependency (``pip install 'discrepancy[table]'``); it is imported only
when a table is read, and its absence is an E001 problem, not an ImportError.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final

from discrepancy.errors import ClaimFileError, Problem
from discrepancy.io.files import FileRefused, check_regular
from discrepancy.location import Location

if TYPE_CHECKING:
    import polars as pl

#: File name endings read as tables, by reader.
TABLE_EXTENSIONS: Final = (".csv", ".parquet", ".arrow", ".feather", ".ipc")

StrPath = str | os.PathLike[str]


def require_polars(where: str = "<table>") -> ModuleType:
    """The polars module, or a ClaimFileError (E001) saying how to install it."""
    try:
        import polars
    except ImportError:
        msg = (
            "reading tables needs polars, which is not installed; "
            "install discrepancy[table] (pip install 'discrepancy[table]')"
        )
        raise ClaimFileError([Problem("E001", msg, Location(where))]) from None
    return polars


def is_table_path(path: StrPath) -> bool:
    """Whether ``path`` names a table file (by its ending)."""
    return Path(path).suffix.lower() in TABLE_EXTENSIONS


def first_line(path: StrPath) -> int:
    """The line number of a table file's first data row: 2 for CSV (after the header), else 1
    (rows are numbered from 1)."""
    return 2 if Path(path).suffix.lower() == ".csv" else 1


#: How polars names the second of two CSV columns with one header.
_DUPLICATED = re.compile(r"(.+)_duplicated_\d+")


def read_table(path: StrPath) -> pl.DataFrame:
    """Read a claim table from ``.csv``, ``.parquet`` or ``.arrow`` / ``.feather`` / ``.ipc``.

    CSV cells are read as text, exactly as written (numbers in ``best``/``low``/``high`` are
    converted later, with errors naming the row); the first line is the header.

    Raises:
        ClaimFileError: E001 when the file cannot be read, has another ending, or polars is
            not installed.
    """
    display = os.fspath(path)
    pl = require_polars(display)
    suffix = Path(path).suffix.lower()
    readers = {
        ".csv": lambda p: pl.read_csv(p, infer_schema=False),
        ".parquet": pl.read_parquet,
        ".arrow": pl.read_ipc,
        ".feather": pl.read_ipc,
        ".ipc": pl.read_ipc,
    }
    reader = readers.get(suffix)
    if reader is None:
        msg = f"'{display}' is not a table; tables end in {', '.join(TABLE_EXTENSIONS)}"
        raise ClaimFileError([Problem("E001", msg, Location(display))])
    try:
        check_regular(path)  # a FIFO or device would block or never end
    except FileRefused as err:
        msg = f"cannot read table '{display}': {err.message}"
        raise ClaimFileError([Problem(err.code, msg, Location(display))]) from None
    try:
        frame = reader(path)
    except (OSError, pl.exceptions.PolarsError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        msg = f"cannot read table '{display}': {reason.splitlines()[0] if reason else err!r}"
        raise ClaimFileError([Problem("E001", msg, Location(display))]) from None
    # polars renames a repeated CSV header ("value,value") to "value_duplicated_0": which of
    # the two columns holds the claims' values is ambiguous, so it is an error, not a warning
    twice = sorted(
        {m.group(1) for c in frame.columns if (m := _DUPLICATED.fullmatch(c))} & set(frame.columns)
    )
    if twice:
        msg = (
            f"duplicate column names: {', '.join(repr(n) for n in twice)}; give each column "
            "one name"
        )
        raise ClaimFileError([Problem("E103", msg, Location(display, 1, 1))])
    return frame


def _from_pandas(pl: ModuleType, table: Any, path: str) -> pl.DataFrame:
    """A pandas DataFrame as polars; duplicate column names and columns mixing types (which
    Arrow can't hold) are E103 problems, not tracebacks."""
    names = [str(c) for c in table.columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        msg = f"duplicate column names: {', '.join(repr(n) for n in twice)}; give each column one name"
        raise ClaimFileError([Problem("E103", msg, Location(path, 1, 1))])
    try:
        return pl.from_pandas(table)  # type: ignore[no-any-return]
    except (ValueError, TypeError) as err:
        for name in table.columns:
            try:
                pl.from_pandas(table[[name]])
            except (ValueError, TypeError):
                msg = (
                    f"column '{name}' mixes kinds of values ({_headline(str(err))}); "
                    "make it all text or all numbers"
                )
                raise ClaimFileError([Problem("E103", msg, Location(path, 1, 1))]) from None
        msg = f"cannot read the DataFrame: {_headline(str(err))}"
        raise ClaimFileError([Problem("E103", msg, Location(path, 1, 1))]) from None


def _headline(text: str) -> str:
    return text.splitlines()[0] if text else ""


def to_polars(table: object, *, path: str = "<table>") -> pl.DataFrame:
    """``table`` as a polars DataFrame: polars (Data/Lazy)Frames, pyarrow Tables and
    RecordBatches, and pandas DataFrames are accepted.

    Raises:
        ClaimFileError: E001 for anything else (or when polars is missing).
    """
    pl = require_polars(path)
    if isinstance(table, pl.DataFrame):
        return table
    if isinstance(table, pl.LazyFrame):
        return table.collect()
    module = type(table).__module__.split(".")[0]
    if module == "pyarrow":
        out = pl.from_arrow(table)
        if isinstance(out, pl.DataFrame):
            return out
    elif module == "pandas":
        return _from_pandas(pl, table, path)
    msg = (
        f"cannot read a {type(table).__name__} as a claim table; give a polars or pandas "
        "DataFrame or a pyarrow Table"
    )
    raise ClaimFileError([Problem("E001", msg, Location(path))])


__all__ = [
    "TABLE_EXTENSIONS",
    "first_line",
    "is_table_path",
    "read_table",
    "require_polars",
    "to_polars",
]
