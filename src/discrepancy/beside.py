"""A call run on a second thread while the caller goes on (:class:`Beside`).

A table check's whole-check lint (names, single-source facts) does not depend on the pair
verdicts or the consensus, and is numpy and polars work that releases the GIL: run beside
them, it costs no wall time on a machine with a free core. The result and any exception
come back through :meth:`Beside.result`; nothing is shared but what the call is given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """``fn()`` started on a daemon thread; :meth:`result` waits for it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as err:  # handed to the caller by result()
            self._error = err

    def result(self) -> T:
        """What ``fn()`` returned (or raised)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


__all__ = ["Beside"]
