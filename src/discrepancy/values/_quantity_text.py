"""The grammar of quantities written as text: "about 10,000", "1,500-12,000 troops", ...

A text is ``[fillers] [qualifier] core [suffix] [tail] [(best N)]`` where the core is one
number, a range, or a vague plural ("thousands"). The result is ``(low, best, high)``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from discrepancy.values._numbers import (
    PLURALS,
    Number,
    Token,
    number_words_in,
    read_exact,
    read_number,
    tokenize,
)
from discrepancy.values._text import Unparsed, normalize

Triple = tuple[float, float, float]
Tokens = Sequence[Token]


def _phrases(kind: str, *phrases: str) -> dict[tuple[str, ...], str]:
    return {tuple(p.split()): kind for p in phrases}


#: Words before the number, longest match first. "range" opens "between A and B".
PREFIXES: dict[tuple[str, ...], str] = (
    _phrases(
        "approx",
        "about",
        "around",
        "approximately",
        "approx",
        "roughly",
        "some",
        "~",
        "circa",
        "ca",
        "c",
        "an estimated",
        "estimated",
        "est",
        "an approximate",
    )
    | _phrases("nearly", "nearly", "almost", "just under", "just below", "close to", "just shy of")
    | _phrases("just_over", "just over", "just above", "slightly more than", "slightly over")
    | _phrases(
        "at_least",
        "over",
        "more than",
        "at least",
        "upwards of",
        "upward of",
        "in excess of",
        "above",
        "no fewer than",
        "no less than",
        "not less than",
        "greater than",
        "a minimum of",
    )
    | _phrases(
        "up_to",
        "up to",
        "under",
        "fewer than",
        "less than",
        "no more than",
        "not more than",
        "at most",
        "below",
        "a maximum of",
        "as many as",
    )
    | _phrases(
        "exact",
        "exactly",
        "precisely",
        "a total of",
        "total of",
        "in total",
        "a further",
        "further",
        "another",
        "an additional",
        "additional",
        "a record",
    )
    | _phrases(
        "range",
        "between",
        "from",
        "anywhere between",
        "anywhere from",
        "somewhere between",
    )
)
#: Words after the number: "10,000 or more", "5,000+", "10,000-odd".
SUFFIXES: dict[tuple[str, ...], str] = (
    _phrases("at_least", "+", "plus", "or more", "or above", "or over", "and up")
    | _phrases("approx", "or so", "odd", "- odd")
    | _phrases("up_to", "or fewer", "or less", "or under", "or below")
)
_PLUS_MINUS = (("±",), ("plus", "or", "minus"))
REVERSED = "the range ends before it starts"
#: A range has one separator; more candidates than this and the text is not a range.
_MAX_SPLITS = 8


def read_quantity(text: str, *, approx: float) -> Triple:
    """``(low, best, high)`` of a quantity text, or :class:`Unparsed` saying why not.

    Words before a qualifier are a lead-in and are skipped ("could be up to 20,000", "the
    toll rose by a further 10,100"), as long as they hold no number."""
    tokens: Tokens = tokenize(normalize(text).replace("+/-", "±"))
    try:
        return _read_tokens(tokens, approx)
    except Unparsed as error:
        start = _lead_in(tokens)
        if start is None:
            raise
        try:
            return _read_tokens(tokens[start:], approx)
        except Unparsed:
            raise error from None


def _lead_in(tokens: Tokens) -> int | None:
    """Where a qualifier starts after leading words without numbers or qualifiers, or None
    ("about over 5" has two qualifiers, not a lead-in)."""
    if _match(PREFIXES, tokens) is not None:
        return None
    for k in range(1, len(tokens)):
        if tokens[k - 1].kind != "word" or number_words_in(tokens[k - 1 : k]):
            return None
        if _match(PREFIXES, tokens[k:]) is not None:
            return k
    return None


def _read_tokens(tokens: Tokens, approx: float) -> Triple:
    tokens, best = _split_best(tokens)
    kinds, tokens = _prefixes(tokens)
    low, mid, high = _core(kinds, tokens, approx)
    if best is None:
        if math.isnan(mid):
            raise Unparsed("an interval open at both ends needs '(best N)'")
        return low, mid, high
    if not low <= best <= high:
        raise Unparsed(f"best {best!r} lies outside [{low!r}, {high!r}]")
    return low, best, high


def _split_best(tokens: Tokens) -> tuple[Tokens, float | None]:
    """Take off a trailing "(best N)"."""
    if not tokens or not tokens[-1].is_sym(")"):
        return tokens, None
    opens = [i for i, t in enumerate(tokens) if t.is_sym("(")]
    if not opens or opens[-1] + 1 >= len(tokens) or not tokens[opens[-1] + 1].is_word("best"):
        raise Unparsed("only '(best N)' may follow in brackets")
    start = opens[-1]
    return tokens[:start], read_exact(tokens[start + 2 : -1]).as_float()


def _match(table: dict[tuple[str, ...], str], tokens: Tokens) -> tuple[str, int] | None:
    """The kind and length of the longest phrase of ``table`` that ``tokens`` start with."""
    texts = tuple(t.text for t in tokens[:4])
    for size in (4, 3, 2, 1):
        kind = table.get(texts[:size]) if len(texts) >= size else None
        if kind is not None:
            return kind, size
    return None


def _prefixes(tokens: Tokens) -> tuple[list[str], Tokens]:
    kinds: list[str] = []
    start = 0  # an index, not repeated slicing: linear in the number of prefixes
    while (found := _match(PREFIXES, tokens[start : start + 4])) is not None:
        kind, size = found
        if kind != "exact":
            kinds.append(kind)
            if len(kinds) > 1:
                raise Unparsed("more than one qualifier")
        start += size
    return kinds, tokens[start:]


def _core(kinds: list[str], tokens: Tokens, approx: float) -> Triple:
    kind = kinds[0] if kinds else "exact"
    if kind == "range":
        return _range(tokens, between=True)
    vague = _vague(tokens)
    if vague is not None:
        if kind != "exact":
            raise Unparsed("a vague amount such as 'thousands' takes no qualifier")
        return vague
    try:
        return _single(kind, tokens, approx)
    except Unparsed as single_error:
        try:
            ranged = _range(tokens, between=False)
        except Unparsed as range_error:
            raise (range_error if range_error.reason == REVERSED else single_error) from None
    if kind != "exact":
        raise Unparsed("a range takes no qualifier; write 'between A and B'")
    return ranged


def _single(kind: str, tokens: Tokens, approx: float) -> Triple:
    number = read_number(tokens)
    if number is None:
        raise Unparsed("no number found")
    rest = tokens[number.used :]
    x = number.as_float()
    if rest and _match_plus_minus(rest):
        return _plus_minus(x, rest, kind)
    suffix = _match(SUFFIXES, rest)
    if suffix is not None:
        if kind != "exact":
            raise Unparsed("more than one qualifier")
        kind, size = suffix
        rest = rest[size:]
    _check_tail(rest)
    return APPLY[kind](x, approx)


def _match_plus_minus(rest: Tokens) -> int:
    texts = tuple(t.text for t in rest[:3])
    return next((len(p) for p in _PLUS_MINUS if texts[: len(p)] == p), 0)


def _plus_minus(x: float, rest: Tokens, kind: str) -> Triple:
    if kind != "exact":
        raise Unparsed("'±' takes no other qualifier")
    rest = rest[_match_plus_minus(rest) :]
    number = read_number(rest)
    if number is None or number.value < 0:
        raise Unparsed("'±' needs a width that is not negative")
    _check_tail(rest[number.used :])
    width = number.as_float()
    return x - width, x, x + width


def _vague(tokens: Tokens) -> Triple | None:
    """ "hundreds", "thousands", "tens of thousands", "hundreds of millions": [2u, 10u - 1]."""
    texts = [t.text for t in tokens[:3]]
    if len(texts) == 3 and texts[0] in ("tens", "hundreds") and texts[1] == "of":
        factor, plural, used = (10 if texts[0] == "tens" else 100), texts[2], 3
    elif texts and texts[0] in PLURALS:
        factor, plural, used = 1, texts[0], 1
    else:
        return None
    if plural not in PLURALS or (plural == "dozens" and factor != 1):
        return None
    _check_tail(tokens[used:])
    unit = factor * PLURALS[plural]
    low, high = 2.0 * unit, 10.0 * unit - 1
    return low, midpoint(low, high), high


def _range(tokens: Tokens, *, between: bool) -> Triple:
    """Try every separator ("-", "to", and "and" after "between") as the split point."""
    separators = ("to", "and", "through") if between else ("to",)
    reason = "no range found"
    splits = [
        k
        for k in range(1, len(tokens) - 1)
        if tokens[k].is_sym("-") or tokens[k].is_word(*separators)
    ]
    if len(splits) > _MAX_SPLITS:  # not a range; trying each split would be quadratic
        raise Unparsed(reason)
    for k in splits:
        try:
            return _split_range(tokens[:k], tokens[k + 1 :])
        except Unparsed as error:
            reason = error.reason or reason
    raise Unparsed(reason)


def _split_range(left_tokens: Tokens, right_tokens: Tokens) -> Triple:
    left = read_exact(left_tokens)
    right = read_number(right_tokens)
    if right is None:
        raise Unparsed("no number after the range separator")
    _check_tail(right_tokens[right.used :])
    low, high = _shared_scale(left, right), right.as_float()
    if low > high:
        raise Unparsed(REVERSED)
    return low, midpoint(low, high), high


def _shared_scale(left: Number, right: Number) -> float:
    """ "10-12 thousand": a bare left number takes the right one's scale when that fits."""
    if left.scale == 1 and right.scale > 1 and left.value * right.scale <= right.value:
        return float(left.value * right.scale)
    return left.as_float()


def _check_tail(tokens: Tokens) -> None:
    """What may follow a number: "-strong" and a noun phrase without numbers in it."""
    if tokens and tokens[0].is_sym("-") and len(tokens) > 1 and tokens[1].is_word("strong"):
        tokens = tokens[2:]
    if not tokens:
        return
    if tokens[0].kind != "word" or tokens[0].glued:
        raise Unparsed(f"unexpected {tokens[0].text!r} after the number")
    for before, token in itertools.pairwise(tokens):
        if token.kind == "sym" and not (token.is_sym("-") and before.kind == "word"):
            raise Unparsed(f"unexpected {token.text!r}")
    if tokens[-1].kind != "word" or number_words_in(tokens):
        raise Unparsed("the words after the number hold another number")


def midpoint(low: float, high: float) -> float:
    """The best value of an interval: the middle of its finite ends (one finite end: it).

    ``nan`` when both ends are infinite and differ: such an interval needs an explicit best.
    """
    if math.isinf(low) and math.isinf(high):
        return low if low == high else math.nan
    if math.isinf(low):
        return high
    if math.isinf(high):
        return low
    middle = (low + high) / 2 if (low < 0) != (high < 0) else low + (high - low) / 2
    return min(max(middle, low), high)


def _width(x: float, approx: float) -> float:
    """Half-width of "about x"; an infinite x has none (inf - inf would be NaN)."""
    return 0.0 if math.isinf(x) else x * approx


def _sorted(a: float, b: float, best: float) -> Triple:
    return min(a, b), best, max(a, b)


APPLY: dict[str, Callable[[float, float], Triple]] = {
    "exact": lambda x, a: (x, x, x),
    "approx": lambda x, a: _sorted(x - _width(x, a), x + _width(x, a), x),
    "nearly": lambda x, a: _sorted(x - _width(x, a), x, x),
    "just_over": lambda x, a: _sorted(x, x + _width(x, a), x),
    "at_least": lambda x, a: (x, x, math.inf),
    "up_to": lambda x, a: (0.0 if x >= 0 else -math.inf, x, x),
}
