"""Quantities: an interval [low, high] around a best value, with open ends as infinities."""

from __future__ import annotations

import math
from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError


def _check_order(instance: Quantity, attribute: object, value: float) -> None:
    if math.isnan(instance.low) or math.isnan(instance.best) or math.isnan(instance.high):
        msg = "quantity bounds must be numbers, not NaN"
        raise ValueError(msg)
    if not instance.low <= instance.best <= instance.high:
        msg = (
            f"quantity needs low <= best <= high "
            f"(got low={instance.low!r}, best={instance.best!r}, high={instance.high!r})"
        )
        raise ValueError(msg)


@frozen
class Quantity:
    """A number with its uncertainty: exact values have ``low == best == high``.

    An open end is ``-inf`` or ``inf`` ("over a thousand" is ``[1000, inf)`` with best 1000).
    """

    kind: ClassVar[str] = "quantity"

    low: float = field(converter=float)
    best: float = field(converter=float)
    high: float = field(converter=float, validator=_check_order)

    @classmethod
    def exact(cls, x: float) -> Quantity:
        return cls(x, x, x)

    @property
    def open_low(self) -> bool:
        return math.isinf(self.low)

    @property
    def open_high(self) -> bool:
        return math.isinf(self.high)

    def to_dict(self) -> dict[str, float | None]:
        """JSON form: infinite ends become ``None``."""
        return {
            "low": None if math.isinf(self.low) else _num(self.low),
            "best": _num(self.best),
            "high": None if math.isinf(self.high) else _num(self.high),
        }

    def render(self) -> str:
        """Canonical text that :func:`parse_quantity` reads back to an equal value."""
        raise NotImplementedError  # values helper: implement


def _num(x: float) -> float | int:
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def parse_quantity(raw: object, *, approx: float = 0.05) -> Quantity:
    """Parse a quantity as written in a claim file.

    Accepts numbers, ``"1,500"``, ``"12k"``, ``"1.2 million"``, ``"nearly two million"``,
    ``"about 10,000"``, ``"over a thousand"``, ``"between 1,500 and 12,000"``,
    ``"1,500-12,000"``, ``"a total of 10,000"`` and mappings ``{low, best, high}``.
    ``approx`` is the relative half-width given to "about"/"around" values.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    raise NotImplementedError  # values helper: implement


__all__ = ["Quantity", "ValueParseError", "parse_quantity"]
