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
method: a typo keeps either its prefix or its suffix next to the right spelling), and, among
names that share a word at the same place, in the sorted lists of their other words (so that
``sprzb-cnm`` meets ``sprzb-icnm`` among a hundred other ``sprzb-*``). That is
``O(n log n)`` for ``n`` distinct names of a few words each.

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

import numpy as np
from attrs import frozen
from rapidfuzz import fuzz, process

from discrepancy.compare.text import fold
from discrepancy.lint.spellings import KINDS, Spelling, loose
from discrepancy.units import singular

#: How many neighbours each loose form is compared with in each sorted order.
WINDOW = 8
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0-9]+")


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
        skeleton = [_DIGITS.sub("#", f) for f in forms]
        family = Counter(skeleton)
        words = [_words(blocks[f][0].key if kind != "unit" else blocks[f][0].text) for f in forms]
        pairs = _candidates(forms, words, window)
        if pairs.size:
            left = [forms[a] for a in pairs[:, 0].tolist()]
            right = [forms[b] for b in pairs[:, 1].tolist()]
            scores = process.cpdist(
                left, right, scorer=fuzz.ratio, score_cutoff=threshold, workers=1
            )
            for k in np.flatnonzero(scores >= max(threshold, 1e-9)).tolist():
                a, b = int(pairs[k, 0]), int(pairs[k, 1])
                if skeleton[a] == skeleton[b] and family[skeleton[a]] > 2:
                    continue  # a numbered series (event-1, event-2, ...), not a typo
                consider(blocks[forms[a]][0], blocks[forms[b]][0], round(float(scores[k]), 1))
    return sorted(found.values(), key=lambda m: (m.suspect.key, m.usual.key))


def _words(text: str) -> tuple[str, ...]:
    return tuple(singular(w) for w in _WORD.findall(fold(text)))


def _candidates(forms: list[str], words: list[tuple[str, ...]], window: int) -> np.ndarray:
    """Pairs (a < b, rows of an ``(m, 2)`` array) of indexes of ``forms`` (sorted) that are within ``window`` places of
    each other in some sorted order: of the forms, of the reversed forms, and, among the names
    that share a word at the same place, of the rest of their words (forwards and reversed),
    so that a typo at a word boundary still meets its spelling."""
    orders: list[np.ndarray] = []
    everyone = list(range(len(forms)))
    orders.append(np.arange(len(forms), dtype=np.int64))
    orders.append(np.array(sorted(everyone, key=lambda k: forms[k][::-1]), dtype=np.int64))
    shared: dict[tuple[int, str], list[int]] = defaultdict(list)
    for k, ws in enumerate(words):
        if len(ws) > 1:
            for at, w in enumerate(ws):
                shared[(at, w)].append(k)
    for (at, _), members in shared.items():
        if len(members) < 2:
            continue
        rest = {k: "".join(words[k][:at] + words[k][at + 1 :]) for k in members}
        orders.append(np.array(sorted(members, key=lambda k: rest[k]), dtype=np.int64))
        orders.append(np.array(sorted(members, key=lambda k: rest[k][::-1]), dtype=np.int64))
    n = len(forms)
    codes: list[np.ndarray] = []
    for order in orders:
        for step in range(1, min(window, order.shape[0] - 1) + 1):
            a, b = order[:-step], order[step:]
            codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    flat = np.sort(np.concatenate(codes))
    unique = flat[np.r_[True, flat[1:] != flat[:-1]]]
    return np.stack([unique // n, unique % n], axis=1)


__all__ = ["WINDOW", "NearMiss", "near_misses"]
