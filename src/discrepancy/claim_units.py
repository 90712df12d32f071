"""The unit a claim's value implies: a currency written in the value ("$71.4 million")."""

from __future__ import annotations

from discrepancy.units import unit_key
from discrepancy.values.currency import split_currency


def currency_unit(raw: object, unit: str | None) -> tuple[str | None, str | None]:
    """The unit of a claim whose value is ``raw``: ``unit``, else the currency written in the
    value; and a problem message when both are given and differ (None: none)."""
    if not isinstance(raw, str):
        return unit, None
    _, code = split_currency(raw)
    if code is None:
        return unit, None
    if unit is None or not unit.strip():
        return code, None
    if unit.strip().upper() == code or unit_key(unit) == unit_key(code):
        return unit, None
    return unit, f"the value is in {code} but the unit is '{unit}'; give one currency"


__all__ = ["currency_unit"]
