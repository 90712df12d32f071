"""Label verdicts: equal after normalisation (case, spacing, transliteration) and entity
aliases -> agree, else conflict (no magnitude; every conflict is major)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.result import AGREE, CONFLICT, Comparison
from discrepancy.compare.text import EntityIndex
from discrepancy.values import Label

if TYPE_CHECKING:
    import datetime as dt

    from discrepancy.config import Config
    from discrepancy.groups import Group


def equality_verdicts(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> Comparison:
    """agree where ``codes[i] == codes[j]``, else a major conflict without magnitude."""
    verdict = np.where(codes[i] == codes[j], AGREE, CONFLICT)
    return Comparison(verdict, np.full(len(i), np.nan), verdict == CONFLICT)


def label_codes(texts: Sequence[str], entities: EntityIndex) -> np.ndarray:
    """One integer per distinct canonical label."""
    canon = [entities.canonical(t) for t in texts]
    _, codes = np.unique(np.array(canon, dtype=object), return_inverse=True)
    return np.asarray(codes, dtype=np.int64).reshape(-1)


class LabelType:
    """The built-in ``label`` claim type."""

    name = "label"

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Label:
        from discrepancy.values import parse_label

        return parse_label(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        texts = [
            c.value.text if isinstance(c.value, Label) else c.value.render() for c in group.claims
        ]
        return equality_verdicts(label_codes(texts, group.entities), i, j)


__all__ = ["LabelType", "equality_verdicts", "label_codes"]
