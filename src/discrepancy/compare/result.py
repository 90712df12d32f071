"""What a type's pairwise comparison returns: one entry per comparable pair of a group."""

from __future__ import annotations

import numpy as np
from attrs import field, frozen


def _int8(a: object) -> np.ndarray:
    return np.asarray(a, dtype=np.int8)


def _float(a: object) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def _bool(a: object) -> np.ndarray:
    return np.asarray(a, dtype=bool)


@frozen
class Comparison:
    """Verdict codes (:attr:`Verdict.rank`: 0 agree, 1 compatible, 2 partial, 3 conflict),
    magnitudes (NaN when the type has none) and the major flag, aligned with the pairs ``i, j``.

    Sets also give ``only_a``/``only_b`` (display names per pair) and ``members`` (the aligned
    canonical members of each claim).
    """

    verdict: np.ndarray = field(converter=_int8, eq=False)
    magnitude: np.ndarray = field(converter=_float, eq=False)
    major: np.ndarray = field(converter=_bool, eq=False)
    only_a: tuple[tuple[str, ...], ...] = ()
    only_b: tuple[tuple[str, ...], ...] = ()
    members: tuple[tuple[str, ...], ...] | None = None


#: verdict codes, equal to ``Verdict.rank``
AGREE, COMPATIBLE, PARTIAL, CONFLICT = 0, 1, 2, 3

__all__ = ["AGREE", "COMPATIBLE", "CONFLICT", "PARTIAL", "Comparison"]
