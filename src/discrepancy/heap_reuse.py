"""Freed array memory kept for reuse for the length of one table check (glibc only).

glibc serves a large allocation with its own ``mmap`` until the first such block is freed,
and gives the top of the heap back to the kernel as soon as more than twice that size lies
free there; it grows both thresholds only as blocks come and go. A table check makes
hundreds of arrays of a million elements, each living for one step: in a fresh process
most of them land on memory the kernel has to zero and map page by page at the first
touch, again and again (on the noisy benchmark, a million claims, about 120,000 page
faults, 0.2 s of kernel time on the main thread of a 1 s check). :func:`reused_heap` sets
both thresholds high for the body, so a step's arrays reuse the pages the step before it
freed (about 70,000 faults), and afterwards sets them to what glibc's own adjustment
reaches in a process that handles such arrays (a 32 MB mmap threshold, twice that for
trimming) and gives the free memory back (``malloc_trim``). The arrays hold the same
numbers either way; another C library is left alone.
"""

from __future__ import annotations

import ctypes
import platform
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from discrepancy.held_setting import HeldSetting

#: ``mallopt`` parameters (glibc's malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3

#: during a check: blocks up to this size come from the heap ...
CHECK_MMAP_THRESHOLD = 64 << 20
#: ... and this much may lie free at its top before it is given back
CHECK_TRIM_THRESHOLD = 1 << 30
#: after a check: glibc's largest dynamic mmap threshold, and the trim threshold it pairs
#: with it (twice)
AFTER_MMAP_THRESHOLD = 32 << 20
AFTER_TRIM_THRESHOLD = 64 << 20


def _libc() -> Any:
    """The C library when it is glibc with ``mallopt`` and ``malloc_trim``, else None."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _libc()


def _enter() -> None:
    _LIBC.mallopt(M_MMAP_THRESHOLD, CHECK_MMAP_THRESHOLD)
    _LIBC.mallopt(M_TRIM_THRESHOLD, CHECK_TRIM_THRESHOLD)


def _leave() -> None:
    _LIBC.mallopt(M_MMAP_THRESHOLD, AFTER_MMAP_THRESHOLD)
    _LIBC.mallopt(M_TRIM_THRESHOLD, AFTER_TRIM_THRESHOLD)
    _LIBC.malloc_trim(0)


#: the check's thresholds, set by the first of any overlapping checks, undone by the last
_HELD = HeldSetting(_enter, _leave)


@contextmanager
def reused_heap() -> Iterator[None]:
    """Run the body with high malloc thresholds, then set the ones after a check and give
    the free memory back."""
    if _LIBC is None:
        yield
        return
    with _HELD.held():
        yield


__all__ = ["reused_heap"]
