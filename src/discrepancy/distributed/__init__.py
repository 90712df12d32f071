"""Checking a claim table as key partitions: the pure per-partition step and the combine.

:func:`check_partition` runs the table engine on every row of some comparison keys;
:func:`combine` turns the results of all partitions into the report ``check_table`` gives.
Neither needs Dask: :func:`discrepancy.dask.check_dask` maps one over a shuffled Dask
DataFrame, and any engine that can partition rows by key can do the same.
"""

from __future__ import annotations

from discrepancy.distributed.combine import agreement_from_counts, combine, merge_problems
from discrepancy.distributed.partition import (
    PartitionResult,
    canonical_keys,
    check_partition,
)

__all__ = [
    "PartitionResult",
    "agreement_from_counts",
    "canonical_keys",
    "check_partition",
    "combine",
    "merge_problems",
]
