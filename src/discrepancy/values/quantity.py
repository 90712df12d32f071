"""Quantities: an interval [low, high] around a best value, with open ends as infinities."""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError
from discrepancy.values._numbers import format_number, read_exact, tokenize
from discrepancy.values._quantity_text import APPLY, midpoint, read_quantity
from discrepancy.values._text import Unparsed, cannot, check_length, normalize
from discrepancy.values.currency import split_currency

#: Forms that parse, for error messages.
HINT = (
    'try 12000, "about 12,000", "between 11,000 and 13,000" '
    "or {low: 11000, best: 12000, high: 13000}"
)
_KEYS = ("low", "best", "high")
#: The commonest ways a number is written, read without the grammar (a test checks that the
#: grammar reads each the same): digits, with commas between groups of three, after "about".
_PLAIN = re.compile(r"(?P<about>about )?(?P<digits>[1-9][0-9]{0,2}(?:,[0-9]{3}){1,4}|[0-9]{1,15})")


def is_plain_quantity(text: str) -> bool:
    """Whether ``text`` is a plain number as journalists write one ("12,000", "about
    12,000", "34695"): a quantity that :func:`parse_quantity` always reads (its fast path)."""
    return _PLAIN.fullmatch(text) is not None


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

    @staticmethod
    def written_numbers(raw: object) -> dict[str, float] | None:
        """The ``best``/``low``/``high`` cells of a table that hold a quantity written as
        numbers (a plain number: ``best``; a ``{low, best, high}`` mapping of numbers as is);
        ``None``: the value is text (:meth:`discrepancy.model.ClaimSet.to_table`)."""
        if isinstance(raw, bool):
            return None
        if isinstance(raw, int | float):
            return {"best": float(raw)}
        if (
            isinstance(raw, Mapping)
            and raw
            and set(raw) <= {"low", "best", "high"}
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values())
        ):
            return {str(k): float(v) for k, v in raw.items()}
        return None

    @property
    def open_low(self) -> bool:
        return math.isinf(self.low)

    @property
    def open_high(self) -> bool:
        return math.isinf(self.high)

    def to_dict(self) -> dict[str, float | None]:
        """JSON form: infinite ends become ``None``."""
        best = self.best
        if self.low == best == self.high and math.isfinite(best):  # exact: one number thrice
            x = int(best) if best.is_integer() and abs(best) < 2**53 else best
            return {"low": x, "best": x, "high": x}
        return {
            "low": None if math.isinf(self.low) else _num(self.low),
            "best": _num(self.best),
            "high": None if math.isinf(self.high) else _num(self.high),
        }

    def render(self) -> str:
        """Canonical text that :func:`parse_quantity` reads back to an equal value.

        The plainest form that reads back equal (with the default ``approx``): "1,500",
        "about 10,000", "nearly 2,000,000", "over 1,000", "up to 500", "between 1,500 and
        12,000"; else "1,500 to 12,000 (best 5,000)", where open ends are "-inf" and "inf".
        """
        if self.low == self.best == self.high and math.isfinite(self.best):
            return format_number(self.best)  # exact: reads back by construction
        return _render(self)

    def _candidates(self) -> list[str]:
        best = format_number(self.best)
        texts = [best] if self.low == self.best == self.high else []
        texts += [f"{word} {best}" for word in ("about", "nearly", "just over", "over", "up to")]
        if not (self.open_low or self.open_high):
            texts.append(f"between {format_number(self.low)} and {format_number(self.high)}")
        return texts

    def _general(self) -> str:
        low, best, high = (format_number(x) for x in (self.low, self.best, self.high))
        return f"{low} to {high} (best {best})"


@lru_cache(maxsize=4096)
def _render(quantity: Quantity) -> str:
    """The first candidate text that reads back equal (each try is a parse, so cached)."""
    for text in quantity._candidates():
        if _reads_back(text, quantity):
            return text
    return quantity._general()


def _num(x: float) -> float | int:
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _reads_back(text: str, quantity: Quantity) -> bool:
    try:
        return parse_quantity(text) == quantity
    except ValueParseError:
        return False


