"""Rules on label groups (categories)."""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.compare.result import CONFLICT
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup
from discrepancy.rules.finding import group_finding
from discrepancy.verdict import Level, Verdict


def labels_differ(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """L001 labels differ

    What: two comparable labels (categories) that differ after normalisation: case, spacing,
    transliteration and entity aliases are ignored.
    Why: "special forces" and "regular infantry" describe different things; one source is
    wrong, or the claims are about different groups and need a scope.
    Example: insider "special forces" vs moscow-times "infantry" -> conflict (major).
    Configuration: none; define entities with aliases to make spellings equal.
    """
    if (group.verdict == CONFLICT).any():  # groups of its type only (its registry line)
        yield group_finding(
            group, rule="L001", level=Level.ERROR, verdict=Verdict.CONFLICT, config=config
        )
