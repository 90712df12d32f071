"""A process-wide setting held for as long as any body needs it.

:mod:`~discrepancy.small_pages` and :mod:`~discrepancy.heap_reuse` change something of the
whole process (numpy's huge-page advice, malloc's thresholds) for the length of a table
check. Checks may nest or run on several threads at once: the setting is made when the first
body starts and undone when the last one ends, so one check never undoes it under another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HeldSetting:
    """``enter()`` when the first body starts, ``leave()`` when the last one ends."""

    def __init__(self, enter: Callable[[], None], leave: Callable[[], None]) -> None:
        self._enter, self._leave = enter, leave
        self._lock = threading.Lock()
        self._inside = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._inside == 0:
                self._enter()
            self._inside += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                if self._inside == 0:
                    self._leave()


__all__ = ["HeldSetting"]
