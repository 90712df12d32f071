"""Rules across facts: running totals, parts and wholes, sums, the order of dates (codes
T001, P001, P002, D002).

They compare claims of different facts (Derna with Libya, the first group with the total,
one day's toll with the next day's), so they run once per check over the claims their
declarations concern (see :mod:`discrepancy.rules.cross_facts`), on claim files and tables
alike. The functions here are their catalogue entries: the docstring is the rule's
documentation, and calling one with a group yields nothing (a group is not their input).
"""

from __future__ import annotations

from collections.abc import Iterator

from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.groups import ComparedGroup


def running_total_falls(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """T001 running total falls

    What: a running total (a death toll, a count of arrivals) that is lower at a later time
    than at an earlier one, from the same source or another: the later claim's highest value
    is below the earlier claim's lowest. A property is a running total when configuration
    says so (`[tool.discrepancy.properties] deaths = {cumulative = true}`) or a claim says
    `cumulative: true` (`cumulative: false` leaves a claim out, e.g. one day's deaths). A
    claim's time is its `as_of`, else its source's `published` day; claims at overlapping
    times are compared by Q001 instead.
    Why: a total that only grows cannot fall; a fall is a correction (which should be written
    as one) or an error in one of the two figures. The finding names both dated claims and
    the ratio between them.
    Example: libya-toll "over 5,000" (as_of 2023-09-13) then "3,351" (as_of 2023-09-17) ->
    error, ratio 1.49. No finding when the later claim says `supersedes:` the earlier one, or
    when the earlier one is `retracted`.
    Configuration: properties.<name>.cumulative; quantity.major-ratio grades the pair
    major or minor. A runnable example: docs/parts-and-totals.md (a flood's death toll).
    """
    return iter(())


def part_exceeds_whole(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """P001 part exceeds its whole

    What: a count for a part that is larger than the count for its whole at an overlapping
    time: the part's lowest value is above the whole's highest, even allowing for the place
    each number is rounded to (as P002: 12,000 may be 12,499). Parts are declared on
    entities (`derna: {name: Derna, part_of: [libya]}`, transitively) and on scopes
    (`scopes: [{scope: {group: first}, part_of: {}}]`: the first group within the unscoped
    total); the property, unit and (for entities) scope must match. Times overlap when both
    `as_of` overlap or one is absent; for a running total (T001) a whole at a later time
    counts too, since it can only have grown.
    Why: Derna's deaths are among Libya's, so Derna can't have more; one figure is wrong, or
    the two are not the same kind of count.
    Example: derna deaths "11,300" (as_of 2023-09-16) vs libya deaths "3,958" (as_of
    2023-09-17), deaths cumulative -> error, ratio 2.85.
    Configuration: none; quantity.major-ratio grades the pair. A runnable example:
    docs/parts-and-totals.md (a flood's death toll).
    """
    return iter(())


def parts_do_not_sum(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """P002 parts do not add up to their whole

    What: parts declared to add up to a whole (`sum_of: [...]` on an entity, on a scope in
    `scopes:`, or on a property in configuration: `casualties = {sum-of = ["killed",
    "wounded"]}`) whose sum can't be the whole's count: the interval of the sum (each part's
    lowest to highest value among its claims at a time overlapping the whole's) does not meet
    the whole's, even widened by the precision the numbers were written with (half a unit of
    the last written digit: 1,500 is 1,450-1,550, 12,000 is 11,500-12,500).
    Why: when every part is stated, their sum is a check on the total; a gap means a part is
    missing from the declaration, or a figure is wrong.
    Example: first group "1,500" + second group "1,500" vs total "12,000" when the total is
    `sum_of: [{group: first}, {group: second}]` -> error, ratio 4.
    Configuration: properties.<name>.sum-of; quantity.major-ratio grades the pair. A runnable
    example: docs/parts-and-totals.md (troops sent in groups).
    """
    return iter(())


def date_order_violated(group: ComparedGroup, config: Config) -> Iterator[Finding]:
    """D002 dates out of declared order

    What: a date claim declared `after:` another (`after: deployment`, or `after:
    source/claim`) whose days all lie before the other's: the troops arrived before they were
    deployed.
    Why: the order is part of what the sources say; dates that break it can't both hold.
    Example: arrival "2024-10-08" with `after: deployed` where deployed is "2024-10-18" ->
    error, 10 days.
    Configuration: date.major-days (7) grades it major or minor. An `after` that names no
    claim is E132. An example: docs/parts-and-totals.md (dates in order).
    """
    return iter(())


__all__ = [
    "date_order_violated",
    "part_exceeds_whole",
    "parts_do_not_sum",
    "running_total_falls",
]
