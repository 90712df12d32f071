"""The date an article was published, when the text says it: a line that is only a date
("October 21, 2024"), a "Published ..." line, or a web address with /2024/10/21/ in it."""

from __future__ import annotations

import datetime as dt
import re

from discrepancy.errors import ValueParseError
from discrepancy.values import Precision, parse_date

_LINE = re.compile(
    r"^\s*(?:(?:published|posted|updated|date)\s*:?\s*(?:on\s+)?)?(?P<date>[A-Za-z0-9 ,.\-]{6,40}?)\s*$",
    re.I | re.M,
)
_URL_DATE = re.compile(r"https?://\S*?/(?P<y>20\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
#: Only the first lines of an article are read for its date line.
_HEAD_CHARS = 1500


def find_published(text: str) -> dt.date | None:
    """The published date the text gives (its first date line, else a dated web address)."""
    for m in _LINE.finditer(text[:_HEAD_CHARS]):
        candidate = m.group("date")
        if not re.search(r"\d{4}", candidate):
            continue
        try:
            value = parse_date(candidate)
        except ValueParseError:
            continue
        if value.precision == Precision.DAY:
            return value.start
    if dated := _URL_DATE.search(text):
        try:
            return dt.date(int(dated["y"]), int(dated["m"]), int(dated["d"]))
        except ValueError:
            return None
    return None


def find_url(text: str) -> str | None:
    """The article's own address when the text ends with one (``Original url: ...``)."""
    found = _URL.findall(text[-600:])
    return found[-1] if found else None


__all__ = ["find_published", "find_url"]
