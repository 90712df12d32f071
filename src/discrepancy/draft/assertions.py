"""Statements that something is confirmed or denied: "X confirmed that North Korea has sent
troops to Russia" is the assertion *confirmed*; "has not yet confirmed" is no assertion."""

from __future__ import annotations

import re
from typing import Final

from attrs import frozen

_VERB: Final = re.compile(
    r"\b(?P<verb>confirm(?:ed|s|ing)?|den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)|reject(?:ed|s|ing))\b"
    r"(?P<rest>[^.;]*)"
)
_NEGATED: Final = re.compile(
    r"\b(?:not|never|yet to|no|neither|nor|without|refused to)\s+(?:\w+\s+){0,2}$"
)


@frozen
class Stance:
    """A confirmation or denial: the value, and the words it is about."""

    value: str  # "confirmed" | "denied"
    start: int
    about: str


def find_stances(sentence: str) -> list[Stance]:
    """Each confirmation or denial in ``sentence`` that is not negated."""
    out = []
    for m in _VERB.finditer(sentence):
        if _NEGATED.search(sentence[: m.start()]):
            continue
        value = "confirmed" if m.group("verb").startswith("confirm") else "denied"
        about = re.sub(r"^\s*(?:that|the|reports|claims)\s+", "", m.group("rest")).strip(" ,")
        if len(about.split()) < 2:
            continue
        out.append(Stance(value, m.start(), about))
    return out


__all__ = ["Stance", "find_stances"]
