"""Text that prints alike but differs: ``nis``, ``nіs`` (Cyrillic і), ``ｎｉｓ`` and ``nis`` + U+200B.

Ids decide which claims are one source's, so a lookalike id is an error; names are only shown,
so two names that print alike are a warning. The checks use Unicode data only
(:mod:`unicodedata` for NFKC, categories and character names; ``anyascii``, already a
dependency, for the skeleton two lookalikes share):

- :func:`nfkc` folds compatibility forms (fullwidth letters, ligatures) into plain ones;
- :func:`invisible` finds format characters (zero-width spaces and joiners, bidi marks, the
  soft hyphen, variation selectors, Hangul fillers) that print as nothing;
- :func:`mixed_script_word` finds a word whose letters come from more than one of the scripts
  that pass for one another (Latin ``n`` and ``s`` around a Cyrillic ``і``); names made of
  words in different scripts ("RIA Новости") are fine;
- :func:`skeleton` is what a text looks like, for near-miss warnings between names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Final

from anyascii import anyascii

#: Characters that print as nothing but are not format characters (category Cf).
_INVISIBLE_EXTRA: Final = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800")
#: Scripts whose letters pass for one another (Latin ``a``, Cyrillic ``а``, Greek ``α``...):
#: a word that mixes two of them is the signature of a lookalike. Other scripts mix freely
#: (Japanese kanji and kana).
_CONFUSABLE_SCRIPTS: Final = frozenset(
    {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "COPTIC", "CHEROKEE", "GEORGIAN"}
)
_WORD: Final = re.compile(r"[^\W\d_]+")
#: Longest text given a skeleton (longer texts are compared as they are).
_MAX_SKELETON: Final = 1000


def nfkc(text: str) -> str:
    """``text`` in Unicode normalisation form NFKC (fullwidth ``ｎｉｓ`` is ``nis``)."""
    return unicodedata.normalize("NFKC", text)


def is_invisible(ch: str) -> bool:
    """Whether ``ch`` prints as nothing: a format character (Cf), a variation selector or a
    filler."""
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or ch in _INVISIBLE_EXTRA
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180F
    )


def invisible(text: str) -> list[str]:
    """The invisible characters of ``text``, in order (see :func:`is_invisible`)."""
    if text.isascii():
        return []  # every invisible character is outside ASCII
    kinds = {ch for ch in set(text) if is_invisible(ch)}
    return [ch for ch in text if ch in kinds] if kinds else []


def script_of(ch: str) -> str | None:
    """The script of a letter from its Unicode name (``LATIN``, ``CYRILLIC``, ``GREEK``...);
    ``None`` for anything that is not a letter."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def _scripts(word: str) -> set[str]:
    # each distinct character once: linear in the word, names looked up per character kind
    return {s for ch in set(word) if (s := script_of(ch)) is not None}


def mixed_script_word(text: str) -> tuple[str, list[str]] | None:
    """The first word of ``text`` whose letters mix scripts, and those scripts (sorted)."""
    if text.isascii():
        return None  # ASCII letters are all Latin
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = _scripts(word) & _CONFUSABLE_SCRIPTS
        if len(scripts) > 1:
            return word, sorted(scripts)
    return None


def describe(ch: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def id_problem(text: str) -> str | None:
    """Why ``text`` can't be an id because it prints like another text, or ``None``:
    invisible characters, or a word mixing scripts. (Compatibility forms are folded by
    :func:`nfkc` before ids are compared, so ``ｎｉｓ`` is ``nis``.)"""
    hidden = invisible(text)
    if hidden:
        return (
            f"holds an invisible character {describe(hidden[0])}; ids must print as what "
            "they are, remove it"
        )
    mixed = mixed_script_word(nfkc(text))
    if mixed is not None:
        word, scripts = mixed
        usual = _majority(word)
        odd = sorted({describe(ch) for ch in set(word) if script_of(ch) not in (usual, None)})
        return (
            f"mixes scripts in one word ({' and '.join(s.title() for s in scripts)}: "
            f"{', '.join(odd[:3])}); it prints like another id, write it in one script"
        )
    return None


def _majority(word: str) -> str | None:
    counts: dict[str, int] = {}
    for ch, n in Counter(word).items():
        if (s := script_of(ch)) is not None:
            counts[s] = counts.get(s, 0) + n
    return max(sorted(counts), key=lambda s: counts[s]) if counts else None


def skeleton(text: str) -> str:
    """What ``text`` looks like: NFKC, invisible characters dropped, transliterated to ASCII
    (Cyrillic ``і`` is ``i``), spacing folded; case is kept (it shows). Lookalikes share a
    skeleton."""
    if len(text) > _MAX_SKELETON:
        return text  # not a name anyone reads; compared exactly, in bounded time
    visible = "".join(ch for ch in nfkc(text) if not is_invisible(ch))
    return " ".join(anyascii(visible).split())


def near_misses(names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Pairs of different names with one skeleton, each name paired with the first one seen
    (in sorted order, so the answer does not depend on input order)."""
    first: dict[str, str] = {}
    for name in sorted(set(names)):
        key = skeleton(name)
        if not key:
            continue
        if key in first:
            yield first[key], name
        else:
            first[key] = name


__all__ = [
    "describe",
    "id_problem",
    "invisible",
    "is_invisible",
    "mixed_script_word",
    "near_misses",
    "nfkc",
    "script_of",
    "skeleton",
]
