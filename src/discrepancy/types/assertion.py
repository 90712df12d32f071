"""The built-in ``assertion`` type: yes or no (true/false, confirmed/denied, ...).

Parsing: :func:`discrepancy.values.parse_assertion`; pair verdicts:
:mod:`discrepancy.compare.assertion`; consensus: one of two values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.assertion import assertion_verdicts
from discrepancy.types.protocol import BaseType, values_of
from discrepancy.values import Assertion, parse_assertion

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.compare.text import EntityIndex
    from discrepancy.config import Config
    from discrepancy.groups import Group


class AssertionType(BaseType):
    """The built-in ``assertion`` claim type."""

    name = "assertion"
    plural = "assertions"
    tie_rank = 3

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Assertion:
        return parse_assertion(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        values = values_of(group, Assertion, "assertion")
        flags = np.array([bool(v.value) for v in values], dtype=np.bool_)
        return assertion_verdicts(flags, i, j)

    def consensus_key(
        self, value: Any, members: Sequence[str] | None, entities: EntityIndex | None
    ) -> Hashable:
        return ("assertion", bool(value.value))

    def consensus_value(self, value: Any) -> tuple[str, float | str | bool | None]:
        """``"true"``/``"false"``, with the truth value as ``best``."""
        return ("true" if value.value else "false"), bool(value.value)

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        return text(norm.get("assertion")) if "assertion" in norm else None


__all__ = ["AssertionType"]
