"""The unit of a number in prose: the counted noun after it ("1,500 ... soldiers").

Words for people under arms are one unit family written ``soldiers`` (troops, personnel,
servicemen, fighters, "an 11,000-strong force"), so drafts from different articles compare;
other nouns stay as written, lower-cased. Physical units and currencies keep their usual names.
"""

from __future__ import annotations

import re
from typing import Final

from discrepancy.draft.vocabulary import wordset

#: Units that name people under arms; drafted as the family's first word.
SOLDIERS: Final = ("soldiers", "troops", "personnel", "servicemen", "fighters", "combatants")
_FAMILY: Final = dict.fromkeys(
    (*SOLDIERS, "soldier", "troop", "serviceman", "fighter"), SOLDIERS[0]
)

#: Counted nouns worth a claim's unit when they follow a number within a few words.
COUNT_NOUNS: Final = frozenset(
    {
        *_FAMILY,
        *wordset("people persons civilians children women men refugees migrants residents"),
        *wordset("casualties dead deaths victims wounded injured killed prisoners hostages"),
        *["brigades", "battalions", "divisions", "regiments", "units", "companies", "squads"],
        *wordset("ships vessels frigates submarines planes aircraft jets helicopters drones"),
        *wordset("missiles rockets shells rounds bombs tanks vehicles weapons guns"),
        *wordset("homes houses buildings votes voters cases doses tons tonnes barrels"),
        *wordset("dollars euros pounds percent km kilometers kilometres miles meters metres"),
        *["acres", "hectares", "sq"],
    }
)
#: Words that may stand between a number and its noun ("1,500 North Korean special forces").
_MAX_WORDS = 6
_STOP = wordset(
    """to in on at by from for with and or but that which who was were is are has have
    had will would could as than since"""
)
_WORD = re.compile(r"\s*(?:of\s+(?:these|those|the|its|their)\s+)?([A-Za-z][\w'’-]*|%)")


def family(unit: str) -> str:
    """The unit drafted for a counted noun: the family's word, else the noun lower-cased."""
    word = unit.lower()
    return _FAMILY.get(word, "percent" if word == "%" else word)


def unit_after(sentence: str, end: int, *, strong: bool = False) -> str | None:
    """The unit of the number that ends at ``end`` in ``sentence``, or ``None``."""
    if strong:
        return SOLDIERS[0]
    at = end
    words: list[str] = []
    for _ in range(_MAX_WORDS):
        m = _WORD.match(sentence, at)
        if m is None:
            break
        word = m.group(1)
        if word.lower() in _STOP:
            break
        words.append(word)
        at = m.end()
    for word in words:
        if word.lower() in COUNT_NOUNS or word == "%":
            return family(word)
    if words and words[0].islower() and len(words[0]) > 3 and words[0].endswith("s"):
        return words[0]
    return None


__all__ = ["COUNT_NOUNS", "SOLDIERS", "family", "unit_after"]
