"""Money amounts written with their currency: "$71.4 million", "€2bn", "£3.5bn", "USD 10m".

:func:`split_currency` takes the currency off a quantity text (a symbol or ISO code before
the number, or a code or currency word after it) and names it by its code, which becomes the
claim's ``unit`` (loaders call :func:`discrepancy.claim_units.given_unit`); the rest parses
as any quantity. Each code of :data:`CURRENCIES` is its own unit: amounts in different
currencies are never compared (exchange rates change).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

#: Currency codes known as units; each is its own dimension (no conversion between them).
CURRENCIES: Final = ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "KRW", "KPW", "UAH", "CHF", "INR")

#: symbols before a number, longest first ("US$" before "$")
SYMBOLS: Final = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₩": "KRW",
    "₽": "RUB",
    "₴": "UAH",
    "₹": "INR",
}
#: currency words after a number
WORDS: Final = {
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yen": "JPY",
    "won": "KRW",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "rupees": "INR",
    "francs": "CHF",
    "swiss francs": "CHF",
    "yuan": "CNY",
}
_CODES = "|".join(CURRENCIES)
_SYMBOL = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
#: [qualifier words] SYMBOL-or-CODE [space] number ...
_BEFORE: Final = re.compile(
    rf"^(?P<lead>(?:[^\W\d]+\s+)*?)(?P<cur>{_SYMBOL}|(?:{_CODES})(?=\s*\d))\s*(?=[\d.])",
    re.IGNORECASE,
)
_AFTER: Final = re.compile(
    rf"\s+(?P<cur>{_CODES}|{'|'.join(sorted(WORDS, key=len, reverse=True))})\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def split_currency(text: str) -> tuple[str, str | None]:
    """``text`` without its currency, and the currency's code (None: no currency).
    Memoised: the loader, the column reader and the parser ask about the same texts."""
    m = _BEFORE.match(text.strip())
    if m is not None:
        cur = m.group("cur").lower()
        code = SYMBOLS.get(cur, cur.upper())
        return m.group("lead") + text.strip()[m.end() :], code
    m = _AFTER.search(text)
    if m is not None and re.search(r"\d", text[: m.start()]):
        cur = m.group("cur").lower()
        return text[: m.start()], WORDS.get(cur, cur.upper())
    return text, None


__all__ = ["CURRENCIES", "SYMBOLS", "WORDS", "split_currency"]
