"""Date verdicts over all pairs of a group at once.

agree: the same interval of days; compatible: the intervals overlap, which covers one
containing the other ("June 2024" and "2024-06-19") and also a partial overlap
("Oct 8-13" vs "Oct 12-20"), since both can hold; conflict: disjoint. The magnitude is the gap in
days between the intervals (0 when they overlap): Oct 18 vs Oct 19 is 1 day apart.
"""

from __future__ import annotations

import numpy as np

from discrepancy.compare.result import AGREE, COMPATIBLE, CONFLICT, Comparison
from discrepancy.values import DateInterval


def date_verdicts(
    start: np.ndarray, end: np.ndarray, i: np.ndarray, j: np.ndarray, *, major_days: float
) -> Comparison:
    """Verdicts of the pairs ``(i[k], j[k])`` of inclusive day intervals (ordinals)."""
    same = (start[i] == start[j]) & (end[i] == end[j])
    overlap = (start[i] <= end[j]) & (start[j] <= end[i])
    verdict = np.where(same, AGREE, np.where(overlap, COMPATIBLE, CONFLICT))
    gap = np.maximum(np.maximum(start[i] - end[j], start[j] - end[i]), 0).astype(np.float64)
    major = (verdict == CONFLICT) & (gap >= major_days)
    return Comparison(verdict, gap, major)


def date_arrays(values: list[DateInterval]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end day ordinals of ``values``."""
    start = np.fromiter((d.start.toordinal() for d in values), dtype=np.int64, count=len(values))
    end = np.fromiter((d.end.toordinal() for d in values), dtype=np.int64, count=len(values))
    return start, end


__all__ = ["date_arrays", "date_verdicts"]
