"""The order findings are reported in: most severe first, then largest magnitude, then by
subject, property and scope in natural order (``event-2`` before ``event-10``), then rule.

Both the per-object report and the table check's lazily built findings sort by
:func:`finding_order`, so a claim set gives its findings in one order whichever path ran.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.verdict import Level

if TYPE_CHECKING:
    import polars as pl

_DIGITS = re.compile(r"(\d+)")

#: a natural sort key: text parts (case-folded) alternating with whole numbers
Natural = tuple[str | int, ...]


def natural(text: str) -> Natural:
    """``"event-10"`` -> ``("event-", 10, "")``: digits compare as numbers."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(p) if k % 2 else p for k, p in enumerate(parts))


def finding_order(
    level: Level | str,
    magnitude: float | None,
    subject: str,
    prop: str,
    scope: tuple[tuple[str, str], ...],
    rule: str,
) -> tuple[object, ...]:
    """The sort key of one finding (see the module doc). A magnitude that is ``None`` or not
    finite (no size, or a ratio against 0) sorts after every finite one of its level."""
    rank = Level(level).rank
    sized = magnitude is not None and math.isfinite(magnitude)
    return (
        -rank,
        0 if sized else 1,
        -float(magnitude) if sized else 0.0,  # type: ignore[arg-type]
        natural(subject),
        natural(prop),
        tuple((natural(k), natural(v)) for k, v in scope),
        rule,
    )


def natural_ranks(texts: Sequence[str] | pl.Series) -> np.ndarray:
    """Per text, its rank in the order of :func:`natural` keys (equal keys, equal ranks).
    Printable ASCII texts whose digit runs fit an int64 are ranked column-wise by polars
    (text parts by their dense rank, number parts by value); others by :func:`natural`."""
    import polars as pl

    series = pl.Series(texts, dtype=pl.String)
    n = series.len()
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    plain = bool(series.str.contains(r"^[ -~]*$").all()) and not bool(
        series.str.contains(r"[0-9]{19}").any()
    )
    if not plain:
        listed = series.to_list()
        distinct = sorted(set(listed), key=natural)
        keys = [natural(t) for t in distinct]
        steps = [0, *(int(a != b) for a, b in itertools.pairwise(keys))]
        rank_of = dict(zip(distinct, np.cumsum(steps).tolist(), strict=True))
        return np.array([rank_of[t] for t in listed], dtype=np.int64)
    low = series.str.to_lowercase()
    numbers = low.str.extract_all(r"[0-9]+")
    words = low.str.replace_all(r"[0-9]+", "\x00").str.split("\x00")
    most = int(numbers.list.len().max() or 0)  # type: ignore[arg-type]
    columns: list[np.ndarray] = []
    for k in range(most + 1):
        word = words.list.get(k, null_on_oob=True)
        columns.append(word.rank("dense").fill_null(0).to_numpy().astype(np.int64))
        if k < most:
            number = numbers.list.get(k, null_on_oob=True).cast(pl.Int64)
            columns.append(number.fill_null(-1).to_numpy().astype(np.int64))
    order = np.lexsort(columns[::-1])
    table = np.stack(columns)[:, order]
    new = np.ones(n, dtype=np.int64)
    new[0] = 0
    new[1:] = (table[:, 1:] != table[:, :-1]).any(axis=0)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.cumsum(new)
    return rank


__all__ = ["finding_order", "natural", "natural_ranks"]
