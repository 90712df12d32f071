"""The order findings are reported in: most severe first, then largest magnitude, then by
subject, property and scope in natural order (``event-2`` before ``event-10``), then rule.

Both the per-object report and the table check's lazily built findings sort by
:func:`finding_order`, so a claim set gives its findings in one order whichever path ran.
"""

from __future__ import annotations

import math
import re

from discrepancy.verdict import Level

_DIGITS = re.compile(r"(\d+)")

#: a natural sort key: text parts (case-folded) alternating with whole numbers
Natural = tuple[str | int, ...]


def natural(text: str) -> Natural:
    """``"event-10"`` -> ``("event-", 10, "")``: digits compare as numbers."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(p) if k % 2 else p for k, p in enumerate(parts))


def finding_order(
    level: Level | str,
    magnitude: float | None,
    subject: str,
    prop: str,
    scope: tuple[tuple[str, str], ...],
    rule: str,
) -> tuple[object, ...]:
    """The sort key of one finding (see the module doc). A magnitude that is ``None`` or not
    finite (no size, or a ratio against 0) sorts after every finite one of its level."""
    rank = Level(level).rank
    sized = magnitude is not None and math.isfinite(magnitude)
    return (
        -rank,
        0 if sized else 1,
        -float(magnitude) if sized else 0.0,  # type: ignore[arg-type]
        natural(subject),
        natural(prop),
        tuple((natural(k), natural(v)) for k, v in scope),
        rule,
    )


__all__ = ["finding_order", "natural"]
