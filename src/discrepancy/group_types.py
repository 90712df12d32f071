"""Type inference that looks at the group: what a value without ``type:`` is, given the
other claims on the same fact.

A text value's type is first inferred on its own (:func:`discrepancy.values.infer_type`). Then,
per fact (subject, property and scope as grouping compares them), the group's type is the most
common type of its claims, counting every claim except text that parsed as nothing but a label
without being declared one (``value: unknown``, ``value: 14/03/2025``); ties go to the more
specific type (date, quantity, set, assertion, then label), never to the order of claims. A
claim whose value is text without ``type:`` and whose inferred type differs is read again as
the group's type (numbers, booleans, lists and mappings say what they are):

- it parses: it takes that type (``"2024"`` among dates is the year 2024, not the number);
- it does not, and it was a label among quantities or dates: that is an error (E110) at its
  ``file:line:col`` listing the forms that would parse;
- otherwise it keeps its type and is left out of the group, which is a warning (G001).

So the majority type is never the one left out. Claim files (:mod:`discrepancy.io.load`) and
tables (:mod:`discrepancy.table.retype`) both call :func:`group_kinds` and
:func:`retype_message`.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from discrepancy.values.infer import TYPES

#: tie-break order of types: the lower wins a tie (label last)
#: (a date first: "2024" beside "2024-06" is a year, and a year parses as both)
_RANK: Final = {"date": 0, "quantity": 1, "set": 2, "assertion": 3, "label": 4}
_PLURAL: Final = {"quantity": "quantities"}
LABEL: Final = TYPES.index("label")
#: types whose groups turn a label without ``type:`` into an error
STRICT: Final = frozenset({TYPES.index("quantity"), TYPES.index("date")})


def group_kinds(fact: np.ndarray, kind: np.ndarray, counted: np.ndarray) -> np.ndarray:
    """Per row, the type code (index into :data:`TYPES`) of its fact's group: the most
    common ``kind`` among the ``counted`` rows of the fact, ties to the more specific type;
    -1 where the fact has no counted row."""
    n = fact.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    k = len(TYPES)
    fact = fact.astype(np.int64)
    ok = counted & (kind >= 0)
    n_facts = int(fact.max()) + 1
    counts = np.bincount(fact[ok] * k + kind[ok].astype(np.int64), minlength=n_facts * k).reshape(
        n_facts, k
    )
    bonus = np.array([k - _RANK.get(t, k) for t in TYPES], dtype=np.int64)
    score = counts * (k + 1) + np.where(counts > 0, bonus, 0)
    best = score.argmax(axis=1)
    best = np.where(counts.sum(axis=1) > 0, best, -1)
    return best[fact]


def majority_kind(kinds: list[str]) -> str:
    """The most common of ``kinds`` (type names), ties to the more specific type; plugin
    types rank after the built-ins, by name."""
    counts = {k: kinds.count(k) for k in set(kinds)}
    return min(counts, key=lambda k: (-counts[k], _RANK.get(k, len(_RANK)), k))


def counted_rows(kind: np.ndarray, inferred: np.ndarray) -> np.ndarray:
    """Which rows vote on their group's type: all but labels that were inferred."""
    return ~(inferred & (kind == LABEL))


def retype_message(error: str, hint: str, group_kind: str, where: str) -> str:
    """The E110 message of a value that parses only as a label in a group of ``group_kind``
    (``error`` and ``hint``: the parse error of the value read as ``group_kind``)."""
    forms = f"; {hint}" if hint else ""
    return (
        f"{error} (the other claims on {where} are {_PLURAL.get(group_kind, group_kind + 's')})"
        f"{forms}; or write "
        f"`type: label` if it is not a {group_kind}"
    )


__all__ = ["LABEL", "STRICT", "counted_rows", "group_kinds", "majority_kind", "retype_message"]
