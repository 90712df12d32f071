"""Dates: an interval of days at a precision ("2024" is all of 2024)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError


class Precision(enum.StrEnum):
    """How finely a date was written. Wider precisions contain narrower ones."""

    DAY = "day"
    RANGE = "range"  # an explicit span of days: "Oct 8-13, 2024"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"  # includes parts such as "early 2000s"
    CENTURY = "century"


def _check_span(instance: DateInterval, attribute: object, value: dt.date) -> None:
    if instance.end < instance.start:
        msg = f"date interval ends before it starts (start={instance.start}, end={instance.end})"
        raise ValueError(msg)


@frozen
class DateInterval:
    """The days ``start`` .. ``end`` (both inclusive) that a written date can mean."""

    kind: ClassVar[str] = "date"

    start: dt.date
    end: dt.date = field(validator=_check_span)
    precision: Precision = field(default=Precision.DAY, converter=Precision)

    @classmethod
    def day(cls, d: dt.date) -> DateInterval:
        return cls(d, d, Precision.DAY)

    @property
    def days(self) -> int:
        """Number of days covered."""
        return (self.end - self.start).days + 1

    def contains(self, other: DateInterval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def to_dict(self) -> dict[str, str]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "precision": str(self.precision),
        }

    def render(self) -> str:
        """Canonical text that :func:`parse_date` reads back to an equal value."""
        raise NotImplementedError  # values helper: implement


def parse_date(raw: object, *, published: dt.date | None = None) -> DateInterval:
    """Parse a date as written in a claim file.

    Accepts ``2024-06-19``, ``2024-06``, ``2024``, ``"June 2024"``, ``"19 June 2024"``,
    ``"Oct 8-13, 2024"``, ranges ``2024-10-08..2024-10-13``, weekday names (``"Friday"``: the
    latest such day on or before ``published``), ``"early 2000s"``, and ``datetime.date``.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    raise NotImplementedError  # values helper: implement


__all__ = ["DateInterval", "Precision", "ValueParseError", "parse_date"]
