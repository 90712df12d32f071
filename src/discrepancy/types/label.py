"""The built-in ``label`` type: a name or a word, equal after normalisation and entity
aliases (any text that is no other type).

Parsing: :func:`discrepancy.values.parse_label`; pair verdicts:
:mod:`discrepancy.compare.label`; consensus: one value per canonical label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from discrepancy.compare.label import equality_verdicts, label_codes
from discrepancy.types.protocol import BaseType
from discrepancy.values import Label, parse_label

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.compare.text import EntityIndex
    from discrepancy.config import Config
    from discrepancy.groups import Group


def _label_text(value: Any) -> str:
    return str(value.text) if hasattr(value, "text") else str(value.render())


class LabelType(BaseType):
    """The built-in ``label`` claim type."""

    name = "label"
    plural = "labels"
    tie_rank = 4  # last: any text reads as a label

    def parse(
        self, raw: object, *, published: dt.date | None = None, approx: float = 0.05
    ) -> Label:
        return parse_label(raw)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        texts = [
            c.value.text if isinstance(c.value, Label) else c.value.render() for c in group.claims
        ]
        return equality_verdicts(label_codes(texts, group.entities), i, j)

    def consensus_key(
        self, value: Any, members: Sequence[str] | None, entities: EntityIndex | None
    ) -> Hashable:
        """The canonical label through ``entities`` (aliases, transliteration, case), else
        the case-folded text."""
        text = _label_text(value)
        return (
            "label",
            entities.canonical(text) if entities else " ".join(text.casefold().split()),
        )

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        return text(norm.get("label")) if "label" in norm else None


__all__ = ["LabelType"]
