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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen
from rapidfuzz import fuzz, process

from discrepancy.compare.text import fold
from discrepancy.lint.spellings import KINDS, Spelling, Spellings
from discrepancy.units import singular

if TYPE_CHECKING:
    import polars as pl

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


def near_misses(
    spellings: Iterable[Spelling] | Spellings,
    *,
    threshold: float,
    declared: frozenset[str] = frozenset(),
    window: int = WINDOW,
) -> list[NearMiss]:
    """Every near miss among ``spellings`` (objects, or :class:`Spellings` frames), by kind
    then suspect key.

    ``threshold`` is the lowest similarity (0-100) that counts; above 100 only spellings with
    the same loose form count. ``declared`` holds the entity ids of the check.
    """
    import polars as pl

    tables = spellings if isinstance(spellings, Spellings) else Spellings.of(spellings)
    frame = tables.names
    out: list[NearMiss] = []
    present = set(frame["kind"].unique().to_list())
    for kind in sorted(present, key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k)):
        sub = frame.filter(pl.col("kind") == kind)
        uses = tables.uses.filter(pl.col("kind") == kind)
        out.extend(_of_kind(kind, sub, uses, threshold, declared, window))
    return out


def _spelling(sub: pl.DataFrame, k: int, contexts: frozenset[str]) -> Spelling:
    kind, key, text, row, claims, sources = sub.row(k)
    return Spelling(
        kind,
        key,
        text,
        int(row),
        int(claims),
        len(sources),
        contexts,
        frozenset(map(str, sources)),
    )


def _of_kind(
    kind: str,
    sub: pl.DataFrame,
    uses: pl.DataFrame,
    threshold: float,
    declared: frozenset[str],
    window: int,
) -> list[NearMiss]:
    keys: list[str] = sub["key"].to_list()
    names = keys if kind != "unit" else sub["text"].to_list()
    forms_of, words_of = loose_words(names)
    n_sources = sub["sources"].list.len().to_numpy()
    claims = sub["claims"].to_numpy()
    # rank: 0 is the most used spelling (more sources, more claims, then the key)
    order = sorted(range(len(keys)), key=lambda k: (-int(n_sources[k]), -int(claims[k]), keys[k]))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(keys))
    blocks: dict[str, list[int]] = defaultdict(list)
    for k in order:
        blocks[forms_of[k]].append(k)
    # candidate pairs (index, index, score); contexts are read for their names only
    scored: list[tuple[int, int, float]] = []
    # one loose form: every spelling against the most used one
    for block in blocks.values():
        scored.extend((block[0], other, 100.0) for other in block[1:])

    if threshold <= 100 and len(blocks) > 1:
        forms = sorted(blocks)
        skeleton_ids: dict[str, int] = {}
        sk = np.array(
            [skeleton_ids.setdefault(_DIGITS.sub("#", f), len(skeleton_ids)) for f in forms]
        )
        family = np.bincount(sk)
        # a numbered series (event-1, event-2, ...: one pattern, 3+ names) is not a typo
        series = np.where(family[sk] > 2, sk, -1)
        words = [words_of[blocks[f][0]] for f in forms]
        pairs = _candidates(forms, words, window, series)
        if pairs.size:
            left = [forms[a] for a in pairs[:, 0].tolist()]
            right = [forms[b] for b in pairs[:, 1].tolist()]
            scores = process.cpdist(
                left, right, scorer=fuzz.ratio, score_cutoff=threshold, workers=1
            )
            for k in np.flatnonzero(scores >= max(threshold, 1e-9)).tolist():
                a, b = int(pairs[k, 0]), int(pairs[k, 1])
                scored.append(
                    (blocks[forms[a]][0], blocks[forms[b]][0], round(float(scores[k]), 1))
                )
    if not scored:
        return []
    import polars as pl

    involved = sorted({keys[k] for a, b, _ in scored for k in (a, b)})
    ctx: dict[str, set[str]] = defaultdict(set)
    for key, context in (
        uses.filter(pl.col("key").is_in(involved)).select("key", "context").iter_rows()
    ):
        ctx[key].add(context)
    found: dict[tuple[str, str], NearMiss] = {}
    for a, b, score in scored:
        if keys[a] in declared and keys[b] in declared:
            continue
        shared = ctx[keys[a]] & ctx[keys[b]]
        if not shared:
            continue
        usual, suspect = (a, b) if rank[a] < rank[b] else (b, a)
        pair = (keys[suspect], keys[usual])
        if pair not in found:
            found[pair] = NearMiss(
                kind,
                _spelling(sub, suspect, frozenset(ctx[keys[suspect]])),
                _spelling(sub, usual, frozenset(ctx[keys[usual]])),
                min(shared),
                score,
            )
    return sorted(found.values(), key=lambda m: (m.suspect.key, m.usual.key))


def loose_words(texts: Sequence[str]) -> tuple[list[str], list[tuple[str, ...]]]:
    """:func:`~discrepancy.lint.spellings.loose` of each text, and its words (folded,
    singular); printable ASCII texts in one vectorised polars pass, others one by one."""
    import polars as pl

    series = pl.Series(texts, dtype=pl.String)
    plain = series.str.contains(r"^[ -~]*$").fill_null(False).to_numpy()
    words_col = (
        series.str.to_lowercase()
        .str.extract_all(r"[a-z0-9]+")
        .list.eval(
            pl.element()
            .str.replace(r"^(.{2,})ies$", "${1}y")
            .str.replace(r"^(.{2,}[^sui])s$", "${1}")
        )
    )
    words: list[tuple[str, ...]] = []
    forms: list[str] = []
    for k, ws in enumerate(words_col.to_list()):
        if not plain[k]:
            ws = [singular(w) for w in _WORD.findall(fold(texts[k]))]
        words.append(tuple(ws or ()))
        forms.append("".join(ws or ()))
    return forms, words


def _candidates(
    forms: list[str], words: list[tuple[str, ...]], window: int, series: np.ndarray
) -> np.ndarray:
    """Pairs (a < b, rows of an ``(m, 2)`` array) of indexes of ``forms`` (sorted) that are
    within ``window`` places of each other in some sorted order: of the forms, of the
    reversed forms, and, among the names that share a word at the same place, of the rest of
    their words (forwards and reversed), so that a typo at a word boundary still meets its
    spelling. ``series`` codes each form's numbered series (-1: none); pairs of one series
    are left out."""
    orders: list[np.ndarray] = []
    n = len(forms)
    orders.append(np.arange(n, dtype=np.int64))
    orders.append(np.array(sorted(range(n), key=lambda k: forms[k][::-1]), dtype=np.int64))
    shared: dict[tuple[int, str], list[int]] = defaultdict(list)
    for k, ws in enumerate(words):
        if len(ws) > 1:
            for at, w in enumerate(ws):
                shared[(at, w)].append(k)
    for (at, _), members in shared.items():
        if len(members) < 2:
            continue
        if len(members) > 2 and all(
            w.isdigit() for k in members for i, w in enumerate(words[k]) if i != at
        ):
            continue  # name + number: one numbered series, never a typo of each other
        rest = {k: "".join(words[k][:at] + words[k][at + 1 :]) for k in members}
        orders.append(np.array(sorted(members, key=lambda k: rest[k]), dtype=np.int64))
        orders.append(np.array(sorted(members, key=lambda k: rest[k][::-1]), dtype=np.int64))
    codes: list[np.ndarray] = []
    for order in orders:
        for step in range(1, min(window, order.shape[0] - 1) + 1):
            a, b = order[:-step], order[step:]
            keep = (series[a] < 0) | (series[a] != series[b])
            a, b = a[keep], b[keep]
            codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    flat = np.sort(np.concatenate(codes))
    unique = flat[np.r_[True, flat[1:] != flat[:-1]]] if flat.size else flat
    return np.stack([unique // n, unique % n], axis=1)


__all__ = ["WINDOW", "NearMiss", "loose_words", "near_misses"]
