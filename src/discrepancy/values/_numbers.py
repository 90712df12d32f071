"""Numbers as written in prose: digits, suffixes ("12k"), number words and scale words.

The tokenizer turns text into :class:`Token` objects; :func:`read_number` reads one number
from the start of a token list ("1.2 million", "twenty-one", "a dozen", "-1,500", "inf").
Arithmetic is in :class:`~decimal.Decimal` so "1.1 million" is exactly 1100000.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from attrs import frozen

from discrepancy.values._text import Unparsed

UNITS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS: dict[str, int] = {
    word: 10 * value
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
#: Scale words that close a group of three digits ("two thousand five hundred").
SCALES: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
}
#: Suffixes glued to digits: "12k", "1.5m", "2bn".
SUFFIXES: dict[str, int] = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9}
SUFFIXES |= {"bn": 10**9, "tn": 10**12}
#: Plural scale words used as vague amounts ("thousands").
PLURALS: dict[str, int] = {"dozens": 12, "hundreds": 100, "thousands": 10**3}
PLURALS |= {"millions": 10**6, "billions": 10**9}
INFINITY_WORDS = frozenset({"inf", "infinity"})
NUMBER_WORDS = frozenset(
    [*UNITS, *TENS, *SCALES, *PLURALS, *INFINITY_WORDS, "hundred", "dozen", "tens"]
)

_TOKEN = re.compile(
    r"""
    (?P<num>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)
    |(?P<word>[a-z]+(?:'[a-z]+)*)
    |(?P<sym>[-~+±(),/])
    |(?P<dot>\.)
    |(?P<space>\s+)
    |(?P<other>.)
    """,
    re.VERBOSE,
)


@frozen
class Token:
    """A number, word or symbol. ``glued`` means no space before it."""

    kind: str  # "num" | "word" | "sym"
    text: str
    glued: bool = False
    value: Decimal = Decimal(0)
    scale: int = 1  # the multiplier of a glued suffix ("12k" -> 1000)

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text in words

    def is_sym(self, *syms: str) -> bool:
        return self.kind == "sym" and self.text in syms


def tokenize(text: str) -> list[Token]:
    """Split normalised text into tokens; a suffix glued to digits joins the number."""
    tokens: list[Token] = []
    glued = False
    for match in _TOKEN.finditer(text):
        kind, piece = match.lastgroup or "other", match.group()
        if kind == "space":
            glued = False
            continue
        if kind == "other":
            raise Unparsed(f"unexpected {piece!r}")
        if kind == "dot":  # abbreviation dots: "approx.", "ca.", "c."
            if not (tokens and tokens[-1].kind == "word" and glued):
                raise Unparsed("unexpected '.'")
        else:
            tokens.append(_token(kind, piece, glued))
        glued = True
    return _join_suffixes(tokens)


def _token(kind: str, piece: str, glued: bool) -> Token:
    if kind != "num":
        return Token(kind, piece, glued)
    try:
        return Token("num", piece, glued, Decimal(piece.replace(",", "")))
    except InvalidOperation:
        raise Unparsed(f"{piece!r} is not a number") from None


def _join_suffixes(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == "num"
            and last.scale == 1
            and token.glued
            and token.is_word(*SUFFIXES)
        ):
            scale = SUFFIXES[token.text]
            out[-1] = Token("num", last.text + token.text, last.glued, last.value * scale, scale)
        else:
            out.append(token)
    return out


@frozen
class Number:
    """A number read from tokens: its value, how many tokens it used, and its last scale."""

    value: Decimal
    used: int
    #: multiplier of the closing scale word when the number is "<coefficient> <scale>"
    #: ("12 thousand", "1.2 million", "12k"); 1 otherwise. Lets "10-12 thousand" share it.
    scale: int = 1

    def as_float(self) -> float:
        """The value as a float; ``inf`` only for the words "inf"/"infinity" (an open end).

        Raises:
            Unparsed: a number too large for a float (``1e309``), which must not become
                infinite and agree with everything.
        """
        if self.value.is_infinite():
            return math.copysign(math.inf, self.value)
        x = float(self.value)
        if math.isinf(x):
            raise Unparsed("the number is too large")
        return x


def read_exact(tokens: Sequence[Token]) -> Number:
    """A number that uses every token, else :class:`Unparsed`."""
    number = read_number(tokens)
    if number is None or number.used != len(tokens):
        raise Unparsed("not a number")
    return number


def read_number(tokens: Sequence[Token]) -> Number | None:
    """The number at the start of ``tokens`` (greedy), or ``None`` when there is none."""
    if len(tokens) >= 2 and tokens[0].is_sym("-") and tokens[1].glued:
        number = _read_unsigned(tokens[1:])
        if number is None:
            return None
        return Number(-number.value, number.used + 1, number.scale)
    return _read_unsigned(tokens)


def _read_unsigned(tokens: Sequence[Token]) -> Number | None:
    if not tokens:
        return None
    first = tokens[0]
    if first.is_word(*INFINITY_WORDS):
        return Number(Decimal("Infinity"), 1)
    if first.kind == "num":
        return _read_after_digits(tokens, first)
    return _WordReader(tokens).read()


def _read_after_digits(tokens: Sequence[Token], first: Token) -> Number:
    """Digits, optionally followed by "hundred", "dozen" and scale words ("1.2 million")."""
    value, used, scale = first.value, 1, first.scale
    if scale != 1:
        return Number(value, 1, scale)
    for token in tokens[1:]:
        multiplier = _multiplier(token)
        if multiplier is None or multiplier <= _group_size(scale):
            break
        value, used, scale = value * multiplier, used + 1, scale * multiplier
    return Number(value, used, scale)


def _group_size(scale: int) -> int:
    return 1 if scale == 1 else scale


def _multiplier(token: Token) -> int | None:
    if token.is_word("hundred"):
        return 100
    if token.is_word("dozen"):
        return 12
    if token.kind == "word" and token.text in SCALES:
        return SCALES[token.text]
    return None


class _WordReader:
    """Number words: "twenty-one", "two hundred and fifty thousand", "a dozen", "half a million".

    Reads greedily from the start; stops at the first word that cannot continue the number.
    """

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.total = Decimal(0)
        self.group: Decimal | None = None  # the part below the current scale
        self.last = "start"  # unit | teen | tens | hundred | scale | and | a
        self.last_scale = 0  # the most recent closing scale, which later ones must undercut
        self.single = False  # the total so far is one group times one scale word
        self.ends: list[tuple[int, Decimal, int]] = []

    def read(self) -> Number | None:
        while self.pos < len(self.tokens) and self._step(self.tokens[self.pos]):
            self.pos += 1
            if self.last not in ("and", "a", "hyphen"):
                self.ends.append((self.pos, self.total + (self.group or 0), self._scale()))
        if not self.ends:
            return None
        used, value, scale = self.ends[-1]
        return Number(value, used, scale)

    def _scale(self) -> int:
        if self.last == "scale" and self.single:
            return self.last_scale
        if self.last == "hundred" and self.total == 0:
            return 100
        return 1

    def _peek(self, offset: int = 1) -> Token | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _step(self, token: Token) -> bool:
        if token.kind == "sym":
            return self._hyphen(token)
        if token.kind != "word":
            return False
        word = token.text
        if word in UNITS:
            return self._unit(UNITS[word])
        if word in TENS:
            return self._tens(TENS[word])
        if word in ("a", "an", "half"):
            return self._article(word)
        if word == "and":
            return self._and()
        multiplier = _multiplier(token)
        return multiplier is not None and self._scale_word(multiplier)

    def _hyphen(self, token: Token) -> bool:
        nxt = self._peek()
        ok = (
            token.is_sym("-")
            and self.last == "tens"
            and token.glued
            and nxt is not None
            and nxt.glued
            and nxt.is_word(*UNITS)
            and 0 < UNITS[nxt.text] < 10
        )
        if ok:
            self.last = "hyphen"
        return ok

    def _unit(self, value: int) -> bool:
        after_tens = self.last in ("tens", "hyphen") and 0 < value < 10
        if not (after_tens or self.last in ("start", "hundred", "scale", "and")):
            return False
        self.group = (self.group or Decimal(0)) + value
        self.last = "unit"
        return True

    def _tens(self, value: int) -> bool:
        if self.last not in ("start", "hundred", "scale", "and"):
            return False
        self.group = (self.group or Decimal(0)) + value
        self.last = "tens"
        return True

    def _article(self, word: str) -> bool:
        nxt = self._peek()
        if self.last != "start" or nxt is None:
            return False
        if word == "half":
            after = self._peek(2)
            if not (nxt.is_word("a", "an") and after is not None and _multiplier(after)):
                return False
            self.pos += 1
            self.group = Decimal("0.5")
        else:
            if not _multiplier(nxt):
                return False
            self.group = Decimal(1)
        self.last = "a"
        return True

    def _and(self) -> bool:
        nxt = self._peek()
        if self.last not in ("hundred", "scale") or nxt is None:
            return False
        if not nxt.is_word(*UNITS, *TENS):
            return False
        self.last = "and"
        return True

    def _scale_word(self, multiplier: int) -> bool:
        if self.group is None or self.last not in ("unit", "tens", "a", "hundred"):
            return False
        if multiplier == 100:
            if self.last == "hundred" or self.group >= 100:
                return False
            self.group *= 100
            self.last = "hundred"
            return True
        if self.last_scale and multiplier >= self.last_scale:
            return False
        self.single = self.total == 0
        self.total += self.group * multiplier
        self.group = None
        self.last, self.last_scale = "scale", multiplier
        return True


def format_number(x: float) -> str:
    """Text that reads back to exactly ``x``: "1,500", "-0.25", "1e+16", "inf"."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 1e16:
        return f"{int(x):,}"
    return repr(x)


def number_words_in(tokens: Sequence[Token]) -> bool:
    """Whether any token is a digit or a number word (a tail must have neither)."""
    return any(t.kind == "num" or t.is_word(*NUMBER_WORDS) for t in tokens)
