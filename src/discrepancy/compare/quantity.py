"""Quantity verdicts over all pairs of a group at once.

agree: same best value (equal after unit conversion, up to a relative 1e-9 so that
``1 mi`` and ``1.609344 km`` agree); compatible: the closed intervals overlap (open ends are
infinities); conflict: disjoint. The magnitude is larger/smaller of the absolute best values;
it is ``inf`` when exactly one best value is 0 or their signs differ, and 1 when both are 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.result import AGREE, COMPATIBLE, CONFLICT, Comparison
from discrepancy.units import convert
from discrepancy.values import Quantity

if TYPE_CHECKING:
    from discrepancy.model import Claim

#: relative tolerance of "same best value" (only absorbs unit-conversion rounding)
SAME_BEST_RTOL = 1e-9
#: pairs compared per block by :func:`quantity_verdicts`
_CHUNK = 1 << 18


def best_ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """larger/smaller of ``|a|`` and ``|b|`` elementwise (inf: one is 0 or signs differ)."""
    aa, bb = np.abs(a), np.abs(b)
    hi, lo = np.maximum(aa, bb), np.minimum(aa, bb)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.divide(hi, lo, out=aa)  # aa is not read again
    np.putmask(ratio, ~(lo > 0), np.inf)
    np.putmask(ratio, hi == 0, 1.0)
    opposite = ((a < 0) & (b > 0)) | ((a > 0) & (b < 0))
    np.putmask(ratio, opposite, np.inf)
    return ratio


def written_halfwidth(raw: object, value: Quantity) -> float:
    """Half a unit of the last digit an exact quantity was written with, in its own unit:
    0.05 for "1.2", 0.005 for 0.75, 50,000 for "1.2 million", 0.5 for 12; 0 for anything
    that is not one exact number (ranges and "about" carry their own width)."""
    if not (value.low == value.best == value.high) or not math.isfinite(value.best):
        return 0.0
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return 0.0
    text = (
        repr(float(raw))
        if isinstance(raw, float)
        else str(int(raw))
        if isinstance(raw, int)
        else raw
    )
    numbers = _WRITTEN.findall(text)
    if len(numbers) != 1 or _EXPONENT.search(text):
        return 0.0
    digits = numbers[0].replace(",", "")
    written = float(digits)
    if written == 0:
        return 0.0
    decimals = len(digits.partition(".")[2])
    return abs(value.best / written) * 0.5 * 10.0**-decimals


_WRITTEN = re.compile(r"\d[\d,]*(?:\.\d+)?")
_EXPONENT = re.compile(r"\d[eE][+-]?\d")


def converted_slack(
    best: np.ndarray, halfwidth: np.ndarray, units: Sequence[str | None], target: str | None
) -> np.ndarray:
    """``halfwidth`` (each in its own unit) in ``target``, as :func:`convert` scales it."""
    out = np.asarray(halfwidth, dtype=np.float64).copy()
    for unit in {u for u in units if u is not None and u != target}:
        rows = np.fromiter((u == unit for u in units), dtype=bool, count=len(units))
        if not out[rows].any():
            continue
        a = convert(best[rows], unit, target)
        b = convert(best[rows] + out[rows], unit, target)
        out[rows] = np.abs(b - a)
    return out


def quantity_verdicts(
    low: np.ndarray,
    best: np.ndarray,
    high: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    *,
    major_ratio: float,
    slack: np.ndarray | None = None,
    unit_code: np.ndarray | None = None,
) -> Comparison:
    """Verdicts of the pairs ``(i[k], j[k])`` of quantities given as parallel arrays.

    With ``slack`` (per value, in the compared unit) and ``unit_code`` (per value, the unit
    it was written in), a pair written in different units is compared at the precision each
    was written with: "1.2 km" and "0.75 mi" (1.207 km) are compatible, not a conflict, since
    each side is only as exact as its last digit."""
    n = i.shape[0]
    if n > _CHUNK:  # in blocks: each block's temporaries stay small (cache, no fresh pages)
        verdict = np.empty(n, dtype=np.int8)
        ratio = np.empty(n, dtype=np.float64)
        major = np.empty(n, dtype=bool)
        for at in range(0, n, _CHUNK):
            part = slice(at, at + _CHUNK)
            got = quantity_verdicts(
                low,
                best,
                high,
                i[part],
                j[part],
                major_ratio=major_ratio,
                slack=slack,
                unit_code=unit_code,
            )
            verdict[part], ratio[part], major[part] = got.verdict, got.magnitude, got.major
        return Comparison(verdict, ratio, major)
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
        if low is best and high is best:  # points: distinct points never overlap
            overlap = np.zeros(differ.shape[0], dtype=bool)
        else:
            overlap = (low[di] <= high[dj]) & (low[dj] <= high[di])
        if slack is not None and unit_code is not None:
            converted = unit_code[di] != unit_code[dj]
            if converted.any():
                sa, sb = slack[di], slack[dj]
                loose = ((low[di] - sa) <= (high[dj] + sb)) & ((low[dj] - sb) <= (high[di] + sa))
                overlap = overlap | (converted & loose)
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


def precision_arrays(
    claims: Sequence[Claim], target: str | None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Per claim, the half-width of its written precision in ``target`` and a code of the unit it was written in (no unit: ``target``); ``(None,
    None)`` when every claim is written in one unit (nothing is converted)."""
    written = [c.unit if c.unit is not None else target for c in claims]
    if len(set(written)) <= 1:
        return None, None
    ids: dict[str | None, int] = {}
    code = np.array([ids.setdefault(u, len(ids)) for u in written], dtype=np.int64)
    half = np.array(
        [written_halfwidth(c.raw, c.value) for c in claims],  # type: ignore[arg-type]
        dtype=np.float64,
    )
    own = np.array([c.value.best for c in claims], dtype=np.float64)  # type: ignore[union-attr]
    return converted_slack(own, half, [c.unit for c in claims], target), code


__all__ = [
    "SAME_BEST_RTOL",
    "best_ratio",
    "converted_slack",
    "precision_arrays",
    "quantity_arrays",
    "quantity_verdicts",
    "written_halfwidth",
]
