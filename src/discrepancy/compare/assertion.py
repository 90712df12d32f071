"""Assertion verdicts: the same yes/no -> agree, else a major conflict."""

from __future__ import annotations

import numpy as np

from discrepancy.compare.label import equality_verdicts
from discrepancy.compare.result import Comparison


def assertion_verdicts(values: np.ndarray, i: np.ndarray, j: np.ndarray) -> Comparison:
    """Verdicts of pairs of boolean assertions."""
    return equality_verdicts(np.asarray(values, dtype=np.int8), i, j)


__all__ = ["assertion_verdicts"]
