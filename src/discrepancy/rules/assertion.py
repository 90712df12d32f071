"""Rules on assertion groups (yes/no statements)."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.compare.result import CONFLICT
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding
from discrepancy.verdict import Level, Verdict


def assertions_contradict(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """A001 assertions contradict

    What: one source confirms what another denies (true vs false on the same subject and
    property).
    Why: a confirmation and a denial cannot both hold; the finding shows who said which.
    Example: nis "confirmed" vs kremlin "denied" on dprk-troops-russia deployed -> conflict.
    Configuration: none.
    """
    if (group.verdict == CONFLICT).any():  # groups of its type only (its registry line)
        yield group_finding(
            group, rule="A001", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )
