"""What the user already knows, in the terms consensus uses: source priors, Admiralty grades
and the weight they give a claim.

A source may declare ``reliability:`` (its prior accuracy, 0..1) or an Admiralty ``grade:``
(NATO AJP-2.1's "A"-"F" for the source, "1"-"6" for the information: ``B2`` is "usually
reliable, probably true"). A claim may carry a ``grade:`` of its own (the reliability of whoever
said it and the credibility of what was said). Grades read as probabilities, the same ladder
for both halves:

====== =========================== ===== =============================
source                             p     information
====== =========================== ===== =============================
A      completely reliable         0.95  1 confirmed by other sources
B      usually reliable            0.80  2 probably true
C      fairly reliable             0.65  3 possibly true
D      not usually reliable        0.50  4 doubtful
E      unreliable                  0.30  5 improbable
F      reliability cannot be judged  -   6 truth cannot be judged
====== =========================== ===== =============================

0.80 is the prior accuracy consensus assumes for a source nobody graded, so ``B2`` is what an
ungraded claim already counts as: a claim's weight is ``p(letter) / 0.8 * p(digit) / 0.8``,
with F, 6 or a missing half counting 1 (A1 weighs 1.41, E5 0.09).
"""

from __future__ import annotations

import re
from typing import Final

#: Probability per source-reliability letter (F: cannot be judged, no prior).
SOURCE_GRADES: Final[dict[str, float | None]] = {
    "A": 0.95,
    "B": 0.8,
    "C": 0.65,
    "D": 0.5,
    "E": 0.3,
    "F": None,
}
#: Probability per information-credibility digit (6: cannot be judged).
INFORMATION_GRADES: Final[dict[str, float | None]] = {
    "1": 0.95,
    "2": 0.8,
    "3": 0.65,
    "4": 0.5,
    "5": 0.3,
    "6": None,
}
#: The accuracy an ungraded source is assumed to have (``auto``'s prior).
NEUTRAL: Final = 0.8

GRADE_PATTERN: Final = "^([A-F][1-6]?|[1-6])$"
_GRADE = re.compile(GRADE_PATTERN)


def grade_problem(text: str) -> str | None:
    """Why ``text`` is not an Admiralty grade (None when it is one: ``B2``, ``B``, ``2``)."""
    if _GRADE.match(text.strip().upper()):
        return None
    return (
        f"'{text}' is not an Admiralty grade; write a source letter A-F and/or an "
        "information digit 1-6, such as B2 (usually reliable, probably true), A or 3"
    )


def reliability_problem(value: object) -> str | None:
    """Why ``value`` is not a reliability (a number from 0 to 1), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"'reliability' must be a number from 0 to 1 (such as 0.9), not '{value}'"
    if not 0.0 <= float(value) <= 1.0:
        return f"'reliability' must lie from 0 to 1 (such as 0.9), not {value}"
    return None


def _halves(grade: str | None) -> tuple[str | None, str | None]:
    if not grade:
        return None, None
    g = grade.strip()
    letter = g[0] if g[0].isalpha() else None
    digit = g[-1] if g[-1].isdigit() else None
    return letter, digit


def source_prior(reliability: float | None, grade: str | None) -> float | None:
    """A source's prior accuracy: its ``reliability``, else its grade's letter (None: no
    prior declared, or F)."""
    if reliability is not None:
        return float(reliability)
    letter, _ = _halves(grade)
    return SOURCE_GRADES[letter] if letter is not None else None


def claim_weight(grade: str | None, source_grade: str | None = None) -> float:
    """How much a claim's voice weighs against an ungraded one (1.0): its grade's letter
    and digit, each as a probability over :data:`NEUTRAL`; a missing digit falls back on its
    source's grade's digit (a source's letter is its prior, not a weight)."""
    letter, digit = _halves(grade)
    if digit is None:
        digit = _halves(source_grade)[1]
    w = 1.0
    p = SOURCE_GRADES.get(letter) if letter is not None else None
    if p is not None:
        w *= p / NEUTRAL
    q = INFORMATION_GRADES.get(digit) if digit is not None else None
    if q is not None:
        w *= q / NEUTRAL
    return w


__all__ = [
    "GRADE_PATTERN",
    "INFORMATION_GRADES",
    "NEUTRAL",
    "SOURCE_GRADES",
    "claim_weight",
    "grade_problem",
    "reliability_problem",
    "source_prior",
]
