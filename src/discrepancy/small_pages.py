"""Large numpy arrays on ordinary pages for the length of one table check.

numpy advises the kernel to back every array of 4 MB or more with transparent huge pages
(``madvise``). That pays for arrays that live long and are read many times; a table check
makes hundreds of arrays of a million elements, each living for one step. Where the kernel
compacts memory to find a huge page at an array's first touch (THP ``defrag`` set to
``madvise``, a common default), that first touch can cost more than the step itself: on the
noisy benchmark (a million claims) the check's main thread spent 0.25-0.7 s in the kernel
with the advice and about 0.2 s without it, of about 1.1 s in all. :func:`small_pages`
turns numpy's advice off for the body and puts back what was there after; the arrays hold
the same numbers either way. numpy's switch is ``_set_madvise_hugepage`` (the runtime form
of ``NUMPY_MADVISE_HUGEPAGE=0``); a numpy without it is left alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np


def _switch() -> Callable[[bool], bool] | None:
    """numpy's setter of the huge-page advice (returns the previous setting), or None."""
    core = getattr(np, "_core", None)
    multiarray = getattr(core, "multiarray", None)
    return getattr(multiarray, "_set_madvise_hugepage", None)


class _Depth:
    """How many bodies run on small pages, and the setting the first of them found: the
    last one to leave restores it (checks on several threads don't undo each other)."""

    lock = threading.Lock()
    inside = 0
    before = True


@contextmanager
def small_pages() -> Iterator[None]:
    """Run the body without numpy's huge-page advice, then restore the previous setting."""
    switch = _switch()
    if switch is None:
        yield
        return
    with _Depth.lock:
        if _Depth.inside == 0:
            _Depth.before = bool(switch(False))
        _Depth.inside += 1
    try:
        yield
    finally:
        with _Depth.lock:
            _Depth.inside -= 1
            if _Depth.inside == 0:
                switch(_Depth.before)


__all__ = ["small_pages"]
