"""Typed claim values and their parsers (own code, no dateparser/quantulum)."""

from __future__ import annotations

from discrepancy.values.date import DateInterval, Precision, parse_date
from discrepancy.values.infer import infer_type, parse_value
from discrepancy.values.label import Assertion, Label, parse_assertion, parse_label
from discrepancy.values.members import MemberSet, parse_set
from discrepancy.values.place import Place, parse_place
from discrepancy.values.quantity import Quantity, parse_quantity

Value = Quantity | DateInterval | MemberSet | Label | Assertion | Place

__all__ = [
    "Assertion",
    "DateInterval",
    "Label",
    "MemberSet",
    "Place",
    "Precision",
    "Quantity",
    "Value",
    "infer_type",
    "parse_assertion",
    "parse_date",
    "parse_label",
    "parse_place",
    "parse_quantity",
    "parse_set",
    "parse_value",
]
