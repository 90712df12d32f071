"""Progress of a long check: stages (parsing, grouping, rules, consensus), each with a count.

The engine reports to a :class:`Progress`; what the user sees depends on the implementation:

- :class:`NoProgress` does nothing (library default, CI, machine formats);
- :class:`RichProgress` draws a transient rich bar on stderr, only when stderr is a terminal
  and the ``CI`` environment variable is not set, so logs and pipes never get escape codes.

:func:`progress_for` turns the ``progress=`` keyword (``True``/``False``/``None`` or a
:class:`Progress`) into one, so callers write ``with progress_for(progress) as p:``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import IO, Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")

#: The stages a check goes through, in order (names shown next to the bar).
STAGES = ("parsing", "grouping", "rules", "consensus")


@runtime_checkable
class Progress(Protocol):
    """Where a check reports how far it is. ``stage`` starts a named stage of ``total``
    steps (``None``: unknown) and ends the previous one; ``advance`` counts steps done."""

    def stage(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def __enter__(self) -> Progress: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class NoProgress:
    """A :class:`Progress` that shows nothing."""

    def stage(self, name: str, total: int | None = None) -> None:
        return None

    def advance(self, n: int = 1) -> None:
        return None

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def __repr__(self) -> str:
        return "NoProgress()"


def terminal_wanted(stream: IO[str] | None = None) -> bool:
    """Whether a bar may be drawn on ``stream`` (default stderr): a terminal, and not CI."""
    stream = sys.stderr if stream is None else stream
    if os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class RichProgress:
    """A transient rich progress bar on stderr (or ``stream``), one line per stage.
    Re-entrant: nested ``with`` blocks (the CLI around ``load`` and ``check``) share one bar.

    ``enabled=None`` decides by :func:`terminal_wanted`; when disabled nothing is imported
    or written. rich is imported only when a bar is drawn.
    """

    def __init__(self, *, stream: IO[str] | None = None, enabled: bool | None = None) -> None:
        self._stream = sys.stderr if stream is None else stream
        self.enabled = terminal_wanted(self._stream) if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self._depth = 0
        #: per stage: [name, completed, total], in order (kept when disabled too)
        self.stages: list[list[Any]] = []

    def __enter__(self) -> RichProgress:
        self._depth += 1
        if self.enabled and self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            console = Console(file=self._stream, force_terminal=True)
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description:<10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth > 0:  # an inner ``with`` (load inside a CLI run): the bar goes on
            return
        self._finish()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _finish(self) -> None:
        if self.stages:
            last = self.stages[-1]
            if last[2] is not None:
                last[1] = last[2]
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=last[1], total=last[2] or last[1])

    def stage(self, name: str, total: int | None = None) -> None:
        self._finish()
        self.stages.append([name, 0, total])
        if self._bar is not None:
            self._task = self._bar.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if not self.stages:
            return
        self.stages[-1][1] += n
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)

    def __repr__(self) -> str:
        return f"RichProgress(enabled={self.enabled})"


def progress_for(progress: Progress | bool | None) -> Progress:
    """The :class:`Progress` a ``progress=`` keyword asks for: ``True`` a
    :class:`RichProgress` (silent off a terminal and in CI), ``False``/``None`` nothing."""
    if progress is None or progress is False:
        return NoProgress()
    if progress is True:
        return RichProgress()
    if isinstance(progress, Progress):
        return progress
    msg = f"'progress' must be a bool or a Progress (got {progress!r} that is a {type(progress)!r})"
    raise TypeError(msg)


def track(
    progress: Progress, items: Iterable[T], name: str, total: int | None = None
) -> Iterator[T]:
    """Yield ``items`` as stage ``name`` of ``progress``, one step each (``total`` defaults
    to ``len(items)`` when it has one)."""
    if total is None:
        total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    progress.stage(name, total)
    for item in items:
        yield item
        progress.advance()


__all__ = [
    "STAGES",
    "NoProgress",
    "Progress",
    "RichProgress",
    "progress_for",
    "terminal_wanted",
    "track",
]
