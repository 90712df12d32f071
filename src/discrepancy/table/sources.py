"""Sources tables: one row per source (``id``, ``name``, ``published``, ``url``,
``document``, ``note``, ``location``, ``reliability``, ``grade``), what a claim file's
``source:`` block says.

A claim table names its sources by id; a sources table beside it gives each source its
name, url and publication day, so that relative dates ("Friday") in the claims resolve as
they do in a claim file whose ``source: published`` is that day.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any, Final

from discrepancy.errors import ClaimFileError, Problem, ValueParseError
from discrepancy.knowledge import grade_problem, reliability_problem
from discrepancy.location import Location
from discrepancy.model import Source
from discrepancy.table.columns import parse_location
from discrepancy.table.read import to_polars
from discrepancy.values import parse_date

#: Every column a sources table may have; ``id`` is required.
SOURCE_COLUMNS: Final = (
    *("id", "name", "published", "url", "document", "note", "location"),
    *("reliability", "grade"),
)


def read_sources(table: Any, *, path: str = "<sources>", first_line: int = 1) -> tuple[Source, ...]:
    """The :class:`Source` of each row of a sources table (polars / pandas / pyarrow), or
    ``table`` itself when it already is an iterable of :class:`Source`.

    Raises:
        ClaimFileError: every problem (unknown or missing columns, blank or repeated ids,
            a ``published`` that is not one day), naming row and column.
    """
    if isinstance(table, Iterable) and not hasattr(table, "columns"):
        items = tuple(table)
        if all(isinstance(s, Source) for s in items):
            return items
    frame = to_polars(table, path=path)
    problems: list[Problem] = []
    columns = list(frame.columns)

    def at(row: int | None, column: str | None) -> Location:
        col = columns.index(column) + 1 if column in columns else 0
        return Location(path, first_line - 1 if row is None else first_line + row, col)

    for name in columns:
        if name not in SOURCE_COLUMNS:
            near = difflib.get_close_matches(name, SOURCE_COLUMNS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            msg = f"unknown column '{name}'{hint}; columns are " + ", ".join(SOURCE_COLUMNS)
            problems.append(Problem("E101", msg, at(None, name)))
    if "id" not in columns:
        problems.append(
            Problem("E102", "sources table has no 'id' column; add one", at(None, None))
        )
    if problems:
        raise ClaimFileError(problems)
    out: list[Source] = []
    seen: dict[str, int] = {}
    for row, record in enumerate(frame.iter_rows(named=True)):
        sid = record.get("id")
        if sid is None or not str(sid).strip():
            problems.append(Problem("E102", f"row {row + 1}: source has no 'id'", at(row, "id")))
            continue
        sid = str(sid)
        if sid in seen:
            msg = f"source id '{sid}' is already defined in row {seen[sid] + 1}"
            problems.append(Problem("E121", msg, at(row, "id")))
            continue
        seen[sid] = row
        day = _day(record.get("published"), row, at, problems)
        where = record.get("location")
        out.append(
            Source(
                id=sid,
                name=_text(record.get("name")),
                published=day,
                url=_text(record.get("url")),
                document=_text(record.get("document")),
                note=_text(record.get("note")),
                location=parse_location(str(where)) if where else at(row, "id"),
                reliability=_reliability(record.get("reliability"), row, at, problems),
                grade=_grade(record.get("grade"), row, at, problems),
            )
        )
    if problems:
        raise ClaimFileError(problems)
    return tuple(out)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _reliability(value: object, row: int, at: Any, problems: list[Problem]) -> float | None:
    """A declared reliability: a number (or numeric text) from 0 to 1; E113 otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: object = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = value
    problem = reliability_problem(number)
    if problem is not None:
        problems.append(Problem("E113", problem, at(row, "reliability")))
        return None
    return float(number)  # type: ignore[arg-type]


def _grade(value: object, row: int, at: Any, problems: list[Problem]) -> str | None:
    """An Admiralty grade (``B2``), upper-cased; E113 otherwise."""
    if value is None or not str(value).strip():
        return None
    problem = grade_problem(str(value))
    if problem is not None:
        problems.append(Problem("E113", problem, at(row, "grade")))
        return None
    return str(value).strip().upper()


def _day(value: object, row: int, at: Any, problems: list[Problem]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        interval = parse_date(str(value))
    except ValueParseError as err:
        problems.append(Problem("E112", f"'published': {err}", at(row, "published")))
        return None
    if interval.start != interval.end:
        msg = f"'published' must be one day like 2024-10-18, not '{value}'"
        problems.append(Problem("E112", msg, at(row, "published")))
        return None
    return interval.start


__all__ = ["SOURCE_COLUMNS", "read_sources"]
