"""Assertion verdicts: the same yes/no -> agree, else a major conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.label import equality_verdicts
from discrepancy.compare.result import Comparison
from discrepancy.values import Assertion

if TYPE_CHECKING:
    import datetime as dt

    from discrepancy.config import Config
    from discrepancy.groups import Group


def assertion_verdicts(values: np.ndarray, i: np.ndarray, j: np.ndarray) -> Comparison:
    """Verdicts of pairs of boolean assertions."""
    return equality_verdicts(np.asarray(values, dtype=np.int8), i, j)


class AssertionType:
    """The built-in ``assertion`` claim type."""

    name = "assertion"

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Assertion:
        from discrepancy.values import parse_assertion

        return parse_assertion(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = [c.value for c in group.claims]
        if not all(isinstance(v, Assertion) for v in values):
            msg = f"assertion group {group.subject}/{group.property} holds non-assertion values"
            raise TypeError(msg)
        flags = np.array([bool(v.value) for v in values], dtype=np.bool_)  # type: ignore[union-attr]
        return assertion_verdicts(flags, i, j)


__all__ = ["AssertionType", "assertion_verdicts"]
