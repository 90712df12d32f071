"""A table file as claims, to be checked together with claim files in one run.

:func:`~discrepancy.table.check_table_file` checks a table on its own, column at a time; when
claim files and tables are checked together, each table's rows become
:class:`~discrepancy.model.Claim` objects (the ones ``check_table`` would build) and join the
claim files' claims in :func:`discrepancy.load`.
"""

from __future__ import annotations

import os
from pathlib import Path

from attrs import frozen

from discrepancy.errors import ClaimFileError, Problem
from discrepancy.model import Claim, Source
from discrepancy.table.claims import build_claims, table_claim_set
from discrepancy.table.columns import read_columns
from discrepancy.table.read import first_line, read_table


@frozen
class TableClaims:
    """The claims of one table file, the sources it names (in order of first row), and its
    warnings (unknown columns); ``problems`` is empty when the table could be read."""

    claims: tuple[Claim, ...] = ()
    #: per claim: whether its id is a default (``c<n>``: the row has no ``claim`` id)
    default_ids: tuple[bool, ...] = ()
    sources: tuple[Source, ...] = ()
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()


def table_file_claims(path: str | os.PathLike[str], *, approx: float = 0.05) -> TableClaims:
    """Every row of the table file ``path`` as a claim located at ``file:line``."""
    display = os.fspath(path)
    try:
        cols = read_columns(
            read_table(Path(path)), path=display, first_line=first_line(path), approx=approx
        )
    except ClaimFileError as err:
        return TableClaims(problems=err.problems)
    claim_set = table_claim_set(cols)
    named = cols.frame.get_column("claim").is_not_null().to_list()
    return TableClaims(
        claims=tuple(build_claims(cols, range(cols.n))),
        default_ids=tuple(not x for x in named),
        sources=tuple(claim_set.sources),
        warnings=cols.warnings,
    )


__all__ = ["TableClaims", "table_file_claims"]
