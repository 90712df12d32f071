"""Words of a sentence reduced for matching: crude stems, and verbs of one meaning folded
together ("dispatch", "deployed" and "sent" are all ``sent``), so that a sentence can be
matched to a property name such as ``troops-sent`` or ``troops-planned``."""

from __future__ import annotations

import re
from typing import Final

from anyascii import anyascii

from discrepancy.draft.vocabulary import wordset

#: Concepts: a property word, and the stems that say it.
CONCEPTS: Final[dict[str, tuple[str, ...]]] = {
    "sent": ("send", "sent", "dispatch", "deploy", "transport", "mobiliz", "mobilis", "station"),
    "planned": ("plan", "prepar", "aim", "intend", "expect", "target"),
    "killed": ("kill", "dead", "death", "die", "fatalit"),
    "wounded": ("wound", "injur"),
    "arrived": ("arriv", "land"),
    "signed": ("sign",),
    "announced": ("announc", "confirm", "releas", "statement", "disclos", "reveal"),
    "supplied": ("suppl", "deliver", "provid", "ship"),
    "captured": ("captur", "seiz", "detain", "arrest"),
}
_STEM_TO_CONCEPT: Final = {s: c for c, stems in CONCEPTS.items() for s in stems}
_STOP: Final = wordset(
    """the a an of to in on at by for with and or but that which who whom this these
    those its their his her has have had was were is are be been being will would could
    should may might as than from into over about after before since also not no it they
    he she we"""
)
_WORD: Final = re.compile(r"[a-z][a-z0-9]*")


def stem(word: str) -> str:
    """A crude stem: ``troops`` -> ``troop``, ``planned`` -> ``plan``, ``denies`` -> ``deni``."""
    w = word.lower()
    for suffix in ("ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2]:  # planned -> plann -> plan
        w = w[:-1]
    return w


def concept(word: str) -> str | None:
    """The concept a word says ("dispatched" -> ``sent``), or ``None``."""
    s = stem(word)
    for size in range(len(s), 2, -1):
        found = _STEM_TO_CONCEPT.get(s[:size])
        if found:
            return found
    return None


def keys(text: str) -> set[str]:
    """What ``text`` says, for matching: content-word stems plus the concepts they name.

    An intention governs the action after it: "preparing to send" says ``planned``, not
    ``sent``."""
    out: set[str] = set()
    concepts: list[str] = []
    for word in _WORD.findall(anyascii(text).lower()):
        if word in _STOP:
            continue
        out.add(stem(word))
        if (c := concept(word)) is not None:
            concepts.append(c)
    if "planned" in concepts:
        concepts = [c for c in concepts if c != "sent"]
    return out | set(concepts)


def name_keys(name: str) -> set[str]:
    """What a property or subject name (``troops-planned``) says, for matching."""
    return keys(name.replace("-", " ").replace("_", " "))


__all__ = ["CONCEPTS", "concept", "keys", "name_keys", "stem"]
