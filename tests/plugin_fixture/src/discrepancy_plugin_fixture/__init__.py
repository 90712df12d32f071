"""Third-party rules (X101, X102) and a claim type (``word``) used by discrepancy's plugin
tests: the example of docs/types.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import ClassVar

import numpy as np
from attrs import frozen

from discrepancy.compare.result import Comparison
from discrepancy.config import Config
from discrepancy.errors import ValueParseError
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group
from discrepancy.rules.finding import claim_finding, group_finding
from discrepancy.values import Quantity
from discrepancy.verdict import Level, Verdict


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
    """Words compared by their first letter only (case-blind).

    ``name``, ``parse`` and ``compare`` are what a type must give; ``consensus_key`` and
    ``show`` are optional hooks (see ``discrepancy.types.protocol.BaseType``)."""

    name = "word"

    def parse(self, raw: object, *, published: dt.date | None = None, approx: float = 0.05) -> Word:
        text = str(raw).strip()
        if not text or " " in text:
            raise ValueParseError(f"cannot read {raw!r} as a word", hint="write one word")
        return Word(text)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        first = np.array([_initial(c.value) for c in group.claims])
        verdict = np.where(first[i] == first[j], 0, 3)
        return Comparison(verdict, np.full(len(i), np.nan), verdict == 3)

    def consensus_key(self, value: Word, members: object, entities: object) -> tuple[str, str]:
        """Words with the same initial are one value for consensus, as they agree."""
        return ("word", _initial(value))

    def show(
        self,
        norm: Mapping[str, object],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        return f"«{text(norm['word'])}»" if "word" in norm else None


def _initial(value: object) -> str:
    return str(getattr(value, "text", ""))[:1].casefold()


def words_differ(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """X102 words with different initials

    What: two claims of type ``word`` on one fact start with different letters.
    Why: the example plugin type's own conflict rule.
    Example: "apple" vs "pear" -> error.
    Configuration: none.
    """
    if (group.verdict == 3).any():
        yield group_finding(
            group, rule="X102", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )


words_differ.type = "word"  # type: ignore[attr-defined]
words_differ.level = "error"  # type: ignore[attr-defined]
