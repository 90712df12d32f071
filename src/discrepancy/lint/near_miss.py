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
    import polars as pl

    keys: list[str] = sub["key"].to_list()
    forms_of, words_of = loose_word_lists(sub["key"] if kind != "unit" else sub["text"])
    # rank: 0 is the most used spelling (more sources, more claims, then the key)
    order = (
        pl.DataFrame({"n": sub["sources"].list.len(), "c": sub["claims"], "key": sub["key"]})
        .select(pl.arg_sort_by(["n", "c", "key"], descending=[True, True, False]))
        .to_series()
        .to_numpy()
        .astype(np.int64)
    )
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))
    # one block per loose form (sorted), its spellings by rank: the first is the most used
    blocks = (
        pl.DataFrame({"form": forms_of.gather(order), "k": order})
        .group_by("form")
        .agg(pl.col("k"))
        .sort("form")
    )
    heads = blocks["k"].list.first().to_numpy().astype(np.int64)
    # candidate pairs (index, index, score); contexts are read for their names only
    # one loose form: every spelling against the most used one
    same = (
        blocks.select(a=pl.col("k").list.first(), b=pl.col("k").list.slice(1))
        .explode("b")
        .drop_nulls()
    )
    lefts = [same["a"].to_numpy().astype(np.int64)]
    rights = [same["b"].to_numpy().astype(np.int64)]
    scores_of = [np.full(same.height, 100.0)]

    if threshold <= 100 and blocks.height > 1:
        forms = blocks["form"]
        # a numbered series (event-1, event-2, ...: one pattern, 3+ names) is not a typo
        series = (
            forms.str.replace_all(r"[0-9]+", "#")
            .to_frame("skeleton")
            .select(
                pl.when(pl.len().over("skeleton") > 2)
                .then(pl.col("skeleton").rank("dense").cast(pl.Int64))
                .otherwise(-1)
            )
            .to_series()
            .to_numpy()
        )
        pairs = _candidates(forms, words_of.gather(heads), window, series)
        if pairs.size:
            form_list = forms.to_list()
            left = [form_list[a] for a in pairs[:, 0].tolist()]
            right = [form_list[b] for b in pairs[:, 1].tolist()]
            scores = process.cpdist(
                left, right, scorer=fuzz.ratio, score_cutoff=threshold, workers=1
            )
            hit = np.flatnonzero(scores >= max(threshold, 1e-9))
            lefts.append(heads[pairs[hit, 0]])
            rights.append(heads[pairs[hit, 1]])
            scores_of.append(np.array([round(float(x), 1) for x in scores[hit].tolist()]))
    scored = list(
        zip(
            np.concatenate(lefts).tolist(),
            np.concatenate(rights).tolist(),
            np.concatenate(scores_of).tolist(),
            strict=True,
        )
    )
    if not scored:
        return []
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

    forms, words = loose_word_lists(pl.Series(list(texts), dtype=pl.String))
    return forms.to_list(), [tuple(ws) for ws in words.to_list()]


def loose_word_lists(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """:func:`loose_words` as series: the loose form of each text, and its words as a list;
    printable ASCII texts vectorised, others through :func:`fold` one by one."""
    import polars as pl

    series = texts.cast(pl.String)
    plain = series.str.contains(r"^[ -~]*$").fill_null(False)
    words_col = (
        series.str.to_lowercase()
        .str.extract_all(r"[a-z0-9]+")
        .list.eval(
            pl.element()
            .str.replace(r"^(.{2,})ies$", "${1}y")
            .str.replace(r"^(.{2,}[^sui])s$", "${1}")
        )
    )
    if not plain.all():
        listed = words_col.to_list()
        for k in np.flatnonzero(~plain.to_numpy()).tolist():
            listed[k] = [singular(w) for w in _WORD.findall(fold(series[k]))]
        words_col = pl.Series(listed, dtype=pl.List(pl.String))
    words_col = words_col.fill_null([])
    return words_col.list.join(""), words_col


def _candidates(forms: pl.Series, words: pl.Series, window: int, series: np.ndarray) -> np.ndarray:
    """Pairs (a < b, rows of an ``(m, 2)`` array) of indexes of ``forms`` (sorted, distinct)
    that are within ``window`` places of each other in some sorted order: of the forms, of
    the reversed forms, and, among the names that share a word at the same place, of the
    rest of their words (forwards and reversed), so that a typo at a word boundary still
    meets its spelling. ``words`` are each form's words. ``series`` codes each form's
    numbered series (-1: none); pairs of one series are left out."""
    import polars as pl

    n = forms.len()
    if n and int(series.min()) >= 0 and int(series.min()) == int(series.max()):
        # every form is of one numbered series (fact-1, fact-2, ...): no pair can count
        return np.zeros((0, 2), dtype=np.int64)
    # (order, block) pieces: pairs are taken within a block of an order
    orders: list[tuple[np.ndarray, np.ndarray]] = []
    one = np.zeros(n, dtype=np.int64)
    orders.append((np.arange(n, dtype=np.int64), one))
    orders.append((forms.str.reverse().arg_sort().to_numpy().astype(np.int64), one))
    placed = (
        pl.DataFrame({"k": np.arange(n, dtype=np.int64), "w": words, "form": forms})
        .with_columns(size=pl.col("w").list.len())
        .filter(pl.col("size") > 1)
        .with_columns(at=pl.int_ranges(0, pl.col("size")))
        .explode("w", "at")
        .with_columns(
            digits=pl.col("w").str.contains(r"^[0-9]+$"),
            width=pl.col("w").str.len_chars(),
        )
        .with_columns(
            start=pl.col("width").cum_sum().over("k") - pl.col("width"),
            # every other word of this name is a number
            numbered=(pl.col("digits").sum().over("k") - pl.col("digits").cast(pl.Int64))
            == pl.col("size") - 1,
        )
        .with_columns(
            members=pl.len().over("at", "w"),
            series=pl.col("numbered").all().over("at", "w"),
        )
        # name + number: one numbered series, never a typo of each other
        .filter((pl.col("members") >= 2) & ~((pl.col("members") > 2) & pl.col("series")))
    )
    if placed.height:
        placed = placed.with_columns(
            rest=pl.col("form").str.slice(0, pl.col("start"))
            + pl.col("form").str.slice(pl.col("start") + pl.col("width"))
        ).with_columns(back=pl.col("rest").str.reverse())
        for by in ("rest", "back"):
            ordered = placed.sort(["at", "w", by, "k"])
            block = (
                ordered.select(
                    (
                        (pl.col("at") != pl.col("at").shift(1))
                        | (pl.col("w") != pl.col("w").shift(1))
                    )
                    .fill_null(True)
                    .cum_sum()
                )
                .to_series()
                .to_numpy()
            )
            orders.append((ordered["k"].to_numpy().astype(np.int64), block.astype(np.int64)))
    codes: list[np.ndarray] = []
    for order, block in orders:
        for step in range(1, min(window, order.shape[0] - 1) + 1):
            a, b = order[:-step], order[step:]
            keep = (block[:-step] == block[step:]) & ((series[a] < 0) | (series[a] != series[b]))
            a, b = a[keep], b[keep]
            codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    flat = np.sort(np.concatenate(codes))
    unique = flat[np.r_[True, flat[1:] != flat[:-1]]] if flat.size else flat
    return np.stack([unique // n, unique % n], axis=1)


__all__ = ["WINDOW", "NearMiss", "loose_word_lists", "loose_words", "near_misses"]
