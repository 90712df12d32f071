"""Garbage collection paced for one large check.

A check builds millions of small objects that live until it ends (parse nodes, claims, the
report's records). CPython's collector runs a young-generation pass every 700 net
allocations and, as the heap grows, full passes that walk every live object again: on
100,000 claims that is about a quarter of the run's CPU time, spent finding nothing (the
check makes few reference cycles). :func:`paced` collects less often for the length of a
run and restores the previous thresholds after it; cycles are still collected.

Two stages of a check build many objects and make no garbage cycles: the loader (parse
trees and claims, freed by reference counting when it returns) and the rendering of the
report (its dict, freed once written out). :func:`paused` turns automatic collection off
for such a stage: every young pass there would walk each new object once and find nothing
(on 100,000 claims, 0.4 s of a 6.5 s check). Whatever cycle a paused stage leaves is still
collected by the first pass after it, except in what the loader returns: the claims live
until the run ends, so they are frozen (never walked again) and unfrozen when :func:`paced`
ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: young-generation pass every 100,000 net allocations (CPython's default: 700); older
#: generations as by default, relative to it
RUN_THRESHOLDS = (100_000, 50, 100)


#: how many :func:`paced` runs are open (a kept stage freezes only inside one, which undoes it)
_open_runs = 0


@contextmanager
def paced(thresholds: tuple[int, int, int] = RUN_THRESHOLDS) -> Iterator[None]:
    """Run the body with the collector's ``thresholds``, then restore the previous ones (and
    unfreeze what :func:`paused` froze in it, unless something was frozen before)."""
    global _open_runs
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.set_threshold(*thresholds)
    _open_runs += 1
    try:
        yield
    finally:
        _open_runs -= 1
        gc.set_threshold(*before)
        if not frozen:  # what the run froze (paused(keep=True)) is collectable again
            gc.unfreeze()


@contextmanager
def paused(*, keep: bool = False) -> Iterator[None]:
    """Run the body without automatic collection, then turn it back on if it was on.

    ``keep``: what the body built lives on (the claims a check reads): inside a
    :func:`paced` run it is frozen (:func:`gc.freeze`) after the body, so that no later pass
    walks it, and the run unfreezes it when it ends; outside one nothing is frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if keep and _open_runs:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def before_exit() -> None:
    """The process ends next: freeze what is alive, so that the interpreter's last collection
    walks none of it. A large check leaves its claims and report (some in reference cycles)
    to the operating system, which takes the memory back at once, instead of the collector
    finding and freeing them object by object (0.3 s after a check of 100,000 claims). Only
    for the end of a process: in one that goes on, frozen cycles are never collected."""
    gc.freeze()


__all__ = ["RUN_THRESHOLDS", "before_exit", "paced", "paused"]
