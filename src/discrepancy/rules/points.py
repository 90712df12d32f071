"""Claims placed for the rules across facts (T001, P001, P002, D002): each grouped claim
with its fact (the group's subject, property, scope and unit), its value as numbers in the
group's unit (dates: day ordinals) and its time.

The engine makes points of the few rows those rules can concern; the reference twin of
every grouped claim. Both go through :func:`points_of_group`.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from attrs import frozen

from discrepancy.compare.quantity import quantity_arrays
from discrepancy.model import Claim
from discrepancy.values import DateInterval, Quantity


@frozen
class Point:
    """One grouped claim, placed: ``low``/``best``/``high`` in the group's unit (a date:
    first day, middle, last day as ordinals); ``published`` its source's day (ordinal, 0:
    none)."""

    claim: Claim
    subject: str
    property: str
    scope: tuple[tuple[str, str], ...]
    unit: str | None
    type: str
    low: float
    best: float
    high: float
    published: int = 0

    @builtins.property
    def as_of(self) -> tuple[int, int] | None:
        """The ``as_of`` days as ordinals, or None."""
        a = self.claim.as_of
        return None if a is None else (a.start.toordinal(), a.end.toordinal())

    @builtins.property
    def time(self) -> tuple[int, int] | None:
        """When the value holds: ``as_of``, else the day it was published, else None."""
        if (a := self.as_of) is not None:
            return a
        return (self.published, self.published) if self.published > 0 else None


def points_of_group(
    claims: Sequence[Claim],
    *,
    subject: str,
    property: str,
    scope: tuple[tuple[str, str], ...],
    unit: str | None,
    type: str,
    published: Sequence[int],
) -> list[Point]:
    """The points of ``claims`` of one group (quantities and dates; others have none);
    ``published``: each claim's publication day (ordinal, 0: none)."""
    if type == "quantity":
        low, best, high = quantity_arrays(
            [c.value for c in claims],  # type: ignore[misc]
            [c.unit for c in claims],
            unit,
        )
        values = list(zip(low.tolist(), best.tolist(), high.tolist(), strict=True))
    elif type == "date":
        values = []
        for c in claims:
            d = c.value
            assert isinstance(d, DateInterval)
            a, b = float(d.start.toordinal()), float(d.end.toordinal())
            values.append((a, (a + b) / 2.0, b))
    else:
        return []
    return [
        Point(
            claim=c,
            subject=subject,
            property=property,
            scope=scope,
            unit=unit,
            type=type,
            low=lo,
            best=be,
            high=hi,
            published=int(day),
        )
        for c, (lo, be, hi), day in zip(claims, values, published, strict=True)
        if isinstance(c.value, Quantity | DateInterval)
    ]


__all__ = ["Point", "points_of_group"]
