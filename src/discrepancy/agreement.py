"""How far sources agree: a symmetric source x source matrix with the counts it rests on.

The computation lives in :func:`compute_agreement` (agreement helper); this module also holds
the result classes the report carries.
"""

from __future__ import annotations

import numpy as np
from attrs import field, frozen


@frozen
class SourceAgreement:
    """One source's agreement with all others and with the consensus.

    ``share`` is agree-or-compatible pairs / comparable pairs (``None`` when n = 0);
    ``low``/``high`` is its 95 % Wilson interval, so 1/1 is not read like 40/40.
    """

    source: str
    agreed: int
    n: int
    share: float | None
    low: float | None
    high: float | None
    consensus_agreed: int = 0
    consensus_n: int = 0
    consensus_share: float | None = None
    reliability: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "agreed": self.agreed,
            "n": self.n,
            "share": self.share,
            "low": self.low,
            "high": self.high,
            "consensus_agreed": self.consensus_agreed,
            "consensus_n": self.consensus_n,
            "consensus_share": self.consensus_share,
            "reliability": self.reliability,
        }


@frozen
class Agreement:
    """``matrix[i, j]`` is the share of agreeing pairs between ``sources[i]`` and ``sources[j]``
    (NaN where ``n[i, j] == 0``); the diagonal compares a source with itself."""

    sources: tuple[str, ...] = field(converter=tuple)
    matrix: np.ndarray = field(eq=False)
    n: np.ndarray = field(eq=False)
    per_source: tuple[SourceAgreement, ...] = field(default=(), converter=tuple)

    def to_dict(self) -> dict[str, object]:
        matrix = [[None if np.isnan(v) else round(float(v), 6) for v in row] for row in self.matrix]
        return {
            "sources": list(self.sources),
            "matrix": matrix,
            "n": [[int(v) for v in row] for row in self.n],
            "per_source": [s.to_dict() for s in self.per_source],
        }


def empty_agreement() -> Agreement:
    return Agreement((), np.zeros((0, 0)), np.zeros((0, 0), dtype=np.int64))
