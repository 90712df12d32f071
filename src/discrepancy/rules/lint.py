"""Rules on the whole check rather than on one group: names, lone facts, left-out claims and
ambiguous numbers (codes N, G and V).

They run once per check, over every claim (see :mod:`discrepancy.lint.run`), on claim files
and tables alike. The functions here are their catalogue entries: the docstring is the rule's
documentation, and calling one with a group yields nothing (a group is not their input).
"""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup


def names_nearly_identical(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """N001 near-identical names

    What: two subjects, properties, units, scope keys, scope values or speakers of one check
    that are almost the same and are used on the same fact: equal once case, transliteration,
    punctuation, spacing and plurals are ignored (`death` / `deaths`), or similar by edit
    distance (`peple` / `people`, `vardar-flood-2024` / `vardar-flood-2025`). Names that
    differ only in a number of a series (`event-1`, `event-2`, `event-3`) are not reported,
    nor two names that are both declared entities.
    Why: the claims of the two spellings are grouped as two facts and never compared, so a
    typo makes a check pass while checking less. The message names both spellings, where each
    is first used, and how to merge them: fix the spelling, or declare an alias
    (`entities: {people: {aliases: [peple]}}`); an alias merges subjects, properties, units,
    scope keys and values, and speakers.
    Example: unit 'peple' (b.yaml:9, 1 claim) vs 'people' (a.yaml:9, 3 claims) on
    vardar-flood-2024 deaths -> warning.
    Configuration: names.near-miss-threshold (90): the lowest similarity (0-100, rapidfuzz
    `fuzz.ratio` of the names without case, punctuation and plurals) that counts; above 100
    only names that are equal once those are ignored. CLI: `--near-miss-threshold`. If the
    two names are different things, ignore N001 on one of the two claims the finding lists.
    """
    return iter(())


def fact_single_source(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """N002 fact only one source states

    What: a fact (subject, property and scope) that claims of only one source state, in a
    check of several sources.
    Why: nothing can confirm or contradict it; it may be a scoop, or a fact whose subject or
    property another source spells differently (see N001).
    Example: only yonhap-relay states dprk-munitions-russia artillery-rounds -> info.
    Configuration: none. Info notes never fail a check (`fail-on` is error or warning).
    """
    return iter(())


def claim_not_comparable(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """G001 claim not comparable with its group

    What: a claim left out of the comparison of its fact because its type or unit cannot be
    compared with the other claims' (the group's type and unit are the most common ones, so
    the majority is never the one left out).
    Why: a claim that is not compared cannot conflict, so a gate would pass while checking
    less: `deaths` vs `people`, or `type: label` among numbers.
    Example: insider 'unknown' (type: label) among quantities on flood deaths -> warning;
    unit 'deaths' among 'people' -> warning.
    Configuration: none; give the claims one unit (or convertible ones), or one type.
    """
    return iter(())


def thousands_ambiguous(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """V001 ambiguous thousands separator

    What: a quantity written like `3.000` or `1.500` (one dot and exactly three digits after
    it, no scale word): English reads it as 3 or 1.5, much of Europe as 3,000 or 1,500.
    Why: a thousandfold error never conflicts the way you expect: "3.000" beside "3,100" is a
    conflict for the wrong reason, beside "3" an agreement for the wrong reason.
    Example: value "3.000" -> warning: read as 3; write 3000 or "3,000" for three thousand, or
    3 for three.
    Configuration: none.
    """
    return iter(())


__all__ = [
    "claim_not_comparable",
    "fact_single_source",
    "names_nearly_identical",
    "thousands_ambiguous",
]