def parse_quantity(raw: object, *, approx: float = 0.05) -> Quantity:
    """Parse a quantity as written in a claim file.

    Accepts numbers, ``"1,500"``, ``"12k"``, ``"1.2 million"``, ``"nearly two million"``,
    ``"about 10,000"``, ``"over a thousand"``, ``"between 1,500 and 12,000"``,
    ``"1,500-12,000"``, ``"a total of 10,000"``, ``"a further 10,100"``, ``"could be up to
    20,000"`` (words before a qualifier), money (``"$71.4 million"``, ``"€2bn"``, ``"USD
    10m"``: the currency is left to the claim's unit, see
    :mod:`discrepancy.values.currency`) and mappings ``{low, best, high}``.
    ``approx`` is the relative half-width given to "about"/"around" values.

    - exact ``x`` is ``[x, x]``; about/around/approximately/roughly/some/~/circa/an
      estimated/"x or so"/"x-odd" is ``[x(1-approx), x(1+approx)]``; nearly/almost/just
      under/close to is ``[x(1-approx), x]``; just over is ``[x, x(1+approx)]``;
      over/more than/at least/upwards of/"x+"/"x or more" is ``[x, inf)``; up to/under/fewer
      than/less than/no more than/at most/"x or fewer" is ``[0, x]`` (``(-inf, x]`` for
      negative x); "x ± d" is ``[x-d, x+d]``. The best value is x.
    - ranges ("between a and b", "a-b", "a to b", "from a to b") are ``[a, b]`` with best
      the midpoint; a bare left end takes the right end's scale ("10-12 thousand").
    - "hundreds", "thousands", "tens of thousands", "hundreds of millions", "dozens" are
      ``[2u, 10u - 1]`` for the unit u (100, 1000, 10000, ...), best the midpoint.
    - a noun phrase may follow ("1,500 troops", "11,000-strong"), and "(best n)" may end any
      form to set the best value.
    - mappings: a missing or null ``low``/``high`` is an open end, a missing ``best`` is the
      midpoint of the finite ends, and ``{best: x}`` alone is exact.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    if not 0 <= approx < 1:
        msg = f"approx must be at least 0 and below 1 (got {approx!r})"
        raise ValueError(msg)
    if type(raw) is str and (plain := _PLAIN.fullmatch(raw)) is not None:
        # "12,000", "about 12,000": what the grammar gives them, without tokenizing
        x = float(plain["digits"].replace(",", ""))
        return Quantity(*APPLY["approx" if plain["about"] else "exact"](x, approx))
    try:
        low, best, high = _read(raw, approx)
        if not math.isfinite(best):  # an infinite best would agree with every number
            raise Unparsed("the best value must be a finite number")
    except (Unparsed, OverflowError) as error:
        reason = getattr(error, "reason", "too large")
        raise ValueParseError(cannot("quantity", raw, reason), hint=HINT) from None
    return Quantity(low, best, high)


def _read(raw: object, approx: float) -> tuple[float, float, float]:
    if isinstance(raw, bool) or raw is None:
        raise Unparsed()
    if isinstance(raw, numbers.Real):
        x = _finite(float(raw))
        return x, x, x
    if isinstance(raw, str):
        return read_quantity(split_currency(check_length(raw, "quantity"))[0], approx=approx)
    if isinstance(raw, Mapping):
        return _read_mapping(raw)
    raise Unparsed(f"a {type(raw).__name__} is not a quantity")


def _finite(x: float) -> float:
    if math.isnan(x):
        raise Unparsed("not a number")
    if math.isinf(x):
        raise Unparsed(
            "infinity is not a number here; leave a bound out for an open end "
            "(e.g. 'over 1,000' or {low: 1000})"
        )
    return x


def _read_mapping(raw: Mapping[object, object]) -> tuple[float, float, float]:
    for key in raw:
        if key not in _KEYS:
            near = difflib.get_close_matches(str(key), _KEYS, n=1)
            raise Unparsed(
                f"unknown key {key!r}" + (f" (did you mean {near[0]!r}?)" if near else "")
            )
    given = {key: _bound(key, raw[key]) for key in _KEYS if raw.get(key) is not None}
    if not given:
        raise Unparsed("give at least one of low, best, high")
    if set(given) == {"best"}:
        return given["best"], given["best"], given["best"]
    low, high = given.get("low", -math.inf), given.get("high", math.inf)
    best = given["best"] if "best" in given else midpoint(low, high)
    if math.isnan(best):
        raise Unparsed("an interval open at both ends needs a best value")
    if not low <= best <= high:
        raise Unparsed(f"needs low <= best <= high (got {low!r}, {best!r}, {high!r})")
    return low, best, high


def _bound(key: str, value: object) -> float:
    if isinstance(value, bool):
        raise Unparsed(f"{key} must be a number (got {value!r})")
    if isinstance(value, numbers.Real):
        return _finite(float(value))
    if isinstance(value, str):
        try:
            return read_exact(tokenize(normalize(check_length(value, "quantity")))).as_float()
        except Unparsed:
            raise Unparsed(f"{key} must be a number (got {value!r})") from None
    raise Unparsed(f"{key} must be a number (got {value!r})")


__all__ = ["Quantity", "ValueParseError", "is_plain_quantity", "parse_quantity"]
