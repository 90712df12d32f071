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

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from discrepancy.held_setting import HeldSetting


def _switch() -> Callable[[bool], bool] | None:
    """numpy's setter of the huge-page advice (returns the previous setting), or None."""
    core = getattr(np, "_core", None)
    multiarray = getattr(core, "multiarray", None)
    return getattr(multiarray, "_set_madvise_hugepage", None)


class _Before:
    """numpy's setting the first of overlapping checks found, put back by the last."""

    advice = True


def _enter() -> None:
    switch = _switch()
    if switch is not None:
        _Before.advice = bool(switch(False))


def _leave() -> None:
    switch = _switch()
    if switch is not None:
        switch(_Before.advice)


_HELD = HeldSetting(_enter, _leave)


@contextmanager
def small_pages() -> Iterator[None]:
    """Run the body without numpy's huge-page advice, then restore the previous setting."""
    if _switch() is None:
        yield
        return
    with _HELD.held():
        yield


__all__ = ["small_pages"]
