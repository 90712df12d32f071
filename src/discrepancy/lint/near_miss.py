"""Near-miss names: two spellings of one kind that are almost the same, and split a fact.

Two spellings (see :mod:`.spellings`) are a near miss when they share a context (for
subjects, a property both are used with; for properties, a subject; for units and scope keys,
a subject/property; for scope values, a subject/property/key; speakers always) and either

- read the same once case, transliteration, punctuation, spacing and plurals are taken out
  (``death`` / ``deaths``, ``Zelenskyy`` / ``zelenskyy``), or
- are similar by edit distance: rapidfuzz's normalised Indel similarity (``fuzz.ratio``, 0-100)
  of those loose forms is at least ``threshold`` (``peple`` / ``people``: 91).

Candidates come from blocking, never from all pairs: spellings with one loose form are one
block, and the edit-distance candidates are the ``window`` nearest neighbours in the sorted
list of loose forms and in the sorted list of reversed loose forms (the sorted-neighbourhood
method: a typo keeps either its prefix or its suffix next to the right spelling). That is
``O(n log n)`` for ``n`` distinct names.

Two spellings that differ only in their digits (``event-1`` / ``event-2``) are a numbered
series, not a typo, unless they are the only two of their pattern (``vardar-flood-2024`` /
``vardar-flood-2025``). Two names that are both declared entities are distinct on purpose.
The spelling fewer sources (then fewer claims) use is the *suspect*; the answer does not depend
on the order of claims or on source names.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from attrs import frozen
from rapidfuzz.distance import Indel

from discrepancy.lint.spellings import KINDS, Spelling, loose

#: How many neighbours each loose form is compared with in each sorted order.
WINDOW = 8
_DIGITS = re.compile(r"\d+")


@frozen
class NearMiss:
    """Two spellings of one kind that probably name the same thing."""

    kind: str
    #: the less used spelling (the likely typo)
    suspect: Spelling
    #: the more used spelling
    usual: Spelling
    #: a context both are used in (the smallest, for a stable message)
    context: str
    #: similarity 0-100 of the loose forms (100: the same once case/plural/... are ignored)
    score: float


def _weight(s: Spelling) -> tuple[int, int, str]:
    """More sources, then more claims, then the key: the order of 'more usual'."""
    return (-s.sources, -s.claims, s.key)


def near_misses(
    spellings: Iterable[Spelling],
    *,
    threshold: float,
    declared: frozenset[str] = frozenset(),
    window: int = WINDOW,
) -> list[NearMiss]:
    """Every near miss among ``spellings``, by kind then suspect key.

    ``threshold`` is the lowest similarity (0-100) that counts; above 100 only spellings with
    the same loose form count. ``declared`` holds the entity ids of the check.
    """
    by_kind: dict[str, list[Spelling]] = defaultdict(list)
    for s in spellings:
        by_kind[s.kind].append(s)
    out: list[NearMiss] = []
    for kind in sorted(by_kind, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k)):
        out.extend(_of_kind(kind, by_kind[kind], threshold, declared, window))
    return out


def _of_kind(
    kind: str,
    items: Sequence[Spelling],
    threshold: float,
    declared: frozenset[str],
    window: int,
) -> list[NearMiss]:
    blocks: dict[str, list[Spelling]] = defaultdict(list)
    for s in items:
        blocks[loose(s.key if kind != "unit" else s.text)].append(s)
    for block in blocks.values():
        block.sort(key=_weight)
    found: dict[tuple[str, str], NearMiss] = {}

    def consider(a: Spelling, b: Spelling, score: float) -> None:
        if a.key == b.key or (a.key in declared and b.key in declared):
            return
        shared = a.contexts & b.contexts
        if not shared:
            return
        usual, suspect = sorted((a, b), key=_weight)
        pair = (suspect.key, usual.key)
        if pair not in found:
            found[pair] = NearMiss(kind, suspect, usual, min(shared), score)

    # one loose form: every spelling against the most used one
    for block in blocks.values():
        for other in block[1:]:
            consider(block[0], other, 100.0)

    if threshold <= 100 and len(blocks) > 1:
        forms = sorted(blocks)
        family = Counter(_DIGITS.sub("#", f) for f in forms)
        for a, b in _neighbours(forms, window):
            if _DIGITS.sub("#", a) == _DIGITS.sub("#", b) and family[_DIGITS.sub("#", a)] > 2:
                continue  # a numbered series (event-1, event-2, ...), not a typo
            score = Indel.normalized_similarity(a, b, score_cutoff=threshold / 100) * 100
            if score and score >= threshold:
                consider(blocks[a][0], blocks[b][0], round(score, 1))
    return sorted(found.values(), key=lambda m: (m.suspect.key, m.usual.key))


def _neighbours(forms: list[str], window: int) -> set[tuple[str, str]]:
    """Pairs (a < b) of forms within ``window`` places of each other, sorted forwards or by
    their reversed text."""
    pairs: set[tuple[str, str]] = set()
    backwards = sorted(forms, key=lambda f: f[::-1])
    for order in (forms, backwards):
        for k, a in enumerate(order):
            for b in order[k + 1 : k + 1 + window]:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


__all__ = ["WINDOW", "NearMiss", "near_misses"]
