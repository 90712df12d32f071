"""Numbers whose dot may be a decimal point or a thousands separator ("3.000", "1.500")."""

from __future__ import annotations

import re

#: one to three digits (not starting with 0), a dot, exactly three digits: not part of a
#: longer number, and not followed by a scale word ("1.500 million" is clear)
_AMBIGUOUS = re.compile(
    r"(?<![\d.,])([1-9]\d{0,2}\.\d{3})(?![\d.,])(?!\s*(?:thousand|million|billion|trillion|"
    r"mn|mln|bn|tn|k|m|b)\b)",
    re.IGNORECASE,
)


def ambiguous_thousands(raw: object) -> str | None:
    """The number in ``raw`` (text) that reads as a decimal in English and as thousands in
    much of Europe, e.g. ``"3.000"``; ``None`` when there is none. Numbers (not text), and
    text whose other numbers settle the question (``"1.500.000"``, ``"1.500,5"``), are clear."""
    if not isinstance(raw, str):
        return None
    found = _AMBIGUOUS.findall(raw)
    return found[0] if found else None


__all__ = ["ambiguous_thousands"]
