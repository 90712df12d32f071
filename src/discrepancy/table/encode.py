"""Integer codes for the distinct values of table columns, in order of first appearance.

Codes come from row hashes (one polars pass, no Python per row), checked exactly afterwards:
every row is compared with the first row of its code, so a hash collision can never merge two
different values (it falls back to an exact join).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import polars as pl


def encode(frame: pl.DataFrame | pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, first)``: an int32 code per row (equal rows, equal codes; nulls are values
    too) numbered in order of first appearance, and the row index where each code first
    appears (``first[codes]`` is a row equal to each row)."""
    import polars as pl

    df = frame.to_frame() if isinstance(frame, pl.Series) else frame
    n = df.height
    if n == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int64)
    h = df.hash_rows(seed=0) if df.width > 1 else df.to_series().hash(seed=0)
    first = np.flatnonzero(h.is_first_distinct().to_numpy())
    distinct = h.gather(first)
    codes = h.replace_strict(
        distinct, pl.Series(np.arange(len(first), dtype=np.int32)), return_dtype=pl.Int32
    ).to_numpy()
    same = np.ones(n, dtype=bool)
    rep = first[codes]
    for name in df.columns:
        col = df[name]
        same &= col.gather(rep).eq_missing(col).to_numpy()
    if same.all():
        return codes, first
    return _encode_exact(df)  # pragma: no cover - needs a 64-bit hash collision


def _encode_exact(df: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    import polars as pl

    rows = df.with_row_index("__row")
    keys = df.columns
    distinct = (
        rows.group_by(keys, maintain_order=True)
        .agg(pl.col("__row").first())
        .with_row_index("__code")
    )
    joined = rows.join(
        distinct.select([*keys, "__code"]), on=keys, how="left", nulls_equal=True
    ).sort("__row")
    return (
        joined["__code"].cast(pl.Int32).to_numpy(),
        distinct["__row"].cast(pl.Int64).to_numpy(),
    )


def combine(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the combination of several code arrays (same length), in order of first
    appearance, and the first row of each combined code."""
    n = codes[0].shape[0]
    if n == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int64)
    varying = [c for c in codes if c.size and int(c.min()) != int(c.max())]
    if len(varying) <= 1:
        # one varying code array (already numbered by first appearance) decides alone
        only = varying[0] if varying else np.zeros(n, dtype=np.int32)
        first = first_rows(only)
        if int(only.min()) == 0 and np.array_equal(only[first], np.arange(first.shape[0])):
            return only.astype(np.int32), first
    codes = tuple(varying) or codes[:1]
    key = codes[0].astype(np.int64)
    for c in codes[1:]:
        width = int(c.max()) + 2 if c.size else 1
        if int(key.max()) >= (2**62) // width:
            _, key = np.unique(key, return_inverse=True)
            key = key.reshape(-1).astype(np.int64)
        key = key * width + (c.astype(np.int64) + 1)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    return rank[inverse.reshape(-1)].astype(np.int32), first[order].astype(np.int64)


def first_rows(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes numbered by first appearance."""
    if codes.size == 0:
        return np.zeros(0, dtype=np.int64)
    top = np.maximum.accumulate(codes)
    new = np.ones(codes.shape[0], dtype=bool)
    new[1:] = top[1:] > top[:-1]
    return np.flatnonzero(new).astype(np.int64)


__all__ = ["combine", "encode", "first_rows"]
