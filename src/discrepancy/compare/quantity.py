"""Quantity verdicts over all pairs of a group at once.

agree: same best value (equal after unit conversion, up to a relative 1e-9 so that
``1 mi`` and ``1.609344 km`` agree); compatible: the closed intervals overlap (open ends are
infinities); conflict: disjoint. The magnitude is larger/smaller of the absolute best values;
it is ``inf`` when exactly one best value is 0 or their signs differ, and 1 when both are 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.result import AGREE, COMPATIBLE, CONFLICT, Comparison
from discrepancy.units import convert
from discrepancy.values import Quantity

if TYPE_CHECKING:
    import datetime as dt

    from discrepancy.config import Config
    from discrepancy.groups import Group

#: relative tolerance of "same best value" (only absorbs unit-conversion rounding)
SAME_BEST_RTOL = 1e-9


def best_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """larger/smaller of ``|a|`` and ``|b|`` elementwise (inf: one is 0 or signs differ)."""
    aa, bb = np.abs(a), np.abs(b)
    hi, lo = np.maximum(aa, bb), np.minimum(aa, bb)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(lo > 0, hi / np.where(lo > 0, lo, 1.0), np.inf)
    ratio = np.where(hi == 0, 1.0, ratio)
    return np.where(np.sign(a) * np.sign(b) < 0, np.inf, ratio)


def quantity_verdicts(
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    *,
    major_ratio: float,
) -> Comparison:
    """Verdicts of the pairs ``(i[k], j[k])`` of quantities given as parallel arrays."""
    bi, bj = best[i], best[j]
    # Most pairs of real data repeat a figure: equal best values agree with ratio 1, so the
    # tolerance, overlap and ratio arithmetic runs only on the pairs that differ.
    differ = np.flatnonzero(bi != bj)
    verdict = np.full(bi.shape[0], AGREE, dtype=np.int8)
    ratio = np.ones(bi.shape[0], dtype=np.float64)
    major = np.zeros(bi.shape[0], dtype=bool)  # only a conflict is major, and equal bests agree
    if differ.size:
        di, dj = i[differ], j[differ]
        a, b = bi[differ], bj[differ]
        with np.errstate(invalid="ignore"):
            same = np.abs(a - b) <= SAME_BEST_RTOL * np.maximum(np.abs(a), np.abs(b))
        overlap = (low[di] <= high[dj]) & (low[dj] <= high[di])
        v = np.where(same, AGREE, np.where(overlap, COMPATIBLE, CONFLICT)).astype(np.int8)
        r = best_ratio(a, b)
        verdict[differ] = v
        ratio[differ] = r
        major[differ] = (v == CONFLICT) & (r >= major_ratio)
    return Comparison(verdict, ratio, major)


def quantity_arrays(
    values: Sequence[Quantity], units: Sequence[str | None], target: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``low, best, high`` arrays of ``values`` converted from their units to ``target``."""
    arr = np.array([(q.low, q.best, q.high) for q in values], dtype=np.float64).reshape(-1, 3)
    distinct = {u for u in units if u is not None and u != target}
    for unit in distinct:
        rows = np.fromiter((u == unit for u in units), dtype=bool, count=len(units))
        arr[rows] = convert(arr[rows], unit, target)
    return arr[:, 0], arr[:, 1], arr[:, 2]


class QuantityType:
    """The built-in ``quantity`` claim type."""

    name = "quantity"

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Quantity:
        from discrepancy.values import parse_quantity

        return parse_quantity(raw, approx=approx)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = [c.value for c in group.claims]
        if not all(isinstance(v, Quantity) for v in values):
            msg = f"quantity group {group.subject}/{group.property} holds non-quantity values"
            raise TypeError(msg)
        low, best, high = quantity_arrays(
            values,  # type: ignore[arg-type]
            [c.unit for c in group.claims],
            group.unit,
        )
        return quantity_verdicts(low, best, high, i, j, major_ratio=config.quantity_major_ratio)


__all__ = ["SAME_BEST_RTOL", "QuantityType", "best_ratio", "quantity_arrays", "quantity_verdicts"]
