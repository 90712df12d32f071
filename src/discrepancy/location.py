"""Where something was written: a file, a line and a column (both 1-based)."""

from __future__ import annotations

from attrs import frozen


@frozen
class Location:
    """A place in a claim file. ``line`` and ``column`` are 1-based; 0 means unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.column, 1)}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column}
