"""The unit of a claim: its ``unit``, else the unit its value implies (a currency written in
the value, "$71.4 million"; the claim type says, ``BaseType.implied_unit``)."""

from __future__ import annotations

from discrepancy.units import unit_key


def given_unit(implied: str | None, unit: str | None) -> tuple[str | None, str | None]:
    """The unit of a claim whose value implies the unit ``implied`` (``None``: none):
    ``unit``, else ``implied``; and a problem message when both are given and differ
    (``None``: none)."""
    if implied is None:
        return unit, None
    if unit is None or not unit.strip():
        return implied, None
    if unit.strip().upper() == implied or unit_key(unit) == unit_key(implied):
        return unit, None
    return unit, f"the value is in {implied} but the unit is '{unit}'; give one currency"


__all__ = ["given_unit"]
