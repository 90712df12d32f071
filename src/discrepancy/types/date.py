"""The built-in ``date`` type: intervals of days at a precision ("2024", "June 2024",
"Friday" relative to the source's publication).

Parsing: :func:`discrepancy.values.parse_date`; pair verdicts:
:mod:`discrepancy.compare.date`; consensus: a numeric interval of day ordinals.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.date import date_arrays, date_verdicts
from discrepancy.types.protocol import BaseType, values_of
from discrepancy.values import DateInterval, parse_date

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.config import Config
    from discrepancy.groups import Group

#: a year written in the text (three or four digits)
_YEAR = re.compile(r"\d{3,4}")


class DateType(BaseType):
    """The built-in ``date`` claim type."""

    name = "date"
    plural = "dates"
    consensus = "date"
    tie_rank = 0  # "2024" beside "2024-06" is a year, and a year parses as both
    label_is_error = True
    config_keys = MappingProxyType({"major-days": "date_major_days"})

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> DateInterval:
        return parse_date(raw, published=published)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = values_of(group, DateInterval, "date")
        start, end = date_arrays(values)
        return date_verdicts(start, end, i, j, major_days=config.date_major_days)

    def numbers(
        self, values: Sequence[Any], units: Sequence[str | None], target: str | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """First day, middle and last day of each interval, as ordinals (floats); an open
        interval ("previously") is ``-inf`` to its end, its best day its end
        (:meth:`~discrepancy.values.date.DateInterval.bounds`)."""
        bounds = np.array([v.bounds() for v in values], dtype=np.float64).reshape(-1, 3)
        return bounds[:, 0], bounds[:, 1], bounds[:, 2]

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        """``2024-10-08..2024-10-13``, or one day."""
        if "start" not in norm:
            return None
        start, end = text(norm.get("start")), text(norm.get("end"))
        return start if start == end else f"{start}..{end}"

    def show_magnitude(self, shown: str) -> str:
        """The gap between the intervals: ``12 days``."""
        return f"{shown} day" if shown == "1" else f"{shown} days"

    def quote(self, raw: str, value: Any) -> str:
        """A date written without a year ("Friday", "last week") adds the day it was read
        as: ``Friday [2024-10-18]``."""
        return raw if _YEAR.search(raw) else f"{raw} [{value.render()}]"

    def worst_phrase(self, worst: float) -> str | None:
        """``largest gap 12 days``."""
        gap = int(worst)
        return f"largest gap {gap:,} day{'s' if gap != 1 else ''}"


__all__ = ["DateType"]
