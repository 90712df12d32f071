"""Units of quantity claims: free text compared after normalisation, physical units through pint.

A unit is *physical* when pint knows it (``km``, ``mi``, ``t``, ``kg``, ``km/h``, and the
currency codes in :data:`CURRENCIES`, each its own dimension since exchange rates change).
Anything else is *free text* (``soldiers``) and equals another unit when both normalise to the
same text: case-folded, transliterated, whitespace collapsed and naively singularised, so
``Soldiers`` = ``soldier``. Two physical units are convertible when their dimensions match;
free text only matches itself.
"""

from __future__ import annotations

import functools
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from discrepancy.compare.text import fold
from discrepancy.values.currency import CURRENCIES

if TYPE_CHECKING:
    import pint


_PREFIX_NAMES = ("kilo", "mega", "giga", "tera", "milli", "micro", "nano", "centi", "deci")
_TOKEN = re.compile(r"[^\W\d_]+")


@cache
def registry() -> pint.UnitRegistry:
    """The pint registry, built once on first use (it takes most of a second)."""
    import pint  # imported here: it costs 0.2 s, and most checks use free-text units only

    try:  # pint caches its parsed definitions in the user cache folder: 0.3 s instead of 1 s
        ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=":auto:")
    except OSError:  # pragma: no cover - read-only home
        ureg = pint.UnitRegistry()
    for code in CURRENCIES:
        ureg.define(f"{code} = [currency_{code.lower()}]")
    return ureg


@frozen
class UnitKey:
    """What makes two units comparable: a pint dimension or a normalised text.

    ``kind`` is ``"none"`` (no unit), ``"text"`` or ``"physical"``; ``key`` is ``""``, the
    normalised text, or the dimensionality (``[length]``).
    """

    kind: str
    key: str
    #: what a reader sees: the pint unit's name, or the text as first written
    label: str = ""

    def describe(self) -> str:
        if self.kind == "physical":
            return self.key
        if self.kind == "text":
            return "a count or free-text unit"
        return "no unit"


NO_UNIT = UnitKey("none", "", "")


@functools.lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """A naive singular: ``soldiers`` -> ``soldier``, ``companies`` -> ``company``."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_text_unit(unit: str) -> str:
    """Free-text unit in its comparison form: folded, each word singular."""
    return " ".join(singular(w) for w in fold(unit).split(" "))


def _plausible_token(ureg: pint.UnitRegistry, token: str) -> bool:
    """Whether pint reads ``token`` as the unit a person meant (not ``units`` = micro-nit)."""
    import pint

    try:
        candidates = list(ureg.parse_unit_name(token))
    except (pint.errors.PintError, ValueError):  # pragma: no cover - defensive
        return False
    for prefix, _name, _suffix in candidates:
        if not prefix or len(token) <= 4 or token.lower().startswith(_PREFIX_NAMES):
            return True
    return False


@lru_cache(maxsize=4096)
def unit_key(unit: str | None) -> UnitKey:
    """The comparison key of a unit as written (``None`` or blank: no unit)."""
    if unit is None or not unit.strip():
        return NO_UNIT
    text = unit.strip()
    tokens = _TOKEN.findall(text)
    if tokens:
        import pint

        ureg = registry()
        if all(_plausible_token(ureg, t) for t in tokens):
            try:
                parsed = ureg.parse_units(text)
            except (pint.errors.PintError, ValueError, TypeError, AttributeError):
                parsed = None
            if parsed is not None:
                return UnitKey("physical", str(parsed.dimensionality), str(parsed))
    return UnitKey("text", normalise_text_unit(text), text)


def convertible(a: str | None, b: str | None) -> bool:
    """Whether values in unit ``a`` can be compared with values in unit ``b``."""
    ka, kb = unit_key(a), unit_key(b)
    return ka.kind == kb.kind and ka.key == kb.key


def convert(values: np.ndarray, unit: str | None, target: str | None) -> np.ndarray:
    """``values`` in ``unit`` expressed in ``target`` (same array when nothing to convert).

    Handles offsets (degC -> K) since pint converts the whole array; infinities stay infinite.
    """
    if unit is None or target is None or unit == target:
        return values
    ku, kt = unit_key(unit), unit_key(target)
    if ku.kind != "physical" or kt.kind != "physical":
        return values
    ureg = registry()
    return np.asarray(ureg.Quantity(values, unit).to(target).magnitude, dtype=np.float64)


def incompatibility(unit: str | None, other: str | None) -> str:
    """Why ``unit`` cannot be compared with ``other``: the reason shown in ``skipped``."""
    ku, ko = unit_key(unit), unit_key(other)
    if ku.kind == "physical" and ko.kind == "physical":
        why = f"{ku.key} vs {ko.key}"
    elif ku.kind == "text" and ko.kind == "text":
        why = "different free-text units"
    else:
        why = f"{ku.describe()} vs {ko.describe()}"
    return f"unit '{unit}' cannot be compared with '{other}' ({why})"


__all__ = [
    "CURRENCIES",
    "NO_UNIT",
    "UnitKey",
    "convert",
    "convertible",
    "incompatibility",
    "normalise_text_unit",
    "registry",
    "singular",
    "unit_key",
]
