"""Choosing a value's type when a claim has no ``type``, and parsing by type name."""

from __future__ import annotations

import builtins
import datetime as dt
import difflib
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from discrepancy.errors import ValueParseError
from discrepancy.values._date_text import may_be_date
from discrepancy.values.date import DateInterval, parse_date
from discrepancy.values.label import (
    Assertion,
    Label,
    is_assertion_word,
    parse_assertion,
    parse_label,
)
from discrepancy.values.members import MemberSet, parse_set
from discrepancy.values.quantity import Quantity, is_plain_quantity, parse_quantity

TYPES = ("quantity", "date", "set", "label", "assertion")
#: Text of digits and separators only ("2024", "1,500-2,000"): read as a quantity first.
_NUMERIC = re.compile(r"[\d\s,.\-\u2010-\u2015\u2212]+")
#: Stands in for ``published`` while guessing, so "Friday" and "June 19" count as dates.
_ANY_DAY = dt.date(2000, 1, 1)
_QUANTITY_KEYS = frozenset({"low", "best", "high"})
_MAPPING_HINT = (
    "give `type:`, or write {low, best, high} for a quantity or {members: [...]} for a set"
)


def infer_type(raw: object) -> str:
    """The type a raw claim value most plausibly has.

    Booleans and yes/no words are assertions; lists and ``{members: ...}`` are sets;
    ``{low, best, high}`` and text that parses as a quantity are quantities; text that
    parses as a date is a date; any other text is a label.

    In order: a bool or an assertion word (yes/no, confirmed/denied, ...) is an
    assertion; a ``datetime.date`` is a date; another number is a quantity (so the int
    ``2024`` is a quantity, like the text ``"2024"``); a list or a mapping with
    ``members`` is a set; a mapping with any of ``low``/``best``/``high`` is a quantity.
    Text made only of digits, commas, dots and dashes is a quantity when it parses as
    one ("2024", "1,500-12,000"), else a date when it parses as one ("2024-06",
    "2024-06-19"). Other text is a date when it parses as one (relative forms such as
    "Friday" and "June 19" count, whatever ``published`` is), else a quantity when it
    parses as one, else a label.

    Raises:
        ValueParseError: for ``None`` and for mappings with neither ``members`` nor bounds.
    """
    if is_assertion_word(raw):
        return "assertion"
    if type(raw) is str:  # most values: no abstract-class checks before the text's own
        return _text_type(raw)
    if isinstance(raw, dt.date):
        return "date"
    if isinstance(raw, numbers.Real):
        return "quantity"
    if isinstance(raw, Mapping):
        return _mapping_type(raw)
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        return "set"
    if isinstance(raw, str):
        return _text_type(raw)
    msg = f"cannot tell the type of {raw!r}"
    raise ValueParseError(msg, hint="write a number, a date, a list, or text")


def _mapping_type(raw: Mapping[object, object]) -> str:
    if "members" in raw:
        return "set"
    if _QUANTITY_KEYS & set(raw):
        return "quantity"
    msg = f"cannot tell the type of {dict(raw)!r}"
    raise ValueParseError(msg, hint=_MAPPING_HINT)


@lru_cache(maxsize=1 << 16)
def _text_type(text: str) -> str:
    # memoised: a check reads the same texts in the loader and again in the column reader
    if is_plain_quantity(text):
        # "12,000", "about 12,000": a quantity, and never a date read first (a word no date
        # uses, or digits and commas alone, which try the quantity first), as below
        return "quantity"
    order: tuple[str, ...] = ("quantity", "date")
    if not may_be_date(text):  # most texts: no date parse to fail first
        order = ("quantity",)
    elif not _NUMERIC.fullmatch(text.strip()):
        order = ("date", "quantity")
    return next((kind for kind in order if _parses(text, kind)), "label")


def _parses(text: str, kind: str) -> bool:
    try:
        _parse_text(text, kind, _ANY_DAY if kind == "date" else None, 0.05)
    except ValueParseError as err:
        # a number too large for a float ("1e309") is a quantity in error, not a label
        return kind == "quantity" and "too large" in err.message
    return True


_Value = Quantity | DateInterval | MemberSet | Label | Assertion


def parse_value(
    raw: object, type: str, *, published: dt.date | None = None, approx: float = 0.05
) -> _Value:
    """Parse ``raw`` as the named type (one of :data:`TYPES`).

    ``published`` anchors relative dates; ``approx`` is the half-width of "about" values.

    Raises:
        ValueParseError: when ``raw`` does not parse, or ``type`` is not one of
            :data:`TYPES` (with a did-you-mean).
    """
    if type in TYPES and (isinstance(raw, str) or builtins.type(raw) is int):
        # distinct texts parse once per process (values are immutable): the loader, the
        # table round trip and the column reader all read the same claim text
        return _parse_text(
            raw, type, published if type == "date" else None, approx if type == "quantity" else 0.0
        )
    return _parse_uncached(raw, type, published=published, approx=approx)


@lru_cache(maxsize=1 << 17, typed=True)
def _parse_text(raw: str | int, type: str, published: dt.date | None, approx: float) -> _Value:
    return _parse_uncached(raw, type, published=published, approx=approx)


#: the parsers that take the value alone (quantities and dates also take approx, published)
_PARSERS: dict[str, Callable[[object], _Value]] = {
    "set": parse_set,
    "label": parse_label,
    "assertion": parse_assertion,
}


def _parse_uncached(raw: object, type: str, *, published: dt.date | None, approx: float) -> _Value:
    if type == "quantity":
        return parse_quantity(raw, approx=approx)
    if type == "date":
        return parse_date(raw, published=published)
    parser = _PARSERS.get(type)
    if parser is None:
        near = difflib.get_close_matches(str(type), TYPES, n=1)
        maybe = f" (did you mean {near[0]!r}?)" if near else ""
        msg = f"unknown type {type!r}{maybe}"
        raise ValueParseError(msg, hint="use one of " + ", ".join(TYPES))
    return parser(raw)


__all__ = ["TYPES", "ValueParseError", "infer_type", "parse_value"]
