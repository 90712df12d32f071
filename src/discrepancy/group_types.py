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

from collections.abc import Sequence
from typing import Final

import numpy as np

from discrepancy.types.label import LabelType
from discrepancy.types.registry import BUILTIN_TYPES, get_type, type_names

#: type code of labels (what text that parses as nothing else is)
LABEL: Final = [t.name for t in BUILTIN_TYPES].index(LabelType.name)
#: built-in types whose groups turn a label without ``type:`` into an error
STRICT: Final = frozenset(k for k, t in enumerate(BUILTIN_TYPES) if t.label_is_error)


def strict_codes(names: Sequence[str]) -> frozenset[int]:
    """Type codes (indices into ``names``) whose groups turn a label without ``type:`` into an
    error (:attr:`~discrepancy.types.protocol.BaseType.label_is_error`)."""
    return frozenset(k for k, n in enumerate(names) if get_type(n).label_is_error)


def _tie_key(name: str) -> tuple[int, str]:
    """Tie-break order of types: the lower wins a tie (a date first, label last, plugins
    after the built-ins by name)."""
    return (get_type(name).tie_rank, name)


def group_kinds(
    fact: np.ndarray, kind: np.ndarray, counted: np.ndarray, names: Sequence[str] | None = None
) -> np.ndarray:
    """Per row, the type code (index into ``names``, by default
    :func:`~discrepancy.types.registry.type_names`) of its fact's group: the most common
    ``kind`` among the ``counted`` rows of the fact, ties to the more specific type; -1
    where the fact has no counted row."""
    n = fact.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    names = type_names() if names is None else names
    k = len(names)
    fact = fact.astype(np.int64)
    ok = counted & (kind >= 0)
    n_facts = int(fact.max()) + 1
    counts = np.bincount(fact[ok] * k + kind[ok].astype(np.int64), minlength=n_facts * k).reshape(
        n_facts, k
    )
    order = sorted(range(k), key=lambda c: _tie_key(names[c]))
    bonus = np.zeros(k, dtype=np.int64)
    bonus[order] = np.arange(k, 0, -1, dtype=np.int64)
    score = counts * (k + 1) + np.where(counts > 0, bonus, 0)
    best = score.argmax(axis=1)
    best = np.where(counts.sum(axis=1) > 0, best, -1)
    return best[fact]


def majority_kind(kinds: list[str]) -> str:
    """The most common of ``kinds`` (type names), ties to the more specific type; plugin
    types rank after the built-ins, by name."""
    counts = {k: kinds.count(k) for k in set(kinds)}
    return min(counts, key=lambda k: (-counts[k], *_tie_key(k)))


def counted_rows(kind: np.ndarray, inferred: np.ndarray) -> np.ndarray:
    """Which rows vote on their group's type: all but labels that were inferred."""
    return ~(inferred & (kind == LABEL))


def retype_message(error: str, hint: str, group_kind: str, where: str) -> str:
    """The E110 message of a value that parses only as a label in a group of ``group_kind``
    (``error`` and ``hint``: the parse error of the value read as ``group_kind``)."""
    forms = f"; {hint}" if hint else ""
    return (
        f"{error} (the other claims on {where} are {get_type(group_kind).plural})"
        f"{forms}; or write "
        f"`type: label` if it is not a {group_kind}"
    )


__all__ = [
    "LABEL",
    "STRICT",
    "counted_rows",
    "group_kinds",
    "majority_kind",
    "retype_message",
    "strict_codes",
]
