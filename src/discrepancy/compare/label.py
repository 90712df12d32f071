"""Label verdicts: equal after normalisation (case, spacing, transliteration) and entity
aliases -> agree, else conflict (no magnitude; every conflict is major)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from discrepancy.compare.result import AGREE, CONFLICT, Comparison
from discrepancy.compare.text import EntityIndex


def equality_verdicts(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> Comparison:
    """agree where ``codes[i] == codes[j]``, else a major conflict without magnitude."""
    verdict = np.where(codes[i] == codes[j], AGREE, CONFLICT)
    return Comparison(verdict, np.full(len(i), np.nan), verdict == CONFLICT)


def label_codes(texts: Sequence[str], entities: EntityIndex) -> np.ndarray:
    """One integer per distinct canonical label."""
    canon = [entities.canonical(t) for t in texts]
    _, codes = np.unique(np.array(canon, dtype=object), return_inverse=True)
    return np.asarray(codes, dtype=np.int64).reshape(-1)


__all__ = ["equality_verdicts", "label_codes"]
