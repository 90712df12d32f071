"""A third-party rule (X101) and claim type (``word``) used by discrepancy's plugin tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

import numpy as np
from attrs import frozen

from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group
from discrepancy.rules.finding import claim_finding
from discrepancy.values import Quantity
from discrepancy.verdict import Level


def round_numbers(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """X101 suspiciously round number

    What: a quantity whose best value is a multiple of 10,000.
    Why: round numbers are often estimates passed along as counts.
    Example: "10,000" -> warning.
    Configuration: none.
    """
    for claim in group.claims:
        if (
            isinstance(claim.value, Quantity)
            and claim.value.best
            and claim.value.best % 10_000 == 0
        ):
            yield claim_finding(
                group, claim, rule="X101", level=Level.WARNING, message=f"{claim.ref} is round"
            )


round_numbers.type = "quantity"  # type: ignore[attr-defined]


@frozen
class Word:
    kind: ClassVar[str] = "word"
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"word": self.text}

    def render(self) -> str:
        return self.text


class WordType:
    """Words compared by their first letter only."""

    name = "word"

    def parse(self, raw: object, *, published: dt.date | None = None, approx: float = 0.05) -> Word:
        return Word(str(raw))

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        first = np.array([ord(c.value.text[:1] or " ") for c in group.claims])  # type: ignore[union-attr]
        verdict = np.where(first[i] == first[j], 0, 3)
        return Comparison(verdict, np.full(len(i), np.nan), verdict == 3)
