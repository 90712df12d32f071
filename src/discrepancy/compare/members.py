"""Set verdicts: align the members each claim names, then compare membership vectors.

Alignment gives every written member a canonical key: the id of the entity it names (through
names and aliases, after transliteration and case folding, so ``Хабаровск`` is ``Khabarovsk``),
else its folded text. The remaining spellings are merged by fuzzy similarity
(``rapidfuzz.fuzz.ratio`` >= ``set.fuzzy-threshold``, one ``process.cdist`` over the distinct
keys, then connected components); two different entities are never merged. A name written
"Last, First" is also compared in written order (``Koenig, Andrew`` is ``Andrew Koenig``).

agree: the same members; conflict: a list claimed complete lacks a member the other names
(either side); partial: otherwise. Magnitude: 1 - Jaccard.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from discrepancy.compare.result import AGREE, CONFLICT, PARTIAL, Comparison
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.values import MemberSet

#: the similarity used to merge spellings (symmetric, so one triangle of cdist is enough)
SCORER = fuzz.ratio

#: "koenig, andrew": one comma between two parts, as bibliographies write names
_LAST_FIRST = re.compile(r"^([^,]+),\s*([^,]+)$")


def written_order(text: str) -> str:
    """A "Last, First" name in written order (``koenig, andrew`` -> ``andrew koenig``);
    other text as it is."""
    m = _LAST_FIRST.match(text)
    return f"{m.group(2).strip()} {m.group(1).strip()}" if m else text


class _UnionFind:
    """Components of merged spellings, each rooted at its entity, else at its most written
    spelling (ties: the first in content order), so the name a component goes by doesn't
    depend on which list came first."""

    def __init__(self, n: int, locked: Sequence[bool], rank: Sequence[tuple[int, str]]) -> None:
        self.parent = list(range(n))
        self.locked = list(locked)  # roots that are entities: two of them never merge
        self.rank = list(rank)  # smaller is preferred as the root

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (self.locked[ra] and self.locked[rb]):
            return
        if self.locked[rb] or (not self.locked[ra] and self.rank[rb] < self.rank[ra]):
            ra, rb = rb, ra
        self.parent[rb] = ra


def member_keys(
    lists: Sequence[Sequence[str]], entities: EntityIndex
) -> tuple[list[str], list[str], list[bool], list[int]]:
    """Distinct first-pass keys in order of appearance (the id of the entity a member names,
    else its folded text), the text to fuzzy-match for each, whether each is an entity id,
    and how many lists write each."""
    index: dict[str, int] = {}
    texts: list[str] = []
    is_entity: list[bool] = []
    written: list[int] = []
    for members in lists:
        in_list: set[int] = set()
        for m in members:
            ent = entities.entity(m)
            key = ent if ent is not None else fold(m)
            k = index.get(key)
            if k is None:
                k = index[key] = len(texts)
                texts.append(fold(m))
                is_entity.append(ent is not None)
                written.append(0)
            in_list.add(k)
        for k in in_list:
            written[k] += 1
    return list(index), texts, is_entity, written


def similar_pairs(texts: Sequence[str], *, threshold: float) -> np.ndarray:
    """Index pairs ``(a, b)``, ``a < b``, of ``texts`` at least ``threshold`` similar (row order)."""
    if len(texts) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    # float64: in float32 a score of 40.0 passes a threshold of 40.00000000000001
    scores = process.cdist(
        texts, texts, scorer=SCORER, score_cutoff=threshold, dtype=np.float64, workers=1
    )
    turned = [written_order(t) for t in texts]
    if turned != list(texts):  # "Last, First" names: also as written, against either form
        across = process.cdist(
            turned, texts, scorer=SCORER, score_cutoff=threshold, dtype=np.float64, workers=1
        )
        scores = np.maximum(scores, np.maximum(across, across.T))
    upper = np.triu(scores >= max(threshold, 1e-9), k=1)
    return np.argwhere(upper)


def align_spelled(
    lists: Sequence[Sequence[str]], entities: EntityIndex, *, threshold: float
) -> list[dict[str, str]]:
    """For each list: canonical member -> its first spelling in that list, in written order."""
    keys, texts, is_entity, written = member_keys(lists, entities)
    uf = _UnionFind(len(keys), is_entity, [(-n, k) for n, k in zip(written, keys, strict=True)])
    for a, b in similar_pairs(texts, threshold=threshold).tolist():
        uf.union(a, b)
    canon = {k: keys[uf.find(n)] for n, k in enumerate(keys)}
    out: list[dict[str, str]] = []
    for members in lists:
        aligned: dict[str, str] = {}
        for m in members:
            ent = entities.entity(m)
            aligned.setdefault(canon[ent if ent is not None else fold(m)], m)
        out.append(aligned)
    return out


def align(
    lists: Sequence[Sequence[str]], entities: EntityIndex, *, threshold: float
) -> list[tuple[str, ...]]:
    """The canonical members of each list, in the order written, without duplicates."""
    return [tuple(d) for d in align_spelled(lists, entities, threshold=threshold)]


def set_verdicts(
    incidence: np.ndarray,
    complete: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    *,
    major_distance: float,
) -> Comparison:
    """Verdicts of pairs of claims given as rows of a claims x members boolean matrix."""
    a, b = incidence[i], incidence[j]
    only_a = (a & ~b).sum(axis=1)
    only_b = (b & ~a).sum(axis=1)
    inter = (a & b).sum(axis=1)
    union = inter + only_a + only_b
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.where(union > 0, 1.0 - inter / np.where(union > 0, union, 1), 0.0)
    contradicted = (complete[i] & (only_b > 0)) | (complete[j] & (only_a > 0))
    agree = (only_a == 0) & (only_b == 0)
    verdict = np.where(agree, AGREE, np.where(contradicted, CONFLICT, PARTIAL))
    major = (verdict >= PARTIAL) & (distance >= major_distance)
    return Comparison(verdict, distance, major)


def differences(
    shown: Sequence[Mapping[str, str]], i: np.ndarray, j: np.ndarray
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """For each pair: the spellings of the members only ``shown[i]`` names, and those only
    ``shown[j]`` names (``shown``: :func:`align_spelled` of the group)."""
    only_a: list[tuple[str, ...]] = []
    only_b: list[tuple[str, ...]] = []
    for a, b in zip(i.tolist(), j.tolist(), strict=True):  # output objects only
        sa, sb = shown[a], shown[b]
        only_a.append(tuple(name for m, name in sa.items() if m not in sb))
        only_b.append(tuple(name for m, name in sb.items() if m not in sa))
    return tuple(only_a), tuple(only_b)


def incidence_matrix(aligned: Sequence[Sequence[str]]) -> np.ndarray:
    """The claims x members boolean matrix of aligned member lists (members in order of
    first appearance)."""
    index: dict[str, int] = {}
    for members in aligned:
        for m in members:
            index.setdefault(m, len(index))
    incidence = np.zeros((len(aligned), len(index)), dtype=bool)
    for row, members in enumerate(aligned):
        incidence[row, [index[m] for m in members]] = True
    return incidence


def compare_member_sets(
    values: Sequence[MemberSet],
    i: np.ndarray,
    j: np.ndarray,
    *,
    entities: EntityIndex,
    threshold: float,
    major_distance: float,
) -> Comparison:
    """Align, compare, and name what each side of a disagreeing pair has that the other lacks."""
    lists = [v.members for v in values]
    shown = align_spelled(lists, entities, threshold=threshold)
    aligned = [tuple(d) for d in shown]
    complete = np.fromiter((v.complete for v in values), dtype=bool, count=len(values))
    result = set_verdicts(incidence_matrix(aligned), complete, i, j, major_distance=major_distance)
    only_a, only_b = differences(shown, i, j)
    return Comparison(
        result.verdict,
        result.magnitude,
        result.major,
        only_a=only_a,
        only_b=only_b,
        members=tuple(aligned),
    )


__all__ = [
    "SCORER",
    "align",
    "align_spelled",
    "compare_member_sets",
    "differences",
    "incidence_matrix",
    "set_verdicts",
    "similar_pairs",
    "written_order",
]
