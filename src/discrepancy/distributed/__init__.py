"""Checking a claim table as key partitions: the pure per-partition step and the combine.

:func:`check_partition` runs the table engine on every row of some comparison keys;
:func:`combine` turns the results of all partitions into the report ``check_table`` gives
(``check_table`` itself is the case of one partition: the whole table). Neither needs Dask:
:func:`discrepancy.dask.check_dask` maps one over a shuffled Dask DataFrame, and any engine
that can partition rows by key can do the same. The implementation lives in
:mod:`discrepancy.table.partition` and :mod:`discrepancy.table.combine`.
"""

from __future__ import annotations

from discrepancy.table.agreement import agreement_from_counts
from discrepancy.table.combine import combine, merge_problems
from discrepancy.table.partition import (
    INTERNAL,
    KEY,
    ROW,
    PartitionResult,
    canonical_keys,
    check_partition,
)

__all__ = [
    "INTERNAL",
    "KEY",
    "ROW",
    "PartitionResult",
    "agreement_from_counts",
    "canonical_keys",
    "check_partition",
    "combine",
    "merge_problems",
]
