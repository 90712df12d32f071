"""Choosing a value's type when a claim has no ``type``, and parsing by type name."""

from __future__ import annotations

import datetime as dt

from discrepancy.errors import ValueParseError

TYPES = ("quantity", "date", "set", "label", "assertion")


def infer_type(raw: object) -> str:
    """The type a raw claim value most plausibly has.

    Booleans and yes/no words are assertions; lists and ``{members: ...}`` are sets;
    ``{low, best, high}`` and text that parses as a quantity are quantities; text that
    parses as a date is a date; any other text is a label.
    """
    raise NotImplementedError  # values helper: implement


def parse_value(
    raw: object, type: str, *, published: dt.date | None = None, approx: float = 0.05
) -> object:
    """Parse ``raw`` as the named type (one of :data:`TYPES`)."""
    raise NotImplementedError  # values helper: implement


__all__ = ["TYPES", "ValueParseError", "infer_type", "parse_value"]
