"""Garbage collection paced for one large check.

A check builds millions of small objects that live until it ends (parse nodes, claims, the
report's records). CPython's collector runs a young-generation pass every 700 net
allocations and, as the heap grows, full passes that walk every live object again: on
100,000 claims that is about a quarter of the run's CPU time, spent finding nothing (the
check makes few reference cycles). :func:`paced` collects less often for the length of a
run and restores the previous thresholds after it; cycles are still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: young-generation pass every 100,000 net allocations (CPython's default: 700); older
#: generations as by default, relative to it
RUN_THRESHOLDS = (100_000, 50, 100)


@contextmanager
def paced(thresholds: tuple[int, int, int] = RUN_THRESHOLDS) -> Iterator[None]:
    """Run the body with the collector's ``thresholds``, then restore the previous ones."""
    before = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*before)


__all__ = ["RUN_THRESHOLDS", "paced"]
