"""Verdicts on pairs of claims, severities of conflicts, and report levels."""

from __future__ import annotations

import enum


class Verdict(enum.StrEnum):
    """How two comparable claims relate. Ordered from best to worst."""

    #: Same best value, same interval, same members, or equal labels.
    AGREE = "agree"
    #: Intervals overlap, or one date interval contains the other.
    COMPATIBLE = "compatible"
    #: Member lists differ but no list claimed complete is contradicted.
    PARTIAL = "partial"
    #: The claims cannot both hold.
    CONFLICT = "conflict"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]

    @property
    def consistent(self) -> bool:
        """True for agree and compatible: the pair counts as agreement."""
        return self in (Verdict.AGREE, Verdict.COMPATIBLE)


_VERDICT_RANK = {Verdict.AGREE: 0, Verdict.COMPATIBLE: 1, Verdict.PARTIAL: 2, Verdict.CONFLICT: 3}


class Severity(enum.StrEnum):
    """How big a disagreeing pair is, by the type's configurable threshold."""

    MINOR = "minor"
    MAJOR = "major"


class Level(enum.StrEnum):
    """How a finding is reported. ``fail-on`` compares against this; ``info`` notes never
    fail a check."""

    #: A note worth knowing (a fact only one source states); never fails a check.
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.ERROR: 2}
