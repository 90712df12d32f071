"""Integer codes for the distinct values of table columns, in order of first appearance.

One polars query gives every row the first row holding its value (a windowed minimum of the
row index over the columns: exact, nulls are one value), and numpy numbers those first rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import polars as pl


def encode(frame: pl.DataFrame | pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, first)``: a code per row (equal rows, equal codes; nulls are values too)
    numbered in order of first appearance, as intp so that indexing by codes needs no
    conversion, and the row index where each code first appears (``first[codes]`` is a row
    equal to each row)."""
    import polars as pl

    df = frame.to_frame() if isinstance(frame, pl.Series) else frame
    n = df.height
    if n == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.int64)
    if df.width == 1 and _constant(df.to_series()):
        return np.zeros(n, dtype=np.intp), np.zeros(1, dtype=np.int64)
    keys = df.columns
    row = "__row" if "__row" not in keys else "__row_" + "_".join(keys)
    rep = df.lazy().with_row_index(row).select(pl.col(row).min().over(keys)).collect()
    return _numbered(rep.to_series().to_numpy())


def encode_each(frame: pl.DataFrame, names: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`encode` of each column ``names`` of ``frame`` on its own, the windows of all of
    them in one polars query (they run side by side)."""
    import polars as pl

    n = frame.height
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name in names:
        if n == 0 or _constant(frame[name]):
            out[name] = encode(frame[name])
    rest = [name for name in names if name not in out]
    if rest:
        row = "__row_" + "_".join(frame.columns)
        reps = (
            frame.lazy()
            .with_row_index(row)
            .select(pl.col(row).min().over(name).alias(name) for name in rest)
            .collect()
        )
        for name in rest:
            out[name] = _numbered(reps[name].to_numpy())
    return [out[name] for name in names]


def _numbered(rep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes by first appearance from each row's first equal row ``rep``, and those rows."""
    rep = rep.astype(np.int64, copy=False)
    n = rep.shape[0]
    first = np.flatnonzero(rep == np.arange(n, dtype=np.int64))
    code_of = np.zeros(n, dtype=np.intp)
    code_of[first] = np.arange(first.shape[0], dtype=np.intp)
    return code_of[rep], first


def _constant(s: pl.Series) -> bool:
    """Whether every value of ``s`` is the same non-null value (a single column such as a
    table's one ``property``): a comparison, no grouping."""
    first = s[0]
    if first is None or s[-1] != first or s.dtype.is_nested() or s.null_count():
        return False
    return bool((s == first).all())


def combine(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the combination of several code arrays (same length), in order of first
    appearance, and the first row of each combined code."""
    n = codes[0].shape[0]
    if n == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.int64)
    varying = [c for c in codes if c.size and int(c.min()) != int(c.max())]
    if len(varying) <= 1:
        # one varying code array (already numbered by first appearance) decides alone
        only = varying[0] if varying else np.zeros(n, dtype=np.intp)
        first = first_rows(only)
        if int(only.min()) == 0 and np.array_equal(only[first], np.arange(first.shape[0])):
            return only.astype(np.intp), first
    import polars as pl

    table = pl.DataFrame({f"c{k}": c for k, c in enumerate(varying or codes[:1])})
    return encode(table)


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered by first appearance."""
    if codes.size == 0:
        return np.zeros(0, dtype=np.int64)
    top = np.maximum.accumulate(codes)
    new = np.ones(codes.shape[0], dtype=bool)
    new[1:] = top[1:] > top[:-1]
    return np.flatnonzero(new).astype(np.int64)


__all__ = ["combine", "encode", "encode_each", "first_rows"]
