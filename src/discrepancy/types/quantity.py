"""The built-in ``quantity`` type: numbers with bounds and units ("about 10,000",
"1,500-2,000 km").

Parsing: :func:`discrepancy.values.parse_quantity`; pair verdicts and unit conversion:
:mod:`discrepancy.compare.quantity` (also the table engine's vectorised path); consensus: a
numeric interval in the group's unit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.quantity import precision_arrays, quantity_arrays, quantity_verdicts
from discrepancy.types.protocol import BaseType, values_of
from discrepancy.values import Quantity, parse_quantity
from discrepancy.values.currency import split_currency
from discrepancy.values.thousands import ambiguous_thousands

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.config import Config
    from discrepancy.groups import Group


class QuantityType(BaseType):
    """The built-in ``quantity`` claim type."""

    name = "quantity"
    plural = "quantities"
    consensus = "quantity"
    tie_rank = 1
    label_is_error = True
    numeric_columns = True
    mapping_keys = ("low", "best", "high")
    config_keys = MappingProxyType(
        {"major-ratio": "quantity_major_ratio", "approx": "quantity_approx"}
    )

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Quantity:
        return parse_quantity(raw, approx=approx)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = values_of(group, Quantity, "quantity")
        units = [c.unit for c in group.claims]
        low, best, high = quantity_arrays(values, units, group.unit)
        slack, code = precision_arrays(group.claims, group.unit)
        return quantity_verdicts(
            low,
            best,
            high,
            i,
            j,
            major_ratio=config.quantity_major_ratio,
            slack=slack,
            unit_code=code,
        )

    def intervals(self, values: Sequence[Quantity]) -> np.ndarray:
        out = np.array([(v.low, v.best, v.high) for v in values], dtype=np.float64)
        return out.reshape(-1, 3)

    def implied_unit(self, raw: object) -> str | None:
        """The currency written in the value: ``$71.4 million`` is in ``USD``."""
        return split_currency(raw)[1] if isinstance(raw, str) else None

    def ambiguous(self, raw: object) -> bool:
        """``1,500`` or ``1.500`` with one separator and three digits after it (V001)."""
        return ambiguous_thousands(raw) is not None

    def numbers(
        self, values: Sequence[Any], units: Sequence[str | None], target: str | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``low, best, high`` converted from each value's unit to ``target``."""
        return quantity_arrays(values, units, target)

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        """``9,500..10,500 (best 10,000)``, or ``1,500`` when exact."""
        if "best" not in norm:
            return None
        low, best, high = norm.get("low"), norm.get("best"), norm.get("high")
        if low == best == high:
            return number(best)
        lo = number(low) if low is not None else "-∞"
        hi = number(high) if high is not None else "∞"
        return f"{lo}..{hi} (best {number(best)})"

    def show_magnitude(self, shown: str) -> str:
        """The ratio of the larger to the smaller best value: ``×6.67``."""
        return f"×{shown}"

    def worst_phrase(self, worst: float) -> str | None:
        """``largest ratio 6.7`` (``infinite`` when one value is 0)."""
        return "largest ratio " + (
            "infinite (one value is 0)" if math.isinf(worst) else f"{worst:,.1f}"
        )


__all__ = ["QuantityType"]
