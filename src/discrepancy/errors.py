"""Problems found in claim files and configuration, and the exceptions that carry them.

Loaders collect every problem before raising (cattrs style), so a user sees all of them at
once; the CLI prints each as ``path:line:col: CODE message`` and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from discrepancy.location import Location


@frozen
class Problem:
    """One thing wrong with the input: a code (``E101``), a message and where it is."""

    code: str
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        return f"{where}{self.code} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location.to_dict() if self.location else None,
        }


class DiscrepancyError(Exception):
    """Base class of every error this package raises on purpose."""


class ValueParseError(DiscrepancyError, ValueError):
    """A value that does not parse as its type. ``hint`` lists forms that would parse."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class InputError(DiscrepancyError):
    """One or more problems with the input (claim files, tables, configuration)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ClaimFileError(InputError):
    """Problems in claim files."""


class ConfigError(InputError):
    """Problems in configuration (``[tool.discrepancy]``, ``discrepancy.toml``, options)."""
